"""The only sqlite3 import: schema, migrations (PRAGMA user_version), FTS5 search and queries."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reader.core.models import (
    ArticleSummary,
    AuthorBio,
    Feed,
    LeadImage,
    ParsedEntry,
    ParsedFeed,
    Quote,
    QuoteHit,
    Reaction,
    Reading,
    Source,
)
from reader.core.safe import strip_tags
from reader.core.sources import is_named, matches, speaker_key

if TYPE_CHECKING:
    from reader.core.sync.engine import FeedOp, Known, LocalChange, PageStored
    from reader.core.sync.records import PullPage, RemoteEntry, RemoteFeed, StateChange

# Each entry moves the schema from version i to i + 1. Never edit a released step: append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        site_url TEXT,
        category TEXT,
        etag TEXT,
        last_modified TEXT,
        error TEXT,
        warning TEXT,
        gone INTEGER NOT NULL DEFAULT 0,
        last_checked TEXT,
        retry_after TEXT,
        added TEXT NOT NULL
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
        feed_title TEXT NOT NULL DEFAULT '',
        key TEXT NOT NULL,
        title TEXT NOT NULL,
        url TEXT,
        author TEXT,
        published TEXT,
        updated TEXT,
        summary TEXT,
        content TEXT,
        read INTEGER NOT NULL DEFAULT 0,
        bookmarked INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT NOT NULL,
        reading TEXT,
        UNIQUE (feed_id, key)
    );
    CREATE INDEX articles_by_date ON articles (published DESC, id DESC);
    CREATE INDEX articles_by_feed ON articles (feed_id, published DESC, id DESC);
    CREATE INDEX articles_bookmarked ON articles (bookmarked) WHERE bookmarked = 1;
    CREATE INDEX articles_unread ON articles (feed_id) WHERE read = 0;
    CREATE VIRTUAL TABLE articles_fts USING fts5 (title, author, text, tokenize = 'unicode61 remove_diacritics 2');
    """,
    # 1: a digest of the fields an upstream edit changes, so a refresh skips unchanged items without reading
    # their text back (NULL for rows stored before: those are compared field by field once).
    """
    ALTER TABLE articles ADD COLUMN digest TEXT;
    """,
    # 2: each refresh adds a segment per feed to the search index; FTS5 merges segments four at a time by
    # default, which rewrote the index ~4x (175 MB written to store 40 MB). Sixteen at a time writes a
    # third less and costs a fifth less CPU; searches stay well inside their budget (benchmarks/README.md).
    """
    INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 16);
    """,
    # 3: search indexing leaves the refresh: a stored article waits (indexed = 0) until index_pending() takes it,
    # after the refresh has committed; a crash mid-way loses nothing and the next call indexes what is missing.
    """
    ALTER TABLE articles ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX articles_unindexed ON articles (id) WHERE indexed = 0;
    """,
    # 4: what ties the library to a feed server (sync). sync_feeds and
    # sync_entries map local feeds and articles to the server's ids, and keep the server's flags as last known (the
    # base the sync engine reconciles against); sync_queue holds the local changes not yet on the server, written in
    # the same transaction as the change itself; sync_state is the account's one row (cursor, last sync, last error).
    """
    CREATE TABLE sync_feeds (
        feed_id INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
        remote_id TEXT NOT NULL UNIQUE
    );
    CREATE TABLE sync_entries (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        remote_id TEXT NOT NULL UNIQUE,
        server_read INTEGER,
        server_starred INTEGER,
        server_changed_at TEXT
    );
    CREATE TABLE sync_queue (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('read', 'starred', 'subscribe', 'unsubscribe')),
        target TEXT NOT NULL,
        value INTEGER,
        feed_id INTEGER,
        title TEXT,
        changed_at TEXT NOT NULL
    );
    CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        account TEXT NOT NULL,
        cursor TEXT,
        first_done INTEGER NOT NULL DEFAULT 0,
        last_sync TEXT,
        last_error TEXT
    );
    """,
    # 5: every quote of every article, for the Sources view: a named speaker is one row of `speakers` across the
    # library (keyed by the folded full name); a quote keeps its own speaker text and role as the article gave them,
    # with the article's outlet and date copied in so the Sources aggregates never join the articles table (each
    # aggregate reads one covering index in its GROUP BY order: no table rows, no sorting).
    # `quotes_version` is the reading-engine version whose quotes are stored (0: none yet): older ones are re-read.
    """
    CREATE TABLE speakers (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL
    );
    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        speaker_id INTEGER REFERENCES speakers(id),
        speaker TEXT,
        role TEXT,
        text TEXT NOT NULL,
        feed_id INTEGER,
        outlet TEXT NOT NULL DEFAULT '',
        published TEXT
    );
    CREATE INDEX quotes_by_article ON quotes (article_id);
    CREATE INDEX quotes_by_speaker ON quotes (speaker_id, published, feed_id);
    CREATE INDEX quotes_roles ON quotes (speaker_id, role, published, feed_id);
    CREATE INDEX quotes_outlets ON quotes (speaker_id, outlet, published, feed_id);
    ALTER TABLE articles ADD COLUMN quotes_version INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX articles_quotes_pending ON articles (quotes_version, id DESC);
    """,
    # 6: the address of the lead image a feed names for an item (media:content, media:thumbnail, an image
    # enclosure); the reading falls back on it when the page names none.
    """
    ALTER TABLE articles ADD COLUMN image TEXT;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
T = TypeVar("T")
_OUR_TABLES = {"feeds", "articles"}


class StorageError(Exception):
    """The database cannot be used (corrupt, foreign, newer schema, locked)."""


def describe_database_error(exc: BaseException, path: str | Path) -> str | None:
    """One line for a SQLite failure that surfaced mid-command (a damaged page, a lock held too long).

    None when `exc` is not a database failure, so callers re-raise everything else.
    """
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    text = " ".join(str(exc).split()) or type(exc).__name__
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return f"{path}: the library is in use by another reader process ({text}); try again when it is done"
    if isinstance(exc, sqlite3.OperationalError) and "vtable constructor" not in lowered:
        return f"{path}: database error: {text}"
    return f"{path}: the library file is damaged ({text}); move it away or restore a backup"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def search_text(html: str | None) -> str:
    """What the search index stores for an item not yet read: its words, tags dropped, entities decoded.

    Whitespace is left as it comes (FTS5 ignores it, and search() folds it in the snippets it returns).
    """
    return strip_tags(html)


def reading_search_text(reading: Reading) -> str:
    """What the search index stores for an item once read: its dek, text and quotes."""
    return "\n".join(filter(None, [reading.subtitle, reading.plain_text] + [q.text for q in reading.quotes]))


@dataclass(frozen=True)
class StoredArticle:
    """An article row as the reading cache needs it (core-internal: the UI and CLI get Article)."""

    summary: ArticleSummary
    summary_html: str | None  # the feed's <description>/<summary>
    content_html: str | None  # the feed's full text, when it had one
    reading_json: str | None  # the cached reading, when the article was read before
    image_url: str | None = None  # the lead image the feed named for it (media:content, an enclosure)


def entry_digest(e: ParsedEntry) -> str:
    """What decides whether a stored item was edited upstream (the fields the article shows)."""
    parts = (e.title, e.summary or "", e.content or "", e.author or "")
    flags = "".join("1" if v is not None else "0" for v in (e.summary, e.content, e.author))
    return hashlib.blake2b("\0".join((flags, *parts)).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def reading_to_json(reading: Reading) -> str:
    return json.dumps(asdict(reading), ensure_ascii=False)


def reading_from_json(text: str) -> Reading:
    data = json.loads(text)
    bio = data.get("author_bio")
    image = data.get("image")
    authors = data.get("authors")
    if authors is None:  # stored before co-authors were kept apart
        authors = [data["author"]] if data.get("author") else []
    return Reading(
        text=data.get("text") or "",
        subtitle=data.get("subtitle"),
        quotes=tuple(Quote(**q) for q in data.get("quotes") or ()),
        reactions=tuple(Reaction(**r) for r in data.get("reactions") or ()),
        author_bio=AuthorBio(**bio) if bio else None,
        title=data.get("title"),
        authors=tuple(authors),
        published=data.get("published"),
        updated=data.get("updated"),
        plain=data.get("plain") or "",
        image=LeadImage(**image) if image else None,
        site_name=data.get("site_name"),
        version=data.get("version") or 1,
    )


_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(query: str) -> str | None:
    """A user's words → a safe FTS5 query: every word must match, the last as a prefix."""
    words = _FTS_WORD.findall(query)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class Storage:
    """A SQLite library file. Safe to share between threads: each thread gets its own connection."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._check_and_migrate()

    # -- connections -------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 10000")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            # Checkpoint every ~40 MB of WAL, not every 4 MB: a refresh rewrites the same index pages in many
            # small transactions, and each checkpoint copies them again (a cold refresh wrote 20% less).
            conn.execute("PRAGMA wal_autocheckpoint = 10000")
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{self.path}: not a usable database ({exc})") from exc
        if mode and str(mode[0]).lower() != "wal":
            conn.close()
            raise StorageError(f"{self.path}: could not switch to WAL mode (got {mode[0]})")
        conn.row_factory = sqlite3.Row
        with self._lock:
            self._connections.append((threading.current_thread(), conn))
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    def close(self) -> None:
        with self._lock:
            for _, conn in self._connections:
                with suppress(sqlite3.Error):
                    conn.close()
            self._connections.clear()
        self._local = threading.local()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def _check_and_migrate(self) -> None:
        # Look before writing: a corrupt or foreign file is reported and left untouched.
        if self.path.exists() and self.path.stat().st_size > 0:
            try:
                probe = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=10.0)
                try:
                    version = probe.execute("PRAGMA user_version").fetchone()[0]
                    tables = {
                        r[0] for r in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")
                    }
                finally:
                    probe.close()
            except sqlite3.DatabaseError as exc:
                if "malformed" in str(exc).lower():  # our file, with damaged pages where its schema is
                    raise StorageError(
                        f"{self.path}: the library file is damaged ({exc}); left untouched: move it away or "
                        "restore a backup"
                    ) from exc
                raise StorageError(f"{self.path}: not a reader library ({exc}); left untouched") from exc
            if version == 0 and tables:
                raise StorageError(f"{self.path}: a database of another program; left untouched")
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"{self.path}: made by a newer version (schema {version} > {SCHEMA_VERSION}); left untouched"
                )
            if version and not tables >= _OUR_TABLES:
                raise StorageError(f"{self.path}: not a reader library (tables missing); left untouched")
        conn = self.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version >= SCHEMA_VERSION:
            return
        with self.transaction() as tx:
            version = tx.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
            for step in range(version, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[step]):
                    tx.execute(statement)
                tx.execute(f"PRAGMA user_version = {step + 1}")

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    # -- feeds -------------------------------------------------------------------------------------

    def add_feed(
        self, url: str, title: str = "", category: str | None = None, *, on_server: bool = False
    ) -> tuple[int, bool]:
        """Subscribe; returns (feed id, created). on_server: also queue the subscription for the sync server."""
        with self.transaction() as tx:
            row = tx.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
            if row:
                return int(row[0]), False
            cur = tx.execute(
                "INSERT INTO feeds (url, title, category, added) VALUES (?, ?, ?, ?)",
                (url, title, category, _now()),
            )
            feed_id = int(cur.lastrowid or 0)
            if on_server and url.startswith(("http://", "https://")):
                _queue_subscribe(tx, feed_id, url, title)
            return feed_id, True

    def remove_feed(self, feed_id: int) -> None:
        """Unsubscribe; bookmarked articles stay (their feed_id becomes NULL), the rest go.

        A feed on the sync server is queued for unsubscribing there; one whose subscription never left the queue
        just leaves it.
        """
        with self.transaction() as tx:
            tx.execute("DELETE FROM sync_queue WHERE kind = 'subscribe' AND feed_id = ?", (feed_id,))
            remote = tx.execute("SELECT remote_id FROM sync_feeds WHERE feed_id = ?", (feed_id,)).fetchone()
            if remote is not None:
                tx.execute(
                    "INSERT INTO sync_queue (kind, target, feed_id, changed_at) VALUES ('unsubscribe', ?, ?, ?)",
                    (remote[0], feed_id, _instant()),
                )
            _remove_feed(tx, feed_id)

    _FEED_COLUMNS = """
        f.id, f.url, f.title, f.site_url, f.category, f.error, f.warning, f.gone, f.last_checked, f.retry_after,
        (SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND a.read = 0) AS unread,
        (SELECT count(*) FROM articles a WHERE a.feed_id = f.id) AS total
    """

    def feeds(self) -> list[Feed]:
        rows = self.conn.execute(
            f"SELECT {self._FEED_COLUMNS} FROM feeds f ORDER BY lower(f.title), f.id"
        ).fetchall()
        return [self._feed(r) for r in rows]

    def feed(self, feed_id: int) -> Feed | None:
        row = self.conn.execute(
            f"SELECT {self._FEED_COLUMNS} FROM feeds f WHERE f.id = ?", (feed_id,)
        ).fetchone()
        return self._feed(row) if row else None

    def feed_by_url(self, url: str) -> Feed | None:
        row = self.conn.execute(
            f"SELECT {self._FEED_COLUMNS} FROM feeds f WHERE f.url = ?", (url,)
        ).fetchone()
        return self._feed(row) if row else None

    @staticmethod
    def _feed(row: sqlite3.Row) -> Feed:
        return Feed(
            id=row["id"],
            url=row["url"],
            title=row["title"] or row["url"],
            site_url=row["site_url"],
            category=row["category"],
            error=row["error"],
            warning=row["warning"],
            unread=row["unread"],
            total=row["total"],
            gone=bool(row["gone"]),
            last_checked=_dt(row["last_checked"]),
            retry_after=_dt(row["retry_after"]),
        )

    def set_feed_error(
        self, feed_id: int, error: str, *, gone: bool = False, retry_after: datetime | None = None
    ) -> None:
        with self.transaction() as tx:
            tx.execute(
                "UPDATE feeds SET error = ?, gone = gone OR ?, retry_after = ?, last_checked = ? WHERE id = ?",
                (error, int(gone), _iso(retry_after), _now(), feed_id),
            )

    def set_not_modified(self, feed_id: int) -> None:
        with self.transaction() as tx:
            tx.execute(
                "UPDATE feeds SET error = NULL, retry_after = NULL, last_checked = ? WHERE id = ?",
                (_now(), feed_id),
            )

    def all_validators(self) -> dict[int, tuple[str | None, str | None]]:
        """feed id → (etag, last_modified) for every feed."""
        return {r[0]: (r[1], r[2]) for r in self.conn.execute("SELECT id, etag, last_modified FROM feeds")}

    def store_feed(
        self,
        feed_id: int,
        parsed: ParsedFeed,
        *,
        etag: str | None,
        last_modified: str | None,
        title_override: bool = True,
    ) -> int:
        """Store one refresh of a feed in one transaction; returns the number of new articles.

        Known articles keep their id, read and bookmark state; their text is updated when the feed changed it.
        Articles that left the feed stay. An unchanged entry costs a digest and no write. New and edited
        articles wait for index_pending() to enter the search index.
        """
        now = _now()
        with self.transaction() as tx:
            tx.execute(
                """UPDATE feeds SET title = CASE WHEN ? THEN ? ELSE title END, site_url = ?, etag = ?,
                   last_modified = ?, error = NULL, warning = ?, gone = 0, retry_after = NULL, last_checked = ?
                   WHERE id = ?""",
                (int(title_override), parsed.title, parsed.site_url, etag, last_modified, parsed.warning, now, feed_id),
            )
            feed_title = tx.execute("SELECT title FROM feeds WHERE id = ?", (feed_id,)).fetchone()[0]
            known = {
                key: (article_id, digest)
                for key, article_id, digest in tx.execute(
                    "SELECT key, id, digest FROM articles WHERE feed_id = ?", (feed_id,)
                )
            }
            fresh: list[tuple[ParsedEntry, str]] = []
            edited: list[tuple[int, ParsedEntry, str]] = []
            seen: set[str] = set()
            for e in parsed.entries:
                if e.key in seen:
                    continue  # a key repeated within one document: the first one counts
                seen.add(e.key)
                digest = entry_digest(e)
                old = known.get(e.key)
                if old is None:
                    fresh.append((e, digest))
                elif old[1] != digest:
                    edited.append((old[0], e, digest))
            if fresh:
                tx.executemany(
                    """INSERT INTO articles (feed_id, feed_title, key, title, url, author, published, updated,
                       summary, content, first_seen, digest, indexed, image)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)""",
                    [
                        (feed_id, feed_title, e.key, e.title, e.url, e.author, _iso(e.published) or now,
                         _iso(e.updated), e.summary, e.content, now, digest, e.image)
                        for e, digest in fresh
                    ],
                )
            for article_id, e, digest in edited:
                self._update_entry(tx, article_id, e, digest)
        return len(fresh)

    @staticmethod
    def _update_entry(tx: sqlite3.Connection, article_id: int, e: ParsedEntry, digest: str) -> None:
        row = tx.execute(
            "SELECT title, summary, content, author, digest FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row["digest"] is None and (row["title"], row["summary"], row["content"], row["author"]) == (
            e.title,
            e.summary,
            e.content,
            e.author,
        ):
            # Stored before digests existed and unchanged: just remember its digest.
            tx.execute("UPDATE articles SET digest = ? WHERE id = ?", (digest, article_id))
            return
        # The item was edited upstream: take the new text, keep read/bookmark state, re-read lazily, re-index soon.
        # A bookmarked article keeps the reading its reader saved (and its index entry).
        tx.execute(
            """UPDATE articles SET title = ?, url = ?, author = ?, updated = ?, summary = ?, content = ?, digest = ?,
               image = ?, reading = CASE WHEN bookmarked THEN reading ELSE NULL END,
               indexed = CASE WHEN bookmarked AND reading IS NOT NULL THEN indexed ELSE 0 END,
               quotes_version = CASE WHEN bookmarked AND reading IS NOT NULL THEN quotes_version ELSE 0 END
               WHERE id = ?""",
            (e.title, e.url, e.author, _iso(e.updated), e.summary, e.content, digest, e.image, article_id),
        )

    # -- the search index --------------------------------------------------------------------------

    def pending_index(self) -> int:
        """How many stored articles wait to enter the search index."""
        return int(self.conn.execute("SELECT count(*) FROM articles WHERE indexed = 0").fetchone()[0])

    def index_pending(self, limit: int = 500) -> int:
        """Put up to `limit` waiting articles in the search index (one transaction); returns how many.

        Their text is made before the write lock is taken; an article read or edited meanwhile is left to
        whoever changed it (save_reading indexes it; an edit queues it again).
        """
        rows = self.conn.execute(
            "SELECT id, title, author, summary, content, reading FROM articles WHERE indexed = 0 ORDER BY id LIMIT ?",
            (limit,),
        ).fetchall()
        if not rows:
            return 0
        entries = []
        for row in rows:
            text = None
            if row["reading"]:
                with suppress(ValueError, TypeError, KeyError):
                    text = reading_search_text(reading_from_json(row["reading"]))
            if text is None:
                text = search_text(row["content"] or row["summary"])
            entries.append((row["id"], row["title"], row["author"] or "", text))
        done = 0
        with self.transaction() as tx:
            for article_id, title, author, text in entries:
                if tx.execute("UPDATE articles SET indexed = 1 WHERE id = ? AND indexed = 0", (article_id,)).rowcount:
                    tx.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
                    tx.execute(
                        "INSERT INTO articles_fts (rowid, title, author, text) VALUES (?, ?, ?, ?)",
                        (article_id, title, author, text),
                    )
                    done += 1
        return done

    # -- articles ----------------------------------------------------------------------------------

    _SUMMARY_COLUMNS = (
        "a.id, a.feed_id, a.feed_title, a.title, a.url, a.author, a.published, a.read, a.bookmarked"
    )

    def articles(
        self,
        *,
        feed_id: int | None = None,
        unread: bool = False,
        bookmarked: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ArticleSummary]:
        where, params = self._filters(feed_id=feed_id, unread=unread, bookmarked=bookmarked)
        sql = f"SELECT {self._SUMMARY_COLUMNS} FROM articles a {where} ORDER BY a.published DESC, a.id DESC"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [self._summary(r) for r in self.conn.execute(sql, params)]

    def count_articles(
        self, *, feed_id: int | None = None, unread: bool = False, bookmarked: bool = False
    ) -> int:
        where, params = self._filters(feed_id=feed_id, unread=unread, bookmarked=bookmarked)
        return int(self.conn.execute(f"SELECT count(*) FROM articles a {where}", params).fetchone()[0])

    @staticmethod
    def _filters(*, feed_id: int | None, unread: bool, bookmarked: bool) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if feed_id is not None:
            clauses.append("a.feed_id = ?")
            params.append(feed_id)
        if unread:
            clauses.append("a.read = 0")
        if bookmarked:
            clauses.append("a.bookmarked = 1")
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    @staticmethod
    def _summary(row: sqlite3.Row) -> ArticleSummary:
        return ArticleSummary(
            id=row["id"],
            feed_id=row["feed_id"],
            feed_title=row["feed_title"],
            title=row["title"],
            url=row["url"],
            author=row["author"],
            published=_dt(row["published"]),
            read=bool(row["read"]),
            bookmarked=bool(row["bookmarked"]),
        )

    def article(self, article_id: int) -> StoredArticle | None:
        row = self.conn.execute(
            f"SELECT {self._SUMMARY_COLUMNS}, a.summary, a.content, a.reading, a.image FROM articles a WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        return StoredArticle(self._summary(row), row["summary"], row["content"], row["reading"], row["image"])

    def summary(self, article_id: int) -> ArticleSummary | None:
        sql = f"SELECT {self._SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?"
        row = self.conn.execute(sql, (article_id,)).fetchone()
        return self._summary(row) if row else None

    def save_reading(self, article_id: int, reading: Reading) -> None:
        with self.transaction() as tx:
            tx.execute("UPDATE articles SET reading = ? WHERE id = ?", (reading_to_json(reading), article_id))
            row = tx.execute("SELECT title, author FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return
            tx.execute("UPDATE articles SET indexed = 1 WHERE id = ?", (article_id,))
            tx.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
            tx.execute(
                "INSERT INTO articles_fts (rowid, title, author, text) VALUES (?, ?, ?, ?)",
                (article_id, row["title"], row["author"] or "", reading_search_text(reading)),
            )
            self._store_quotes(tx, article_id, reading.quotes, reading.version)

    def set_flag(self, article_ids: Iterable[int], column: str, value: bool) -> int:
        """Set read or bookmarked; returns how many articles changed.

        Each change of an article from the sync server is queued for it in the same transaction, so no crash can
        keep the change here and lose it for the server.
        """
        if column not in ("read", "bookmarked"):
            raise ValueError(column)
        kind = "read" if column == "read" else "starred"
        changed = 0
        now = _instant()
        with self.transaction() as tx:
            for chunk in _chunks(list(dict.fromkeys(article_ids))):
                marks = ",".join("?" * len(chunk))
                moved = [
                    r[0]
                    for r in tx.execute(
                        f"SELECT id FROM articles WHERE id IN ({marks}) AND {column} != ?", (*chunk, int(value))
                    )
                ]
                if not moved:
                    continue
                marks = ",".join("?" * len(moved))
                tx.execute(f"UPDATE articles SET {column} = ? WHERE id IN ({marks})", (int(value), *moved))
                tx.execute(
                    f"""INSERT INTO sync_queue (kind, target, value, changed_at)
                        SELECT ?, remote_id, ?, ? FROM sync_entries WHERE article_id IN ({marks})""",
                    (kind, int(value), now, *moved),
                )
                changed += len(moved)
        return changed

    def unread_ids(self, feed_id: int | None) -> list[int]:
        where, params = self._filters(feed_id=feed_id, unread=True, bookmarked=False)
        return [r[0] for r in self.conn.execute(f"SELECT a.id FROM articles a {where}", params)]

    def forget_orphan(self, article_id: int) -> None:
        """Delete an unbookmarked article whose feed is gone (it was kept only for its bookmark)."""
        with self.transaction() as tx:
            tx.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
            tx.execute(
                "DELETE FROM articles WHERE id = ? AND feed_id IS NULL AND bookmarked = 0", (article_id,)
            )

    def search(
        self, query: str, *, limit: int = 200, speakers: Sequence[Sequence[int]] = ()
    ) -> list[tuple[ArticleSummary, str]]:
        """Full-text search; each hit comes with a snippet whose matches are wrapped in \\x02…\\x03.

        `speakers`: keep only articles quoting someone of each group (the people a `said:NAME` names). With no
        words, those articles newest first, each with the first such quote as its snippet.
        """
        quoting = " AND ".join(
            f"{{id}} IN (SELECT article_id FROM quotes WHERE speaker_id IN ({','.join('?' * len(group))}))"
            for group in speakers
        )
        quoting_params = [i for group in speakers for i in group]
        match = fts_query(query)
        if match is None:
            if not speakers:
                return []
            first = ",".join("?" * len(speakers[0]))
            rows = self.conn.execute(
                f"""SELECT {self._SUMMARY_COLUMNS}, (SELECT '“' || q.text || '” — ' || char(2) || q.speaker || char(3)
                        FROM quotes q WHERE q.article_id = a.id AND q.speaker_id IN ({first})
                        ORDER BY q.position LIMIT 1) AS snip
                    FROM articles a WHERE {quoting.format(id="a.id")}
                    ORDER BY a.published DESC, a.id DESC LIMIT ?""",
                [*speakers[0], *quoting_params, limit],
            ).fetchall()
            return [(self._summary(r), " ".join((r["snip"] or "").split())) for r in rows]
        within = f"AND {quoting.format(id='rowid')}" if speakers else ""
        # ORDER BY rank (bm25 with these weights, set per query) lets FTS5 sort inside the index and stop at
        # the limit, so snippets are made for the hits shown, not for every match: 4x faster on common words.
        rows = self.conn.execute(
            f"""SELECT {self._SUMMARY_COLUMNS}, hit.snip FROM (
                    SELECT rowid AS id, rank, snippet(articles_fts, -1, char(2), char(3), '…', 16) AS snip
                    FROM articles_fts WHERE articles_fts MATCH ? AND rank MATCH 'bm25(10.0, 2.0, 1.0)' {within}
                    ORDER BY rank LIMIT ?
                ) AS hit JOIN articles a ON a.id = hit.id
                ORDER BY hit.rank, a.published DESC""",
            (match, *quoting_params, limit),
        ).fetchall()
        return [(self._summary(r), " ".join((r["snip"] or "").split())) for r in rows]

    # -- list positions ----------------------------------------------------------------------------

    _ORDER_BEFORE = "(a.published > ? OR (a.published = ? AND a.id > ?))"  # above a row in the list's order

    def position(self, article_id: int, *, feed_id: int | None = None, bookmarked: bool = False) -> int | None:
        """Where an article stands in a list (newest first), or None when the list does not hold it."""
        row = self.conn.execute("SELECT published, id FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        where, params = self._filters(feed_id=feed_id, unread=False, bookmarked=bookmarked)
        held = self.conn.execute(
            f"SELECT 1 FROM articles a {where} {'AND' if where else 'WHERE'} a.id = ?", [*params, article_id]
        ).fetchone()
        if held is None:
            return None
        where = f"{where} {'AND' if where else 'WHERE'} {self._ORDER_BEFORE}"
        count = self.conn.execute(
            f"SELECT count(*) FROM articles a {where}", [*params, row[0], row[0], row[1]]
        ).fetchone()[0]
        return int(count)

    def next_unread(
        self, article_id: int | None, direction: int, *, feed_id: int | None = None, bookmarked: bool = False,
        index: int = 0,
    ) -> tuple[int, ArticleSummary] | None:
        """The next (1) or previous (-1) unread article of a list after an article (None: from the top), with its
        position in the list: one statement, walking the list's own index from the article's place.

        When the article has left the list, the search starts from the row now at `index`.
        """
        if article_id is not None and self.conn.execute(
            "SELECT 1 FROM articles WHERE id = ?", (article_id,)
        ).fetchone() is None:
            listed = self.articles(feed_id=feed_id, bookmarked=bookmarked, limit=1, offset=max(0, index))
            article_id = listed[0].id if listed else None
        if article_id is None and direction < 0:
            return None
        where, params = self._filters(feed_id=feed_id, unread=True, bookmarked=bookmarked)
        order = "DESC" if direction > 0 else "ASC"
        if article_id is not None:
            beyond = ("(a.published < anchor.published OR (a.published = anchor.published AND a.id < anchor.id))"
                      if direction > 0 else
                      "(a.published > anchor.published OR (a.published = anchor.published AND a.id > anchor.id))")
            anchor = "anchor AS (SELECT published, id FROM articles WHERE id = ?),"
            source = "articles a, anchor"
            where = f"{where} AND {beyond}"
            params = [article_id, *params]
        else:
            anchor, source = "", "articles a"
        # The position is counted in the same statement, correlated on the row found.
        list_where, list_params = self._filters(feed_id=feed_id, unread=False, bookmarked=bookmarked)
        above = "(b.published > found.published OR (b.published = found.published AND b.id > found.id))"
        list_where = list_where.replace("a.", "b.")
        list_where = f"{list_where} {'AND' if list_where else 'WHERE'} {above}"
        row = self.conn.execute(
            f"""WITH {anchor} found AS (SELECT {self._SUMMARY_COLUMNS} FROM {source} {where}
                    ORDER BY a.published {order}, a.id {order} LIMIT 1)
                SELECT found.*, (SELECT count(*) FROM articles b {list_where}) AS position FROM found""",
            [*params, *list_params],
        ).fetchone()
        if row is None:
            return None
        return int(row["position"]), self._summary(row)

    # -- quotes and sources ------------------------------------------------------------------------

    def _store_quotes(self, tx: sqlite3.Connection, article_id: int, quotes: Sequence[Quote], version: int) -> None:
        """An article's quotes replace what was stored for it; named speakers become (or find) their person."""
        row = tx.execute("SELECT feed_id, feed_title, published FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return
        tx.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
        for position, quote in enumerate(quotes):
            speaker_id = None
            if is_named(quote.speaker):
                assert quote.speaker is not None
                name = " ".join(quote.speaker.split())
                key = speaker_key(name)
                found = tx.execute("SELECT id FROM speakers WHERE key = ?", (key,)).fetchone()
                if found is None:
                    speaker_id = tx.execute("INSERT INTO speakers (key, name) VALUES (?, ?)", (key, name)).lastrowid
                else:
                    speaker_id = found[0]
            tx.execute(
                """INSERT INTO quotes (article_id, position, speaker_id, speaker, role, text, feed_id, outlet,
                   published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (article_id, position, speaker_id, quote.speaker, quote.role, quote.text, row["feed_id"],
                 row["feed_title"] or "", row["published"]),
            )
        tx.execute("UPDATE articles SET quotes_version = ? WHERE id = ?", (max(1, version), article_id))

    def store_quotes(self, batch: Sequence[tuple[int, Sequence[Quote], int]]) -> None:
        """Store the quotes of several articles, (article id, quotes, reading-engine version) each, at once."""
        with self.transaction() as tx:
            for article_id, quotes, version in batch:
                self._store_quotes(tx, article_id, quotes, version)

    def quotes_pending(self, version: int, limit: int) -> list[int]:
        """Articles whose stored quotes (if any) come from an engine older than `version`, newest first."""
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE quotes_version < ? ORDER BY quotes_version, id DESC LIMIT ?",
            (version, limit),
        )
        return [r[0] for r in rows]

    def count_quotes_pending(self, version: int) -> int:
        return int(self.conn.execute(
            "SELECT count(*) FROM articles WHERE quotes_version < ?", (version,)).fetchone()[0])

    @staticmethod
    def _quote_filters(feed_id: int | None, since: datetime | None) -> tuple[str, list[Any]]:
        clauses: list[str] = ["q.speaker_id IS NOT NULL"]
        params: list[Any] = []
        if feed_id is not None:
            clauses.append("q.feed_id = ?")
            params.append(feed_id)
        if since is not None:
            clauses.append("q.published >= ?")
            params.append(_iso(since))
        return " AND ".join(clauses), params

    def sources(
        self, *, feed_id: int | None = None, since: datetime | None = None, limit: int | None = None,
        order: str = "count",
    ) -> list[Source]:
        """Everyone quoted (named speakers only), with their roles, outlets, count and last date."""
        where, params = self._quote_filters(feed_id, since)
        ordering = "n DESC, last DESC, s.name" if order == "count" else "last DESC, n DESC, s.name"
        sql = f"""SELECT s.id, s.key, s.name, agg.n, agg.last FROM (
                      SELECT q.speaker_id, count(*) AS n, max(q.published) AS last
                      FROM quotes q INDEXED BY quotes_by_speaker WHERE {where} GROUP BY q.speaker_id
                  ) AS agg JOIN speakers s ON s.id = agg.speaker_id ORDER BY {ordering}"""
        if limit is not None:
            sql += " LIMIT ?"
            params = [*params, limit]
        rows = self.conn.execute(sql, params).fetchall()
        if not rows:
            return []
        wanted = {r["id"] for r in rows} if limit is not None else None
        roles = self._speaker_values("role", feed_id, since, wanted)
        outlets = self._speaker_values("outlet", feed_id, since, wanted)
        return [
            Source(
                key=r["key"], name=r["name"], roles=tuple(roles.get(r["id"], ())), quotes=r["n"],
                outlets=tuple(outlets.get(r["id"], ())), last_quoted=_dt(r["last"]),
            )
            for r in rows
        ]

    def _speaker_values(
        self, column: str, feed_id: int | None, since: datetime | None, wanted: set[int] | None
    ) -> dict[int, list[str]]:
        """speaker id → the distinct values of `column` (role or outlet) they were quoted with, latest first."""
        assert column in ("role", "outlet")
        where, params = self._quote_filters(feed_id, since)
        if wanted is not None:  # a --limit: only the people shown, found through the index
            where += f" AND q.speaker_id IN ({','.join('?' * len(wanted))})"
            params = [*params, *sorted(wanted)]
        index = "quotes_roles" if column == "role" else "quotes_outlets"
        # One row a person: their distinct values, the latest first, joined by a unit separator (feed text is
        # scrubbed of control characters, so it never holds one). A popular name quoted by every feed has a
        # value per feed: 100,000 rows would cost Python more than the query.
        rows = self.conn.execute(
            f"""SELECT speaker_id, group_concat(value, char(31)) FROM (
                    SELECT q.speaker_id AS speaker_id, q.{column} AS value, max(q.published) AS last
                    FROM quotes q INDEXED BY {index}
                    WHERE {where} AND q.{column} IS NOT NULL AND q.{column} != ''
                    GROUP BY q.speaker_id, q.{column} ORDER BY q.speaker_id, last DESC
                ) GROUP BY speaker_id""",
            params,
        )
        values: dict[int, list[str]] = {}
        for speaker_id, joined in rows:
            found = joined.split("\x1f")
            if column == "role":  # "City manager" and "city manager" are one role
                found = list({" ".join(v.casefold().split()): v for v in reversed(found)}.values())[::-1]
            values[speaker_id] = found
        return values

    def count_sources(self) -> int:
        return int(self.conn.execute(
            "SELECT count(DISTINCT speaker_id) FROM quotes WHERE speaker_id IS NOT NULL").fetchone()[0])

    def speakers_by_key(self, key: str) -> list[int]:
        row = self.conn.execute("SELECT id FROM speakers WHERE key = ?", (key,)).fetchone()
        return [row[0]] if row else []

    def speakers_named(self, name: str) -> list[int]:
        """The people `name` names: the same full name, or a name holding its words ("Nguyen" → Lan Nguyen)."""
        key = speaker_key(name)
        if not key:
            return []
        exact = self.conn.execute("SELECT id FROM speakers WHERE key = ?", (key,)).fetchone()
        if exact is not None:
            return [exact[0]]
        first = key.split()[0]
        rows = self.conn.execute("SELECT id, key FROM speakers WHERE key LIKE ?", (f"%{first}%",))
        return [r[0] for r in rows if matches(r[1], name)]

    def quotes(
        self, *, speaker_ids: Sequence[int] | None = None, feed_id: int | None = None, limit: int | None = None,
        named_only: bool = False,
    ) -> list[QuoteHit]:
        """Stored quotes, newest first (in reading order within an article), with their article."""
        clauses: list[str] = []
        params: list[Any] = []
        if speaker_ids is not None:
            clauses.append(f"q.speaker_id IN ({','.join('?' * len(speaker_ids))})")
            params += list(speaker_ids)
        if named_only:
            clauses.append("q.speaker_id IS NOT NULL")
        if feed_id is not None:
            clauses.append("q.feed_id = ?")
            params.append(feed_id)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = f"""SELECT q.text, q.speaker, q.role, q.article_id, a.title, q.outlet, q.published, q.feed_id
                  FROM quotes q JOIN articles a ON a.id = q.article_id {where}
                  ORDER BY q.published DESC, q.article_id DESC, q.position"""
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [
            QuoteHit(text=r[0], speaker=r[1], role=r[2], article_id=r[3], title=r[4], feed_title=r[5],
                     published=_dt(r[6]), feed_id=r[7])
            for r in self.conn.execute(sql, params)
        ]

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])


def _statements(script: str) -> Sequence[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


_CHUNK = 500  # ids per IN (...) list: well under SQLite's 32,766 variables, and a plan that stays on the index


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _queue_subscribe(tx: sqlite3.Connection, feed_id: int, url: str, title: str | None) -> None:
    tx.execute(
        "INSERT INTO sync_queue (kind, target, feed_id, title, changed_at) VALUES ('subscribe', ?, ?, ?, ?)",
        (url, feed_id, title or None, _instant()),
    )


def _instant() -> str:
    """Now to the microsecond, UTC, for a change queued for the server: sync compares our times of change with the
    server's, and a second lost to rounding would let the earlier change win."""
    return datetime.now(UTC).isoformat()


def _precise(value: datetime | None) -> str | None:
    """The server's time of change as it gave it (to the microsecond)."""
    return value.astimezone(UTC).isoformat() if value else None


class SyncTables:
    """The sync engine's store (engine.SyncStore) in the library file, and the sync account's one row.

    Each method is one transaction. Queue rows leave only when the server has the change (pushed), when a pull shows
    it has it or a later one (store_page's `dropped`), or when a feed operation is done or refused for good.
    """

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    # -- the account -------------------------------------------------------------------------------

    def open_account(self, account: str) -> bool:
        """Make `account` (service, address, user) the synced one; True until it has completed a first sync.

        Another account before it is forgotten: its cursor, remote ids and queued flag changes (they name its
        entries); the library's feeds and articles stay, and the next pull matches them to the new server's.
        """
        with self._storage.transaction() as tx:
            row = tx.execute("SELECT account, first_done FROM sync_state WHERE id = 1").fetchone()
            if row is None:
                tx.execute("INSERT INTO sync_state (id, account) VALUES (1, ?)", (account,))
                return True
            if row["account"] == account:
                return not row["first_done"]
            tx.execute("DELETE FROM sync_feeds")
            tx.execute("DELETE FROM sync_entries")
            tx.execute("DELETE FROM sync_queue WHERE kind IN ('read', 'starred', 'unsubscribe')")
            tx.execute(
                """UPDATE sync_state SET account = ?, cursor = NULL, first_done = 0, last_sync = NULL,
                   last_error = NULL WHERE id = 1""",
                (account,),
            )
            return True

    def finish(self, *, completed: bool, error: str | None) -> None:
        """Record how a sync ended: when it completed (the server may still have refused a feed), and its error."""
        with self._storage.transaction() as tx:
            if completed:
                tx.execute("UPDATE sync_state SET last_sync = ?, first_done = 1 WHERE id = 1", (_now(),))
            tx.execute("UPDATE sync_state SET last_error = ? WHERE id = 1", (error,))

    def status(self) -> tuple[str | None, datetime | None, str | None, int]:
        """(account, time of the last complete sync, the last sync's error, changes waiting for the server: flags of
        entries and feed operations, a flag changed twice counting once)."""
        conn = self._storage.conn
        row = conn.execute("SELECT account, last_sync, last_error FROM sync_state WHERE id = 1").fetchone()
        waiting = int(conn.execute("SELECT count(*) FROM (SELECT DISTINCT kind, target FROM sync_queue)").fetchone()[0])
        if row is None:
            return None, None, None, waiting
        return row["account"], _dt(row["last_sync"]), row["last_error"], waiting

    def synced_feed_ids(self) -> set[int]:
        return {r[0] for r in self._storage.conn.execute("SELECT feed_id FROM sync_feeds")}

    def queue_local_feeds(self) -> int:
        """Queue a subscription on the server for each web feed of the library it does not have; returns how many."""
        with self._storage.transaction() as tx:
            rows = tx.execute(
                """SELECT f.id, f.url, f.title FROM feeds f
                   WHERE (f.url LIKE 'http://%' OR f.url LIKE 'https://%')
                     AND f.id NOT IN (SELECT feed_id FROM sync_feeds)
                     AND f.id NOT IN (SELECT feed_id FROM sync_queue WHERE kind = 'subscribe' AND feed_id IS NOT NULL)
                   ORDER BY f.id"""
            ).fetchall()
            for row in rows:
                _queue_subscribe(tx, row["id"], row["url"], row["title"])
            return len(rows)

    # -- SyncStore ---------------------------------------------------------------------------------

    def cursor(self) -> str | None:
        row = self._storage.conn.execute("SELECT cursor FROM sync_state WHERE id = 1").fetchone()
        return row[0] if row else None

    def save_cursor(self, cursor: str) -> None:
        with self._storage.transaction() as tx:
            tx.execute("UPDATE sync_state SET cursor = ? WHERE id = 1", (cursor,))

    def feed_ops(self) -> list[FeedOp]:
        from reader.core.sync.engine import FeedOp

        rows = self._storage.conn.execute(
            "SELECT seq, kind, target, feed_id, title FROM sync_queue WHERE kind IN ('subscribe', 'unsubscribe') "
            "ORDER BY seq"
        ).fetchall()
        return [FeedOp(r["seq"], r["kind"], r["target"], r["title"], r["feed_id"]) for r in rows]

    def feed_op_done(self, op: FeedOp, feed: RemoteFeed | None) -> None:
        """Delete the op; a subscription done ties the local feed to the server's."""
        with self._storage.transaction() as tx:
            tx.execute("DELETE FROM sync_queue WHERE seq = ?", (op.seq,))
            if op.kind != "subscribe" or feed is None:
                return
            row = tx.execute("SELECT id FROM feeds WHERE id = ?", (op.feed_id,)).fetchone() or tx.execute(
                "SELECT id FROM feeds WHERE url = ?", (op.target,)
            ).fetchone()
            if row is not None:  # (removed here meanwhile: the next pull brings it back as the server's)
                _link_feed(tx, row[0], feed.remote_id)

    def feed_op_failed(self, op: FeedOp) -> None:
        """The server refused the op for good: it leaves the queue (a refused feed stays in this library only)."""
        with self._storage.transaction() as tx:
            tx.execute("DELETE FROM sync_queue WHERE seq = ?", (op.seq,))

    def pending(self) -> list[LocalChange]:
        from reader.core.sync.engine import LocalChange

        rows = self._storage.conn.execute(
            "SELECT seq, kind, target, value, changed_at FROM sync_queue WHERE kind IN ('read', 'starred') ORDER BY seq"
        ).fetchall()
        return [
            LocalChange(r["seq"], r["target"], r["kind"], bool(r["value"]), datetime.fromisoformat(r["changed_at"]))
            for r in rows
        ]

    def base(self, remote_ids: Iterable[str]) -> dict[str, Known]:
        from reader.core.sync.engine import Known

        known: dict[str, Known] = {}
        for chunk in _chunks(list(remote_ids)):
            marks = ",".join("?" * len(chunk))
            for r in self._storage.conn.execute(
                f"""SELECT remote_id, server_read, server_starred, server_changed_at FROM sync_entries
                    WHERE remote_id IN ({marks})""",
                chunk,
            ):
                known[r[0]] = Known(_flag(r[1]), _flag(r[2]), _dt(r[3]))
        return known

    def store_page(
        self, page: PullPage, apply: Sequence[StateChange], dropped: Sequence[int], guard_seq: int
    ) -> PageStored:
        from reader.core.sync.engine import PageStored

        with self._storage.transaction() as tx:
            feeds = self._store_feeds(tx, page.feeds) if page.feeds is not None else 0
            articles = self._store_entries(tx, page.entries) if page.entries else 0
            states = self._apply(tx, apply, guard_seq) if apply else 0
            tx.executemany(
                """UPDATE sync_entries SET server_read = coalesce(?, server_read),
                   server_starred = coalesce(?, server_starred), server_changed_at = ? WHERE remote_id = ?""",
                [(_bit(s.read), _bit(s.starred), _precise(s.changed_at), s.remote_id) for s in page.all_states()],
            )
            for chunk in _chunks(list(dropped)):
                tx.execute(f"DELETE FROM sync_queue WHERE seq IN ({','.join('?' * len(chunk))})", chunk)
        return PageStored(feeds, articles, states)

    def pushed(self, changes: Sequence[LocalChange]) -> None:
        with self._storage.transaction() as tx:
            for chunk in _chunks([c.seq for c in changes]):
                tx.execute(f"DELETE FROM sync_queue WHERE seq IN ({','.join('?' * len(chunk))})", chunk)
            for attribute, column in (("read", "server_read"), ("starred", "server_starred")):
                tx.executemany(
                    f"UPDATE sync_entries SET {column} = ?, server_changed_at = NULL WHERE remote_id = ?",
                    [(int(c.value), c.remote_id) for c in changes if c.attribute == attribute],
                )

    # -- pages -------------------------------------------------------------------------------------

    def _store_feeds(self, tx: sqlite3.Connection, feeds: Sequence[RemoteFeed]) -> int:
        """The server's whole subscription list: new ones made here, gone ones removed, titles followed."""
        linked = {r[0]: r[1] for r in tx.execute("SELECT remote_id, feed_id FROM sync_feeds")}
        by_url = {r["url"]: r for r in tx.execute("SELECT id, url, title, site_url, category FROM feeds")}
        leaving = {r[0] for r in tx.execute("SELECT target FROM sync_queue WHERE kind = 'unsubscribe'")}
        changes = 0
        listed: set[str] = set()
        kept: set[int] = set()  # local feeds tied to a listed feed (one may move from a remote id that is gone)
        for remote in feeds:
            listed.add(remote.remote_id)
            if remote.remote_id in leaving or not remote.url.startswith(("http://", "https://")):
                continue  # removed here while this sync ran (the next sync unsubscribes it), or no web feed
            title = remote.title or remote.url
            feed_id = linked.get(remote.remote_id)
            local = by_url.get(remote.url)
            if feed_id is None and local is not None:
                feed_id = local["id"]
                _link_feed(tx, feed_id, remote.remote_id)
            elif feed_id is None:
                cur = tx.execute(
                    "INSERT INTO feeds (url, title, site_url, category, added) VALUES (?, ?, ?, ?, ?)",
                    (remote.url, title, remote.site_url, remote.category, _now()),
                )
                feed_id = int(cur.lastrowid or 0)
                tx.execute("INSERT INTO sync_feeds (feed_id, remote_id) VALUES (?, ?)", (feed_id, remote.remote_id))
                changes += 1
                continue
            kept.add(feed_id)
            changes += tx.execute(
                """UPDATE feeds SET title = ?, site_url = coalesce(?, site_url), category = ?
                   WHERE id = ? AND (title != ? OR category IS NOT ? OR site_url IS NOT coalesce(?, site_url))""",
                (title, remote.site_url, remote.category, feed_id, title, remote.category, remote.site_url),
            ).rowcount
        for remote_id, feed_id in linked.items():
            if remote_id not in listed and feed_id not in kept:  # unsubscribed on another device
                _remove_feed(tx, feed_id)
                changes += 1
        return changes

    def _store_entries(self, tx: sqlite3.Connection, entries: Sequence[RemoteEntry]) -> int:
        """New entries become articles (or are matched to the same story stored before sync); edits are taken."""
        feeds = {
            r[0]: (r[1], r[2])
            for r in tx.execute("SELECT s.remote_id, f.id, f.title FROM sync_feeds s JOIN feeds f ON f.id = s.feed_id")
        }
        known: dict[str, tuple[int, str | None]] = {}
        for chunk in _chunks([e.remote_id for e in entries]):
            marks = ",".join("?" * len(chunk))
            for r in tx.execute(
                f"""SELECT s.remote_id, a.id, a.digest FROM sync_entries s JOIN articles a ON a.id = s.article_id
                    WHERE s.remote_id IN ({marks})""",
                chunk,
            ):
                known[r[0]] = (r[1], r[2])
        unlinked: dict[int, dict[str, int]] = {}  # per feed: url -> an article stored before the feed was synced
        now = _now()
        new = 0
        for entry in entries:
            feed = feeds.get(entry.feed_id)
            if feed is None:
                continue  # its feed was removed here while this sync ran
            feed_id, feed_title = feed
            parsed = entry.as_parsed()
            digest = entry_digest(parsed)
            old = known.get(entry.remote_id)
            if old is not None:
                if old[1] != digest:
                    Storage._update_entry(tx, old[0], parsed, digest)
                continue
            if feed_id not in unlinked:
                unlinked[feed_id] = {
                    r[0]: r[1]
                    for r in tx.execute(
                        """SELECT url, id FROM articles WHERE feed_id = ? AND url IS NOT NULL
                           AND id NOT IN (SELECT article_id FROM sync_entries)""",
                        (feed_id,),
                    )
                }
            match = unlinked[feed_id].pop(parsed.url, None) if parsed.url else None
            if match is None:
                row = tx.execute(
                    "SELECT id FROM articles WHERE feed_id = ? AND key = ?", (feed_id, parsed.key)
                ).fetchone()
                match = row[0] if row else None
            if match is not None:
                self._merge(tx, match, entry, _instant())
                article_id = match
            else:
                article_id = int(
                    tx.execute(
                        """INSERT INTO articles (feed_id, feed_title, key, title, url, author, published, updated,
                           summary, content, read, bookmarked, first_seen, digest, indexed)
                           VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 0)""",
                        (feed_id, feed_title, parsed.key, parsed.title, parsed.url, parsed.author,
                         _iso(parsed.published) or now, parsed.summary, parsed.content, int(entry.read),
                         int(entry.starred), now, digest),
                    ).lastrowid
                    or 0
                )
                new += 1
            tx.execute(
                """INSERT INTO sync_entries (article_id, remote_id, server_read, server_starred, server_changed_at)
                   VALUES (?, ?, ?, ?, ?)""",
                (article_id, entry.remote_id, int(entry.read), int(entry.starred), _precise(entry.changed_at)),
            )
        return new

    @staticmethod
    def _merge(tx: sqlite3.Connection, article_id: int, entry: RemoteEntry, now: str) -> None:
        """An article stored before its feed was synced meets its entry: what either side read or bookmarked stays
        so (the server's flags arrive with the page; ours are queued for it, and win over the page's)."""
        row = tx.execute("SELECT read, bookmarked FROM articles WHERE id = ?", (article_id,)).fetchone()
        for kind, local, remote in (("read", row["read"], entry.read), ("starred", row["bookmarked"], entry.starred)):
            if local and not remote:
                tx.execute(
                    "INSERT INTO sync_queue (kind, target, value, changed_at) VALUES (?, ?, 1, ?)",
                    (kind, entry.remote_id, now),
                )

    @staticmethod
    def _apply(tx: sqlite3.Connection, apply: Sequence[StateChange], guard_seq: int) -> int:
        """Set the server's flags here, except where a change made here during this sync waits to go out."""
        newer = {
            (r[0], r[1])
            for r in tx.execute(
                "SELECT target, kind FROM sync_queue WHERE seq > ? AND kind IN ('read', 'starred')", (guard_seq,)
            )
        }
        ids: dict[str, int] = {}
        for chunk in _chunks(list({c.remote_id for c in apply})):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT remote_id, article_id FROM sync_entries WHERE remote_id IN ({marks})"
            ids.update((r[0], r[1]) for r in tx.execute(sql, chunk))
        changed = 0
        for change in apply:
            article_id = ids.get(change.remote_id)
            if article_id is None or (change.remote_id, change.attribute) in newer:
                continue
            column = "read" if change.attribute == "read" else "bookmarked"
            changed += tx.execute(
                f"UPDATE articles SET {column} = ? WHERE id = ? AND {column} != ?",
                (int(change.value), article_id, int(change.value)),
            ).rowcount
        return changed


def _link_feed(tx: sqlite3.Connection, feed_id: int, remote_id: str) -> None:
    """Tie a local feed to a server's feed (each side to one other only)."""
    tx.execute("DELETE FROM sync_feeds WHERE remote_id = ? OR feed_id = ?", (remote_id, feed_id))
    tx.execute("INSERT INTO sync_feeds (feed_id, remote_id) VALUES (?, ?)", (feed_id, remote_id))


def _remove_feed(tx: sqlite3.Connection, feed_id: int) -> None:
    ids = [r[0] for r in tx.execute("SELECT id FROM articles WHERE feed_id = ? AND bookmarked = 0", (feed_id,))]
    tx.executemany("DELETE FROM articles_fts WHERE rowid = ?", ((i,) for i in ids))
    tx.execute("DELETE FROM articles WHERE feed_id = ? AND bookmarked = 0", (feed_id,))
    tx.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _bit(value: bool | None) -> int | None:
    return None if value is None else int(value)
