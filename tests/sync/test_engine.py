"""The sync engine against the real Miniflux, both protocols, with a dict-backed store: offline queue,
latest change wins, pushed states stay, changes made during a sync survive, feed ops, request budget."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from reader.core.sync.backend import SyncError
from reader.core.sync.engine import SyncReport, run_sync
from reader.core.sync.records import PullPage
from tests.sync.memory_store import MemoryStore
from tests.sync.miniflux_server import MinifluxServer
from tests.sync.users import MinifluxUser

pytestmark = pytest.mark.xdist_group("miniflux")


def sync(user: MinifluxUser, service: str, store: MemoryStore) -> SyncReport:
    with user.backend(service) as backend:
        return run_sync(backend, store)


def server_flags(user: MinifluxUser) -> dict[str, tuple[bool, bool]]:
    return {str(e["id"]): (e["status"] == "read", bool(e["starred"])) for e in user.entries()}


def local_flags(store: MemoryStore) -> dict[str, tuple[bool, bool]]:
    return {i: (a.read, a.starred) for i, a in store.articles.items()}


def test_local_changes_are_pushed_and_never_flipped_back(user: MinifluxUser, service: str) -> None:
    user.add_feed("harbor", range(1, 6))
    user.age_entries()
    store = MemoryStore()
    first = sync(user, service, store)
    assert (first.feeds, first.articles) == (1, 5)
    a, b, c, *_ = sorted(store.articles, key=int)
    store.change(a, "read", True)
    store.change(b, "starred", True)
    store.change(c, "read", True)
    store.change(c, "read", False)  # changed its mind: only the last one goes out
    report = sync(user, service, store)
    assert (report.read, report.bookmarked, report.unread) == (1, 1, 0)
    assert store.queue == []
    assert server_flags(user) == local_flags(store)
    again = sync(user, service, store)  # the pull after the push brings the same state back: nothing flips
    assert local_flags(store)[a] == (True, False) and local_flags(store)[b] == (False, True)
    assert (again.read, again.bookmarked) == (0, 0)
    assert server_flags(user) == local_flags(store)


def test_offline_changes_wait_in_the_queue(user: MinifluxUser, service: str, miniflux: MinifluxServer) -> None:
    user.add_feed("harbor", range(1, 4))
    store = MemoryStore()
    sync(user, service, store)
    first = min(store.articles, key=int)
    miniflux.stop_miniflux()
    try:
        store.change(first, "read", True)  # the app works offline: the change is local at once
        with pytest.raises(SyncError) as info:
            sync(user, service, store)
        assert info.value.kind == "network"
        assert len(store.queue) == 1 and store.articles[first].read
    finally:
        miniflux.start_miniflux()
    assert sync(user, service, store).read == 1
    assert server_flags(user)[first] == (True, False)


def test_latest_change_wins_both_ways(user: MinifluxUser, service: str) -> None:
    user.add_feed("harbor", range(1, 4))
    user.age_entries()
    store = MemoryStore()
    sync(user, service, store)
    old, new, _ = sorted(store.articles, key=int)
    # Marked read here an hour ago while offline; since then a phone read it and marked it unread again.
    store.change(old, "read", True, when=datetime.now(UTC) - timedelta(hours=1))
    user.set_status([int(old)], "read")
    user.set_status([int(old)], "unread")
    # Starred on the phone, then unstarred here later: we win.
    user.set_starred([int(new)], True)
    store.change(new, "starred", False, when=datetime.now(UTC) + timedelta(seconds=5))
    report = sync(user, service, store)
    # Miniflux's change time shows the phone acted last; the Google Reader API shows no change at all
    # (the flag is back where it was), so the only change it knows of, ours, goes out.
    phone_won = service == "miniflux"
    assert store.articles[old].read is not phone_won
    assert server_flags(user)[old] == (not phone_won, False)
    assert store.articles[new].starred is False and server_flags(user)[new] == (False, False)
    assert report.unbookmarked == 1 and store.queue == []


def test_a_change_made_during_the_sync_is_not_lost(user: MinifluxUser, service: str) -> None:
    user.add_feed("harbor", range(1, 4))
    user.age_entries()
    store = MemoryStore()
    sync(user, service, store)
    target = min(store.articles, key=int)
    user.set_status([int(target)], "read")  # the phone reads it ...

    def meanwhile(page: PullPage) -> None:
        if page.feeds is not None:  # ... and while our pull runs, we mark it unread here
            store.change(target, "read", False)

    with user.backend(service) as backend:
        run_sync(backend, store, progress=meanwhile)
    assert store.articles[target].read is False  # the pull did not overwrite the newer local change
    assert len(store.queue) == 1
    sync(user, service, store)
    assert server_flags(user)[target] == (False, False) and store.queue == []


def test_subscribe_and_unsubscribe_through_the_queue(user: MinifluxUser, service: str) -> None:
    url = user.serve_feed("ferry", range(1, 3))
    store = MemoryStore()
    store.queue_subscribe(url)
    report = sync(user, service, store)
    assert report.subscribed == 1 and report.articles == 2
    (feed,) = store.feeds.values()
    assert feed.url == url
    store.queue_unsubscribe(feed.remote_id)
    assert sync(user, service, store).unsubscribed == 1
    assert user.api("GET", "/v1/feeds") == [] and store.feeds == {}


def test_incremental_sync_request_budget(user: MinifluxUser, service: str) -> None:
    user.add_feed("harbor", range(1, 41))
    user.add_feed("mill", range(1, 41))
    user.age_entries()
    store = MemoryStore()
    sync(user, service, store)
    ids = sorted(store.articles, key=int)
    for i in ids[:10]:
        store.change(i, "read", True)
    for i in ids[10:15]:
        store.change(i, "starred", True)
    user.set_status([int(i) for i in ids[20:30]], "read")
    user.set_starred([int(i) for i in ids[30:35]], True)
    user.serve_feed("harbor", range(1, 46))
    user.refresh(next(iter(user.feed_urls)))
    report = sync(user, service, store)
    assert report.requests <= 10
    assert report.articles >= 5 and (report.read, report.bookmarked) == (10, 5)
    assert server_flags(user) == local_flags(store)
