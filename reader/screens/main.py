"""MainScreen: feeds on the left, their articles on the right; refresh, mark, bookmark, add and remove."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Static

from reader.actions import ACTIONS, Scope, bindings, keys_label
from reader.core.models import ArticleSummary, Feed, SyncResult, SyncStatus
from reader.screens.base import ReaderScreen
from reader.services import ListQuery, Services
from reader.widgets.article_list import ArticleList
from reader.widgets.display import one_line
from reader.widgets.empty_state import EmptyState
from reader.widgets.feed_list import FeedList, FeedView
from reader.widgets.refresh_progress import RefreshProgress
from reader.widgets.sync_status import SERVICE_NAMES, SyncStatusLine

STARTUP_INDEX_DELAY = 1.5  # seconds after the first screen before background indexing starts


class MainScreen(ReaderScreen[None]):
    """The screen the reader starts on and returns to."""

    ACTION_SCOPES: ClassVar[tuple[Scope, ...]] = ("main", "nav")
    BINDINGS: ClassVar[list[BindingType]] = bindings("main", "nav")
    PANES = ("feeds", "articles")

    def __init__(self) -> None:
        super().__init__()
        self._undo: list[tuple[str, list[int]]] = []
        self._cancel: threading.Event | None = None
        self._first_screen_done = False
        self._feeds: list[Feed] = []
        self._select: str | None = None  # the feed-list entry to move to when the feeds next arrive
        self._keep: int | None = None  # the article to keep the cursor on when the list next reloads
        self._refresh_when_loaded = False  # the sample feeds were just subscribed: fetch them once listed
        self._syncing = False
        self._sync_status: SyncStatus | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="columns"):
            with Vertical(id="feeds-column"):
                yield SyncStatusLine(id="sync-status")
                yield FeedList(id="feeds")
                yield Static(id="feed-info")
            yield ArticleList(self.reader.services, self.reader.clock, id="articles")
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
        self._first_screen()
        self.article_list.focus()
        minutes = self.reader.settings.auto_refresh_minutes
        if minutes > 0:
            self.set_interval(minutes * 60, self._auto_refresh_tick, name="auto-refresh")
        if self.reader.services.sync_enabled:  # in the background: the library is usable at once, server or not
            self.start_refresh(None, local=False)

    def _first_screen(self) -> None:
        """The feeds and every article, read while the app was starting: in the first frame when they are there
        already (they usually are), else as soon as they come."""
        first = self.reader.services.take_first_screen()
        if first is None:
            self.load_feeds()
            self._show_view(FeedView("all"))
            return
        self.article_list.expect_first(empty_text=self.EMPTY["all"])
        if first.done():
            self._first_arrived(first)
        else:
            first.add_done_callback(lambda done: self.reader.services.on_ui_thread(self._first_arrived, done))

    def _first_arrived(self, first: Future[tuple[Message, Message]]) -> None:
        try:
            feeds, articles = first.result()
        except Exception:  # a damaged library: ask again the ordinary way, which says what is wrong
            self.load_feeds()
            self._show_view(FeedView("all"))
            return
        self.article_list.apply(cast(Services.ListLoaded, articles))
        self._feeds_loaded(cast(Services.FeedsLoaded, feeds))

    def on_unmount(self) -> None:
        # Quitting during a refresh: let the refresh thread stop at once instead of finishing every feed.
        if self._cancel is not None:
            self._cancel.set()

    def on_screen_resume(self) -> None:
        # Back from reading, searching or the sources: read flags and bookmarks may have changed.
        if self.is_mounted and self._first_screen_done:
            self.load_feeds()
            self.article_list.reload(keep=self._keep)
            self._keep = None

    def load_feeds(self, select: str | None = None) -> None:
        """Ask for the feeds and their counts; the feed list (and the first article list) follow the answer."""
        if select is not None:
            self._select = select
        self.reader.services.load_feeds(self)

    @on(Services.FeedsLoaded)
    def _feeds_loaded(self, event: Services.FeedsLoaded) -> None:
        event.stop()
        self._feeds = event.feeds
        empty = not event.feeds and not event.bookmarks and not event.articles
        self.set_class(empty, "-empty")
        select, self._select = self._select, None
        self.feed_list.set_feeds(event.feeds, bookmarks=event.bookmarks, people=event.people, select=select)
        current = self.feed_list.current
        if current is not None and (select or not self._first_screen_done):
            first, self._first_screen_done = not self._first_screen_done, True
            if first:
                # Once the first screen is up: whatever waits for the search index or the Sources (new articles
                # a quit interrupted, or a library from before either) is caught up in the background.
                self.set_timer(STARTUP_INDEX_DELAY, lambda: self.reader.services.index_in_background(self.app))
            if first and current.kind == "all":
                self._show_info(current)  # its articles were asked for at mount
            else:
                self._show_view(current)
        elif current is not None:
            self._show_info(current)
        self.refresh_bindings()
        if self.reader.services.sync_enabled:
            self.reader.services.sync_status(self)
        if self._refresh_when_loaded:
            self._refresh_when_loaded = False
            self.start_refresh(None)

    # -- sync ------------------------------------------------------------------------------------------

    @on(Services.SyncStatusLoaded)
    def _sync_status_loaded(self, event: Services.SyncStatusLoaded) -> None:
        event.stop()
        self._sync_status = event.status
        self._show_sync_status()

    def _show_sync_status(self) -> None:
        self.query_one("#sync-status", SyncStatusLine).show(
            self._sync_status, self.reader.clock(), syncing=self._syncing
        )

    def _service_name(self) -> str:
        service = self.reader.services.sync_service
        return SERVICE_NAMES.get(service, service) if service else "the server"

    def action_sync(self) -> None:
        self.start_refresh(None, local=False)

    @on(Services.SyncProgressed)
    def _sync_progressed(self, event: Services.SyncProgressed) -> None:
        event.stop()
        if self._cancel is not None and not self._cancel.is_set():
            self.progress.syncing(self._service_name(), event.done, event.of)

    @on(Services.Synced)
    def _synced(self, event: Services.Synced) -> None:
        """The sync part of a refresh is over: show its articles, then the feeds fetched here."""
        event.stop()
        self._syncing = False
        self.load_feeds()
        self.article_list.reload()
        if event.total:
            self.progress.start(event.total)

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

    @on(Services.SubscriptionsSynced)
    def _subscriptions_synced(self, event: Services.SubscriptionsSynced) -> None:
        """An add or remove told to the server now; if it could not hear it, say so (the queue keeps it)."""
        event.stop()
        self.reader.services.sync_status(self)
        result = event.result
        if result is not None and not result.ok:
            later = "it waits for the next sync" if result.waiting else "it stays in this library only"
            self.notify(one_line(result.error), title=f"Not {event.done} on the server ({later})",
                        severity="warning", timeout=10, markup=False)

    @on(Services.Failed)
    def _failed(self, event: Services.Failed) -> None:
        event.stop()
        self.notify(f"Could not {event.what}: {event.error}", severity="error", markup=False)

    # -- feeds and articles ------------------------------------------------------------------------

    EMPTY: ClassVar[dict[str, str]] = {
        "all": "No articles yet: r refreshes the feeds.",
        "bookmarks": "No bookmarks yet: b bookmarks the selected article.",
        "feed": "This feed has no articles.",
        "sources": "",
    }

    def _show_view(self, view: FeedView) -> None:
        empty = self.EMPTY[view.kind]
        if view.kind == "sources":
            keys = keys_label(next(a for a in ACTIONS if a.id == "sources"), self.reader.keymap_overrides)
            empty = f"Everyone quoted across your feeds: Enter (or {keys}) opens the Sources view."
            # The Sources entry lists no articles (no feed has id -1): its line says what Enter opens.
            self.article_list.show(feed_id=-1, show_feed=False, empty_text=empty)
        else:
            self.article_list.show(feed_id=view.feed_id, bookmarked=view.kind == "bookmarks",
                                   show_feed=view.kind != "feed", empty_text=empty)
        self._show_info(view)

    @on(ArticleList.Loaded)
    def _list_loaded(self) -> None:
        current = self.feed_list.current
        if current is not None:
            count = "" if current.kind == "sources" else f" ({self.article_list.count})"
            self.article_list.border_title = Content.assemble(Content(current.title), count)

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

    @on(FeedList.Highlighted)
    def _feed_highlighted(self, event: FeedList.Highlighted) -> None:
        self._show_view(event.view)

    @on(FeedList.Chosen)
    def _feed_chosen(self, event: FeedList.Chosen) -> None:
        if event.view.kind == "sources":
            from reader.screens.sources import SourcesScreen

            self.app.push_screen(SourcesScreen())
        else:
            self.article_list.focus()

    @on(ArticleList.Opened)
    def _article_opened(self, event: ArticleList.Opened) -> None:
        self.read(event.summary)

    def read(self, summary: ArticleSummary) -> None:
        from reader.screens.reading import ListNeighbours, ReadingScreen

        def returned(last: ArticleSummary | None) -> None:
            if last is not None:
                self._keep = last.id  # back on the list, the cursor stands on the last article read

        self.app.push_screen(ReadingScreen(summary, neighbours=ListNeighbours(self.article_list.list_query)), returned)

    @on(ArticleList.NoUnread)
    def _no_unread(self) -> None:
        self.notify("No more unread articles here.", markup=False)

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
            return self.reader.services.sync_enabled
        return True

    def action_open(self) -> None:
        if self.focused is self.feed_list:
            self.article_list.focus()
        else:
            self.article_list.open_current()

    def action_quit(self) -> None:
        self.app.exit()

    def action_next_unread(self) -> None:
        self.article_list.find_unread(1)
        self.article_list.focus()

    def action_previous_unread(self) -> None:
        self.article_list.find_unread(-1)
        self.article_list.focus()

    def action_toggle_read(self) -> None:
        summary = self.article_list.current
        if summary is None:
            return
        self.article_list.set_flags(summary.id, read=not summary.read)  # shown at once; stored just after
        self.reader.services.mark_read(self, [summary.id], not summary.read)

    def action_mark_feed_read(self) -> None:
        view = self.feed_list.current
        if view is None or view.kind == "sources":
            return
        query = ListQuery(view.feed_id, view.kind == "bookmarks")
        self.reader.services.mark_list_read(self, query, view.title)

    @on(Services.MarkedRead)
    def _marked(self, event: Services.MarkedRead) -> None:
        event.stop()
        undo_key = keys_label(next(a for a in ACTIONS if a.id == "undo"), self.reader.keymap_overrides)
        if event.title and event.read:  # a whole feed marked read
            if not event.ids:
                self.notify(f"Nothing unread in {event.title}.", markup=False)
                return
            self._undo.append((event.title, event.ids))
            self.notify(f"Marked {len(event.ids)} read in {event.title}; {undo_key} undoes.", markup=False)
            self.article_list.reload()
        elif event.title:  # an undo
            self.notify(f"{len(event.ids)} articles in {event.title} are unread again.", markup=False)
            self.article_list.reload()
        self.load_feeds()

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo.", markup=False)
            return
        title, ids = self._undo.pop()
        self.reader.services.mark_read(self, ids, False, title=title)

    def action_bookmark(self) -> None:
        summary = self.article_list.current
        if summary is not None:
            self.reader.services.bookmark(self, summary.id, not summary.bookmarked)

    @on(Services.Bookmarked)
    def _bookmarked(self, event: Services.Bookmarked) -> None:
        event.stop()
        if self.feed_list.current and self.feed_list.current.kind == "bookmarks":
            self.article_list.reload()
        else:
            self.article_list.set_flags(event.article_id, bookmarked=event.bookmarked)
        self.load_feeds()
        self.notify("Bookmarked." if event.bookmarked else "Bookmark removed.", markup=False)

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
        sync = self.reader.services.sync_enabled
        total = (len(feed_ids) if feed_ids is not None else len(self._feeds)) if local else 0
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
        self.reader.services.refresh(self, feed_ids, total, self._cancel, force=force, sync=sync, local=local)

    @on(Services.RefreshProgressed)
    def _refresh_progress(self, event: Services.RefreshProgressed) -> None:
        event.stop()
        if self._cancel is not None and not self._cancel.is_set():
            self.progress.advance(event.done, event.total, event.result.feed_title)
        if event.result.new:
            self.load_feeds()

    @on(Services.RefreshFinished)
    def _refresh_done(self, event: Services.RefreshFinished) -> None:
        event.stop()
        results, total, cancelled, error = event.results, event.total, event.cancelled, event.error
        self._cancel = None
        self._syncing = False
        self.progress.finish()
        self.refresh_bindings()
        self.load_feeds()
        self.article_list.reload()
        if event.synced is not None:
            self._notify_sync(event.synced)
            if not total:
                return
        new = sum(r.new for r in results)
        failed = [r for r in results if r.status == "error"]
        if error:
            self.notify(f"Refresh stopped: {error}", severity="error", markup=False)
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

    @on(Services.QuotesIndexed)
    def _quotes_indexed(self) -> None:
        self.load_feeds()  # the Sources entry's count of people

    # -- subscriptions ---------------------------------------------------------------------------------

    def action_add_feed(self) -> None:
        from reader.screens.add_feed import AddFeedScreen

        def added(url: str | None) -> None:
            if url:
                self.notify(f"Adding {one_line(url)}…", markup=False, timeout=3)
                self.reader.services.add_feed(self, url)

        self.app.push_screen(AddFeedScreen(), added)

    @on(Services.FeedAdded)
    def _added(self, event: Services.FeedAdded) -> None:
        event.stop()
        self.load_feeds(select=f"feed-{event.feed.id}")
        self.notify(f"Added {one_line(event.feed.title)} ({event.new} articles).", markup=False)
        self.reader.services.index_in_background(self.app)
        if self.reader.services.sync_enabled:
            self.reader.services.sync_subscriptions(self, "subscribed")

    def action_remove_feed(self) -> None:
        from reader.screens.confirm import ConfirmScreen

        view = self.feed_list.current
        if view is None or view.feed is None:
            self.notify("Select a feed to remove.", markup=False)
            return
        feed = view.feed

        def answered(yes: bool | None) -> None:
            if yes:
                self.reader.services.remove_feed(self, feed.id, view.title)

        self.app.push_screen(
            ConfirmScreen("Remove this feed? Its articles go; bookmarked ones stay.", view.title,
                          yes="Remove"),
            answered,
        )

    @on(Services.FeedRemoved)
    def _removed(self, event: Services.FeedRemoved) -> None:
        event.stop()
        self.load_feeds(select="all")
        self.notify(f"Removed {event.title}.", markup=False)
        if self.reader.services.sync_enabled:
            self.reader.services.sync_subscriptions(self, "unsubscribed")

    def action_import_samples(self) -> None:
        if self.has_class("-empty"):
            from reader.paths import sample_feeds_dir

            self.reader.services.import_opml(self, str(sample_feeds_dir() / "feeds.opml"))

    @on(Services.OpmlImported)
    def _imported(self, event: Services.OpmlImported) -> None:
        event.stop()
        self.notify(f"Subscribed to {event.added} sample feeds; fetching them…", markup=False)
        self._refresh_when_loaded = True
        self.load_feeds(select="all")
