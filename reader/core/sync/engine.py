"""The sync engine: local changes against remote states (latest change wins), and one sync run over a store.

Rules, for one flag (read or starred) of one entry, when a pull reports the server's value r and a local
change l waits in the queue (with no local change, r is simply applied):
- r == l: the server has it already; the change is dropped, nothing is pushed;
- otherwise the later change wins: the server's change time against the local time of change moved onto the
  server's clock (its Date header), the server's only when later by more than a second (the Date header's
  resolution); with no server time, l wins. Miniflux's changed_at is the entry's, for both flags: when r is
  the value we last knew (the base) and the other flag moved, or the time is the one we saw before (a pull
  repeating an entry), or the base is what we pushed (our own push moved the time, to a moment we do not
  know), this flag did not change, and l wins. (A flag the server flipped and flipped back after our change,
  nothing else moving since a pull showed it, is the server's later change: it wins. The Google Reader API
  cannot show that.)
After the pull, a change whose value the server is known to have is dropped; the rest are pushed, and the
pushed values become the base, so the next pull, which reports them, matches the local state: a pushed state
is never flipped back.

The store (SyncStore below) is the library file (storage.SyncTables; tests also use a dict-backed one):
- the queue of local changes, written in the same transaction as each change, so a crash loses none: one row per
  changed flag of an entry the server knows (a local mark-feed-read writes one per article, pushed in batches
  of thousands, so exactly what was marked goes out and nothing that arrives later), and subscribe and
  unsubscribe rows;
- per synced article its entry id, with the server's last known flags and change time (the base), and per feed
  its remote id; the subscription list (a pull's first page) makes and removes feeds here, and an entry of a
  feed not on it (removed here while the sync ran) is left out;
- the account's row: who is synced, the cursor, the last sync and its error; another service, address or user
  forgets the cursor and the remote ids (the next pull is a first pull, matching what is stored by address).
Queue rows leave only through store_page (dropped), pushed() (after the server took them), feed_op_done() or
feed_op_failed() (the server refused the op for good): a sync killed at any point leaves every change that the
server has not confirmed in the queue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal, NamedTuple, Protocol

from reader.core.sync.backend import SyncBackend, SyncError
from reader.core.sync.records import Attribute, PullPage, RemoteFeed, RemoteState, StateChange

FeedOpKind = Literal["subscribe", "unsubscribe"]


@dataclass(frozen=True)
class LocalChange:
    """A queued local change of one flag, with the local time it was made."""

    seq: int  # the queue row; later changes have higher seqs
    remote_id: str
    attribute: Attribute
    value: bool
    changed_at: datetime  # aware, local clock


@dataclass(frozen=True)
class FeedOp:
    """A queued subscribe (by url) or unsubscribe (by remote feed id)."""

    seq: int
    kind: FeedOpKind
    target: str  # subscribe: the feed url; unsubscribe: the remote feed id
    title: str | None = None
    feed_id: int | None = None  # the local feed, when the store knows it


class PageStored(NamedTuple):
    """What storing one page changed here: feeds made, removed or renamed; new articles; flags set."""

    feeds: int = 0
    articles: int = 0
    states: int = 0


class Known(NamedTuple):
    """The server's flags for an entry as last seen (the base), and the change time it reported then."""

    read: bool | None = None
    starred: bool | None = None
    changed_at: datetime | None = None


# Clocks compare to the second (the Date header): the server's change must be later by more than this to win.
CLOCK_SLACK = timedelta(seconds=1)


@dataclass(frozen=True)
class Decision:
    """What one pull page means locally."""

    apply: tuple[StateChange, ...]  # set these flags locally (the server's value wins or nothing local waits)
    dropped: tuple[int, ...]  # queue seqs no longer to push (the server has the value, or a later one)


class Reconciler:
    """Holds a snapshot of the queue, decides page by page, and says at the end what is left to push."""

    def __init__(self, changes: Iterable[LocalChange], base: Mapping[str, Known]) -> None:
        self._latest: dict[tuple[str, Attribute], LocalChange] = {}
        self._superseded: list[int] = []  # older changes of the same flag: the latest one speaks for them
        for change in sorted(changes, key=lambda c: c.seq):
            key = (change.remote_id, change.attribute)
            older = self._latest.get(key)
            if older is not None:
                self._superseded.append(older.seq)
            self._latest[key] = change
        self._base: dict[str, Known] = dict(base)
        self.max_seq = max((c.seq for c in self._latest.values()), default=0)

    def decide(self, states: Iterable[RemoteState], clock_offset: float | None = None) -> Decision:
        """Reconcile a page's remote states; clock_offset is the server's clock minus ours, in seconds."""
        apply: list[StateChange] = []
        dropped: list[int] = []
        offset = timedelta(seconds=clock_offset or 0.0)
        for state in states:
            flags: tuple[tuple[Attribute, bool | None], ...] = (("read", state.read), ("starred", state.starred))
            base = self._base.get(state.remote_id, Known())
            moved = {a for a, v in flags if v is not None and _flag(base, a) is not None and _flag(base, a) != v}
            for attribute, value in flags:
                if value is None:
                    continue
                local = self._latest.get((state.remote_id, attribute))
                if local is None:
                    apply.append(StateChange(state.remote_id, attribute, value))
                    continue
                if local.value == value:
                    dropped.append(local.seq)
                    del self._latest[(state.remote_id, attribute)]
                    continue
                later = state.changed_at is not None and state.changed_at > local.changed_at + offset + CLOCK_SLACK
                if value == _flag(base, attribute) and (
                    moved - {attribute} or base.changed_at is None or state.changed_at == base.changed_at
                ):
                    # The other flag's change, one we saw before, or our own push (whose time on the server we do
                    # not know): this flag stayed as we knew it.
                    later = False
                if later:
                    apply.append(StateChange(state.remote_id, attribute, value))
                    dropped.append(local.seq)
                    del self._latest[(state.remote_id, attribute)]
            self._base[state.remote_id] = Known(
                base.read if state.read is None else state.read,
                base.starred if state.starred is None else state.starred,
                state.changed_at,
            )
        return Decision(tuple(apply), tuple(dropped))

    def to_push(self) -> list[LocalChange]:
        """The local changes that won and that the server does not already have, in queue order."""
        return [c for c in self._pending() if _flag(self._base.get(c.remote_id), c.attribute) != c.value]

    def settled(self) -> list[LocalChange]:
        """Local changes the server already has (as last known): to drop from the queue without a push."""
        return [c for c in self._pending() if _flag(self._base.get(c.remote_id), c.attribute) == c.value]

    def superseded(self) -> list[int]:
        return list(self._superseded)

    def _pending(self) -> list[LocalChange]:
        return sorted(self._latest.values(), key=lambda c: c.seq)


def _flag(base: Known | None, attribute: Attribute) -> bool | None:
    if base is None:
        return None
    return base.read if attribute == "read" else base.starred


class SyncStore(Protocol):
    """What the sync engine needs from storage; each method is one transaction."""

    def cursor(self) -> str | None:
        """The cursor the last complete pull returned (None: never synced)."""

    def feed_ops(self) -> list[FeedOp]:
        """Queued subscribes and unsubscribes, in queue order."""

    def feed_op_done(self, op: FeedOp, feed: RemoteFeed | None) -> None:
        """Delete the op; for a subscribe, remember feed.remote_id for the local feed with that url."""

    def feed_op_failed(self, op: FeedOp) -> None:
        """Delete an op the server refused for good (the feed stays local only)."""

    def pending(self) -> list[LocalChange]:
        """A snapshot of the queued flag changes, in seq order."""

    def base(self, remote_ids: Iterable[str]) -> Mapping[str, Known]:
        """The server's flags and change time as last known, for these entries (missing: unknown)."""

    def store_page(
        self, page: PullPage, apply: Sequence[StateChange], dropped: Sequence[int], guard_seq: int
    ) -> PageStored:
        """Store one page in one transaction, and say what it changed here.

        Upsert page.feeds (when not None: the whole subscription list) and page.entries (new articles, with
        their flags; existing ones keep their local text). Set each flag of `apply` locally, except where a
        queued change of that flag has a seq above guard_seq (made while this sync ran: it wins, and goes out
        next time). Record every state of page.all_states() as the new base (its flags that are not None,
        and its changed_at). Delete the `dropped` queue rows.
        """

    def pushed(self, changes: Sequence[LocalChange]) -> None:
        """Delete these queue rows, and record their values as the server's (the base; changed_at unknown)."""

    def save_cursor(self, cursor: str) -> None:
        """Keep the cursor of a complete pull."""


@dataclass
class SyncReport:
    """What one sync did, in the fields of `reader sync --json` (pulled: what the pull changed here)."""

    feeds: int = 0
    articles: int = 0
    states: int = 0
    read: int = 0
    unread: int = 0
    bookmarked: int = 0
    unbookmarked: int = 0
    subscribed: int = 0
    unsubscribed: int = 0
    requests: int = 0
    refused: list[str] = field(default_factory=list)  # feed operations the server refused (one line each)

    def add(self, other: SyncReport) -> None:
        for name in (
            "feeds",
            "articles",
            "states",
            "read",
            "unread",
            "bookmarked",
            "unbookmarked",
            "subscribed",
            "unsubscribed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.requests = other.requests  # the backend's running count
        self.refused += other.refused

    def count_push(self, changes: Iterable[LocalChange]) -> None:
        for change in changes:
            if change.attribute == "read":
                if change.value:
                    self.read += 1
                else:
                    self.unread += 1
            elif change.value:
                self.bookmarked += 1
            else:
                self.unbookmarked += 1


Progress = Callable[[PullPage], None]


def run_sync(backend: SyncBackend, store: SyncStore, *, progress: Progress | None = None) -> SyncReport:
    """One sync: queued feed ops, then pull (stored page by page), then push what won. Raises SyncError.

    Whatever completed before an error stays done: stored pages, pushed batches, finished feed ops. The
    queue keeps the rest, and the cursor moves only when a pull completes. A feed op the server refuses for
    good (it cannot fetch the feed, say) leaves the queue and is told in report.refused; the sync goes on.
    """
    report = SyncReport()
    run_feed_ops(backend, store, report)
    local = store.pending()
    reconciler = Reconciler(local, store.base({c.remote_id for c in local}))
    superseded = reconciler.superseded()
    for page in backend.pull(store.cursor()):
        decision = reconciler.decide(page.all_states(), backend.clock_offset)
        stored = store.store_page(page, decision.apply, [*decision.dropped, *superseded], reconciler.max_seq)
        superseded = []
        report.feeds += stored.feeds
        report.articles += stored.articles
        report.states += stored.states
        if page.cursor is not None:
            store.save_cursor(page.cursor)
        if progress is not None:
            progress(page)
    settled = reconciler.settled()
    if settled:
        store.pushed(settled)  # the server has these values already: nothing to send
    winners = {(c.remote_id, c.attribute): c for c in reconciler.to_push()}
    changes = [StateChange(c.remote_id, c.attribute, c.value) for c in winners.values()]
    for batch in backend.push(changes):
        done = [winners[(c.remote_id, c.attribute)] for c in batch]
        store.pushed(done)
        report.count_push(done)
    report.requests = backend.requests
    return report


def run_feed_ops(backend: SyncBackend, store: SyncStore, report: SyncReport) -> None:
    """The queued subscribes and unsubscribes, in order; one the server refuses for good leaves the queue."""
    for op in store.feed_ops():
        try:
            if op.kind == "subscribe":
                store.feed_op_done(op, backend.subscribe(op.target, title=op.title))
                report.subscribed += 1
            else:
                backend.unsubscribe(op.target)
                store.feed_op_done(op, None)
                report.unsubscribed += 1
        except SyncError as exc:
            if not _refused_for_good(op, exc):
                raise
            store.feed_op_failed(op)
            report.refused.append(str(exc))
    report.requests = backend.requests


def _refused_for_good(op: FeedOp, exc: SyncError) -> bool:
    """A refusal of this one request, not of the account or the connection: a 4xx, or a subscription the server
    fails on (Miniflux answers 500 for a feed it cannot fetch or parse); not a gateway or a busy server."""
    if exc.kind == "rejected":
        return True
    busy = exc.status in (None, 429, 502, 503, 504)
    return op.kind == "subscribe" and exc.kind == "server" and not busy
