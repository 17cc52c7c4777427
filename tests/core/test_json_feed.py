"""JSON Feed 1.0 and 1.1: parsed, discovered on a page, subscribed, refreshed (304s too) and read like the others."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.core.fetch import Fetcher, FetchLimits
from reader.core.library import Library, make_library
from reader.core.parse import ParseError, parse_feed
from tests.httpserver import LoopbackServer

LIMITS = FetchLimits(connect_timeout=2.0, read_timeout=2.0, deadline=5.0)
JSON_TYPE = {"Content-Type": "application/feed+json"}


def feed_11(*items: dict[str, Any]) -> bytes:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Eastside Notes",
        "home_page_url": "https://notes.example/",
        "authors": [{"name": "The newsroom"}],
        "items": list(items),
    }).encode()


STORY = {
    "id": "https://notes.example/1",
    "url": "https://notes.example/1",
    "title": "Pool reopens",
    "content_html": "<p>\u201cThat ends in June,\u201d said Council Member Dante Okafor.</p>",
    "date_published": "2026-11-12T08:30:00-06:00",
    "authors": [{"name": "Marisol Vance"}],
}


@pytest.fixture
def lib(tmp_path: Path) -> Any:
    library = make_library(tmp_path / "lib.sqlite", Fetcher(LIMITS))
    yield library
    library.close()


def test_json_feed_1_1_fields() -> None:
    feed = parse_feed(feed_11(STORY, {"id": 7, "content_text": "First line.\n\nSecond <para>.", "title": "Plain"}),
                      "https://notes.example/feed.json", "application/feed+json")
    assert (feed.title, feed.site_url, feed.warning) == ("Eastside Notes", "https://notes.example/", None)
    first, second = feed.entries
    assert (first.key, first.url, first.author) == ("guid:https://notes.example/1", "https://notes.example/1",
                                                    "Marisol Vance")
    assert first.published is not None and first.published.isoformat() == "2026-11-12T14:30:00+00:00"
    assert second.key == "guid:7"  # a number id is still the item's identity
    assert second.content == "<p>First line.</p>\n<p>Second &lt;para&gt;.</p>"  # content_text: paragraphs, escaped
    assert second.author == "The newsroom"  # the feed's author, for an item without one


def test_json_feed_1_0_author_and_co_authors() -> None:
    doc = {"version": "https://jsonfeed.org/version/1", "title": "Old", "items": [
        {"id": "a", "title": "Solo", "content_html": "<p>x</p>", "author": {"name": "Ana Ruiz"}},
    ]}
    (entry,) = parse_feed(json.dumps(doc).encode(), "https://old.example/feed.json").entries
    assert entry.author == "Ana Ruiz"
    two = dict(STORY, authors=[{"name": "Tomasz Reyes"}, {"name": "Marisol Vance"}])
    assert parse_feed(feed_11(two), "https://notes.example/f").entries[0].author == "Tomasz Reyes and Marisol Vance"


@pytest.mark.parametrize("data", [b"{not json", b'{"foo": 1}', b"[]"])
def test_json_that_is_not_a_feed_is_refused(data: bytes) -> None:
    with pytest.raises(ParseError):
        parse_feed(data, "https://notes.example/feed.json", "application/json")


def test_json_feed_subscribed_refreshed_and_read(lib: Library, http_server: LoopbackServer) -> None:
    url = http_server.route("/feed.json", body=feed_11(STORY), headers=JSON_TYPE, etag='"j1"')
    feed, new = lib.add(url)
    assert (feed.title, new) == ("Eastside Notes", 1)
    assert [r.status for r in lib.refresh_iter()] == ["not_modified"]
    later = dict(STORY, id="https://notes.example/2", url="https://notes.example/2", title="Library hours",
                 content_html="<p>The branch keeps its Sunday hours.</p>")
    http_server.route("/feed.json", body=feed_11(later, STORY), headers=JSON_TYPE, etag='"j2"')
    (result,) = lib.refresh_iter()
    assert (result.status, result.new) == ("ok", 1)
    story = next(a for a in lib.articles() if a.title == "Pool reopens")
    article = lib.article(story.id)
    assert article is not None
    assert [q.text for q in article.reading.quotes] == ["That ends in June."]
    assert "Dante Okafor" in (article.reading.quotes[0].speaker or "")
    assert [h.article.title for h in lib.search("okafor")] == ["Pool reopens"]


def test_json_feed_found_on_a_web_page(lib: Library, http_server: LoopbackServer) -> None:
    http_server.route("/feed.json", body=feed_11(STORY), headers=JSON_TYPE)
    page = http_server.route("/", body=b'<html><head><link rel="alternate" type="application/feed+json" '
                             b'href="/feed.json" title="JSON"></head><body>Hi</body></html>',
                             headers={"Content-Type": "text/html"})
    feed, new = lib.add(page)
    assert feed.url.endswith("/feed.json") and new == 1
