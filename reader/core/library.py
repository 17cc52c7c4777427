"""The facade the CLI and the TUI use (the one door to the core): subscribe, refresh, read, mark, bookmark, search.

Everything it returns is a frozen model from core/models.py; the storage, the fetcher and the refresh engine stay
behind it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.models import (
    READING_VERSION,
    Article,
    ArticleSummary,
    Feed,
    LeadPhoto,
    ParsedFeed,
    QuoteHit,
    RefreshResult,
    Source,
    SyncResult,
    SyncStatus,
)
from reader.core.parse import ParseError, parse_feed
from reader.core.safe import one_line, scrub
from reader.core.storage import Storage, StorageError, describe_database_error

if TYPE_CHECKING:
    from datetime import datetime

    from reader.core.fetch import Fetcher, FetchLimits, FetchResult
    from reader.core.images import ImageCache
    from reader.core.storage import SyncTables
    from reader.core.sync.runner import SyncConfig

__all__ = ["Library", "LibraryError", "SearchHit", "StorageError", "describe_database_error", "make_library"]

_MESSAGE_MAX = 500
_INDEX_BATCH = 500
_QUOTES_BATCH = 25  # articles read per quote-index transaction (~0.3 s of reading: a cancel is heard soon)


class LibraryError(Exception):
    """A user-facing failure: one line naming what failed and why."""


@dataclass(frozen=True)
class SearchHit:
    article: ArticleSummary
    snippet: str  # matched words wrapped in \x02 … \x03 (never shown raw: the UI turns them into styles)


class Library:
    """A reader library: one SQLite file and a fetcher. Methods are safe to call from any thread."""

    def __init__(
        self,
        storage: Storage,
        fetcher: Fetcher | None = None,
        *,
        workers: int = 64,
        per_host: int = 6,
        sync: SyncConfig | None = None,
        cache_dir: Path | None = None,
        image_cache_mb: int = 200,
    ):
        self._storage = storage
        self._fetcher = fetcher
        self._fetcher_lock = threading.Lock()
        self._index_lock = threading.Lock()
        self._sync_lock = threading.Lock()
        self._sync = sync
        self._quotes_lock = threading.Lock()
        self.cache_dir = cache_dir if cache_dir is not None else storage.path.parent / "cache"
        self.image_cache_mb = image_cache_mb
        self._images: ImageCache | None = None
        self.workers = workers  # feeds in flight at once during a refresh
        self.per_host = per_host  # requests to one host at once (a fetcher given to us brings its own limits)

    # -- plumbing ----------------------------------------------------------------------------------

    @property
    def _fetch_client(self) -> Fetcher:
        with self._fetcher_lock:
            if self._fetcher is None:
                from reader.core.fetch import DEFAULT_LIMITS, Fetcher  # deferred: httpx costs start-up time

                limits = DEFAULT_LIMITS
                if limits.per_host != self.per_host:
                    from dataclasses import replace

                    limits = replace(limits, per_host=self.per_host)
                self._fetcher = Fetcher(limits)
            return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
        self._storage.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fetch(self, url: str) -> FetchResult:
        from reader.core.fetch import FetchError

        try:
            return self._fetch_client.fetch(url)
        except FetchError as exc:
            raise LibraryError(one_line(exc, _MESSAGE_MAX)) from exc

    # -- feeds -------------------------------------------------------------------------------------

    def feeds(self) -> list[Feed]:
        return self._storage.feeds()

    def feed(self, feed_id: int) -> Feed | None:
        return self._storage.feed(feed_id)

    def find_feed(self, ref: str) -> Feed:
        """A feed by id, URL, or a unique part of its title."""
        ref = ref.strip()
        if ref.isdigit():
            feed = self._storage.feed(int(ref))
            if feed:
                return feed
        feeds = self._storage.feeds()
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
            raise LibraryError(f"{url_or_path}: {one_line(exc, _MESSAGE_MAX)}") from exc
        existing = self._storage.feed_by_url(url)
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
            existing = self._storage.feed_by_url(url)
            if existing:
                raise LibraryError(f"{url}: already subscribed as feed {existing.id} ({existing.title})") from exc
        feed_id, _ = self._storage.add_feed(url, parsed.title, category, on_server=self.sync_enabled)
        new = self._storage.store_feed(feed_id, parsed, etag=fetched.etag, last_modified=fetched.last_modified)
        feed = self._storage.feed(feed_id)
        assert feed is not None
        return feed, new

    def _first_working(self, candidates: list[str]) -> tuple[str, ParsedFeed, FetchResult]:
        errors = []
        for candidate in candidates[:5]:
            try:
                fetched = self._fetch(candidate)
                return candidate, parse_feed(fetched.content, fetched.url, fetched.content_type), fetched
            except (LibraryError, ParseError) as exc:
                errors.append(f"{candidate}: {one_line(exc, _MESSAGE_MAX)}")
        raise LibraryError("the page's feeds failed: " + "; ".join(errors))

    def subscribe(self, url: str, title: str = "", category: str | None = None) -> tuple[int, bool]:
        """Subscribe without fetching (OPML import): the next refresh fetches (the next sync subscribes there)."""
        return self._storage.add_feed(url, scrub(title), category, on_server=self.sync_enabled)

    def remove(self, feed_id: int) -> None:
        """Unsubscribe. Bookmarked articles keep their full reading; the rest of the feed's articles go.

        A feed on the sync server is queued for unsubscribing there (sync_subscriptions() or the next sync).
        """
        for summary in self._storage.articles(feed_id=feed_id, bookmarked=True):
            self.article(summary.id)  # make sure the reading is stored before the feed disappears
        self._storage.remove_feed(feed_id)

    # -- refresh -----------------------------------------------------------------------------------

    def refresh_iter(
        self,
        feed_ids: Iterable[int] | None = None,
        *,
        cancel: threading.Event | None = None,
        force: bool = False,
    ) -> Iterator[RefreshResult]:
        """Refresh feeds concurrently, yielding one result per feed as each is stored.

        One feed's failure never stops the others; what was stored before a failure is kept. Feeds a server asked
        us to leave alone (Retry-After, from any feed of the same host) or that are gone (410) are not asked again
        unless `force`. New articles are listed at once; they enter the search index with index_pending().
        """
        from reader.core.refresh import refresh

        wanted = set(feed_ids) if feed_ids is not None else None
        if self.sync_enabled:  # the server fetches the feeds it has, and sync() brings their articles
            wanted = set(self.refreshed_here(wanted))
        yield from refresh(self._storage, self._fetch_client, wanted, workers=self.workers, cancel=cancel, force=force)

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
        return self._storage.articles(feed_id=feed_id, unread=unread, bookmarked=bookmarked, limit=limit, offset=offset)

    def count_articles(self, *, feed_id: int | None = None, unread: bool = False, bookmarked: bool = False) -> int:
        return self._storage.count_articles(feed_id=feed_id, unread=unread, bookmarked=bookmarked)

    def summary(self, article_id: int) -> ArticleSummary | None:
        """One article's list row, or None when there is no such article."""
        return self._storage.summary(article_id)

    def article(self, article_id: int, *, fetch_page: bool = True) -> Article | None:
        """The whole article with its reading, made (and stored) on first use (see core/reading.py)."""
        from reader.core.reading import read_article

        return read_article(self._storage, article_id, self._fetch, fetch_page=fetch_page)

    def position(self, article_id: int, *, feed_id: int | None = None, bookmarked: bool = False) -> int | None:
        """Where an article stands in a list (newest first), or None when that list does not hold it."""
        return self._storage.position(article_id, feed_id=feed_id, bookmarked=bookmarked)

    def next_unread(
        self,
        article_id: int | None,
        direction: int = 1,
        *,
        feed_id: int | None = None,
        bookmarked: bool = False,
        index: int = 0,
    ) -> tuple[int, ArticleSummary] | None:
        """The next (1) or previous (-1) unread article of a list after `article_id`, with its position (one query).

        When the article has left the list, the search starts from the row now at `index`.
        """
        return self._storage.next_unread(article_id, direction, feed_id=feed_id, bookmarked=bookmarked, index=index)

    def mark_read(self, article_ids: Iterable[int], read: bool = True) -> None:
        """Mark articles read (or unread); for the sync server's articles the change waits in its queue."""
        self._storage.set_flag(article_ids, "read", read)

    def mark_feed_read(self, feed_id: int | None) -> list[int]:
        """Mark every unread article of a feed (or of all feeds) read; returns their ids for undo."""
        ids = self._storage.unread_ids(feed_id)
        self._storage.set_flag(ids, "read", True)
        return ids

    def bookmark(self, article_id: int, bookmarked: bool = True) -> None:
        if bookmarked:
            self.article(article_id)  # a bookmark keeps the full reading, whatever happens to the feed
        self._storage.set_flag([article_id], "bookmarked", bookmarked)
        if not bookmarked:
            self._storage.forget_orphan(article_id)

    # -- sync with a feed server ------------------------------------------------------------------

    @property
    def sync_service(self) -> str | None:
        """The configured feed server's protocol ("miniflux" or "greader"), from the config alone; None without."""
        return self._sync.service if self._sync is not None else None

    @property
    def sync_enabled(self) -> bool:
        """Whether config.toml has a [sync] table (whether or not the server can be reached)."""
        return self._sync is not None

    def refreshed_here(self, feed_ids: Iterable[int] | None = None) -> list[int]:
        """The feeds a refresh fetches itself (of these, or of all): with sync on, those the server does not have."""
        wanted = set(feed_ids) if feed_ids is not None else None
        feeds = [f.id for f in self._storage.feeds() if wanted is None or f.id in wanted]
        if not self.sync_enabled:
            return feeds
        synced = self._sync_tables().synced_feed_ids()
        return [i for i in feeds if i not in synced]

    def sync(
        self,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncResult:
        """Push local changes to the feed server and pull what changed there; never raises for the server's faults.

        A failure (server down, credentials refused, a reply we cannot read) is the result's error, one line; what
        was stored before it stays, and queued changes wait for the next sync. progress(done, total) follows the
        pull (entries and states so far, how many the server announced). New articles enter the search index
        with index_pending(), as after a refresh.
        """
        if self._sync is None:
            return SyncResult(None, error="sync is not configured: add a [sync] table to config.toml (see the README)")
        from reader.core.sync.runner import sync_library

        with self._sync_lock:
            return sync_library(self._storage, self._sync, progress=progress, cancel=cancel)

    def sync_subscriptions(self) -> SyncResult | None:
        """Send queued subscribes and unsubscribes to the server now (after add and remove); None without sync."""
        if self._sync is None:
            return None
        from reader.core.sync.runner import sync_feed_ops

        with self._sync_lock:
            return sync_feed_ops(self._storage, self._sync)

    def sync_status(self) -> SyncStatus | None:
        """The sync account's last sync, its error and what waits to be pushed; None without sync."""
        if self._sync is None:
            return None
        from reader.core.sync.runner import sync_status

        return sync_status(self._storage, self._sync)

    def _sync_tables(self) -> SyncTables:
        from reader.core.storage import SyncTables

        return SyncTables(self._storage)

    # -- search ------------------------------------------------------------------------------------

    def pending_index(self) -> int:
        """How many stored articles have not yet entered the search index."""
        return self._storage.pending_index()

    def index_pending(self, *, cancel: threading.Event | None = None) -> int:
        """Put every article stored since the last call in the search index, a batch per transaction.

        Refreshes leave this for later (the TUI runs it after each refresh; search() runs it first), so new
        articles list at once and an interrupted run loses nothing: the next call picks up what is missing.
        """
        done = 0
        with self._index_lock:
            while cancel is None or not cancel.is_set():
                batch = self._storage.index_pending(_INDEX_BATCH)
                if not batch:
                    break
                done += batch
        return done

    def search(self, query: str, *, limit: int = 200) -> list[SearchHit]:
        """Full-text search over every stored article (what waits to be indexed is indexed first).

        `said:NAME` (or `said:"Full Name"`) keeps the articles that quote that person; alone, it lists them newest
        first, each with a quote of theirs as its snippet.
        """
        from reader.core.sources import parse_said

        self.index_pending()
        said = parse_said(query)
        speakers: list[list[int]] = []
        for name in said.names:
            ids = self._storage.speakers_named(name)
            if not ids:
                return []
            speakers.append(ids)
        return [SearchHit(a, s) for a, s in self._storage.search(said.words, limit=limit, speakers=speakers)]

    # -- sources: everyone quoted ------------------------------------------------------------------

    def pending_quotes(self) -> int:
        """How many articles wait for their quotes to be stored (new, edited, or read by an older engine)."""
        return self._storage.count_quotes_pending(READING_VERSION)

    def index_quotes(
        self,
        *,
        cancel: threading.Event | None = None,
        limit: int | None = None,
        progress: Callable[[int], None] | None = None,
        pause: float = 0.0,
    ) -> int:
        """Store the quotes of every article that waits for them (newest first), a batch per transaction.

        Runs after a refresh has committed, in the background: each article is read from what the feed gave (no
        page is fetched) and its reading is not kept. An interrupted run loses nothing. `pause` seconds between
        articles leave the interpreter to the app's UI thread.
        """
        from reader.core.reading import quotes_of

        done = 0
        with self._quotes_lock:
            while (cancel is None or not cancel.is_set()) and (limit is None or done < limit):
                size = _QUOTES_BATCH if limit is None else min(_QUOTES_BATCH, limit - done)
                ids = self._storage.quotes_pending(READING_VERSION, size)
                if not ids:
                    break
                batch = []
                for article_id in ids:
                    if cancel is not None and cancel.is_set():
                        break
                    found = quotes_of(self._storage, article_id)
                    if found is not None:
                        batch.append((article_id, found[0], found[1]))
                    if pause:
                        time.sleep(pause)
                if not batch:
                    break
                self._storage.store_quotes(batch)
                done += len(batch)
                if progress is not None:
                    progress(done)
        return done

    def sources(
        self,
        *,
        feed_id: int | None = None,
        since: datetime | None = None,
        limit: int | None = None,
        order: str = "count",
    ) -> list[Source]:
        """Everyone quoted by name across the library: roles, number of quotes, outlets, last quoted.

        `order` is "count" (most quoted first) or "recent" (last quoted first).
        """
        if order not in ("count", "recent"):
            raise LibraryError(f"{order}: sources sort by count or recent")
        return self._storage.sources(feed_id=feed_id, since=since, limit=limit, order=order)

    def count_sources(self) -> int:
        """How many people are quoted by name across the library."""
        return self._storage.count_sources()

    def quotes(
        self, *, speaker: str | None = None, feed_id: int | None = None, limit: int | None = None,
        source_key: str | None = None,
    ) -> list[QuoteHit]:
        """Stored quotes, newest first: one person's (`speaker` names them, or `source_key` is their key)."""
        ids: list[int] | None = None
        if source_key is not None:
            ids = self._storage.speakers_by_key(source_key)
        elif speaker is not None:
            ids = self._storage.speakers_named(speaker)
        if ids is not None and not ids:
            return []
        return self._storage.quotes(speaker_ids=ids, feed_id=feed_id, limit=limit)

    # -- lead photos -------------------------------------------------------------------------------

    def lead_photo(self, article_id: int, url: str, *, cancel: threading.Event | None = None) -> LeadPhoto:
        """An article's lead image ready to show (fetched within the limits, decoded, cached), or why not.

        A local image is read only for a local feed (the offline demo): a feed from the web never reads our files.
        `cancel` stops a fetch under way (the app quitting).
        """
        from reader.core.images import ImageCache, load_photo

        summary = self._storage.summary(article_id)
        feed = self._storage.feed(summary.feed_id) if summary and summary.feed_id is not None else None
        if not url.startswith(("http://", "https://")) and not (
            url.startswith("file://") and feed is not None and feed.url.startswith("file://")
        ):
            return LeadPhoto(url=url, error="not a web address")
        with self._fetcher_lock:
            if self._images is None:
                self._images = ImageCache(self.cache_dir / "images", self.image_cache_mb * 1024 * 1024)
            images = self._images

        def fetch(address: str, cap: int) -> FetchResult:
            from reader.core.fetch import FetchError

            try:
                return self._fetch_client.fetch(address, max_bytes=cap, cancel=cancel)
            except FetchError as exc:
                raise LibraryError(one_line(exc, _MESSAGE_MAX)) from exc

        return load_photo(url, fetch, images)

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

        return export_opml(self._storage.feeds())


def make_library(
    db_path: str | Path,
    fetcher: Fetcher | None = None,
    *,
    workers: int = 64,
    per_host: int = 6,
    sync: Mapping[str, Any] | None = None,
    config_path: Path | None = None,
    sync_limits: FetchLimits | None = None,
    cache_dir: str | Path | None = None,
    image_cache_mb: int = 200,
) -> Library:
    """Open (creating or migrating) the library at `db_path`. Inject a fetcher in tests.

    sync: config.toml's [sync] table, checked when a sync runs (a bad setting never stops the library from opening);
    config_path: the file it came from, which may hold a password only when its owner alone can read it.
    `cache_dir` holds what can be made again (lead photos); by default a `cache` folder beside the database.
    """
    config = None
    if sync is not None:
        from reader.core.sync.runner import SyncConfig

        config = SyncConfig(sync, config_path, sync_limits)
    return Library(
        Storage(db_path),
        fetcher,
        workers=workers,
        per_host=per_host,
        sync=config,
        cache_dir=Path(cache_dir) if cache_dir is not None else None,
        image_cache_mb=image_cache_mb,
    )
