"""Hostile feed text through the real CLI: escapes, OSC 52, C1, bidi, markup, bad bytes; nothing reaches the terminal."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.httpserver import LoopbackServer, RequestHandler

# What must never reach a terminal: C0 but \n and \t, DEL, C1, bidi embeddings/overrides/isolates and marks.
# Written out here, not imported from reader.core.safe, so a gap in the scrub cannot hide itself.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Markup that Textual or Rich would act on; it must print exactly as written.
MARKUP = ("[@click=app.quit]", "[/]", "x[/", "[link=https://evil.example]x[/link]", "[bold red]x[/]")
MARKUP_TEXT = " ".join(MARKUP)
MD_ESCAPE = re.compile(r"\\(?=[\[\]])")

# Terminal attacks as XML character references: they decode to real control characters.
ENTITY_ATTACKS = {
    "esc-clear": "&#x1b;[2J&#x1b;[H",
    "osc52": "&#x1b;]52;c;cm0gLXJmIH4=&#x07;",
    "c1": "&#155;31m &#x9b;2J &#x9d;52;c;cm0gLXJmIH4=&#x9c;",
    "bidi": "&#x202e;gnp.exe &#x2066;a&#x2067;b&#x2068;c&#x2069; &#x202a;&#x202b;&#x202c;&#x202d;&#x200f;",
    "c0-del": "&#x7f;&#x08;&#x0d;",
}
# The same attacks as raw characters (the XML is then not well-formed: feedparser's loose parser takes over).
RAW_ATTACKS = {
    "esc-clear": "\x1b[2J\x1b[H",
    "osc52": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "c1": "\x9b31m \x9d52;c;cm0gLXJmIH4=\x9c \x85",
    "bidi": "\u202egnp.exe \u2066a\u2067b\u2068c\u2069 \u200e\u061c",
    "c0-del": "\x7f\x07\x08\x08\x00\r",
}


def _escaped_html(text: str) -> str:
    """Text as it sits inside an RSS <description>: HTML escaped once more for XML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def hostile_rss(attacks: dict[str, str], prefix: str) -> str:
    items = []
    for n, (name, attack) in enumerate(attacks.items()):
        body = (
            f"<p>Body {attack} of {name}. {MARKUP_TEXT}</p>"
            f'<p><a href="https://news.example/{prefix}/{n}{attack}">a link {attack}</a> '
            f'<a href="javascript:alert(1)">js</a></p>'
        )
        content = f"<p>Full text {attack} {name} {MARKUP_TEXT}</p><blockquote>{attack} quoted</blockquote>"
        items.append(
            f"<item><title>{prefix} {name} {attack} {MARKUP_TEXT}</title>"
            f"<guid>{prefix}-{n}</guid>"
            f"<link>https://news.example/{prefix}/{n}/{attack}</link>"
            f"<author>x@news.example (Ann {attack} Lee)</author>"
            f"<dc:creator>Ann {attack} Lee</dc:creator>"
            f"<description>{_escaped_html(body)}</description>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{prefix} feed {attacks.get('esc-clear', '')}{attacks.get('rlo', '')} {MARKUP_TEXT}</title>"
        f"<link>https://news.example/{prefix}{attacks.get('osc52', '')}</link>" + "".join(items) + "</channel></rss>"
    )


def hostile_atom(attacks: dict[str, str]) -> str:
    every = " ".join(attacks.values())
    entries = "".join(
        f"<entry><title type='html'>atom {name} {_escaped_html(attack)} {MARKUP_TEXT}</title>"
        f"<id>urn:atom:{n}</id><link href='https://news.example/atom/{n}{attack}'/>"
        f"<author><name>Bo {attack} Diaz</name><uri>javascript:alert({n})</uri></author>"
        f"<updated>2026-03-0{n + 1}T10:00:00Z</updated>"
        f"<content type='html'>{_escaped_html(f'<p>Atom body {attack} {MARKUP_TEXT}</p>')}</content></entry>"
        for n, (name, attack) in enumerate({"all": every}.items())
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>atom feed {attacks['osc52']}</title><id>urn:atom</id><updated>2026-03-01T10:00:00Z</updated>"
        f"{entries}</feed>"
    )


def broken_utf8_feed(base: str) -> bytes:
    """Declares UTF-8, then carries bytes that are no UTF-8 at all, and a raw C1 CSI (C2 9B).

    Summary-only: `show` fetches its page, which is hostile too.
    """
    return (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>bytes \xff\xfe feed</title>'
        b"<item><title>bad \xc3\x28 bytes \xed\xa0\x80 surrogate \xc2\x9b31m c1 \xf8\x88\x80\x80\x80 "
        b"[@click=app.quit]</title><guid>b1</guid><link>" + base.encode() + b"/page.html</link>"
        b"<description>&lt;p&gt;Broken \x80\x9b\x9d bytes \xc0\xaf overlong [@click=app.quit]&lt;/p&gt;</description>"
        b"</item></channel></rss>"
    )


def wrong_charset_feed(base: str) -> bytes:
    """UTF-8 bytes (with raw C1 in them) declared as ISO-8859-1: decoded as declared, 0x80-0x9F are C1 controls."""
    text = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Caf\u00e9 \u009b2J</title>'
        "<item><title>charset \u201cquoted\u201d \u009b31m [@click=app.quit]</title><guid>c1</guid>"
        f"<link>{base}/latin1-page.html</link><author>Zo\u00eb \u2067Ng</author>"
        "<description>&lt;p&gt;Se\u00f1or \u2014 \u201cdash\u201d \u009d52;c;eA==\u009c [@click=app.quit]&lt;/p&gt;"
        "</description></item></channel></rss>"
    )
    return text.encode("utf-8")


def hostile_page() -> bytes:
    """The web page of a summary-only item: every attack in its title, byline, JSON-LD, body, embeds and links."""
    attacks = " ".join(RAW_ATTACKS.values()) + " " + " ".join(ENTITY_ATTACKS.values())
    jsonld = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": f"Page {RAW_ATTACKS['osc52']}",
            "author": {
                "@type": "Person",
                "name": f"Pat {RAW_ATTACKS['bidi']} Kim",
                "description": f"Pat Kim covers {RAW_ATTACKS['esc-clear']} the city. [@click=app.quit]",
            },
        }
    )
    paragraphs = "".join(
        f"<p>Paragraph {i} of the page {attacks} {MARKUP_TEXT} with enough words to count as the article "
        "body and not as site chrome, so the extractor keeps it in the main text of the page.</p>"
        for i in range(6)
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Page {attacks} {MARKUP_TEXT}</title><meta name='author' content='Pat {RAW_ATTACKS['c1']} Kim'>"
        f"<script type='application/ld+json'>{jsonld}</script></head><body><article>"
        f"<h1>Page {attacks} {MARKUP_TEXT}</h1>{paragraphs}"
        f"<p>\u201cWe said {attacks} [/] x[/ this,\u201d said Mayor Ana {RAW_ATTACKS['bidi']} Cruz.</p>"
        "<blockquote class='twitter-tweet'><p>post " + attacks + " [@click=app.quit]</p>&mdash; Evil "
        "(@evil\x1b[2J) <a href='https://twitter.com/evil/status/1\x1b]52;c;eA==\x07'>March 1, 2026</a></blockquote>"
        f"<p><a href='javascript:alert(1)'>js</a> <a href='https://ok.example/{RAW_ATTACKS['bidi']}'>ok</a></p>"
        f"<p><em>Pat Kim is a reporter {RAW_ATTACKS['osc52']} at the paper.</em></p>"
        "</article></body></html>"
    ).encode("utf-8", "surrogatepass")


def latin1_page() -> bytes:
    """Declared ISO-8859-1 and sent as such: its bytes 0x80-0x9F decode to C1 controls."""
    return (
        b"<html><head><meta charset='iso-8859-1'><title>Latin \x9b2J</title></head><body><article>"
        + b"<p>Caf\xe9 \x9b31m \x9d52;c;eA==\x9c [@click=app.quit] and enough words to be a body of text.</p>" * 8
        + b"</article></body></html>"
    )


def hostile_status(handler: RequestHandler) -> None:
    """A status line whose reason phrase is a terminal attack (an unregistered code shows the server's words)."""
    handler.wfile.write(b"HTTP/1.1 599 \x1b[2J\x1b]52;c;eA==\x07\xc2\x9b\xe2\x80\xae evil\r\nContent-Length: 0\r\n\r\n")


def hostile_redirect(handler: RequestHandler) -> None:
    handler.wfile.write(
        b"HTTP/1.1 302 Found\r\nLocation: javascript:\x1b[2Jalert(1)\xe2\x80\xae\r\nContent-Length: 0\r\n\r\n"
    )


def feeds(base: str) -> dict[str, tuple[bytes, str, int]]:
    """path -> (body, Content-Type, items in it)."""
    return {
        "/entities.xml": (hostile_rss(ENTITY_ATTACKS, "ent").encode(), "application/rss+xml", len(ENTITY_ATTACKS)),
        "/raw.xml": (
            hostile_rss(RAW_ATTACKS, "raw").encode("utf-8", "surrogatepass"),
            "application/rss+xml",
            len(RAW_ATTACKS),
        ),
        "/atom.xml": (hostile_atom(ENTITY_ATTACKS).encode(), "application/atom+xml", 1),
        "/broken-utf8.xml": (broken_utf8_feed(base), "application/rss+xml; charset=utf-8", 1),
        "/wrong-charset.xml": (wrong_charset_feed(base), "text/xml; charset=iso-8859-1", 1),
    }


FEED_PATHS = ("/entities.xml", "/raw.xml", "/atom.xml", "/broken-utf8.xml", "/wrong-charset.xml")
ERROR_PATHS = ("/status.xml", "/redirect.xml")


def run(data: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[bytes]:
    """The CLI with its raw bytes captured: text mode would turn a stray \\r into \\n and hide it."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env.pop(name, None)
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data), *args], capture_output=True, env=env, timeout=120
    )
    if ok and proc.returncode != 0:
        raise AssertionError(f"reader {' '.join(args)} exited {proc.returncode}: {proc.stderr!r}")
    return proc


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def assert_clean(proc: subprocess.CompletedProcess[bytes], *, is_json: bool = False) -> str:
    """Both streams are valid UTF-8 with nothing a terminal would act on; JSON is checked once decoded too."""
    for name, raw in (("stdout", proc.stdout), ("stderr", proc.stderr)):
        text = raw.decode("utf-8")  # strict: a lone surrogate or a raw invalid byte fails here
        bad = UNSAFE.search(text)
        assert bad is None, f"{name} carries {bad.group()!r} in {text[max(0, bad.start() - 60) : bad.end() + 60]!r}"
    out = proc.stdout.decode("utf-8")
    if is_json:
        for value in strings(json.loads(out)):
            bad = UNSAFE.search(value)
            assert bad is None, f"decoded JSON string carries {bad.group()!r}: {value[:200]!r}"
    return out


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        for path, (body, content_type, _) in feeds(srv.url("")).items():
            srv.route(path, body=body, headers={"Content-Type": content_type})
        srv.route("/page.html", body=hostile_page(), headers={"Content-Type": "text/html; charset=utf-8"})
        srv.route("/latin1-page.html", body=latin1_page(), headers={"Content-Type": "text/html; charset=iso-8859-1"})
        srv.route("/status.xml", handler=hostile_status)
        srv.route("/redirect.xml", handler=hostile_redirect)
        yield srv


@pytest.fixture(scope="module")
def library(server: LoopbackServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library subscribed (through `add`) to every hostile feed, plus two hostile error feeds."""
    data = tmp_path_factory.mktemp("hostile-lib")
    for path, (_, _, items) in feeds(server.url("")).items():
        added = run(data, "add", server.url(path), "--json")
        assert json.loads(assert_clean(added, is_json=True))["new"] == items, path
    # Subscribed without a fetch, so `refresh` and `feeds` have to show their hostile errors.
    opml = data / "errors.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        + "".join(f'<outline type="rss" text="{p}" xmlUrl="{server.url(p)}"/>' for p in ERROR_PATHS)
        + "</body></opml>"
    )
    run(data, "import-opml", str(opml))
    return data


def test_every_hostile_item_is_stored(library: Path) -> None:
    expected = {p: items for p, (_, _, items) in feeds("http://x").items()}
    articles = json.loads(assert_clean(run(library, "list", "--json"), is_json=True))
    assert len(articles) == sum(expected.values())
    listed = json.loads(assert_clean(run(library, "feeds", "--json"), is_json=True))
    totals = {"/" + f["url"].rsplit("/", 1)[1]: f["total"] for f in listed}
    assert totals == {**expected, "/status.xml": 0, "/redirect.xml": 0}


@pytest.mark.parametrize("json_flag", [False, True], ids=["text", "json"])
def test_refresh_and_feeds_print_nothing_hostile(library: Path, json_flag: bool) -> None:
    flag = ("--json",) if json_flag else ()
    refreshed = run(library, "refresh", *flag, ok=False)
    assert refreshed.returncode == 1  # the two hostile error feeds fail; the rest still refresh
    out = assert_clean(refreshed, is_json=json_flag)
    if json_flag:
        results = {r["url"].rsplit("/", 1)[1]: r for r in json.loads(out)}
        assert {name for name, r in results.items() if r["status"] == "error"} == {"status.xml", "redirect.xml"}
        assert results["status.xml"]["error"].startswith("HTTP 599")
        assert "redirect" in results["redirect.xml"]["error"]
    else:
        assert out.count("\nerror ") + out.startswith("error ") == 2, out
    feeds = assert_clean(run(library, "feeds", *flag), is_json=json_flag)
    assert "HTTP 599" in feeds and "[@click=app.quit]" in feeds


@pytest.mark.parametrize("json_flag", [False, True], ids=["text", "json"])
def test_list_search_bookmarks_print_nothing_hostile(library: Path, json_flag: bool) -> None:
    flag = ("--json",) if json_flag else ()
    listed = assert_clean(run(library, "list", *flag), is_json=json_flag)
    for markup in MARKUP:
        assert markup in listed, markup
    ids = [a["id"] for a in json.loads(assert_clean(run(library, "list", "--json"), is_json=True))]
    assert_clean(run(library, "bookmark", str(ids[0])))
    assert_clean(run(library, "bookmark", str(ids[-1])))
    bookmarks = assert_clean(run(library, "bookmarks", *flag), is_json=json_flag)
    assert "[@click=app.quit]" in bookmarks
    if not json_flag:
        assert "[@click=app.quit]" in assert_clean(run(library, "bookmarks", "--format", "md"))
    for query in ("body", "Ann", "quoted"):
        found = assert_clean(run(library, "search", query, *flag), is_json=json_flag)
        assert "[@click=app.quit]" in found


def test_show_prints_nothing_hostile(library: Path) -> None:
    articles = json.loads(assert_clean(run(library, "list", "--json"), is_json=True))
    shown: list[dict[str, Any]] = []
    for listed in articles:
        article = json.loads(assert_clean(run(library, "show", str(listed["id"]), "--json"), is_json=True))
        text = assert_clean(run(library, "show", str(listed["id"])))
        # The headline is the page's own when a summary-only item's page was read, else the feed's.
        assert article["title"] == listed["title"] or article["plain"] != article["text"] or article["url"]
        assert "[@click=app.quit]" in listed["title"]
        assert article["title"] in text
        article["listed_title"] = listed["title"]
        # A page's text comes through trafilatura's Markdown, which escapes brackets (\\[): still literal.
        assert "[@click=app.quit]" in MD_ESCAPE.sub("", article["text"]), article["text"]
        assert "javascript:" not in text and "javascript:" not in json.dumps(article)
        shown.append(article)

    def titled(prefix: str) -> dict[str, Any]:
        return next(a for a in shown if a["listed_title"].startswith(prefix))

    # Markup prints exactly as written, in the title and in the body.
    first = titled("ent esc-clear")
    assert first["title"] == f"ent esc-clear [2J[H {MARKUP_TEXT}"
    assert MARKUP_TEXT in first["text"], first["text"]
    # Bad bytes and a wrong charset still give a reading; the summary-only items' hostile pages were read.
    assert "Café" in titled("charset")["text"]
    assert "Paragraph 0 of the page" in titled("bad ")["text"]


def test_add_prints_nothing_hostile(server: LoopbackServer, tmp_path: Path) -> None:
    for path in ("/raw.xml", "/wrong-charset.xml"):
        out = assert_clean(run(tmp_path / "lib", "add", server.url(path)))
        assert out.startswith("added feed ")
    for path in ("/status.xml", "/redirect.xml"):
        failed = run(tmp_path / "lib", "add", server.url(path), ok=False)
        assert failed.returncode == 1
        assert_clean(failed)
        assert len(failed.stderr.decode().strip().splitlines()) == 1
