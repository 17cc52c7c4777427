"""The refresh engine: many feeds at once, per-host slots, a stable spread order, Retry-After per host, connections
reused, unchanged items cost no write, and search indexing after the refresh has committed."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from reader.core.fetch import Fetcher, FetchLimits
from reader.core.library import Library, make_library
from reader.core.models import Feed
from reader.core.refresh import host_shares, spread_by_host
from reader.core.storage import Storage
from tests.httpserver import LoopbackServer

LIMITS = FetchLimits(connect_timeout=2.0, read_timeout=2.0, deadline=5.0)


def rss(n: int, *items: tuple[str, str]) -> bytes:
    body = "".join(
        f"<item><title>{title} {n}</title><guid>g{n}-{guid}</guid><link>https://t.example/{n}/{guid}</link>"
        f"<dc:creator>Reporter {n}</dc:creator><pubDate>Tue, 0{1 + int(guid) % 9} Mar 2026 10:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[<p>{title} story number {n}, with a quote.</p>\n\n<p>Second   paragraph "
        f"about the harbor&#8217;s budget.</p>]]></content:encoded></item>"
        for title, guid in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Ledger {n}</title>'
        f"<link>https://t.example/{n}/</link>{body}</channel></rss>"
    ).encode()


def open_library(path: Path, limits: FetchLimits = LIMITS, **kwargs: int) -> Library:
    return make_library(path, Fetcher(limits), **kwargs)


def test_spread_by_host_interleaves_sites_biggest_first_and_is_stable() -> None:
    def feed(i: int, host: str) -> Feed:
        return Feed(id=i, url=f"https://{host}/feed{i}", title=f"f{i}")

    feeds = [feed(1, "a.example"), feed(2, "a.example"), feed(3, "a.example"), feed(4, "b.example"),
             feed(5, "c.example"), feed(6, "c.example")]
    order = [f.id for f in spread_by_host(feeds)]
    assert order == [1, 5, 4, 2, 6, 3]  # a (3 feeds), then c (2), then b (1), a feed of each in turn
    assert [f.id for f in spread_by_host(reversed(feeds))] == order  # the listing order does not matter


def test_each_host_gets_no_more_requests_at_once_than_it_needs() -> None:
    def feeds(host: str, n: int, start: int) -> list[Feed]:
        return [Feed(id=start + i, url=f"https://{host}/feed{i}", title="f") for i in range(n)]

    subscriptions = feeds("big.example", 10, 0) + feeds("pair.example", 2, 100) + feeds("one.example", 1, 200)
    # The big site needs two rounds at 6 at a time; five a round finish it as soon, and the pair goes one by one.
    assert host_shares(subscriptions, 6) == {"big.example": 5, "pair.example": 1, "one.example": 1}
    assert host_shares(feeds("newspaper.example", 100, 0), 6) == {"newspaper.example": 6}
    assert host_shares(subscriptions, 20) == {"big.example": 10, "pair.example": 2, "one.example": 1}
    assert host_shares([], 6) == {}


def test_many_feeds_at_once_two_hosts_each_capped(tmp_path: Path, http_server: LoopbackServer) -> None:
    urls = [http_server.route(f"/f{n}", body=rss(n, ("Alpha", "1"), ("Beta", "2")), etag=f'"{n}"', delay=0.2)
            for n in range(12)]
    lib = open_library(tmp_path / "lib.sqlite", FetchLimits(deadline=10.0, per_host=3))
    try:
        for url in urls:
            lib.subscribe(url)
        results = list(lib.refresh_iter())
        assert sorted((r.status, r.new) for r in results) == [("ok", 2)] * 12
        assert http_server.max_active == 3  # the host's cap: reached (not one at a time) and never passed
        assert [r.status for r in lib.refresh_iter()] == ["not_modified"] * 12
    finally:
        lib.close()


def test_a_warm_refresh_reuses_its_connections(tmp_path: Path, http_server: LoopbackServer) -> None:
    urls = [http_server.route(f"/f{n}", body=rss(n, ("Alpha", "1")), etag=f'"{n}"') for n in range(20)]
    lib = open_library(tmp_path / "lib.sqlite", FetchLimits(per_host=4))
    try:
        for url in urls:
            lib.subscribe(url)
        list(lib.refresh_iter())
        before = http_server.connections_opened
        assert [r.status for r in lib.refresh_iter()] == ["not_modified"] * 20
        # Every 304 was read to its end, so its connection went back to the pool: none opened anew.
        assert http_server.connections_opened - before == 0
    finally:
        lib.close()


def test_retry_after_from_one_feed_holds_back_its_whole_host(tmp_path: Path, http_server: LoopbackServer) -> None:
    lib = open_library(tmp_path / "lib.sqlite", FetchLimits(per_host=1))
    try:
        limited = http_server.route("/a", status=429, headers={"Retry-After": "120"})
        others = [http_server.route(f"/b{n}", body=rss(n, ("Alpha", "1"))) for n in range(3)]
        for url in [limited, *others]:
            lib.subscribe(url)
        results = {r.feed_url: r for r in lib.refresh_iter()}
        assert "HTTP 429" in (results[limited].error or "")
        asked = sum(http_server.hits(f"/b{n}") for n in range(3))
        assert asked < 3  # after the 429 the host was asked nothing more in that refresh
        held = [results[u] for u in others if results[u].status == "error"]
        assert held and all("HTTP 429" in (r.error or "") for r in held)
        # The next refresh does not ask the host at all, and says why; naming the feeds (force) does.
        again = list(lib.refresh_iter())
        assert all(r.status == "error" and "not asked again before" in (r.error or "") for r in again)
        assert sum(http_server.hits(f"/b{n}") for n in range(3)) == asked
        http_server.route("/a", body=rss(9, ("Alpha", "1")))
        forced = {r.feed_url: r.status for r in lib.refresh_iter(force=True)}
        assert [forced[u] for u in others] == ["ok"] * 3
    finally:
        lib.close()


def test_cancel_stops_a_refresh_promptly_and_drops_what_had_not_started(
    tmp_path: Path, http_server: LoopbackServer
) -> None:
    urls = [http_server.route(f"/slow{n}", body=rss(n, ("Alpha", "1")), delay=30.0) for n in range(10)]
    lib = open_library(tmp_path / "lib.sqlite", FetchLimits(deadline=30.0, read_timeout=30.0, per_host=2))
    try:
        for url in urls:
            lib.subscribe(url)
        cancel = threading.Event()
        threading.Timer(0.3, cancel.set).start()
        started = time.monotonic()
        results = list(lib.refresh_iter(cancel=cancel))
        assert time.monotonic() - started < 5.0  # ~0.4 s; without the cancel, 30 s
        assert len(results) == 2 and all(r.error == "cancelled" for r in results)  # the two in flight
        assert lib.articles() == []
    finally:
        lib.close()


def test_articles_list_at_once_and_enter_the_index_afterwards(tmp_path: Path, http_server: LoopbackServer) -> None:
    url = http_server.route("/f", body=rss(1, ("Alpha", "1"), ("Beta", "2")))
    lib = open_library(tmp_path / "lib.sqlite")
    try:
        lib.subscribe(url)
        list(lib.refresh_iter())
        assert len(lib.articles()) == 2 and lib.pending_index() == 2  # listed, not yet searchable
        assert lib.index_pending() == 2 and lib.pending_index() == 0
        (hit, _) = lib.search("alpha budget") + [None]  # type: ignore[list-item]
        assert hit is not None and hit.article.title == "Alpha 1"
        assert "\n" not in hit.snippet and "  " not in hit.snippet and "\x02budget\x03" in hit.snippet
    finally:
        lib.close()


def test_search_catches_up_with_the_index_itself(tmp_path: Path, http_server: LoopbackServer) -> None:
    url = http_server.route("/f", body=rss(1, ("Lighthouse", "1")))
    lib = open_library(tmp_path / "lib.sqlite")
    try:
        lib.subscribe(url)
        list(lib.refresh_iter())
        assert [h.article.title for h in lib.search("lighthouse")] == ["Lighthouse 1"]
        assert lib.pending_index() == 0
    finally:
        lib.close()


def test_an_interrupted_indexing_loses_nothing(tmp_path: Path, http_server: LoopbackServer) -> None:
    urls = [http_server.route(f"/f{n}", body=rss(n, *[(f"Item{k}", str(k)) for k in range(1, 9)])) for n in range(5)]
    db = tmp_path / "lib.sqlite"
    lib = open_library(db)
    try:
        for url in urls:
            lib.subscribe(url)
        list(lib.refresh_iter())
    finally:
        lib.close()
    storage = Storage(db)
    try:
        assert storage.index_pending(limit=7) == 7  # one batch committed, then the process "dies"
    finally:
        storage.close()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 7
    conn.close()
    with open_library(db) as again:
        assert again.pending_index() == 40 - 7
        assert again.index_pending() == 40 - 7
        hits = again.search("second paragraph", limit=100)
        assert len(hits) == 40  # every article once: nothing lost, nothing twice


def test_unchanged_items_keep_their_reading_and_edits_replace_it(tmp_path: Path, http_server: LoopbackServer) -> None:
    url = http_server.route("/f", body=rss(1, ("Alpha", "1"), ("Beta", "2")), etag='"v1"')
    db = tmp_path / "lib.sqlite"
    lib = open_library(db)

    def cached(article_id: int) -> bool:
        conn = sqlite3.connect(db)
        try:
            return conn.execute("SELECT reading FROM articles WHERE id = ?", (article_id,)).fetchone()[0] is not None
        finally:
            conn.close()

    try:
        lib.subscribe(url)
        list(lib.refresh_iter())
        ids = {a.title: a.id for a in lib.articles()}
        for article_id in ids.values():
            lib.article(article_id, fetch_page=False)  # made and stored on first read
        http_server.route("/f", body=rss(1, ("Alpha", "1"), ("Beta", "2"), ("Delta", "4")), etag='"v2"')
        (result,) = lib.refresh_iter()
        assert (result.status, result.new) == ("ok", 1)
        assert all(cached(i) for i in ids.values())  # not rewritten

        edited = rss(1, ("Alpha", "1"), ("Beta", "2"), ("Delta", "4")).replace(b"Beta story", b"Beta lighthouse")
        http_server.route("/f", body=edited, etag='"v3"')
        (result,) = lib.refresh_iter()
        assert (result.status, result.new) == ("ok", 0)
        assert cached(ids["Alpha 1"])
        assert not cached(ids["Beta 1"])  # edited upstream: read again
        assert [h.article.id for h in lib.search("lighthouse")] == [ids["Beta 1"]]
    finally:
        lib.close()
