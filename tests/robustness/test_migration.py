"""A library made by the oldest schema (tests/data/library-v1.sqlite) opens with today's code and keeps everything."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.library import make_library
from reader.core.models import READING_VERSION
from reader.core.storage import SCHEMA_VERSION, Storage

DATA = Path(__file__).resolve().parents[1] / "data"
V1 = DATA / "library-v1.sqlite"
ROOT = Path(__file__).resolve().parents[2]

# What make_v1_library.py put in the file.
ARTICLES = {
    1: "Ferry fares rise to $3.50",
    2: "Library opens late on Thursdays",
    3: "Pier repairs begin",
    4: "Council delays the budget vote",
    5: "Snow day for county schools",
    6: "Crier prints its last issue",
    7: "Bayside marsh restoration finished",
}
READ = {1, 2, 5, 7}
BOOKMARKED = {1, 4, 7}


@pytest.fixture
def upgraded(tmp_path: Path) -> Path:
    data = tmp_path / "lib"
    data.mkdir()
    shutil.copyfile(V1, data / "library.sqlite")
    return data


def test_the_fixture_is_really_the_oldest_schema() -> None:
    conn = sqlite3.connect(f"file:{V1}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        columns = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
    finally:
        conn.close()
    assert "digest" not in columns  # added by a later migration
    assert SCHEMA_VERSION > 1, "no migration to test yet"


def test_upgrade_keeps_every_article_flag_and_reading(upgraded: Path) -> None:
    with make_library(upgraded / "library.sqlite") as library:
        storage = Storage(upgraded / "library.sqlite")
        assert storage.schema_version() == SCHEMA_VERSION
        assert storage.integrity_check() == "ok"
        articles = {a.id: a for a in library.articles()}
        assert {i: a.title for i, a in articles.items()} == ARTICLES
        assert {i for i, a in articles.items() if a.read} == READ
        assert {i for i, a in articles.items() if a.bookmarked} == BOOKMARKED
        assert {a.id for a in library.articles(bookmarked=True)} == BOOKMARKED
        assert articles[7].feed_id is None and articles[7].feed_title == "Bayside Weekly"
        # A reading the old engine stored is read again by today's, from the stored item.
        article = library.article(1, fetch_page=False)
        assert article is not None
        reading = article.reading
        assert reading.version == READING_VERSION
        assert reading.subtitle == "The port board voted 5-2."
        assert reading.plain.startswith("The harbor ferry will cost $3.50 from July.")
        assert [(q.speaker, q.role) for q in reading.quotes] == [("Lena Ortiz", "Port Director")]
        # A bookmark whose feed is gone keeps the reading its reader saved.
        kept = library.article(7, fetch_page=False)
        assert kept is not None and kept.reading.version < READING_VERSION
        assert kept.reading.text == "The marsh restoration is finished."
        feeds = {f.title: f for f in library.feeds()}
        assert set(feeds) == {"Harbor City Beacon", "Riverside Ledger", "Old Town Crier"}
        assert feeds["Old Town Crier"].gone and feeds["Riverside Ledger"].error == "HTTP 503 Service Unavailable"
        assert storage.all_validators()[feeds["Harbor City Beacon"].id][0] == '"v1-etag"'
        storage.close()
        # Search works over the old index, and over what is indexed after the upgrade.
        assert [h.article.id for h in library.search("ferry")] == [1]
        assert [h.article.id for h in library.search("marsh")] == [7]
        assert [h.article.id for h in library.search("Ortiz")] == [1]


def test_upgraded_library_refreshes_without_duplicates_or_lost_flags(upgraded: Path, tmp_path: Path) -> None:
    feed = tmp_path / "harbor.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor City Beacon</title>'
        "<item><title>Ferry fares rise to $3.50</title><guid>https://harbor.example/?p=101</guid>"
        "<link>https://news.example/1</link><description>The port board voted 5-2.</description>"
        "<content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'><![CDATA[<p>The harbor ferry "
        "will cost $3.50 from July.</p><p>\u201cWe held the fare for six years,\u201d said Port Director Lena "
        "Ortiz.</p>]]></content:encoded></item>"
        "<item><title>Library opens late on Thursdays (updated)</title><guid>https://harbor.example/?p=102</guid>"
        "<description>Until 10 p.m. now.</description></item>"
        "<item><title>New boardwalk</title><guid>https://harbor.example/?p=103</guid>"
        "<description>Boardwalk opens.</description></item></channel></rss>",
        encoding="utf-8",
    )
    conn = sqlite3.connect(upgraded / "library.sqlite")
    with conn:  # point the old feed at a local copy, as if its server now said this
        conn.execute("UPDATE feeds SET url = ?, etag = NULL, last_modified = NULL WHERE id = 1", (feed.as_uri(),))
    conn.close()
    with make_library(upgraded / "library.sqlite") as library:
        (result,) = list(library.refresh_iter([1]))
        assert (result.status, result.new) == ("ok", 1)
        articles = {a.id: a for a in library.articles()}
        assert len(articles) == len(ARTICLES) + 1
        assert articles[2].title == "Library opens late on Thursdays (updated)"  # edited in place, same id
        assert {i for i, a in articles.items() if a.read} == READ
        assert {i for i, a in articles.items() if a.bookmarked} == BOOKMARKED
        assert Storage(upgraded / "library.sqlite").integrity_check() == "ok"


def test_cli_opens_the_old_library(upgraded: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}

    def run(*args: str) -> object:
        proc = subprocess.run(
            [sys.executable, "-m", "reader", "--data-dir", str(upgraded), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=60,
            check=True,
        )
        return json.loads(proc.stdout)

    assert {a["id"]: a["title"] for a in run("list", "--json")} == ARTICLES  # type: ignore[union-attr]
    assert {a["id"] for a in run("bookmarks", "--json")} == BOOKMARKED  # type: ignore[union-attr]
    shown = run("show", "1", "--json")
    assert shown["quotes"][0]["speaker"] == "Lena Ortiz"  # type: ignore[index]
    assert [h["id"] for h in run("search", "council", "--json")] == [4]  # type: ignore[union-attr]
