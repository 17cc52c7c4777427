"""Hostile documents: entity bombs, external entities, a 40 KB author, a 20 MB item; stored harmlessly or refused."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.core.fetch import Fetcher, FetchLimits
from reader.core.library import Library, LibraryError, make_library
from reader.core.models import Article
from reader.core.parse import ParseError, parse_feed
from reader.core.reading import MAX_READING_CHARS
from tests.httpserver import LoopbackServer

KB = 1024
MB = 1024 * KB
LIMITS = FetchLimits(connect_timeout=2.0, read_timeout=2.0, deadline=10.0, max_bytes=1 * MB)
PASSWD = Path("/etc/passwd")


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = make_library(tmp_path / "lib.sqlite", Fetcher(LIMITS))
    yield library
    library.close()


def everything(lib: Library) -> str:
    """Every text the library would show: feeds, articles and their readings (no page fetches)."""
    parts: list[str] = []
    for feed in lib.feeds():
        parts += [feed.title, feed.url, feed.site_url or "", feed.error or "", feed.warning or ""]
    for summary in lib.articles():
        article = lib.article(summary.id, fetch_page=False)
        assert article is not None
        parts.append(repr(article))
    return "\n".join(parts)


def measured(action: Callable[[], object]) -> tuple[object, float, int]:
    """(result, CPU seconds, peak bytes Python allocated): timed and traced in separate runs (tracing is slow)."""
    started = time.process_time()
    result = action()
    elapsed = time.process_time() - started
    tracemalloc.start()
    try:
        action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, elapsed, peak


def rss(items: str, *, prolog: str = "", title: str = "Hostile") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title><link>https://news.example/</link>{items}</channel></rss>"
    ).encode()


# -- billion laughs ------------------------------------------------------------------------------------


def laughs(root: str, *, one_line: bool) -> str:
    sep = "" if one_line else "\n"
    decls = sep.join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' if i else '<!ENTITY lol0 "lol">' for i in range(10))
    return f"<!DOCTYPE {root} [{sep}{decls}{sep}]>"


BOMBS = {
    "one-line": rss(
        "<item><title>&lol9;</title><description>&lol9;</description></item>",
        prolog=laughs("rss", one_line=True),
        title="&lol9;",
    ),
    "multi-line": rss(
        "<item><title>&lol9;</title><description>&lol9;</description></item>",
        prolog=laughs("rss", one_line=False),
        title="&lol9;",
    ),
    "parameter": rss(
        "<item><title>&big;</title></item>",
        prolog='<!DOCTYPE rss [<!ENTITY % a "aaaaaaaaaa"><!ENTITY % b "%a;%a;%a;%a;%a;%a;%a;%a;%a;%a;">'
        '<!ENTITY % c "%b;%b;%b;%b;%b;%b;%b;%b;%b;%b;"><!ENTITY big "%c;%c;%c;%c;%c;%c;%c;%c;">]>',
    ),
    "quadratic": rss(
        "<item><title>q</title><description>" + "&big;" * 5000 + "</description></item>",
        prolog='<!DOCTYPE rss [<!ENTITY big "' + "x" * 60_000 + '">]>',
    ),
    "atom": (
        '<?xml version="1.0"?>' + laughs("feed", one_line=True) + '<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>&lol9;</title><entry><id>1</id><title>&lol9;</title><content>&lol9;</content></entry></feed>"
    ).encode(),
    "unterminated": ('<?xml version="1.0"?><!DOCTYPE rss [' + laughs("rss", one_line=True)[15:-2]).encode(),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_entity_bombs_are_never_expanded(name: str) -> None:
    # imports (the parser's, and lxml's for broken documents) out of the timing
    parse_feed(b'<rss version="2.0"><channel><title>warm</title></channel></rss')
    result, elapsed, peak = measured(lambda: _parse_or_refuse(BOMBS[name]))
    assert elapsed < 0.5, f"{elapsed:.2f} s"
    assert peak < 8 * MB, f"{peak / MB:.1f} MB"
    assert "lollollol" not in result and "aaaaaaaaaaaaaaaaaaaa" not in result and "x" * 100_000 not in result


def _parse_or_refuse(data: bytes) -> str:
    try:
        return repr(parse_feed(data, "https://news.example/feed"))
    except ParseError as exc:
        return str(exc)


def test_entity_bomb_in_a_served_feed_and_its_html(lib: Library, http_server: LoopbackServer) -> None:
    html_bomb = laughs("html", one_line=True) + "<html><body><p>&lol9;</p><p>words</p></body></html>"
    item = (
        "<item><title>&lol9;</title><guid>1</guid><link>https://news.example/1</link>"
        f"<content:encoded><![CDATA[{html_bomb}]]></content:encoded></item>"
    )
    url = http_server.route("/bomb.xml", body=rss(item, prolog=laughs("rss", one_line=True)))
    started = time.perf_counter()
    feed, new = lib.add(url)
    text = everything(lib)
    assert time.perf_counter() - started < 3.0  # the first reading imports lxml and html2text
    assert new == 1
    assert "lollollol" not in text


def test_entity_bomb_in_opml_is_refused(lib: Library, tmp_path: Path) -> None:
    opml = tmp_path / "bomb.opml"
    opml.write_text(
        '<?xml version="1.0"?>'
        + laughs("opml", one_line=True)
        + '<opml version="2.0"><body><outline text="&lol9;" xmlUrl="https://x.example/&lol9;"/>'
        "</body></opml>"
    )
    started = time.perf_counter()
    try:
        lib.import_opml(str(opml))
    except LibraryError as exc:
        assert "\n" not in str(exc)
    assert time.perf_counter() - started < 5.0  # ~10 ms; an expanded bomb would take minutes
    assert "lollollol" not in "".join(f.title + f.url for f in lib.feeds())


# -- external entities ---------------------------------------------------------------------------------


def xxe_documents(server: LoopbackServer) -> dict[str, bytes]:
    """Each names /etc/passwd or a URL on the test server; none may be read or fetched."""
    ent, dtd = server.url("/xxe/entity"), server.url("/xxe/evil.dtd")
    html_xxe = (
        f'<!DOCTYPE html [<!ENTITY f SYSTEM "file:///etc/passwd"><!ENTITY h SYSTEM "{ent}">]>'
        "<html><body><p>before &f; &h; after</p></body></html>"
    )
    item = (
        "<item><title>t &file; &http;</title><guid>1</guid><link>https://news.example/1</link>"
        "<description>&file; &http;</description>"
        f"<content:encoded><![CDATA[{html_xxe}]]></content:encoded></item>"
    )
    general = f'<!DOCTYPE rss [<!ENTITY file SYSTEM "file:///etc/passwd"><!ENTITY http SYSTEM "{ent}">]>'
    return {
        "general": rss(item, prolog=general, title="x &file; &http;"),
        "general-multiline": rss(item, prolog=general.replace("<!ENTITY", "\n<!ENTITY")),
        "parameter": rss(item, prolog=f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{dtd}"> %p;]>'),
        "external-dtd": rss(item, prolog=f'<!DOCTYPE rss SYSTEM "{dtd}">'),
        "public-dtd": rss(item, prolog=f'<!DOCTYPE rss PUBLIC "-//Evil//DTD//EN" "{dtd}">'),
        "xinclude": rss(
            '<item><title>x</title><guid>1</guid><description xmlns:xi="http://www.w3.org/2001/XInclude">'
            '<xi:include href="file:///etc/passwd" parse="text"/>'
            f'<xi:include href="{ent}" parse="text"/></description></item>'
        ),
        "atom": (
            f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY file SYSTEM "file:///etc/passwd">'
            f'<!ENTITY http SYSTEM "{ent}">]><feed xmlns="http://www.w3.org/2005/Atom"><title>&file;</title>'
            "<entry><id>1</id><title>&file; &http;</title><content type='html'>&file;</content></entry></feed>"
        ).encode(),
        "stylesheet": (
            f'<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="{ent}"?>'.encode()
            + rss("<item><title>s</title><guid>1</guid></item>")[len(b'<?xml version="1.0" encoding="utf-8"?>') :]
        ),
    }


@pytest.mark.parametrize(
    "name",
    ["general", "general-multiline", "parameter", "external-dtd", "public-dtd", "xinclude", "atom", "stylesheet"],
)
def test_external_entities_are_never_resolved(lib: Library, http_server: LoopbackServer, name: str) -> None:
    secret = b"SECRET-FROM-THE-ENTITY-URL"
    http_server.route("/xxe/entity", body=secret)
    http_server.route(
        "/xxe/evil.dtd",
        body=f"<!ENTITY % q \"<!ENTITY exfil SYSTEM '{http_server.url('/xxe/x')}'>\">".encode() + b"%q;",
    )
    url = http_server.route(
        "/feed.xml", body=xxe_documents(http_server)[name], headers={"Content-Type": "application/rss+xml"}
    )
    try:
        lib.add(url)
    except LibraryError as exc:  # refusing is allowed; reading a file or fetching a URL is not
        assert "root:" not in str(exc)
    text = everything(lib)
    assert "SECRET" not in text
    passwd = PASSWD.read_text() if PASSWD.exists() else "root:x:0:0:"
    first_line = passwd.splitlines()[0]
    assert first_line not in text and "root:x:0" not in text
    assert [r.path for r in http_server.requests] == ["/feed.xml"], "a feed made us fetch what it named"


def test_summary_only_item_naming_a_local_file_is_not_read(lib: Library, http_server: LoopbackServer) -> None:
    item = (
        "<item><title>Short</title><guid>1</guid><link>file:///etc/passwd</link>"
        "<description>Just a teaser.</description></item>"
        "<item><title>Other</title><guid>2</guid><link>/../../../../etc/passwd</link>"
        "<description>Another teaser.</description></item>"
    )
    lib.add(http_server.route("/feed.xml", body=rss(item)))
    for summary in lib.articles():
        article = lib.article(summary.id)  # fetch_page=True: a web feed never makes us read a local file
        assert isinstance(article, Article)
        assert "root:" not in repr(article)
        assert article.url is None or article.url.startswith("http")


# -- feedparser#562: a 40 KB author --------------------------------------------------------------------

A = "a" * (40 * KB)
AUTHORS = {
    "plain": f"<author>{A}</author>",
    "cdata": f"<author><![CDATA[{A}]]></author>",
    "comment-first": f"<author><!-- x -->{A}</author>",
    "pi-first": f"<author><?x y?>{A}</author>",
    "tag-first": f"<author><b></b>{A}</author>",
    "split-cdata": "<author>" + "".join(f"<![CDATA[{'a' * 1000}]]>" for _ in range(40)) + "</author>",
    "dc-creator-cdata": f"<dc:creator><![CDATA[{A}]]></dc:creator>",
    "email-like": f"<author>{'a' * (40 * KB)}@{'b' * 100}.com</author>",
}


@pytest.mark.parametrize("name", sorted(AUTHORS))
def test_40_kb_author_costs_no_more_than_a_second(lib: Library, name: str) -> None:
    parse_feed(b'<rss version="2.0"><channel><title>warm</title></channel></rss')
    data = rss(
        f"<item><title>t</title><guid>1</guid><link>https://news.example/1</link>{AUTHORS[name]}"
        "<description>&lt;p&gt;Words.&lt;/p&gt;</description></item>"
    )
    started = time.process_time()
    parsed = parse_feed(data, "https://news.example/feed")
    assert time.process_time() - started < 1.0
    assert len(parsed.entries) == 1
    assert len(parsed.entries[0].author or "") <= 1000


def test_40_kb_author_through_the_library(lib: Library, http_server: LoopbackServer) -> None:
    items = "".join(f"<item><title>{n}</title><guid>{n}</guid>{author}</item>" for n, author in AUTHORS.items())
    started = time.perf_counter()
    lib.add(http_server.route("/feed.xml", body=rss(items)))
    everything(lib)
    assert time.perf_counter() - started < 4.0


# -- a single 20 MB item -------------------------------------------------------------------------------

PARAGRAPH = (
    "<p>The council met on Tuesday and said \u201cwe will vote later,\u201d according to Mayor Ann Lee. "
    + "word " * 30
    + "</p>\n"
)


def huge_item_feed(size: int) -> bytes:
    from xml.sax.saxutils import escape

    body = PARAGRAPH * (size // len(PARAGRAPH))
    return rss(
        "<item><title>Huge</title><guid>huge</guid><link>https://news.example/huge</link>"
        f"<content:encoded>{escape(body)}</content:encoded></item>"
    )


@pytest.fixture(scope="module")
def twenty_mb() -> bytes:
    return huge_item_feed(20 * MB)


def test_20_mb_item_is_refused_by_the_default_cap(
    tmp_path: Path, http_server: LoopbackServer, twenty_mb: bytes
) -> None:
    small = rss("<item><title>Before</title><guid>b</guid><link>https://news.example/b</link></item>")
    url = http_server.route("/feed.xml", body=small)
    with make_library(tmp_path / "lib.sqlite", Fetcher(FetchLimits(deadline=10.0))) as library:
        library.add(url)
        http_server.route("/feed.xml", body=twenty_mb)
        started = time.perf_counter()
        [result] = list(library.refresh_iter())
        assert time.perf_counter() - started < 3.0
        assert result.status == "error" and result.error == "body larger than 16 MB limit"
        assert [a.title for a in library.articles()] == ["Before"]  # kept; nothing of the refused body stored


def test_20_mb_item_under_a_larger_cap_is_stored_and_read_in_seconds(
    tmp_path: Path, http_server: LoopbackServer, twenty_mb: bytes
) -> None:
    url = http_server.route("/feed.xml", body=twenty_mb)
    with make_library(tmp_path / "lib.sqlite", Fetcher(FetchLimits(deadline=20.0, max_bytes=32 * MB))) as library:
        started = time.perf_counter()
        library.add(url)
        stored = time.perf_counter() - started
        [summary] = library.articles()
        started = time.perf_counter()
        article = library.article(summary.id, fetch_page=False)
        read = time.perf_counter() - started
        assert article is not None
        # ~0.5 s to parse and store, ~0.5 s to read (capped): seconds, not minutes, even on a busy machine.
        assert stored < 30.0, f"stored in {stored:.1f} s"
        assert read < 30.0, f"read in {read:.1f} s"
        assert article.reading.text.startswith("The council met on Tuesday")
        assert article.reading.text.endswith(f"longer than {MAX_READING_CHARS // KB} KB.)")
        assert len(article.reading.text) < 2 * MAX_READING_CHARS
        hits = library.search("council")
        assert [h.article.id for h in hits] == [summary.id]
