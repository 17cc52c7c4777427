"""The app's one door to the core: library calls run on a few long-lived threads and come back as typed messages.

Screens and widgets never call the Library themselves (SQLite would then run on the UI thread, and a slow disk or
a long query would freeze every key). They ask a `Services` method, which runs the call on a library thread (each
keeps its own SQLite connection) and posts the answer, a `Services.*` message, to the widget that asked; a call that
fails posts `Services.Failed` instead. Adding a core call is a message class and a method that names the job:

    class Thing(Message): ...
    def thing(self, target: MessagePump, x: int) -> None:
        self.send(target, lambda lib: Services.Thing(lib.thing(x)), "load the thing")

Long work (a refresh, the search and quote indexing after it) runs on its own thread and reports as it goes.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.message_pump import MessagePump

from reader.core.models import (
    Article,
    ArticleSummary,
    Feed,
    LeadPhoto,
    QuoteHit,
    RefreshResult,
    Source,
    SyncResult,
    SyncStatus,
)
from reader.core.safe import one_line

if TYPE_CHECKING:
    from reader.core.library import Library, SearchHit

PAGE = 100  # article-list rows fetched at once
FIRST_GENERATION = 1  # the article list's first load: the one prefetched while the app starts


@dataclass(frozen=True)
class ListQuery:
    """Which articles a list shows: every article, one feed's, or the bookmarks (newest first)."""

    feed_id: int | None = None
    bookmarked: bool = False


def error_text(exc: BaseException) -> str:
    return one_line(str(exc)) or type(exc).__name__


class LibraryThreads:
    """A few long-lived daemon threads that run library calls (each thread keeps one SQLite connection).

    Not a ThreadPoolExecutor: the interpreter joins its threads at exit, so quitting while a call waits on a slow
    server (a lead photo, a page) would wait for it. Quitting never waits here; SQLite's journal makes a write cut
    short at exit roll back.
    """

    def __init__(self, threads: int, name: str) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]] | None] = queue.SimpleQueue()
        self._threads = [threading.Thread(target=self._work, name=f"{name}_{n}", daemon=True) for n in range(threads)]
        self._started = False
        self._closed = False
        self._lock = threading.Lock()

    def submit(self, fn: Callable[[], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the library threads are closed")
            if not self._started:
                self._started = True
                for thread in self._threads:
                    thread.start()
            self._jobs.put((fn, future))
        return future

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            fn, future = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn())
            except BaseException as exc:  # handed to whoever waits on the future
                future.set_exception(exc)

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
        while True:  # what has not started never will
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                job[1].cancel()
        for _ in self._threads:
            self._jobs.put(None)


class Services:
    """Owns the library threads; every answer is a message posted to the widget that asked (on the UI thread)."""

    # -- answers -----------------------------------------------------------------------------------

    class Failed(Message):
        """A call failed; `what` says which ("bookmark"), `error` why, in one line."""

        def __init__(self, what: str, error: str) -> None:
            super().__init__()
            self.what = what
            self.error = error

    class FeedsLoaded(Message):
        def __init__(self, feeds: list[Feed], bookmarks: int, articles: int, people: int = 0) -> None:
            super().__init__()
            self.feeds = feeds
            self.bookmarks = bookmarks
            self.articles = articles
            self.people = people

    class ListLoaded(Message):
        """A list's size, where the cursor goes (the kept article's row), and the pages around it."""

        def __init__(self, query: ListQuery, generation: int, count: int, cursor: int,
                     pages: dict[int, list[ArticleSummary]]) -> None:
            super().__init__()
            self.query = query
            self.generation = generation
            self.count = count
            self.cursor = cursor
            self.pages = pages

    class PageLoaded(Message):
        def __init__(self, query: ListQuery, generation: int, number: int, rows: list[ArticleSummary]) -> None:
            super().__init__()
            self.query = query
            self.generation = generation
            self.number = number
            self.rows = rows

    class UnreadFound(Message):
        """The next or previous unread article (None: there is none), with its row in the list when known."""

        def __init__(self, summary: ArticleSummary | None, index: int | None = None, direction: int = 1) -> None:
            super().__init__()
            self.summary = summary
            self.index = index
            self.direction = direction

    class ArticleRead(Message):
        def __init__(self, article: Article | None, article_id: int) -> None:
            super().__init__()
            self.article = article
            self.article_id = article_id

    class MarkedRead(Message):
        def __init__(self, ids: list[int], read: bool, title: str = "") -> None:
            super().__init__()
            self.ids = ids
            self.read = read
            self.title = title

    class Bookmarked(Message):
        def __init__(self, article_id: int, bookmarked: bool) -> None:
            super().__init__()
            self.article_id = article_id
            self.bookmarked = bookmarked

    class FeedAdded(Message):
        def __init__(self, feed: Feed, new: int) -> None:
            super().__init__()
            self.feed = feed
            self.new = new

    class FeedRemoved(Message):
        def __init__(self, feed_id: int, title: str) -> None:
            super().__init__()
            self.feed_id = feed_id
            self.title = title

    class OpmlImported(Message):
        def __init__(self, added: int, known: int) -> None:
            super().__init__()
            self.added = added
            self.known = known

    class SearchDone(Message):
        def __init__(self, query: str, hits: list[SearchHit]) -> None:
            super().__init__()
            self.query = query
            self.hits = hits

    class SourcesLoaded(Message):
        def __init__(self, sources: list[Source], pending: int) -> None:
            super().__init__()
            self.sources = sources
            self.pending = pending

    class SourceQuotesLoaded(Message):
        def __init__(self, key: str, quotes: list[QuoteHit]) -> None:
            super().__init__()
            self.key = key
            self.quotes = quotes

    class PhotoLoaded(Message):
        """A lead photo ready to draw (`image` is what the drawing widget takes), or `photo.error` says why not."""

        def __init__(self, article_id: int, photo: LeadPhoto, image: Any) -> None:
            super().__init__()
            self.article_id = article_id
            self.photo = photo
            self.image = image

    class RefreshProgressed(Message):
        def __init__(self, done: int, total: int, result: RefreshResult) -> None:
            super().__init__()
            self.done = done
            self.total = total
            self.result = result

    class RefreshFinished(Message):
        def __init__(
            self,
            results: list[RefreshResult],
            total: int,
            cancelled: bool,
            error: str | None,
            synced: SyncResult | None = None,
        ) -> None:
            super().__init__()
            self.results = results
            self.total = total
            self.cancelled = cancelled
            self.error = error
            self.synced = synced  # the sync that ran first, when sync is on

    class SyncProgressed(Message):
        """`done` of `of` steps of a sync with the feed server (of is 0 while the size is not known yet)."""

        def __init__(self, done: int, of: int) -> None:
            super().__init__()
            self.done = done
            self.of = of

    class Synced(Message):
        """The sync part of a refresh is over; `total` feeds are still to fetch here."""

        def __init__(self, result: SyncResult, total: int) -> None:
            super().__init__()
            self.result = result
            self.total = total

    class SyncStatusLoaded(Message):
        def __init__(self, status: SyncStatus | None) -> None:
            super().__init__()
            self.status = status

    class SubscriptionsSynced(Message):
        """An add or remove told to the feed server (`result` None without sync); `done` names what was done."""

        def __init__(self, result: SyncResult | None, done: str) -> None:
            super().__init__()
            self.result = result
            self.done = done

    class QuotesIndexed(Message, bubble=False):
        """The background quote index stored `count` more articles' quotes (posted to the app, which tells the
        screen on top; it does not bubble back)."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    # -- the machinery -----------------------------------------------------------------------------

    def __init__(self, library: Library, *, threads: int = 4) -> None:
        self._library = library
        # Long-lived threads: each keeps one SQLite connection for the app's life.
        self._executor = LibraryThreads(threads, "library")
        self._background = LibraryThreads(1, "photos")  # a slow image server never holds up the rest
        self._loop: asyncio.AbstractEventLoop | None = None
        self._context: contextvars.Context | None = None
        self.stopping = threading.Event()  # set when the app quits: background work stops between batches
        self._indexing = threading.Lock()
        self._busy = 0  # calls and threads under way (tests wait for none; the app never needs to)
        self._first: Future[tuple[Message, Message]] | None = None
        self._busy_lock = threading.Lock()

    @property
    def busy(self) -> bool:
        """Whether a call, a refresh or the indexing is still under way (its answer may be yet to come)."""
        return self._busy > 0

    def _track(self, step: int) -> None:
        with self._busy_lock:
            self._busy += step

    def start(self) -> None:
        """Called on the UI thread once the app runs: answers are handed to it through its event loop, in the
        app's context (Textual keeps the active app in a context variable: timers made in an answer's handler need
        it)."""
        self._loop = asyncio.get_running_loop()
        self._context = contextvars.copy_context()

    def prefetch_first_screen(self) -> None:
        """Start reading what the first screen shows (the feeds, the newest articles) now, while the app is still
        starting: the main screen then paints it in its first frame instead of waiting for a round trip."""

        def job() -> tuple[Message, Message]:
            feeds = self._feeds(self._library)
            return feeds, self._list(self._library, ListQuery(), FIRST_GENERATION, None, 0, 0, 60)

        self._first = self._executor.submit(job)

    def take_first_screen(self) -> Future[tuple[Message, Message]] | None:
        """The prefetched first screen (once: later loads ask again)."""
        first, self._first = self._first, None
        return first

    def close(self) -> None:
        self.stopping.set()
        self._executor.shutdown()
        self._background.shutdown()

    def on_ui_thread(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run `callback(*args)` on the UI thread soon (from any thread; never blocks, even while the app quits)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(callback, *args, context=self._context)

    def _post(self, target: MessagePump, message: Message) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed while the answer was on its way
            loop.call_soon_threadsafe(target.post_message, message, context=self._context)

    def send(
        self,
        target: MessagePump,
        job: Callable[[Library], Message | None],
        what: str,
        *,
        executor: LibraryThreads | None = None,
    ) -> Future[None]:
        """Run `job(library)` on a library thread and post the message it returns (if any) to `target`."""

        def run() -> None:
            try:
                try:
                    message = job(self._library)
                except Exception as exc:  # one failed call is a message, never a crash of the app
                    message = Services.Failed(what, error_text(exc))
                if message is not None:
                    self._post(target, message)
            finally:
                self._track(-1)  # after the answer is on its way: whoever waits for none sees it

        self._track(1)
        try:
            return (executor or self._executor).submit(run)
        except RuntimeError:  # the app is closing: nobody waits for the answer
            self._track(-1)
            future: Future[None] = Future()
            future.set_result(None)
            return future

    # -- feeds and lists ---------------------------------------------------------------------------

    @staticmethod
    def _feeds(lib: Library) -> Message:
        feeds = lib.feeds()
        return Services.FeedsLoaded(feeds, lib.count_articles(bookmarked=True),
                                    sum(f.total for f in feeds) or lib.count_articles(), lib.count_sources())

    def load_feeds(self, target: MessagePump) -> None:
        self.send(target, self._feeds, "load the feeds")

    @staticmethod
    def _list(lib: Library, query: ListQuery, generation: int, keep: int | None, index: int, top: int,
              height: int) -> Message:
        count = lib.count_articles(feed_id=query.feed_id, bookmarked=query.bookmarked)
        cursor = min(index, max(0, count - 1))
        if keep is not None:
            found = lib.position(keep, feed_id=query.feed_id, bookmarked=query.bookmarked)
            cursor = found if found is not None else cursor
        first = top if top <= cursor < top + height else max(0, cursor - height // 2)
        wanted = {cursor // PAGE, first // PAGE, min(count, first + height) // PAGE}
        pages = {
            n: lib.articles(feed_id=query.feed_id, bookmarked=query.bookmarked, limit=PAGE, offset=n * PAGE)
            for n in sorted(wanted) if n * PAGE < count
        }
        return Services.ListLoaded(query, generation, count, cursor, pages)

    def load_list(
        self, target: MessagePump, query: ListQuery, generation: int, *, keep: int | None = None, index: int = 0,
        top: int = 0, height: int = 50,
    ) -> None:
        """The list's size and the pages on screen; the cursor on article `keep` when the list still holds it."""
        self.send(target, lambda lib: self._list(lib, query, generation, keep, index, top, height),
                  "load the articles")

    def load_page(self, target: MessagePump, query: ListQuery, generation: int, number: int) -> None:
        def job(lib: Library) -> Message:
            rows = lib.articles(feed_id=query.feed_id, bookmarked=query.bookmarked, limit=PAGE, offset=number * PAGE)
            return Services.PageLoaded(query, generation, number, rows)

        self.send(target, job, "load the articles")

    def next_unread(
        self, target: MessagePump, query: ListQuery, article_id: int | None, direction: int, *, index: int = 0
    ) -> None:
        """The next (1) or previous (-1) unread article of a list after `article_id` (one query)."""

        def job(lib: Library) -> Message:
            found = lib.next_unread(article_id, direction, feed_id=query.feed_id, bookmarked=query.bookmarked,
                                    index=index)
            if found is None:
                return Services.UnreadFound(None, None, direction)
            return Services.UnreadFound(found[1], found[0], direction)

        self.send(target, job, "find the next unread article")

    # -- articles ----------------------------------------------------------------------------------

    def read_article(self, target: MessagePump, article_id: int, *, mark_read: bool = True) -> None:
        def job(lib: Library) -> Message:
            if mark_read:
                lib.mark_read([article_id])
            return Services.ArticleRead(lib.article(article_id), article_id)

        self.send(target, job, "read the article")

    def mark_read(self, target: MessagePump, ids: Sequence[int], read: bool = True, *, title: str = "") -> None:
        chosen = list(ids)

        def job(lib: Library) -> Message:
            lib.mark_read(chosen, read)
            return Services.MarkedRead(chosen, read, title)

        self.send(target, job, "mark read" if read else "mark unread")

    def mark_list_read(self, target: MessagePump, query: ListQuery, title: str) -> None:
        """Every unread article of a list marked read; the answer lists them, for undo."""

        def job(lib: Library) -> Message:
            if query.bookmarked:
                ids = [a.id for a in lib.articles(bookmarked=True, unread=True)]
                lib.mark_read(ids)
            else:
                ids = lib.mark_feed_read(query.feed_id)
            return Services.MarkedRead(ids, True, title)

        self.send(target, job, "mark the feed read")

    def bookmark(self, target: MessagePump, article_id: int, wanted: bool) -> None:
        def job(lib: Library) -> Message:
            lib.bookmark(article_id, wanted)
            return Services.Bookmarked(article_id, wanted)

        self.send(target, job, "bookmark")

    def search(self, target: MessagePump, query: str) -> None:
        self.send(target, lambda lib: Services.SearchDone(query, lib.search(query)), "search")

    def lead_photo(
        self, target: MessagePump, article_id: int, url: str, prepare: Callable[[LeadPhoto], Any]
    ) -> None:
        """Fetch, decode and cache an article's lead image; `prepare` (run here, off the UI thread) turns the
        cached file into what the drawing widget takes."""

        def job(lib: Library) -> Message:
            photo = lib.lead_photo(article_id, url, cancel=self.stopping)
            image = None
            if photo.path is not None:
                try:
                    image = prepare(photo)
                except Exception as exc:  # a cache file damaged under us: said, never a crash
                    photo = LeadPhoto(url=url, error=f"broken image ({error_text(exc)})")
            return Services.PhotoLoaded(article_id, photo, image)

        # Own thread: a slow image server never holds up a list page or an article.
        self.send(target, job, "load the photo", executor=self._background)

    # -- subscriptions -----------------------------------------------------------------------------

    def add_feed(self, target: MessagePump, url: str) -> None:
        def job(lib: Library) -> Message:
            feed, new = lib.add(url)
            return Services.FeedAdded(feed, new)

        self.send(target, job, "add the feed")

    def remove_feed(self, target: MessagePump, feed_id: int, title: str) -> None:
        def job(lib: Library) -> Message:
            lib.remove(feed_id)
            return Services.FeedRemoved(feed_id, title)

        self.send(target, job, f"remove {title}")

    def import_opml(self, target: MessagePump, path: str) -> None:
        def job(lib: Library) -> Message:
            added, known = lib.import_opml(path)
            return Services.OpmlImported(added, known)

        self.send(target, job, "load the sample feeds")

    # -- sources -----------------------------------------------------------------------------------

    def sources(self, target: MessagePump, order: str = "count") -> None:
        self.send(target, lambda lib: Services.SourcesLoaded(lib.sources(order=order), lib.pending_quotes()),
                  "load the sources")

    def source_quotes(self, target: MessagePump, key: str, *, limit: int = 300) -> None:
        """A person's newest quotes (a much-quoted police chief has thousands: the pane shows the newest)."""
        self.send(target, lambda lib: Services.SourceQuotesLoaded(key, lib.quotes(source_key=key, limit=limit)),
                  "load the quotes")

    # -- refresh and the indexes after it ----------------------------------------------------------

    def refresh(
        self,
        target: MessagePump,
        feed_ids: list[int] | None,
        total: int,
        cancel: threading.Event,
        *,
        force: bool,
        sync: bool = False,
        local: bool = True,
    ) -> None:
        """Refresh on its own thread, a message per feed; then the search index and the quotes, in the background.

        With `sync`, the library syncs with its feed server first (`Synced` says how many feeds are left to fetch
        here); `local=False` syncs only.
        """

        def run() -> None:
            results: list[RefreshResult] = []
            error: str | None = None
            synced: SyncResult | None = None
            todo = total
            try:
                if sync:
                    synced = self._library.sync(
                        progress=lambda done, of: self._post(target, Services.SyncProgressed(done, of)),
                        cancel=cancel,
                    )
                    todo = len(self._library.refreshed_here(feed_ids)) if local else 0
                    self._post(target, Services.Synced(synced, todo))
                if todo and not cancel.is_set():
                    for result in self._library.refresh_iter(feed_ids, cancel=cancel, force=force):
                        results.append(result)
                        self._post(target, Services.RefreshProgressed(len(results), todo, result))
            except Exception as exc:  # the library promises not to raise per feed; a broken database still can
                error = error_text(exc)
            if error is None and not cancel.is_set():
                self.index_in_background(target.app)
            self._post(target, Services.RefreshFinished(results, todo, cancel.is_set(), error, synced))
            self._track(-1)

        self._track(1)
        threading.Thread(target=run, name="refresh", daemon=True).start()

    @property
    def sync_service(self) -> str | None:
        """The configured feed server's protocol, from the config alone."""
        return self._library.sync_service

    @property
    def sync_enabled(self) -> bool:
        """Whether a feed server is configured (the config says so; no database or network is asked)."""
        return self._library.sync_enabled

    def sync_status(self, target: MessagePump) -> None:
        self.send(target, lambda lib: Services.SyncStatusLoaded(lib.sync_status()), "read the sync status")

    def sync_subscriptions(self, target: MessagePump, done: str) -> None:
        """Tell the feed server of an add or remove now; the queue keeps it when the server cannot hear it."""

        def job(lib: Library) -> Message:
            try:
                result = lib.sync_subscriptions()
            except Exception as exc:  # noqa: BLE001 - the queue keeps the change; say why it did not go
                result = SyncResult(None, error=error_text(exc), waiting=1)
            return Services.SubscriptionsSynced(result, done)

        self.send(target, job, "tell the feed server")

    def index_in_background(self, target: MessagePump, *, pause: float = 0.002) -> None:
        """New articles into the search index, then their quotes into the Sources (after the refresh committed).

        One run at a time; quitting stops it between batches, and the next run picks up whatever is left.
        """

        def run() -> None:
            if not self._indexing.acquire(blocking=False):
                self._track(-1)
                return
            try:
                with contextlib.suppress(Exception):
                    self._library.index_pending(cancel=self.stopping)

                def progress(done: int) -> None:
                    self._post(target, Services.QuotesIndexed(done))

                with contextlib.suppress(Exception):
                    self._library.index_quotes(cancel=self.stopping, progress=progress, pause=pause)
            finally:
                self._indexing.release()
                self._track(-1)

        self._track(1)
        threading.Thread(target=run, name="indexing", daemon=True).start()
