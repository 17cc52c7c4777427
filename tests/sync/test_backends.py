"""Both protocols against a real Miniflux: first pull, incremental pull, push, mark feed read, subscriptions."""

from __future__ import annotations

import json

import pytest

from reader.core.sync.backend import SyncBackend
from reader.core.sync.records import PullPage, RemoteState, StateChange
from tests.sync.feeds import item_title
from tests.sync.users import MinifluxUser

pytestmark = pytest.mark.xdist_group("miniflux")


def pull_all(backend: SyncBackend, cursor: str | None = None) -> list[PullPage]:
    pages = list(backend.pull(cursor))
    assert pages[-1].cursor is not None and all(p.cursor is None for p in pages[:-1])
    return pages


def states_by_id(pages: list[PullPage]) -> dict[str, RemoteState]:
    return {state.remote_id: state for page in pages for state in page.all_states()}


def test_first_pull_brings_feeds_entries_and_their_state(user: MinifluxUser, service: str) -> None:
    harbor = user.add_feed("harbor", range(1, 5))
    user.add_feed("mill", range(1, 4))
    ids = user.ids()
    user.set_status(ids[:2], "read")
    user.set_starred([ids[2]], True)
    with user.backend(service) as backend:
        backend.login()
        pages = pull_all(backend)
    feeds = next(p.feeds for p in pages if p.feeds is not None)
    assert {f.url for f in feeds} == set(user.feed_urls.values())
    assert {f.title for f in feeds} == {"harbor Gazette", "mill Gazette"}
    entries = {e.remote_id: e for p in pages for e in p.entries}
    assert set(entries) == {str(i) for i in ids}
    first = next(e for e in entries.values() if e.title == item_title("harbor", 1))
    assert first.url == "https://news.example.org/harbor/1"
    assert first.feed_id == user.remote_feed_id(service, harbor)
    assert first.published is not None and first.published.isoformat() == "2026-03-02T09:00:00+00:00"
    assert "The early boat leaves twenty minutes sooner" in first.content_html
    assert first.author and "Ruth Alvarez" in first.author
    assert [entries[str(i)].read for i in ids] == [True, True, False, False, False, False, False]
    assert [entries[str(i)].starred for i in ids] == [False, False, True, False, False, False, False]
    assert pages[-2].done == len(ids) == pages[-2].total


def test_incremental_pull_reports_only_what_changed(user: MinifluxUser, service: str) -> None:
    harbor = user.add_feed("harbor", range(1, 6))
    user.age_entries()
    with user.backend(service) as backend:
        cursor = pull_all(backend)[-1].cursor
    ids = user.ids()
    # Another client reads one story and stars another; the feed publishes two more.
    user.set_status([ids[0]], "read")
    user.set_starred([ids[3]], True)
    user.serve_feed("harbor", range(1, 8))
    user.refresh(harbor)
    new = [i for i in user.ids() if i not in ids]
    assert len(new) == 2
    with user.backend(service) as backend:
        pages = pull_all(backend, cursor)
    changed = states_by_id(pages)
    assert set(changed) == {str(ids[0]), str(ids[3]), *map(str, new)}
    assert changed[str(ids[0])].read is True
    assert changed[str(ids[3])].starred is True
    assert {e.remote_id for p in pages for e in p.entries} >= set(map(str, new))
    if service == "greader":  # only flags that changed are told, with a time they changed after
        assert changed[str(ids[0])].starred is None and changed[str(ids[3])].read is None
        assert changed[str(ids[0])].changed_at is not None
    else:
        assert changed[str(ids[0])].changed_at is not None


def test_nothing_changed_means_a_quiet_pull(user: MinifluxUser, service: str) -> None:
    user.add_feed("harbor", range(1, 4))
    user.age_entries()
    with user.backend(service) as backend:
        cursor = pull_all(backend)[-1].cursor
    with user.backend(service) as backend:
        pages = pull_all(backend, cursor)
        assert states_by_id(pages) == {}
        assert backend.requests <= 5


def test_push_read_unread_star_unstar(user: MinifluxUser, service: str) -> None:
    user.add_feed("harbor", range(1, 6))
    a, b, c, d, e = user.ids()
    user.set_status([b], "read")
    user.set_starred([d], True)
    changes = [
        StateChange(str(a), "read", True),
        StateChange(str(b), "read", False),
        StateChange(str(c), "starred", True),
        StateChange(str(d), "starred", False),
    ]
    with user.backend(service) as backend:
        pull_all(backend)
        before = backend.requests
        pushed = [change for batch in backend.push(changes) for change in batch]
        assert backend.requests - before == 4
    assert sorted(pushed, key=lambda ch: ch.remote_id) == sorted(changes, key=lambda ch: ch.remote_id)
    state = {int(x["id"]): (x["status"], x["starred"]) for x in user.entries()}
    assert state == {
        a: ("read", False),
        b: ("unread", False),
        c: ("unread", True),
        d: ("unread", False),
        e: ("unread", False),
    }


def test_push_is_idempotent(user: MinifluxUser, service: str) -> None:
    user.add_feed("harbor", range(1, 3))
    first, second = user.ids()
    changes = [StateChange(str(first), "starred", True), StateChange(str(second), "read", True)]
    for _ in range(2):  # a retry after a crash sends the same batch again: stars must not toggle off
        with user.backend(service) as backend:
            pull_all(backend)
            for _batch in backend.push(changes):
                pass
    assert user.entry(first)["starred"] is True
    assert user.entry(second)["status"] == "read"


def test_marking_a_feed_read_locally_is_a_few_batched_requests(user: MinifluxUser, service: str) -> None:
    feed = user.add_feed("harbor", range(1, 121))
    other = user.add_feed("mill", range(1, 3))
    ids = user.ids(feed_id=str(feed))
    assert len(ids) == 120
    with user.backend(service, push_batch=50) as backend:
        before = backend.requests
        batches = list(backend.push(StateChange(str(i), "read", True) for i in ids))
        assert [len(b) for b in batches] == [50, 50, 20]
        assert backend.requests - before == 3 + (1 if service == "greader" else 0)  # + ClientLogin
    assert {x["status"] for x in user.entries(feed_id=str(feed))} == {"read"}
    assert {x["status"] for x in user.entries(feed_id=str(other))} == {"unread"}


def test_a_feed_marked_read_on_the_server_is_pulled(user: MinifluxUser, service: str) -> None:
    # (Marking a feed read here pushes the read flag of each article marked, in batches: the test above.)
    user.add_feed("harbor", range(1, 5))
    mill = user.add_feed("mill", range(1, 4))
    user.age_entries()
    with user.backend(service) as backend:
        cursor = pull_all(backend)[-1].cursor
    # Another client marks a feed read: the next pull brings every one of its entries as read.
    user.api("PUT", f"/v1/feeds/{mill}/mark-all-as-read")
    with user.backend(service) as backend:
        changed = states_by_id(pull_all(backend, cursor))
    assert {i for i, s in changed.items() if s.read} == {str(i) for i in user.ids(feed_id=str(mill))}


def test_subscribe_and_unsubscribe(user: MinifluxUser, service: str) -> None:
    url = user.serve_feed("ferry", range(1, 4))
    with user.backend(service) as backend:
        feed = backend.subscribe(url)
        assert feed.url == url and feed.title == "ferry Gazette"
        assert backend.subscribe(url) == feed  # already subscribed: the same subscription
        pages = pull_all(backend)
        assert [f.remote_id for p in pages if p.feeds is not None for f in p.feeds] == [feed.remote_id]
        assert {e.feed_id for p in pages for e in p.entries} == {feed.remote_id}
        assert sum(len(p.entries) for p in pages) == 3
        backend.unsubscribe(feed.remote_id)
        backend.unsubscribe(feed.remote_id)  # already gone is fine
    assert user.api("GET", "/v1/feeds") == []


def test_greader_ids_follow_continuations(user: MinifluxUser) -> None:
    user.add_feed("harbor", range(1, 8))
    user.set_status(user.ids()[:3], "read")
    with user.backend("greader", ids_page=2, contents_batch=3) as backend:
        pages = pull_all(backend)
    entries = {e.remote_id: e for p in pages for e in p.entries}
    assert set(entries) == {str(i) for i in user.ids()}
    assert sum(e.read for e in entries.values()) == 3
    cursor = json.loads(pages[-1].cursor or "")
    assert cursor["service"] == "greader" and len(cursor["ids"]) == 7
