"""A SyncStore in dicts: the contract phase 2 implements in SQLite, kept by the letter, for engine tests."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from reader.core.sync.engine import FeedOp, Known, LocalChange, PageStored
from reader.core.sync.records import Attribute, PullPage, RemoteFeed, StateChange


@dataclass
class Article:
    remote_id: str
    feed_id: str
    title: str
    read: bool
    starred: bool


@dataclass
class MemoryStore:
    articles: dict[str, Article] = field(default_factory=dict)
    feeds: dict[str, RemoteFeed] = field(default_factory=dict)
    queue: list[LocalChange] = field(default_factory=list)
    ops: list[FeedOp] = field(default_factory=list)
    server: dict[str, Known] = field(default_factory=dict)  # the base
    saved_cursor: str | None = None
    _seq: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # local actions: the change and its queue row together, as one transaction would write them

    def change(self, remote_id: str, attribute: Attribute, value: bool, when: datetime | None = None) -> None:
        article = self.articles[remote_id]
        setattr(article, attribute, value)
        self.queue.append(LocalChange(next(self._seq), remote_id, attribute, value, when or datetime.now(UTC)))

    def queue_subscribe(self, url: str) -> None:
        self.ops.append(FeedOp(next(self._seq), "subscribe", url))

    def queue_unsubscribe(self, remote_feed_id: str) -> None:
        self.ops.append(FeedOp(next(self._seq), "unsubscribe", remote_feed_id))

    # SyncStore

    def cursor(self) -> str | None:
        return self.saved_cursor

    def feed_ops(self) -> list[FeedOp]:
        return list(self.ops)

    def feed_op_done(self, op: FeedOp, feed: RemoteFeed | None) -> None:
        self.ops.remove(op)
        if feed is not None:
            self.feeds[feed.remote_id] = feed
        elif op.kind == "unsubscribe":
            self.feeds.pop(op.target, None)

    def pending(self) -> list[LocalChange]:
        return sorted(self.queue, key=lambda c: c.seq)

    def base(self, remote_ids: Iterable[str]) -> Mapping[str, Known]:
        return {i: self.server[i] for i in remote_ids if i in self.server}

    def feed_op_failed(self, op: FeedOp) -> None:
        self.ops.remove(op)

    def store_page(
        self, page: PullPage, apply: Sequence[StateChange], dropped: Sequence[int], guard_seq: int
    ) -> PageStored:
        feeds = articles = states = 0
        if page.feeds is not None:
            feeds = len(set(page.feeds) ^ set(self.feeds.values()))
            self.feeds = {feed.remote_id: feed for feed in page.feeds}
        for entry in page.entries:
            if entry.remote_id not in self.articles:
                self.articles[entry.remote_id] = Article(
                    entry.remote_id, entry.feed_id, entry.title, entry.read, entry.starred
                )
                articles += 1
        newer = {(c.remote_id, c.attribute) for c in self.queue if c.seq > guard_seq}
        for change in apply:
            article = self.articles.get(change.remote_id)
            if article is not None and (change.remote_id, change.attribute) not in newer:
                states += getattr(article, change.attribute) != change.value
                setattr(article, change.attribute, change.value)
        for state in page.all_states():
            known = self.server.get(state.remote_id, Known())
            self.server[state.remote_id] = Known(
                state.read if state.read is not None else known.read,
                state.starred if state.starred is not None else known.starred,
                state.changed_at,
            )
        gone = set(dropped)
        self.queue = [c for c in self.queue if c.seq not in gone]
        return PageStored(feeds, articles, states)

    def pushed(self, changes: Sequence[LocalChange]) -> None:
        done = {c.seq for c in changes}
        self.queue = [c for c in self.queue if c.seq not in done]
        for change in changes:
            known = self.server.get(change.remote_id, Known())
            self.server[change.remote_id] = Known(
                change.value if change.attribute == "read" else known.read,
                change.value if change.attribute == "starred" else known.starred,
            )

    def save_cursor(self, cursor: str) -> None:
        self.saved_cursor = cursor
