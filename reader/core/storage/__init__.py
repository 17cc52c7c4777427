"""The library file: the only sqlite3 imports. One module per idea, composed into Storage here:

- schema.py    the tables, built by migrations numbered with PRAGMA user_version;
- base.py      the file itself: a connection per thread (WAL), transactions, the check and migration on
               opening, StorageError and describe_database_error;
- records.py   what rows become (StoredArticle, an article's summary, a reading as JSON) and times as stored;
- feeds.py     subscriptions and what each feed's last fetch said;
- entries.py   one refresh of a feed stored (entry_digest: what decides that an item was edited upstream);
- articles.py  article lists, one article and its reading, read and bookmark flags, list positions, next unread;
- search.py    the FTS5 index: what it holds for an article, filling it after a refresh, searching it;
- quotes.py    every quote of every article and the people quoted (the Sources view);
- sync.py      SyncTables: the sync engine's store and the sync account.

Names with a leading underscore are private to this package (its modules share them), never used outside it.
"""

from __future__ import annotations

from reader.core.storage.articles import ArticlesMixin
from reader.core.storage.base import StorageError, describe_database_error
from reader.core.storage.entries import EntriesMixin, entry_digest
from reader.core.storage.feeds import FeedsMixin
from reader.core.storage.quotes import QuotesMixin
from reader.core.storage.records import StoredArticle, reading_from_json, reading_to_json
from reader.core.storage.schema import MIGRATIONS, SCHEMA_VERSION
from reader.core.storage.search import SearchMixin, fts_query, reading_search_text, search_text
from reader.core.storage.sync import SyncTables

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Storage",
    "StorageError",
    "StoredArticle",
    "SyncTables",
    "describe_database_error",
    "entry_digest",
    "fts_query",
    "reading_from_json",
    "reading_search_text",
    "reading_to_json",
    "search_text",
]


class Storage(FeedsMixin, EntriesMixin, ArticlesMixin, SearchMixin, QuotesMixin):
    """A SQLite library file. Safe to share between threads: each thread gets its own connection."""
