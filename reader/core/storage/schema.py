"""The library file's schema: the migrations that build it, step by step (PRAGMA user_version)."""

from __future__ import annotations

from collections.abc import Sequence

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
_OUR_TABLES = {"feeds", "articles"}


def _statements(script: str) -> Sequence[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
