"""The offline demo feeds in sample_feeds/ parse with the feed parser alone and hang together.

These checks use feedparser-rs directly (not the reader's adapter and its repairs), so a failure here means the
sample data is broken, not the reader.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser_rs
import lxml.html
import pytest

SAMPLE_FEEDS = Path(__file__).resolve().parents[2] / "sample_feeds"
OPML = SAMPLE_FEEDS / "feeds.opml"
PAGES = SAMPLE_FEEDS / "pages"

MALFORMED = {"northgate-bulletin.xml": 4}  # feed file -> number of items it really has
SUMMARY_ONLY = {"harbor-city-beacon-city-hall.xml"}


def _opml_feeds() -> list[dict[str, str]]:
    root = ET.parse(OPML).getroot()
    return [dict(o.attrib) for o in root.iter("outline") if o.get("xmlUrl")]


def _feed_path(xml_url: str) -> Path:
    """Resolve an OPML xmlUrl against the OPML file's own URL, as an importer would."""
    url = urllib.parse.urljoin(OPML.as_uri(), xml_url)
    assert url.startswith("file:"), f"{xml_url!r} is not relative to the OPML file"
    return Path(urllib.request.url2pathname(urllib.parse.urlparse(url).path))


def _parse(path: Path) -> feedparser_rs.FeedParserDict:
    return feedparser_rs.parse(path.read_bytes(), sanitize_html=False, resolve_relative_uris=False)


FEEDS = _opml_feeds()
FEED_IDS = [f["xmlUrl"] for f in FEEDS]


def test_opml_lists_every_feed_file_once() -> None:
    listed = sorted(_feed_path(f["xmlUrl"]).name for f in FEEDS)
    on_disk = sorted(p.name for p in [*SAMPLE_FEEDS.glob("*.xml"), *SAMPLE_FEEDS.glob("*.json")])
    assert listed == on_disk
    assert len(FEEDS) >= 6


def test_opml_outlines_have_titles_categories_and_relative_urls() -> None:
    for f in FEEDS:
        assert f.get("title") or f.get("text"), f
        assert f.get("category"), f
        assert "://" not in f["xmlUrl"], f
        assert f["htmlUrl"].startswith("https://") and ".example/" in f["htmlUrl"], f


@pytest.mark.parametrize("outline", FEEDS, ids=FEED_IDS)
def test_feed_parses_with_titled_identifiable_entries(outline: dict[str, str]) -> None:
    path = _feed_path(outline["xmlUrl"])
    d = _parse(path)
    assert d.version, f"{path.name}: the parser did not recognise a feed format"
    assert d.feed.title
    assert len(d.entries) >= 3 or path.name in MALFORMED
    for e in d.entries:
        assert (e.title or "").strip(), e
        assert e.link or e.id, e
    if path.name in MALFORMED:
        assert d.bozo, f"{path.name} should be malformed"
    else:
        assert not d.bozo, f"{path.name}: {d.bozo_exception}"


def test_expected_formats_are_all_present() -> None:
    versions = {_feed_path(f["xmlUrl"]).name: _parse(_feed_path(f["xmlUrl"])).version for f in FEEDS}
    assert {"rss20", "atom10", "rss10", "json11"} <= set(versions.values()), versions


def test_entries_are_unique_and_numerous() -> None:
    keys: list[str] = []
    for f in FEEDS:
        for e in _parse(_feed_path(f["xmlUrl"])).entries:
            keys.append(e.id or e.link)
    assert len(keys) >= 25
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("name", sorted(SUMMARY_ONLY))
def test_summary_only_links_resolve_to_pages(name: str) -> None:
    path = SAMPLE_FEEDS / name
    d = _parse(path)
    assert len(d.entries) >= 4
    for e in d.entries:
        assert not e.content, "summary-only feed should not carry full content"
        target = urllib.parse.urljoin(path.as_uri(), e.link)
        page = Path(urllib.request.url2pathname(urllib.parse.urlparse(target).path))
        assert page.is_file(), f"{e.link} -> {page}"
        assert page.parent == PAGES


# A page from another kind of CMS: no JSON-LD, a visible co-authored byline, a date only in words.
OTHER_CMS = {"northgate-ferry-vote.html"}


def test_pages_have_article_body_bio_and_json_ld() -> None:
    pages = sorted(p for p in PAGES.glob("*.html") if p.name not in OTHER_CMS)
    assert len(pages) >= 4
    for page in pages:
        doc = lxml.html.fromstring(page.read_bytes())
        paras = doc.xpath('//article//div[contains(@class, "entry-content")]/p')
        assert 6 <= len(paras) <= 12, (page.name, len(paras))
        assert doc.xpath('//meta[@name="description"]/@content'), page.name
        author = doc.xpath('//div[@class="author-bio" or @class="author-info"]//h4/a[@rel="author"]/text()')
        assert author, page.name
        graph = json.loads(doc.xpath('//script[@type="application/ld+json"]/text()')[0])["@graph"]
        nodes = {n["@id"]: n for n in graph}
        article = next(n for n in graph if n["@type"] == "NewsArticle")
        person = nodes[article["author"]["@id"]]
        assert person["@type"] == "Person" and person["name"] == author[0]
        assert person["description"].startswith(author[0])
