"""The library file as the sync engine's store (storage.SyncTables), without a server: the queue written with each
local change, the subscription list followed, the guard for changes made during a sync, another account."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.core.storage import Storage, SyncTables
from reader.core.sync.records import PullPage, RemoteEntry, RemoteFeed, RemoteState, StateChange

WHEN = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
LONG = "<p>" + " ".join(["The council met on Tuesday and heard from residents."] * 20) + "</p>"


def entry(remote_id: str, feed: str = "1", *, read: bool = False, starred: bool = False) -> RemoteEntry:
    return RemoteEntry(
        remote_id, feed, f"Story {remote_id}", f"https://news.example/{remote_id}", "Ruth Alvarez", WHEN,
        LONG, None, read, starred, WHEN,
    )


@pytest.fixture
def storage(tmp_path: Path) -> Storage:
    return Storage(tmp_path / "library.sqlite")


@pytest.fixture
def tables(storage: Storage) -> SyncTables:
    tables = SyncTables(storage)
    assert tables.open_account("miniflux https://rss.example me") is True
    feeds = (RemoteFeed("1", "https://news.example/feed", "Gazette"), RemoteFeed("2", "https://b.example/f", "B"))
    stored = tables.store_page(PullPage(feeds=feeds, entries=(entry("10"), entry("11", read=True))), [], [], 0)
    assert stored == (2, 2, 0)
    return tables


def ids(storage: Storage) -> dict[str, int]:
    return {a.title: a.id for a in storage.articles()}


def queue(storage: Storage) -> list[tuple[str, str, int | None]]:
    return [(r[0], r[1], r[2]) for r in storage.conn.execute("SELECT kind, target, value FROM sync_queue ORDER BY seq")]


def test_a_local_change_is_queued_with_it(storage: Storage, tables: SyncTables) -> None:
    local, _ = storage.add_feed("file:///tmp/pantry.xml", "Pantry")
    conn = storage.conn
    conn.execute("INSERT INTO articles (feed_id, key, title, first_seen) VALUES (?, 'k', 'Local story', ?)",
                 (local, WHEN.isoformat()))
    by_title = ids(storage)
    changed = storage.set_flag([by_title["Story 10"], by_title["Story 11"], by_title["Local story"]], "read", True)
    assert changed == 2  # Story 11 was read already
    assert queue(storage) == [("read", "10", 1)]  # the local-only story is not the server's business
    storage.set_flag([by_title["Story 11"]], "bookmarked", True)
    assert queue(storage)[-1] == ("starred", "11", 1)
    assert [c.remote_id for c in tables.pending()] == ["10", "11"]


def test_subscriptions_queue_and_unqueue(storage: Storage, tables: SyncTables) -> None:
    feed_id, _ = storage.add_feed("https://c.example/feed", "C", on_server=True)
    storage.add_feed("file:///tmp/local.xml", "Local", on_server=True)  # a file is no server's to fetch
    assert queue(storage) == [("subscribe", "https://c.example/feed", None)]
    storage.remove_feed(feed_id)  # never reached the server: it just leaves the queue
    assert queue(storage) == []
    gazette = next(f.id for f in storage.feeds() if f.title == "Gazette")
    storage.remove_feed(gazette)
    assert queue(storage) == [("unsubscribe", "1", None)]


def test_the_subscription_list_is_followed(storage: Storage, tables: SyncTables) -> None:
    bookmarked = ids(storage)["Story 10"]
    storage.set_flag([bookmarked], "bookmarked", True)
    renamed = (RemoteFeed("2", "https://b.example/f", "B Weekly"), RemoteFeed("3", "https://c.example/f", "C"))
    assert tables.store_page(PullPage(feeds=renamed), [], [], 0).feeds == 3  # one renamed, one new, one gone
    assert sorted(f.title for f in storage.feeds()) == ["B Weekly", "C"]
    assert [a.title for a in storage.articles()] == ["Story 10"]  # the bookmark outlives its feed


def test_the_servers_flags_wait_for_a_change_made_during_the_sync(storage: Storage, tables: SyncTables) -> None:
    by_title = ids(storage)
    guard = max((c.seq for c in tables.pending()), default=0)
    storage.set_flag([by_title["Story 11"]], "read", False)  # made while the sync runs
    page = PullPage(states=(RemoteState("10", read=True, changed_at=WHEN), RemoteState("11", read=True)))
    stored = tables.store_page(page, [StateChange("10", "read", True), StateChange("11", "read", True)], [], guard)
    assert stored.states == 1
    flags = {a.title: a.read for a in storage.articles()}
    assert flags == {"Story 10": True, "Story 11": False}
    assert tables.base(["10"])["10"].read is True and tables.base(["10"])["10"].changed_at == WHEN


def test_another_account_forgets_the_remote_ids_and_keeps_the_articles(storage: Storage, tables: SyncTables) -> None:
    storage.set_flag([ids(storage)["Story 10"]], "read", True)
    assert tables.open_account("greader https://rss.example me") is True
    assert queue(storage) == [] and tables.synced_feed_ids() == set() and tables.cursor() is None
    assert len(storage.articles()) == 2
    # The new server's entries for the same stories are matched by address, not stored twice.
    tables.store_page(PullPage(feeds=(RemoteFeed("feed/1", "https://news.example/feed", "Gazette"),)), [], [], 0)
    assert tables.store_page(PullPage(entries=(entry("99", "feed/1"),)), [], [], 0).articles == 1
    assert tables.store_page(PullPage(entries=(entry("10", "feed/1"),)), [], [], 0).articles == 0
    assert len(storage.articles()) == 3
    assert queue(storage) == [("read", "10", 1)]  # read here, unread there: what was read stays read
