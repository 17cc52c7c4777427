"""MainScreen: feeds on the left, their articles on the right; refresh, mark, bookmark, add and remove."""

from __future__ import annotations

import contextlib
import threading
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from reader.actions import ACTIONS, Scope, bindings, keys_label
from reader.core.models import ArticleSummary, RefreshResult, SyncResult
from reader.screens.base import ReaderScreen
from reader.widgets.article_list import ArticleList
from reader.widgets.display import one_line
from reader.widgets.empty_state import EmptyState
from reader.widgets.feed_list import FeedList, FeedView
from reader.widgets.refresh_progress import RefreshProgress
from reader.widgets.sync_status import SERVICE_NAMES, SyncStatusLine


def _error_text(exc: BaseException) -> str:
    return one_line(str(exc)) or type(exc).__name__


class MainScreen(ReaderScreen[None]):
    """The screen the reader starts on and returns to."""

    ACTION_SCOPES: ClassVar[tuple[Scope, ...]] = ("main", "nav")
    BINDINGS: ClassVar[list[BindingType]] = bindings("main", "nav")
    PANES = ("feeds", "articles")

    def __init__(self) -> None:
        super().__init__()
        self._undo: list[tuple[str, list[int]]] = []
        self._cancel: threading.Event | None = None
        self._stop_indexing = threading.Event()
        self._first_screen_done = False
        self._syncing = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="columns"):
            with Vertical(id="feeds-column"):
                yield SyncStatusLine(id="sync-status")
                yield FeedList(id="feeds")
                yield Static(id="feed-info")
            yield ArticleList(self.reader.library, self.reader.clock, id="articles")
        yield EmptyState(id="empty")
        yield RefreshProgress(id="refresh")
        yield Footer()

    # -- shortcuts ---------------------------------------------------------------------------------

    @property
    def feed_list(self) -> FeedList:
        return self.query_one("#feeds", FeedList)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def progress(self) -> RefreshProgress:
        return self.query_one("#refresh", RefreshProgress)

    @property
    def refreshing(self) -> bool:
        return self._cancel is not None

    # -- start-up ----------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.query_one("#feeds-column").border_title = "Feeds"
        keymap = self.reader.keymap_overrides
        add, samples = (next(a for a in ACTIONS if a.id == name) for name in ("add_feed", "import_samples"))
        self.query_one("#empty", EmptyState).show_keys(keys_label(add, keymap), keys_label(samples, keymap))
        self.load_feeds()
        self.article_list.focus()
        minutes = self.reader.settings.auto_refresh_minutes
        if minutes > 0:
            self.set_interval(minutes * 60, self._auto_refresh_tick, name="auto-refresh")
        self.call_after_refresh(self._first_screen_shown)
        if self.reader.library.sync_enabled:  # in the background: the library is usable at once, server or not
            self.start_refresh(None, local=False)

    def on_unmount(self) -> None:
        # Quitting during a refresh: let the refresh thread stop at once instead of finishing every feed.
        if self._cancel is not None:
            self._cancel.set()
        self._stop_indexing.set()

    def _first_screen_shown(self) -> None:
        self._first_screen_done = True

    def on_screen_resume(self) -> None:
        # Back from reading or searching: read flags and bookmarks may have changed.
        if self.is_mounted and self._first_screen_done:
            self.load_feeds()
            self.article_list.reload()

    def load_feeds(self, select: str | None = None) -> None:
        library = self.reader.library
        feeds = library.feeds()
        bookmarks = library.count_articles(bookmarked=True)
        empty = not feeds and not bookmarks and not library.count_articles()
        self.set_class(empty, "-empty")
        self.feed_list.set_feeds(feeds, bookmarks=bookmarks, select=select)
        self._show_sync_status()
        current = self.feed_list.current
        if current is not None and (select or not self._first_screen_done):
            self._show_view(current)
        elif current is not None:
            self._show_info(current)
        self.refresh_bindings()

    # -- feeds and articles ------------------------------------------------------------------------

    def _show_view(self, view: FeedView) -> None:
        empty = {
            "all": "No articles yet: r refreshes the feeds.",
            "bookmarks": "No bookmarks yet: b bookmarks the selected article.",
            "feed": "This feed has no articles.",
        }[view.kind]
        self.article_list.show(feed_id=view.feed_id, bookmarked=view.kind == "bookmarks",
                               show_feed=view.kind != "feed", empty_text=empty)
        count = self.article_list.count
        self.article_list.border_title = Content.assemble(Content(view.title), f" ({count})")
        self._show_info(view)

    def _show_info(self, view: FeedView) -> None:
        info = self.query_one("#feed-info", Static)
        feed = view.feed
        text = Content("")
        if feed is not None and feed.error:
            text = Content.assemble(Content("! ").stylize("bold"), Content(one_line(feed.error)))
            info.set_class(True, "-error")
        elif feed is not None and feed.warning:
            text = Content(f"Warning: {one_line(feed.warning)}")
            info.set_class(False, "-error")
        info.update(text)
        info.set_class(bool(text), "-visible")

    def _show_sync_status(self) -> None:
        status = self.reader.library.sync_status()
        self.query_one("#sync-status", SyncStatusLine).show(status, self.reader.clock(), syncing=self._syncing)

    @on(FeedList.Highlighted)
    def _feed_highlighted(self, event: FeedList.Highlighted) -> None:
        self._show_view(event.view)

    @on(FeedList.Chosen)
    def _feed_chosen(self) -> None:
        self.article_list.focus()

    @on(ArticleList.Opened)
    def _article_opened(self, event: ArticleList.Opened) -> None:
        self.read(event.summary)

    def read(self, summary: ArticleSummary) -> None:
        from reader.screens.reading import ReadingScreen

        self.app.push_screen(ReadingScreen(summary, step=self._step))

    def _step(self, direction: int) -> ArticleSummary | None:
        """The next (1) or previous (-1) unread article for the reading screen; moves the cursor there."""
        articles = self.article_list
        articles.reload()
        index = articles.find_unread(direction)
        if index is None:
            return None
        articles.move_to(index)
        return articles.summary_at(index)

    # -- actions -----------------------------------------------------------------------------------

    # With no subscription at all these have nothing to act on; the footer shows how to start instead.
    NEED_ARTICLES = frozenset({"open", "bookmark", "refresh_feed", "refresh_all", "mark_feed_read", "undo",
                               "toggle_read", "next_unread", "previous_unread", "open_link", "remove_feed"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides an action (and its key does nothing); Textual's None would show it dimmed.
        empty = self.has_class("-empty")
        if action == "import_samples":
            return empty
        if empty and action in self.NEED_ARTICLES:
            return False
        if action == "cancel_refresh":
            return self.refreshing
        if action == "sync":
            return self.reader.library.sync_enabled
        return True

    def action_open(self) -> None:
        if self.focused is self.feed_list:
            self.article_list.focus()
        else:
            self.article_list.open_current()

    def action_quit(self) -> None:
        self.app.exit()

    def action_next_unread(self) -> None:
        self._jump_unread(1)

    def action_previous_unread(self) -> None:
        self._jump_unread(-1)

    def _jump_unread(self, direction: int) -> None:
        articles = self.article_list
        index = articles.find_unread(direction)
        if index is None:
            self.notify("No more unread articles here.", markup=False)
            return
        articles.move_to(index)
        articles.focus()

    def action_toggle_read(self) -> None:
        summary = self.article_list.current
        if summary is None:
            return
        self.reader.library.mark_read([summary.id], not summary.read)
        self.article_list.set_flags(summary.id, read=not summary.read)
        self.load_feeds()

    def action_mark_feed_read(self) -> None:
        view = self.feed_list.current
        if view is None:
            return
        library = self.reader.library
        if view.kind == "bookmarks":
            ids = [a.id for a in library.articles(bookmarked=True, unread=True)]
            library.mark_read(ids)
        else:
            ids = library.mark_feed_read(view.feed_id)
        if not ids:
            self.notify(f"Nothing unread in {view.title}.", markup=False)
            return
        self._undo.append((view.title, ids))
        self.article_list.reload()
        self.load_feeds()
        undo = keys_label(next(a for a in ACTIONS if a.id == "undo"), self.reader.keymap_overrides)
        self.notify(f"Marked {len(ids)} read in {view.title}; {undo} undoes.", markup=False)

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo.", markup=False)
            return
        title, ids = self._undo.pop()
        self.reader.library.mark_read(ids, False)
        self.article_list.reload()
        self.load_feeds()
        self.notify(f"{len(ids)} articles in {title} are unread again.", markup=False)

    def action_bookmark(self) -> None:
        summary = self.article_list.current
        if summary is not None:
            self._bookmark(summary)

    @work(group="bookmark")
    async def _bookmark(self, summary: ArticleSummary) -> None:
        wanted = not summary.bookmarked
        try:
            await self.reader.call_library(self.reader.library.bookmark, summary.id, wanted)
        except Exception as exc:
            self.notify(f"Could not bookmark: {_error_text(exc)}", severity="error", markup=False)
            return
        if self.feed_list.current and self.feed_list.current.kind == "bookmarks":
            self.article_list.reload()
        else:
            self.article_list.set_flags(summary.id, bookmarked=wanted)
        self.load_feeds()
        self.notify("Bookmarked." if wanted else "Bookmark removed.", markup=False)

    def action_open_link(self) -> None:
        summary = self.article_list.current
        if summary is not None:
            self.open_link(summary.url)

    # -- refresh -----------------------------------------------------------------------------------

    def action_refresh_feed(self) -> None:
        view = self.feed_list.current
        if view is not None and view.feed is not None:
            self.start_refresh([view.feed.id], force=True)
        else:
            self.start_refresh(None)

    def action_refresh_all(self) -> None:
        self.start_refresh(None)

    def action_sync(self) -> None:
        self.start_refresh(None, local=False)

    def _auto_refresh_tick(self) -> None:
        if not self.refreshing:
            self.start_refresh(None)

    def action_cancel_refresh(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.progress.cancelling()

    def start_refresh(self, feed_ids: list[int] | None, *, force: bool = False, local: bool = True) -> None:
        """Refresh the feeds fetched here; with sync on, sync with the server first (local=False: only that)."""
        if self.refreshing:
            self.notify("A refresh is already running (Esc cancels it).", markup=False)
            return
        library = self.reader.library
        sync = library.sync_enabled
        total = len(library.refreshed_here(feed_ids)) if local else 0
        if not total and not sync:
            self.notify("No feeds to refresh: a adds one.", markup=False)
            return
        self._cancel = threading.Event()
        if sync:
            self._syncing = True
            self.progress.syncing(self._service_name())
            self._show_sync_status()
        else:
            self.progress.start(total)
        self.refresh_bindings()
        self._refresh(feed_ids, total, self._cancel, force, sync)

    def _service_name(self) -> str:
        status = self.reader.library.sync_status()
        return SERVICE_NAMES.get(status.service, status.service) if status else "the server"

    @work(thread=True, exclusive=True, group="refresh")
    def _refresh(
        self, feed_ids: list[int] | None, total: int, cancel: threading.Event, force: bool, sync: bool
    ) -> None:
        worker = get_current_worker()
        results: list[RefreshResult] = []
        error: str | None = None
        synced: SyncResult | None = None
        try:
            if sync:
                name = self._service_name()
                synced = self.reader.library.sync(
                    progress=lambda done, of: self.app.call_from_thread(self.progress.syncing, name, done, of),
                    cancel=cancel,
                )
                self.app.call_from_thread(self._synced, total)
            if total and not cancel.is_set():
                for result in self.reader.library.refresh_iter(feed_ids, cancel=cancel, force=force):
                    results.append(result)
                    if worker.is_cancelled:
                        cancel.set()
                    self.app.call_from_thread(self._refresh_progress, len(results), total, result)
        except Exception as exc:  # the library promises not to raise per feed; a broken database still can
            error = _error_text(exc)
        self.app.call_from_thread(self._refresh_done, results, total, cancel.is_set(), error, synced)
        if error is None and not cancel.is_set():
            # The new articles are listed already; now they enter the search index, off the UI thread. Quitting
            # stops this between batches, and a search (or the next refresh) picks up whatever is left.
            with contextlib.suppress(Exception):
                self.reader.library.index_pending(cancel=self._stop_indexing)

    def _refresh_progress(self, done: int, total: int, result: RefreshResult) -> None:
        if self._cancel is not None and not self._cancel.is_set():
            self.progress.advance(done, total, result.feed_title)
        self.load_feeds()

    def _synced(self, total: int) -> None:
        """The sync part of a refresh is over: show its articles, then the feeds fetched here."""
        self._syncing = False
        self.load_feeds()
        self.article_list.reload()
        if total:
            self.progress.start(total)

    def _refresh_done(
        self,
        results: list[RefreshResult],
        total: int,
        cancelled: bool,
        error: str | None,
        synced: SyncResult | None = None,
    ) -> None:
        self._cancel = None
        self._syncing = False
        self.progress.finish()
        self.refresh_bindings()
        self.load_feeds()
        self.article_list.reload()
        current = self.feed_list.current
        if current is not None:
            self.article_list.border_title = Content.assemble(Content(current.title),
                                                              f" ({self.article_list.count})")
        new = sum(r.new for r in results)
        failed = [r for r in results if r.status == "error"]
        if error:
            self.notify(f"Refresh stopped: {error}", severity="error", markup=False)
            return
        if synced is not None:
            self._notify_sync(synced)
            if not total:
                return
        head = (f"Refresh cancelled after {len(results)} of {total} feeds" if cancelled
                else f"Refreshed {len(results)} feeds")
        message = f"{head}: {new} new article{'s' if new != 1 else ''}."
        if failed:
            reasons = "\n".join(f"! {one_line(r.feed_title)}: {one_line(r.error)}" for r in failed[:5])
            more = f"\n…and {len(failed) - 5} more" if len(failed) > 5 else ""
            self.notify(f"{message}\n{len(failed)} failed:\n{reasons}{more}", title="Refresh",
                        severity="warning", timeout=10, markup=False)
        else:
            self.notify(message, title="Refresh", markup=False)

    def _notify_sync(self, synced: SyncResult) -> None:
        if not synced.ok:
            self.notify(one_line(synced.error), title="Sync failed", severity="error", timeout=10, markup=False)
            return
        sent = synced.pushed_read + synced.pushed_unread + synced.pushed_bookmarked + synced.pushed_unbookmarked
        self.notify(
            f"{synced.pulled_articles} new article{'s' if synced.pulled_articles != 1 else ''}, "
            f"{synced.pulled_states} read or bookmark changes; {sent} of ours sent.",
            title="Synced",
            markup=False,
        )

    # -- subscriptions -----------------------------------------------------------------------------

    def action_add_feed(self) -> None:
        from reader.screens.add_feed import AddFeedScreen

        def added(url: str | None) -> None:
            if url:
                self._add(url)

        self.app.push_screen(AddFeedScreen(), added)

    @work(group="subscriptions")
    async def _add(self, url: str) -> None:
        self.notify(f"Adding {one_line(url)}…", markup=False, timeout=3)
        try:
            feed, new = await self.reader.call_library(self.reader.library.add, url)
        except Exception as exc:
            self.notify(_error_text(exc), title="Could not add the feed", severity="error", markup=False)
            return
        self.load_feeds(select=f"feed-{feed.id}")
        self.notify(f"Added {one_line(feed.title)} ({new} articles).", markup=False)
        await self._sync_subscriptions("subscribed")

    def action_remove_feed(self) -> None:
        from reader.screens.confirm import ConfirmScreen

        view = self.feed_list.current
        if view is None or view.feed is None:
            self.notify("Select a feed to remove.", markup=False)
            return
        feed = view.feed

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(feed.id, view.title)

        self.app.push_screen(
            ConfirmScreen("Remove this feed? Its articles go; bookmarked ones stay.", view.title,
                          yes="Remove"),
            answered,
        )

    @work(group="subscriptions")
    async def _remove(self, feed_id: int, title: str) -> None:
        try:
            await self.reader.call_library(self.reader.library.remove, feed_id)
        except Exception as exc:
            self.notify(f"Could not remove {title}: {_error_text(exc)}", severity="error", markup=False)
            return
        self.load_feeds(select="all")
        self.notify(f"Removed {title}.", markup=False)
        await self._sync_subscriptions("unsubscribed")

    async def _sync_subscriptions(self, done: str) -> None:
        """Tell the sync server of an add or remove now; if it cannot hear it, say so (the queue keeps it)."""
        if not self.reader.library.sync_enabled:
            return
        try:
            result = await self.reader.call_library(self.reader.library.sync_subscriptions)
        except Exception as exc:
            result = SyncResult(None, error=_error_text(exc), waiting=1)
        self._show_sync_status()
        if result is not None and not result.ok:
            later = "it waits for the next sync" if result.waiting else "it stays in this library only"
            self.notify(one_line(result.error), title=f"Not {done} on the server ({later})", severity="warning",
                        timeout=10, markup=False)

    def action_import_samples(self) -> None:
        if self.has_class("-empty"):
            self._import_samples()

    @work(group="subscriptions")
    async def _import_samples(self) -> None:
        from reader.paths import sample_feeds_dir

        opml = sample_feeds_dir() / "feeds.opml"
        try:
            added, _ = await self.reader.call_library(self.reader.library.import_opml, str(opml))
        except Exception as exc:
            self.notify(f"Could not load the sample feeds: {_error_text(exc)}", severity="error",
                        markup=False)
            return
        self.notify(f"Subscribed to {added} sample feeds; fetching them…", markup=False)
        self.load_feeds(select="all")
        self.start_refresh(None)
