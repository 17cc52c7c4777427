"""Storage on real SQLite files: schema, identity across refreshes, flags, FTS search, migrations."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.core.models import ParsedEntry, ParsedFeed, Reading
from reader.core.storage import SCHEMA_VERSION, Storage, StorageError, fts_query


def entry(key: str, title: str = "Title", **kw: object) -> ParsedEntry:
    base: dict[str, object] = dict(
        key=key,
        title=title,
        url=f"https://news.example/{key}",
        author="Ana Ruiz",
        published=datetime(2026, 3, 1, 12, tzinfo=UTC),
        updated=None,
        summary="<p>Summary</p>",
        content="<p>Council votes on the budget tonight.</p>",
    )
    base.update(kw)
    return ParsedEntry(**base)  # type: ignore[arg-type]


def feed_of(*entries: ParsedEntry, title: str = "Ledger") -> ParsedFeed:
    return ParsedFeed(title=title, site_url="https://news.example/", entries=entries)


@pytest.fixture
def store(tmp_path: Path) -> Storage:
    s = Storage(tmp_path / "lib.sqlite")
    yield s
    s.close()


def test_pragmas_and_schema(store: Storage) -> None:
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert store.schema_version() == SCHEMA_VERSION


def test_second_refresh_keeps_identity_and_flags(store: Storage) -> None:
    fid, _ = store.add_feed("https://news.example/feed")
    assert store.store_feed(fid, feed_of(entry("a"), entry("b")), etag='"1"', last_modified=None) == 2
    listed = store.articles()
    store.set_flag([listed[0].id], "read", True)
    store.set_flag([listed[1].id], "bookmarked", True)
    first = store.articles()
    assert [(a.read, a.bookmarked) for a in first] == [(True, False), (False, True)]
    # The same items again, one edited upstream, one gone from the feed.
    assert (
        store.store_feed(fid, feed_of(entry("a", content="<p>Edited</p>")), etag='"2"', last_modified=None)
        == 0
    )
    after = store.articles()
    assert len(after) == 2  # the article that left the feed stays
    assert {a.id for a in after} == {a.id for a in first}
    assert [a.read for a in after] == [a.read for a in first]
    assert [a.bookmarked for a in after] == [a.bookmarked for a in first]
    assert store.all_validators()[fid] == ('"2"', None)


def test_search_finds_words_and_prefixes(store: Storage) -> None:
    fid, _ = store.add_feed("https://news.example/feed")
    store.store_feed(
        fid,
        feed_of(
            entry("a", title="Budget vote"),
            entry("b", title="Ferry schedule", content="<p>Harbor ferries</p>"),
        ),
        etag=None,
        last_modified=None,
    )
    assert store.search("ferr") == []  # stored, not yet indexed: that follows the refresh
    assert store.pending_index() == 2 and store.index_pending() == 2 and store.pending_index() == 0
    hits = store.search("ferr")
    assert [h[0].title for h in hits] == ["Ferry schedule"]
    assert "\x02" in hits[0][1]
    assert store.search('"); DROP TABLE articles; --') == []
    assert store.search("") == []


def test_saved_reading_is_searchable(store: Storage) -> None:
    fid, _ = store.add_feed("https://news.example/feed")
    store.store_feed(fid, feed_of(entry("a")), etag=None, last_modified=None)
    aid = store.articles()[0].id
    store.save_reading(aid, Reading(text="The zoning board met about waterfront parcels."))
    assert [h[0].id for h in store.search("waterfront")] == [aid]


def test_remove_feed_keeps_bookmarks(store: Storage) -> None:
    fid, _ = store.add_feed("https://news.example/feed")
    store.store_feed(
        fid, feed_of(entry("a", title="Keep"), entry("b", title="Drop")), etag=None, last_modified=None
    )
    keep = next(a for a in store.articles() if a.title == "Keep")
    store.set_flag([keep.id], "bookmarked", True)
    store.remove_feed(fid)
    left = store.articles()
    assert [(a.title, a.feed_id, a.feed_title) for a in left] == [("Keep", None, "Ledger")]
    assert store.search("Drop") == []


def test_fts_query_quotes_every_word() -> None:
    assert fts_query("city hall") == '"city" "hall"*'
    assert fts_query("NEAR(a b)") == '"NEAR" "a" "b"*'
    assert fts_query("  ") is None


def test_foreign_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (n INTEGER)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="another program"):
        Storage(path)
    assert path.read_bytes() == before


def test_corrupt_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not sqlite at all" * 100)
    before = path.read_bytes()
    with pytest.raises(StorageError, match="left untouched"):
        Storage(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    Storage(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="newer version"):
        Storage(path)
