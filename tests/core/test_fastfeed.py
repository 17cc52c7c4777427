"""fastfeed is an exact stand-in for feedparser on the documents it accepts: same ParsedFeed, field for field."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from reader.core import fastfeed
from reader.core.parse import _PERSON_MAX, ParseError, _cap_person_fields, parse_feed

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_feeds").glob("*.xml"))
CORPUS = ROOT.parent / "shared" / "bench-data" / "feedparser-corpus"
_HEADER = re.compile(rb"^Header:\s*Content-type:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)


def takes_fast_path(data: bytes, content_type: str | None) -> bool:
    return fastfeed.read(_cap_person_fields(data), content_type, person_max=_PERSON_MAX) is not None


def outcome(data: bytes, url: str, content_type: str | None, fast: bool) -> object:
    try:
        return parse_feed(data, url, content_type, fast=fast)
    except ParseError as exc:
        return ("ParseError", str(exc))
    except ValueError as exc:  # urljoin on a hostile link ("http://[::1"): both paths must fail alike
        return ("ValueError", str(exc))


def assert_same(data: bytes, url: str, content_type: str | None) -> bool:
    """Both paths agree; returns whether the fast path was taken."""
    fast = takes_fast_path(data, content_type)
    if fast:
        assert outcome(data, url, content_type, True) == outcome(data, url, content_type, False)
    return fast


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("content_type", [None, "application/rss+xml", "text/xml; charset=utf-8", "text/xml"])
def test_sample_feeds(path: Path, content_type: str | None) -> None:
    assert_same(path.read_bytes(), path.as_uri(), content_type)


def test_the_common_shapes_take_the_fast_path() -> None:
    # WordPress RSS with slash/wfw/post-id, Atom with thr: attributes: the feeds most local newsrooms publish.
    fast = [p.name for p in SAMPLES if takes_fast_path(p.read_bytes(), "application/rss+xml")]
    assert {"riverside-ledger.xml", "harbor-city-beacon.xml"} <= set(fast)


# -- generated variations: each item exercises a different corner of feedparser's bookkeeping ------------

WORDS = ["council", "budget", "Nguyễn", "café", "Ã©cole", "naïve", "&amp;", "&lt;b&gt;bold&lt;/b&gt;", "x\u0096y",
         "  padded  ", "", "tab\there", "&#8217;", "AT&amp;amp;T", "résumé", "\u00a0nbsp\u00a0"]
DATES = ["Tue, 03 Mar 2026 09:30:00 -0500", "03 Mar 2026 09:30 GMT", "Tue, 3 Mar 26 09:30:00 EST",
         "2026-03-03T09:30:00Z", "2026-03-03T09:30:00.123+02:00", "2026-03-03", "2026-03-03 09:30:00",
         "Mar 03 2026 09:30:00 +0000", "garbage", "", "Tuesday, March 3, 2026", "2026-13-45T99:00:00Z",
         "Tue, 03 Mar 2026 09:30:00 GMT+02:00", "Sun, 31 Dec 1899 23:59:59 +2400"]
LINKS = ["https://ledger.example/a?x=1&amp;y=2", "/relative/path", "https:///triple.example/x", "",
         "  https://spaces.example/  ", "tag:ledger.example,2026:1", "http://[::1", "javascript:alert(1)",
         "https://ledger.example/p?a=1&amp;amp;b=2&amp;copy;"]


def text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 4)))


def cdata_or_escaped(rng: random.Random, html: str) -> str:
    if rng.random() < 0.5 and "]]>" not in html:
        return f"<![CDATA[{html}]]>"
    return html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rss_item(rng: random.Random, i: int) -> str:
    parts = []
    if rng.random() < 0.9:
        parts.append(f"<title>{text(rng)} {i}</title>")
    for _ in range(rng.choice([0, 1, 1, 1, 2])):
        parts.append(f"<link>{rng.choice(LINKS)}</link>")
    if rng.random() < 0.3:
        rel = rng.choice(["alternate", "self", "enclosure", None])
        kind = rng.choice(["text/html", "application/rss+xml", None])
        attrs = f' href="{rng.choice(LINKS)}"' + (f' rel="{rel}"' if rel else "") + (f' type="{kind}"' if kind else "")
        parts.append(f"<atom:link{attrs}/>")
    if rng.random() < 0.8:
        permalink = rng.choice(["", ' isPermaLink="false"', ' isPermaLink="true"', ' isPermaLink="True"'])
        parts.append(f"<guid{permalink}>{rng.choice(LINKS + ['id-' + str(i), ''])}</guid>")
    if rng.random() < 0.8:
        parts.append(f"<description>{cdata_or_escaped(rng, '<p>' + text(rng) + '</p>')}</description>")
    for _ in range(rng.choice([0, 1, 1, 2])):
        parts.append(f"<content:encoded>{cdata_or_escaped(rng, '<p>' + text(rng) + ' body</p>')}</content:encoded>")
    for _ in range(rng.choice([0, 1, 1, 2])):
        who = rng.choice(["Ana Ruiz", "ana@ledger.example (Ana Ruiz)", "", "A" * 600, " x" * 400 + " (y)",
                          "ed@ledger.example", "Nguyễn Thị Lan"])
        parts.append(rng.choice([f"<author>{who}</author>", f"<dc:creator>{who}</dc:creator>",
                                 f"<dc:creator><![CDATA[{who}]]></dc:creator>"]))
    for _ in range(rng.choice([0, 1, 2])):
        parts.append(f"<pubDate>{rng.choice(DATES)}</pubDate>")
    if rng.random() < 0.2:
        parts.append(f"<dc:date>{rng.choice(DATES)}</dc:date>")
    for _ in range(rng.choice([0, 1, 3])):
        domain = rng.choice(["", ' domain="tags"', ' domain=""'])
        parts.append(f"<category{domain}>{rng.choice(['City Hall', 'Budget', '', 'café', 'City Hall'])}</category>")
    if rng.random() < 0.3:
        parts.append('<enclosure url="https://ledger.example/a.mp3" length="1" type="audio/mpeg"/>')
    if rng.random() < 0.3:
        parts.append(f"<slash:comments>{i}</slash:comments><wfw:commentRss>/c/{i}</wfw:commentRss>")
    if rng.random() < 0.2:
        parts.append(f'<post-id xmlns="com-wordpress:feed-additions:1">{i}</post-id>')
    rng.shuffle(parts)
    pad = rng.choice(["", "\n  ", " "])
    return f"<item>{pad}{pad.join(parts)}{pad}</item>"


def atom_entry(rng: random.Random, i: int) -> str:
    parts = [f"<title type=\"{rng.choice(['text', 'html'])}\">{text(rng)} {i}</title>"]
    for _ in range(rng.choice([0, 1, 2])):
        rel = rng.choice(["alternate", "self", "enclosure", "related", None])
        kind = rng.choice(["text/html", "application/xhtml+xml", "text/plain", None])
        attrs = f' href="{rng.choice(LINKS) or "x"}"' + (f' rel="{rel}"' if rel else "")
        attrs += f' type="{kind}"' if kind else ""
        parts.append(f"<link{attrs}/>")
    if rng.random() < 0.9:
        parts.append(f"<id>{rng.choice(LINKS + ['urn:uuid:' + str(i)])}</id>")
    if rng.random() < 0.8:
        parts.append(f'<summary type="html">{cdata_or_escaped(rng, text(rng))}</summary>')
    if rng.random() < 0.8:
        html = cdata_or_escaped(rng, "<p>" + text(rng) + "</p>")
        parts.append(f'<content type="{rng.choice(["html", "text"])}">{html}</content>')
    if rng.random() < 0.8:
        person = [f"<name>{rng.choice(['Ana Ruiz', '', ' Lan '])}</name>", "<email>ana@ledger.example</email>",
                  "<uri>https://ledger.example/ana</uri>"]
        rng.shuffle(person)
        parts.append("<author>" + "".join(person[: rng.randint(0, 3)]) + "</author>")
    for key in ("published", "updated"):
        if rng.random() < 0.7:
            parts.append(f"<{key}>{rng.choice(DATES)}</{key}>")
    for _ in range(rng.choice([0, 1, 2])):
        extra = rng.choice(["", ' scheme="s"', ' label="L"'])
        parts.append(f'<category term="{rng.choice(["a", "b", ""])}"{extra}/>')
    rng.shuffle(parts)
    return "<entry>\n" + "\n".join(parts) + "\n</entry>"


def document(rng: random.Random) -> tuple[bytes, str | None]:
    if rng.random() < 0.6:
        channel = [f"<title>{text(rng)} Ledger</title>", f"<link>{rng.choice(LINKS)}</link>",
                   f"<description>{text(rng)}</description>",
                   f'<atom:link href="{rng.choice(LINKS) or "x"}" rel="{rng.choice(["self", "alternate"])}" '
                   'type="text/html"/>',
                   "<image><url>https://ledger.example/i.png</url><title>Logo</title><link>https://x.example/</link></image>",
                   "<language>en-US</language>", "<lastBuildDate>Tue, 03 Mar 2026 09:30:00 -0500</lastBuildDate>",
                   "<sy:updatePeriod>hourly</sy:updatePeriod>"]
        channel = rng.sample(channel, rng.randint(1, len(channel)))
        channel += [rss_item(rng, i) for i in range(rng.randint(0, 4))]
        body = (
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
            'xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
            'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">'
            f"<channel>{''.join(channel)}</channel></rss>"
        )
    else:
        head = [f"<title>{text(rng)}</title>", f'<link href="{rng.choice(LINKS) or "x"}"/>',
                f"<id>{rng.choice(LINKS)}</id>", "<updated>2026-03-03T09:30:00Z</updated>",
                "<author><name>Desk</name></author>"]
        head = rng.sample(head, rng.randint(1, len(head)))
        body = ('<feed xmlns="http://www.w3.org/2005/Atom">' + "".join(head)
                + "".join(atom_entry(rng, i) for i in range(rng.randint(0, 4))) + "</feed>")
    declaration, encoding = rng.choice([('<?xml version="1.0" encoding="utf-8"?>', "utf-8"), ("", "utf-8"),
                                        ('<?xml version="1.0" encoding="iso-8859-1"?>', "iso-8859-1"),
                                        ('<?xml version="1.0"?>\n', "utf-8")])
    data = (declaration + body).encode(encoding, "xmlcharrefreplace")
    if rng.random() < 0.1:
        data = b"\xef\xbb\xbf" + data
    content_type = rng.choice([None, None, "application/rss+xml", "application/rss+xml", "application/xml",
                               "application/atom+xml; charset=utf-8", "text/xml", "text/xml; charset=utf-8",
                               "application/xml; charset=iso-8859-1", "text/html", "Application/RSS+XML"])
    return data, content_type


def test_generated_variations_agree_with_feedparser() -> None:
    rng = random.Random(2026)
    fast = 0
    for _ in range(600):
        data, content_type = document(rng)
        fast += assert_same(data, "https://ledger.example/feed.xml", content_type)
    assert fast > 300  # most variations are inside the subset, so this test covers the fast path


def test_feedparser_corpus_agrees() -> None:
    files = sorted(p for p in CORPUS.rglob("*.xml")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip("feedparser's corpus is not in /work/shared/bench-data")
    fast = 0
    for path in files:
        data = path.read_bytes()
        match = _HEADER.search(data[:2000])
        fast += assert_same(data, "http://example.com/feed.xml", match.group(1).decode("latin-1") if match else None)
    assert fast > 500


def test_outside_the_subset_goes_to_feedparser() -> None:
    rss = b'<rss version="2.0"><channel><title>T</title><item><title>a</title>%s</item></channel></rss>'
    for extra in (b"<source url='x'>s</source>", b"<title>b</title>", b"<x:y xmlns:x='urn:x'>z</x:y>"):
        assert not takes_fast_path(rss % extra, None)
    assert not takes_fast_path(b'<!DOCTYPE rss [<!ENTITY a "b">]>' + rss % b"", None)
    assert not takes_fast_path(rss % b"<description>&nbsp;</description>", None)  # not well-formed
    assert not takes_fast_path((rss % "<title>café</title>".encode()), "text/xml")  # feedparser overrides
