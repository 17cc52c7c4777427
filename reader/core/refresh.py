"""The refresh engine: due feeds fetched at once on the fetch loop, parsed and stored one by one as they arrive.

Fetching is waiting, so every due feed is in flight at once (up to `workers`), each host at most `per_host` at a
time (core/fetch/), in a stable order that interleaves hosts, biggest first, so one site's many feeds never sit
side by side waiting for each other's slots. Each body is parsed on a parsing thread (off the event loop), and the
caller's thread stores each feed in one transaction, in order of arrival, and yields one result per feed. A host that
answers 429 or 503 with Retry-After is not asked again until then: its other feeds wait, with the same message.
Search indexing is not done here: stored articles wait in the index queue (Storage.index_pending).
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from reader.core.fetch import FetchError, FetchResult, host_of
from reader.core.models import Feed, ParsedFeed, RefreshResult
from reader.core.parse import ParseError, parse_feed
from reader.core.safe import one_line

if TYPE_CHECKING:
    from reader.core.fetch import Fetcher, FetchSession
    from reader.core.storage import Storage

__all__ = ["host_shares", "refresh", "spread_by_host"]

_LONGEST_WAIT = 7 * 86400.0  # a Retry-After further away than a week is read as a week


@dataclass(frozen=True)
class _Fetched:
    """One feed's fetch (and parse), as the loop hands it to the writer."""

    feed: Feed
    result: FetchResult | None = None  # its bytes dropped once parsed
    error: FetchError | None = None
    parsed: ParsedFeed | None = None
    parse_error: str | None = None


def spread_by_host(feeds: Iterable[Feed]) -> list[Feed]:
    """Feeds in a stable order that takes one feed of each host in turn, the hosts with most feeds first.

    The same subscriptions give the same order on every run; a newspaper's twenty section feeds are spread
    through the refresh instead of queueing for the same host's slots at its start or end.
    """
    by_host: dict[str, list[Feed]] = {}
    for feed in sorted(feeds, key=lambda f: f.id):
        by_host.setdefault(host_of(feed.url), []).append(feed)
    hosts = sorted(by_host, key=lambda h: (-len(by_host[h]), h))
    order: list[Feed] = []
    for turn in range(max((len(v) for v in by_host.values()), default=0)):
        order += [by_host[h][turn] for h in hosts if turn < len(by_host[h])]
    return order


def host_shares(feeds: Iterable[Feed], per_host: int) -> dict[str, int]:
    """How many requests each host gets at once in this refresh: no more than it needs to finish with the rest.

    The host with most feeds needs ceil(n / per_host) rounds of requests whatever we do; a host with fewer feeds
    that spreads them over the same number of rounds finishes no later, and opens fewer connections (on the
    internet each costs a round trip, and a TLS handshake): 2 feeds on a site go one after the other when the
    biggest site needs two rounds anyway.
    """
    counts: dict[str, int] = {}
    for feed in feeds:
        host = host_of(feed.url)
        counts[host] = counts.get(host, 0) + 1
    if not counts:
        return {}
    per_host = max(1, per_host)
    rounds = -(-max(counts.values()) // per_host)
    return {host: min(per_host, -(-n // rounds)) for host, n in counts.items()}


def _host_waits(feeds: Iterable[Feed], now: datetime) -> dict[str, Feed]:
    """Hosts that asked us to wait (a feed of theirs has a Retry-After in the future), with that feed."""
    waits: dict[str, Feed] = {}
    for feed in feeds:
        if feed.retry_after and feed.retry_after > now and not feed.gone:
            host = host_of(feed.url)
            if host and (host not in waits or feed.retry_after > (waits[host].retry_after or now)):
                waits[host] = feed
    return waits


def refresh(
    storage: Storage,
    fetcher: Fetcher,
    wanted: set[int] | None,
    *,
    workers: int,
    cancel: threading.Event | None = None,
    force: bool = False,
) -> Iterator[RefreshResult]:
    """Refresh the wanted feeds (all when None), yielding one result per feed as each is stored.

    One feed's failure never stops the others; what was stored before a failure is kept. Feeds a server asked
    us to leave alone (Retry-After, on any feed of its host) or that are gone (410) are not asked unless `force`.
    """
    every = storage.feeds()
    feeds = [f for f in every if wanted is None or f.id in wanted]
    now = datetime.now(UTC)
    waits = {} if force else _host_waits(every, now)
    due: list[Feed] = []
    for feed in feeds:
        wait = waits.get(host_of(feed.url))
        if not force and feed.gone:
            yield RefreshResult(feed.id, feed.url, feed.title, "error",
                                error="feed is gone (HTTP 410); remove it, or refresh it by name to retry")
        elif wait is not None and wait.retry_after is not None:
            when = wait.retry_after.astimezone().strftime("%H:%M")
            reason = feed.error if wait.id == feed.id else f"{wait.title}, on the same site: {wait.error}"
            yield RefreshResult(feed.id, feed.url, feed.title, "error",
                                error=f"{reason or 'server asked us to wait'}; not asked again before {when}")
        else:
            due.append(feed)
    if not due:
        return
    validators = storage.all_validators()  # one query, not one per feed (a warm refresh is all 304s)
    shares = host_shares(due, fetcher.limits.per_host)
    for fetched in _fetch_all(fetcher, spread_by_host(due), validators, shares, workers=workers, cancel=cancel):
        yield _store(storage, fetched)


def _fetch_all(
    fetcher: Fetcher,
    feeds: list[Feed],
    validators: dict[int, tuple[str | None, str | None]],
    shares: dict[str, int],
    *,
    workers: int,
    cancel: threading.Event | None,
) -> Iterator[_Fetched]:
    """Each feed's fetch as it completes. A feed whose request had not gone out when `cancel` is set is dropped."""
    arrived: queue.SimpleQueue[_Fetched | None] = queue.SimpleQueue()
    # A feed holds one of `workers` places from its request until the writer has taken its body: fetching never
    # runs more than `workers` bodies ahead of storing (each may be up to FetchLimits.max_bytes).
    places: list[asyncio.Semaphore] = []

    async def one(session: FetchSession, feed: Feed, place: asyncio.Semaphore, waits: dict[str, FetchError]) -> None:
        if cancel is None:
            await place.acquire()
        else:
            while True:  # a thread's Event cannot wake the loop: look at it between short waits
                try:
                    await asyncio.wait_for(place.acquire(), 0.1)
                    break
                except TimeoutError:
                    if cancel.is_set():
                        arrived.put(None)  # dropped: nothing stored, nothing said
                        return
        etag, last_modified = validators.get(feed.id, (None, None))
        outcome: _Fetched | None = None  # None: dropped (cancelled before its request went out)
        try:
            if cancel is None or not cancel.is_set():
                async with share(host_of(feed.url)):  # this refresh's share of the host (the session caps it too)
                    result = await session.fetch(
                        feed.url, etag=etag, last_modified=last_modified, cancel=cancel, host_waits=waits
                    )
                outcome = _Fetched(feed, result=result)
                if result.status != 304:  # parsed on the parsing thread, while the loop goes on fetching
                    outcome = await asyncio.get_running_loop().run_in_executor(parsing, _parse, outcome)
        except FetchError as exc:
            outcome = _Fetched(feed, error=exc) if exc.asked else None
        except Exception as exc:  # a bug in a library must not stop the other feeds
            outcome = _Fetched(feed, error=FetchError(f"unexpected error: {one_line(exc)}"))
        if outcome is None:
            place.release()  # the writer releases the place of what it takes
        arrived.put(outcome)

    semaphores: dict[str, asyncio.Semaphore] = {}

    def share(host: str) -> asyncio.Semaphore:
        if host not in semaphores:
            semaphores[host] = asyncio.Semaphore(shares.get(host, 1))
        return semaphores[host]

    # One parsing thread: off the event loop, and overlapping the writer's SQLite work (which lets go of the GIL).
    parsing = ThreadPoolExecutor(1, thread_name_prefix="parse")

    async def main(session: FetchSession) -> None:
        place = asyncio.Semaphore(max(1, workers))
        places.append(place)
        waits: dict[str, FetchError] = {}
        await asyncio.gather(*(one(session, feed, place, waits) for feed in feeds))

    async def start() -> None:
        await main(await fetcher.session())

    done = fetcher.submit(start())
    try:
        received = 0
        while received < len(feeds):
            try:
                fetched = arrived.get(timeout=0.5)
            except queue.Empty:
                if done.done():
                    done.result()  # a bug in the engine itself surfaces here, not as a silent hang
                    if arrived.empty():
                        break
                continue
            received += 1
            if fetched is None:
                continue
            try:
                yield fetched
            finally:
                fetcher.call_soon(places[0].release)
    finally:
        if not done.done():
            done.cancel()
        parsing.shutdown(wait=False, cancel_futures=True)


def _store(storage: Storage, fetched: _Fetched) -> RefreshResult:
    """Store one fetched and parsed feed (or its error) in one transaction; never raises for one feed's fault."""
    from reader.core.storage import StorageError

    feed = fetched.feed
    try:
        if fetched.error is not None:
            error = fetched.error
            retry = None
            if error.retry_after:
                retry = datetime.now(UTC) + timedelta(seconds=min(error.retry_after, _LONGEST_WAIT))
            storage.set_feed_error(feed.id, str(error), gone=error.gone, retry_after=retry)
            return RefreshResult(feed.id, feed.url, feed.title, "error", error=str(error))
        result = fetched.result
        assert result is not None
        if result.status == 304:
            storage.set_not_modified(feed.id)
            return RefreshResult(feed.id, feed.url, feed.title, "not_modified")
        parsed = fetched.parsed
        if parsed is None:
            return _failed(storage, feed, fetched.parse_error or "could not parse")
        new = storage.store_feed(feed.id, parsed, etag=result.etag, last_modified=result.last_modified)
        return RefreshResult(feed.id, feed.url, parsed.title or feed.title, "ok", new=new)
    except StorageError:
        raise
    except Exception as exc:
        return RefreshResult(feed.id, feed.url, feed.title, "error", error=f"could not store: {one_line(exc)}")


def _parse(fetched: _Fetched) -> _Fetched:
    """The fetched feed parsed (its bytes let go), or the reason it could not be."""
    result = fetched.result
    assert result is not None
    try:
        parsed = parse_feed(result.content, result.url, result.content_type)
    except ParseError as exc:
        return replace(fetched, result=replace(result, content=b""), parse_error=one_line(exc))
    except Exception as exc:  # a bug in the parser must not stop the other feeds
        return replace(fetched, result=replace(result, content=b""), parse_error=f"could not parse: {one_line(exc)}")
    return replace(fetched, result=replace(result, content=b""), parsed=parsed)


def _failed(storage: Storage, feed: Feed, error: str) -> RefreshResult:
    storage.set_feed_error(feed.id, error)
    return RefreshResult(feed.id, feed.url, feed.title, "error", error=error)
