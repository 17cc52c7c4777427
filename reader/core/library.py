"""The facade the CLI and the TUI use: subscribe, refresh, read, mark, bookmark and search."""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.models import READING_VERSION, Article, ArticleSummary, Feed, ParsedFeed, Reading, RefreshResult
from reader.core.parse import ParseError, parse_feed
from reader.core.safe import scrub, strip_tags
from reader.core.storage import Storage, StorageError, entry_digest, reading_from_json, search_text

if TYPE_CHECKING:
    from reader.core.fetch import Fetcher, FetchResult

__all__ = ["Library", "LibraryError", "StorageError", "make_library"]


class LibraryError(Exception):
    """A user-facing failure: one line naming what failed and why."""


@dataclass(frozen=True)
class _Outcome:
    """What a refresh worker hands back to the writer thread."""

    feed: Feed
    fetched: FetchResult | None = None
    parsed: ParsedFeed | None = None
    error: str | None = None
    gone: bool = False
    retry_after: float | None = None
    texts: tuple[str | None, ...] | None = None  # search text of each new or edited entry, made by the worker
    parsing_slot: bool = False  # holds one of refresh_iter's parsing slots until stored


@dataclass(frozen=True)
class SearchHit:
    article: ArticleSummary
    snippet: str  # matched words wrapped in \x02 … \x03 (never shown raw: the UI turns them into styles)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return scrub(text)[:500]


# Reading costs ~2-3 s per MB of item HTML (quotes, html2text); no news story is longer than this, and a
# hostile 20 MB item must not keep `show` busy for a minute. The cut is said at the end of the text.
MAX_READING_CHARS = 512 * 1024


def _cut_reading(analyze: Callable[..., Reading], content: str | None, summary: str | None,
                 **fields: str | None) -> Reading:
    reading = analyze(
        content[:MAX_READING_CHARS] if content else content,
        summary[:MAX_READING_CHARS] if summary else summary,
        **fields,
    )
    note = f"(The rest of this item was not read: it is longer than {MAX_READING_CHARS // 1024} KB.)"
    return replace(reading, text=f"{reading.text}\n\n{note}".strip(), plain=f"{reading.plain}\n\n{note}".strip())


# A refresh of fewer feeds parses in its fetching threads: a process pool costs ~0.1 s of start-up.
_PROCESS_POOL_MIN_FEEDS = 8


def _parse_job(
    data: bytes, url: str, content_type: str | None, known: dict[str, str | None]
) -> tuple[ParsedFeed, tuple[str | None, ...]]:
    """Parse one feed and make the search text of its new or edited entries (in a parsing process)."""
    parsed = parse_feed(data, url, content_type)
    return parsed, _search_texts(parsed, known)


def _follow_parent(parent: int) -> None:
    """In a parsing process: exit when the refresh that started it is gone (kill -9 gives no chance to say so).

    A pool worker waits on a queue whose writing end it also holds, so it would otherwise wait forever.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


def _search_texts(parsed: ParsedFeed, known: dict[str, str | None]) -> tuple[str | None, ...]:
    # None for an entry stored unchanged (same digest): it needs no text.
    return tuple(
        None if known.get(e.key) == entry_digest(e) else search_text(e.content or e.summary) for e in parsed.entries
    )


class _ParsePool:
    """Processes that parse for one refresh, started when the first feed body arrives (or by warm_up).

    Parsing is CPU work under the GIL; in threads it would contend with the writer thread, whose every SQLite
    call gives up the GIL and then waits up to a switch interval (5 ms) to get it back, dozens of times per
    feed. In processes it uses the other core and leaves the GIL to the writer (a cold refresh of 100 feeds:
    2.0 s → 1.5 s). A warm refresh (all 304) never starts them. They are spawned, so, as with any spawning
    pool, a script that refreshes a big library must guard its entry point with `if __name__ == "__main__"`
    (`python -m reader`, the `reader` script and pytest do).
    """

    def __init__(self, processes: int, *, thread_while_booting: bool = True) -> None:
        self._processes = processes
        self._thread_while_booting = thread_while_booting
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._booted: Future[int] | None = None  # done once a process answers
        self._failed = False

    def parse(
        self, data: bytes, url: str, content_type: str | None, known: dict[str, str | None]
    ) -> tuple[ParsedFeed, tuple[str | None, ...]] | None:
        """The parse, or None when no process can do it (the caller parses in its own thread)."""
        from concurrent.futures.process import BrokenProcessPool

        pool = self._start()
        if pool is None or self._failed:
            return None
        if self._thread_while_booting and self._booted is not None and not self._booted.done():
            return None  # still booting: this thread parses (the first feed or two)
        try:
            return pool.submit(_parse_job, data, url, content_type, known).result()
        except (BrokenProcessPool, RuntimeError):  # a process died (or the pool is shutting down)
            self._failed = True
            return None

    def warm_up(self) -> None:
        """Start the processes now, while the first fetches wait on the network (they take ~0.1 s to boot)."""
        self._start()

    def _start(self) -> ProcessPoolExecutor | None:
        with self._lock:
            if self._pool is None and not self._failed:
                try:
                    import multiprocessing

                    # spawn: fork is unsafe in a threaded process (the TUI, these fetching threads), and a
                    # forkserver would outlive the refresh; spawned workers are ours, joined at the end.
                    context = multiprocessing.get_context("spawn")
                    self._pool = ProcessPoolExecutor(
                        self._processes, mp_context=context, initializer=_follow_parent, initargs=(os.getpid(),)
                    )
                    self._booted = self._pool.submit(int)
                except Exception:
                    self._failed = True
            return self._pool

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None


class Library:
    """A reader library: one SQLite file and a fetcher. Methods are safe to call from any thread."""

    def __init__(
        self,
        storage: Storage,
        fetcher: Fetcher | None = None,
        *,
        workers: int = 32,
        parse_processes: int | None = None,
    ) -> None:
        self.storage = storage
        self._fetcher = fetcher
        self._fetcher_lock = threading.Lock()
        self.workers = workers  # feeds fetched at once (waiting is cheap; each host still gets 2 connections)
        # Processes that parse during a refresh of many feeds: None for one per core beyond the first (none on
        # one core), 0 to always parse in the fetching threads.
        self.parse_processes = parse_processes

    # -- plumbing ----------------------------------------------------------------------------------

    @property
    def fetcher(self) -> Fetcher:
        with self._fetcher_lock:
            if self._fetcher is None:
                from reader.core.fetch import Fetcher  # deferred: httpx costs start-up time

                self._fetcher = Fetcher()
            return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
        self.storage.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fetch(self, url: str, **kwargs: object) -> FetchResult:
        from reader.core.fetch import FetchError

        try:
            return self.fetcher.fetch(url, **kwargs)  # type: ignore[arg-type]
        except FetchError as exc:
            raise LibraryError(_one_line(exc)) from exc

    # -- feeds -------------------------------------------------------------------------------------

    def feeds(self) -> list[Feed]:
        return self.storage.feeds()

    def feed(self, feed_id: int) -> Feed | None:
        return self.storage.feed(feed_id)

    def find_feed(self, ref: str) -> Feed:
        """A feed by id, URL, or a unique part of its title."""
        ref = ref.strip()
        if ref.isdigit():
            feed = self.storage.feed(int(ref))
            if feed:
                return feed
        feeds = self.storage.feeds()
        for feed in feeds:
            if feed.url == ref:
                return feed
        from reader.core.fetch import normalize_url

        try:
            normalized = normalize_url(ref)
        except Exception:
            normalized = ref
        for feed in feeds:
            if feed.url == normalized:
                return feed
        matches = [f for f in feeds if ref.casefold() in f.title.casefold()]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise LibraryError(f"{ref}: matches {len(matches)} feeds; use its id")
        raise LibraryError(f"{ref}: no such feed")

    def add(self, url_or_path: str, *, category: str | None = None) -> tuple[Feed, int]:
        """Subscribe to a feed (finding it on an HTML page) and store its current articles.

        Returns the feed and how many articles were new. Refuses what is not a feed.
        """
        from reader.core.discover import discover_feeds, looks_like_html
        from reader.core.fetch import FetchError, normalize_url

        try:
            url = normalize_url(url_or_path)
        except FetchError as exc:
            raise LibraryError(f"{url_or_path}: {_one_line(exc)}") from exc
        existing = self.storage.feed_by_url(url)
        if existing:
            raise LibraryError(f"{url}: already subscribed as feed {existing.id} ({existing.title})")
        try:
            fetched = self._fetch(url)
        except LibraryError as exc:
            raise LibraryError(f"{url}: {exc}") from exc
        try:
            parsed = parse_feed(fetched.content, fetched.url, fetched.content_type)
        except ParseError as exc:
            if not looks_like_html(fetched.content):
                raise LibraryError(f"{url}: {exc}") from exc
            candidates = discover_feeds(fetched.content, fetched.url)
            if not candidates:
                raise LibraryError(f"{url}: an HTML page that names no feed") from exc
            url, parsed, fetched = self._first_working(candidates)
            existing = self.storage.feed_by_url(url)
            if existing:
                raise LibraryError(
                    f"{url}: already subscribed as feed {existing.id} ({existing.title})"
                ) from exc
        feed_id, _ = self.storage.add_feed(url, parsed.title, category)
        new = self.storage.store_feed(feed_id, parsed, etag=fetched.etag, last_modified=fetched.last_modified)
        feed = self.storage.feed(feed_id)
        assert feed is not None
        return feed, new

    def _first_working(self, candidates: list[str]) -> tuple[str, ParsedFeed, FetchResult]:
        errors = []
        for candidate in candidates[:5]:
            try:
                fetched = self._fetch(candidate)
                return candidate, parse_feed(fetched.content, fetched.url, fetched.content_type), fetched
            except (LibraryError, ParseError) as exc:
                errors.append(f"{candidate}: {_one_line(exc)}")
        raise LibraryError("the page's feeds failed: " + "; ".join(errors))

    def subscribe(self, url: str, title: str = "", category: str | None = None) -> tuple[int, bool]:
        """Subscribe without fetching (OPML import): the next refresh fetches."""
        return self.storage.add_feed(url, scrub(title), category)

    def remove(self, feed_id: int) -> None:
        """Unsubscribe. Bookmarked articles keep their full reading; the rest of the feed's articles go."""
        for summary in self.storage.articles(feed_id=feed_id, bookmarked=True):
            self.article(summary.id)  # make sure the reading is stored before the feed disappears
        self.storage.remove_feed(feed_id)

    # -- refresh -----------------------------------------------------------------------------------

    def refresh_iter(
        self,
        feed_ids: Iterable[int] | None = None,
        *,
        cancel: threading.Event | None = None,
        force: bool = False,
    ) -> Iterator[RefreshResult]:
        """Refresh feeds concurrently, yielding one result per feed as each finishes.

        One feed's failure never stops the others; what was stored before a failure is kept.
        Feeds a server asked us to leave alone (Retry-After) or that are gone (410) are not asked again
        unless `force`.
        """
        wanted = set(feed_ids) if feed_ids is not None else None
        feeds = [f for f in self.storage.feeds() if wanted is None or f.id in wanted]
        now = datetime.now(UTC)
        due: list[Feed] = []
        for feed in feeds:
            if not force and feed.gone:
                yield RefreshResult(
                    feed.id,
                    feed.url,
                    feed.title,
                    "error",
                    error="feed is gone (HTTP 410); remove it, or refresh it by name to retry",
                )
            elif not force and feed.retry_after and feed.retry_after > now:
                when = feed.retry_after.astimezone().strftime("%H:%M")
                yield RefreshResult(
                    feed.id,
                    feed.url,
                    feed.title,
                    "error",
                    error=f"{feed.error or 'server asked us to wait'}; not asked again before {when}",
                )
            else:
                due.append(feed)
        if not due:
            return
        validators = self.storage.all_validators()  # one query, not one per worker (warm refreshes are all 304)
        processes = self.parse_processes
        if processes is None:  # one core stays with this process (fetching, writing): the others parse
            processes = min((os.cpu_count() or 1) - 1, 3) if len(due) >= _PROCESS_POOL_MIN_FEEDS else 0
            parsers = _ParsePool(processes) if processes >= 1 else None
        else:  # as asked (tests): always in the processes
            parsers = _ParsePool(processes, thread_while_booting=False) if processes >= 1 else None
        if parsers is not None and sum(validators.get(f.id) in (None, (None, None)) for f in due) >= len(due) / 2:
            parsers.warm_up()  # mostly feeds never fetched: bodies are coming; boot while httpx loads
        fetcher = self.fetcher
        done: queue.SimpleQueue[_Outcome] = queue.SimpleQueue()
        # Parsed feeds wait for the one writer; a few ready is enough to keep it busy, and more would only
        # hold memory (a parsed feed is several times its bytes).
        parsing = threading.Semaphore(6)

        def work(feed: Feed) -> None:
            etag, last_modified = validators.get(feed.id, (None, None))
            done.put(self._fetch_and_parse(fetcher, feed, cancel, etag, last_modified, parsing, parsers))

        # Fetching is waiting: many feeds at once (each host still gets at most FetchLimits.per_host
        # connections). A fetching thread hands the body to a parsing process (or parses it itself, for small
        # refreshes); the caller's thread only writes, one transaction per feed, in order of arrival.
        with ThreadPoolExecutor(
            max_workers=max(1, min(self.workers, len(due))), thread_name_prefix="refresh"
        ) as threads:
            futures = [threads.submit(work, f) for f in due]
            remaining = len(due)
            stopping = False
            try:
                while remaining:
                    try:
                        outcome = done.get(timeout=0.2)
                    except queue.Empty:
                        pass
                    else:
                        remaining -= 1
                        try:
                            yield self._store_outcome(outcome)
                        finally:
                            if outcome.parsing_slot:
                                parsing.release()
                    if not stopping and cancel is not None and cancel.is_set():
                        # Feeds not yet started are dropped; those in flight see the event, finish and are stored.
                        stopping = True
                        remaining -= sum(1 for future in futures if future.cancel())
            finally:
                for future in futures:
                    future.cancel()
                if parsers is not None:
                    parsers.close()
        self.storage.close_finished_threads()  # the pool's threads have been joined: their connections go too

    def _fetch_and_parse(
        self,
        fetcher: Fetcher,
        feed: Feed,
        cancel: threading.Event | None,
        etag: str | None = None,
        last_modified: str | None = None,
        parsing: threading.Semaphore | None = None,
        pool: _ParsePool | None = None,
    ) -> _Outcome:
        from reader.core.fetch import FetchError

        if cancel is not None and cancel.is_set():
            return _Outcome(feed, error="cancelled")
        try:
            fetched = fetcher.fetch(feed.url, etag=etag, last_modified=last_modified, cancel=cancel)
        except FetchError as exc:
            return _Outcome(feed, error=_one_line(exc), gone=exc.gone, retry_after=exc.retry_after)
        except Exception as exc:  # a bug in a library must not stop the other feeds
            return _Outcome(feed, error=f"unexpected error: {_one_line(exc)}")
        if fetched.status == 304:
            return _Outcome(feed, fetched=fetched)
        if parsing is not None:
            while not parsing.acquire(timeout=0.2):
                if cancel is not None and cancel.is_set():
                    return _Outcome(feed, error="cancelled")
        held = parsing is not None
        try:
            known = self.storage.known_digests(feed.id)
        except Exception:
            known = {}  # every entry gets its text made; the writer still compares digests
        try:
            job = pool.parse(fetched.content, fetched.url, fetched.content_type, known) if pool else None
            if job is None:
                parsed = parse_feed(fetched.content, fetched.url, fetched.content_type)
                texts: tuple[str | None, ...] | None = _search_texts(parsed, known)
            else:
                parsed, texts = job
        except ParseError as exc:
            return _Outcome(feed, error=_one_line(exc), parsing_slot=held)
        except Exception as exc:
            return _Outcome(feed, error=f"could not parse: {_one_line(exc)}", parsing_slot=held)
        # The bytes are done with: only the validators travel on to the writer.
        return _Outcome(feed, fetched=replace(fetched, content=b""), parsed=parsed, texts=texts, parsing_slot=held)

    def _store_outcome(self, outcome: _Outcome) -> RefreshResult:
        feed = outcome.feed
        try:
            if outcome.error is not None:
                retry = (
                    datetime.now(UTC) + timedelta(seconds=min(outcome.retry_after, 7 * 86400))
                    if outcome.retry_after
                    else None
                )
                self.storage.set_feed_error(feed.id, outcome.error, gone=outcome.gone, retry_after=retry)
                return RefreshResult(feed.id, feed.url, feed.title, "error", error=outcome.error)
            assert outcome.fetched is not None
            if outcome.parsed is None:
                self.storage.set_not_modified(feed.id)
                return RefreshResult(feed.id, feed.url, feed.title, "not_modified")
            new = self.storage.store_feed(
                feed.id,
                outcome.parsed,
                etag=outcome.fetched.etag,
                last_modified=outcome.fetched.last_modified,
                texts=outcome.texts,
            )
            return RefreshResult(feed.id, feed.url, outcome.parsed.title or feed.title, "ok", new=new)
        except StorageError:
            raise
        except Exception as exc:
            return RefreshResult(
                feed.id, feed.url, feed.title, "error", error=f"could not store: {_one_line(exc)}"
            )

    # -- articles ----------------------------------------------------------------------------------

    def articles(
        self,
        *,
        feed_id: int | None = None,
        unread: bool = False,
        bookmarked: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ArticleSummary]:
        return self.storage.articles(
            feed_id=feed_id, unread=unread, bookmarked=bookmarked, limit=limit, offset=offset
        )

    def article(self, article_id: int, *, fetch_page: bool = True) -> Article | None:
        """The whole article with its reading, made (and stored) on first use.

        A summary-only item's web page is fetched once; `show` never refetches after that.
        """
        row = self.storage.article_row(article_id)
        if row is None:
            return None
        cached: Reading | None = None
        if row["reading"]:
            with contextlib.suppress(ValueError, TypeError, KeyError):  # a damaged reading is made again
                cached = reading_from_json(row["reading"])
            # An older engine's reading is made again, unless it is a bookmark whose feed is gone: that one
            # keeps the reading its reader saved.
            if cached is not None and (cached.version >= READING_VERSION or row["feed_id"] is None):
                return self.storage.article_from_row(row, cached)
        reading, final = self._make_reading(row, fetch_page=fetch_page)
        if final:
            self.storage.save_reading(article_id, reading)
        elif cached is not None:
            reading = cached  # an older engine's reading beats a worse one made offline
        return self.storage.article_from_row(row, reading)

    def _make_reading(self, row: Any, *, fetch_page: bool) -> tuple[Reading, bool]:
        """(reading, final): not final when the page should have been fetched and could not be."""
        try:
            return self._read_row(row, fetch_page=fetch_page)
        except Exception:
            # Hostile content must never make an article unreadable: its plain words, not stored, so
            # a later (fixed) reading pipeline gets another chance.
            words = strip_tags(row["content"] or row["summary"])
            return Reading(text=" ".join(scrub(words).split())), False

    def _read_row(self, row: Any, *, fetch_page: bool) -> tuple[Reading, bool]:
        from reader.core.article import analyze_item, analyze_page, is_summary_only
        from reader.core.fetch import decode_html

        get = row.__getitem__
        content, summary, url, author = get("content"), get("summary"), get("url"), get("author")
        title, published = get("title"), get("published")
        if len(content or "") > MAX_READING_CHARS or len(summary or "") > MAX_READING_CHARS:
            return _cut_reading(
                analyze_item, content, summary, title=title, author=author, url=url, published=published
            ), True
        if (
            is_summary_only(content, summary)
            and url
            and fetch_page
            and self._may_fetch_page(url, get("feed_id"))
        ):
            try:
                fetched = self._fetch(url)
                page = analyze_page(
                    decode_html(fetched.content, fetched.content_type),
                    url=fetched.url,
                    author=author,
                    title=title,
                    published=published,
                )
                if page.text.strip():
                    return page, True
            except LibraryError:
                return analyze_item(
                    content, summary, title=title, author=author, url=url, published=published
                ), False
            except Exception:
                pass
        return analyze_item(content, summary, title=title, author=author, url=url, published=published), True

    def _may_fetch_page(self, url: str, feed_id: int | None) -> bool:
        # A local page is read only for a local feed: a feed from the web never makes us read a local file.
        if url.startswith(("http://", "https://")):
            return True
        if url.startswith("file://") and feed_id is not None:
            feed = self.storage.feed(feed_id)
            return feed is not None and feed.url.startswith("file://")
        return False

    def mark_read(self, article_ids: Iterable[int], read: bool = True) -> None:
        self.storage.set_flag(article_ids, "read", read)

    def mark_feed_read(self, feed_id: int | None) -> list[int]:
        """Mark every unread article of a feed (or of all feeds) read; returns their ids for undo."""
        ids = self.storage.unread_ids(feed_id)
        self.storage.set_flag(ids, "read", True)
        return ids

    def bookmark(self, article_id: int, bookmarked: bool = True) -> None:
        if bookmarked:
            self.article(article_id)  # a bookmark keeps the full reading, whatever happens to the feed
        self.storage.set_flag([article_id], "bookmarked", bookmarked)
        if not bookmarked:
            self.storage.forget_orphan(article_id)

    def search(self, query: str, *, limit: int = 200) -> list[SearchHit]:
        return [SearchHit(a, s) for a, s in self.storage.search(query, limit=limit)]

    # -- OPML --------------------------------------------------------------------------------------

    def import_opml(self, path: str) -> tuple[int, int]:
        """Subscribe to every feed of an OPML file; returns (added, already subscribed)."""
        from reader.core.fetch import normalize_url
        from reader.core.opml import OpmlError, parse_opml

        try:
            data = Path(path).expanduser().read_bytes()
        except OSError as exc:
            raise LibraryError(f"{path}: {exc.strerror or exc}") from exc
        base = Path(path).expanduser().resolve().as_uri()
        try:
            outlines = parse_opml(data, base)
        except OpmlError as exc:
            raise LibraryError(f"{path}: {exc}") from exc
        added = known = 0
        for outline in outlines:
            try:
                url = normalize_url(outline.url)
            except Exception:
                continue
            _, created = self.subscribe(url, outline.title, outline.category)
            added += created
            known += not created
        return added, known

    def export_opml(self) -> str:
        from reader.core.opml import export_opml

        return export_opml(self.storage.feeds())


def make_library(db_path: str | Path, fetcher: Fetcher | None = None, *, workers: int = 32) -> Library:
    """Open (creating or migrating) the library at `db_path`. Inject a fetcher in tests."""
    return Library(Storage(db_path), fetcher, workers=workers)
