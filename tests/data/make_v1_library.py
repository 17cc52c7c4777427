"""Write tests/data/library-v1.sqlite: a library as the oldest schema (MIGRATIONS[:1]) left it.

    .venv/bin/python tests/data/make_v1_library.py

Feeds, articles (one whose feed was removed but which is kept for its bookmark), read flags, bookmarks and a
stored reading, all with fixed dates, so the file is the same on every run. tests/robustness/test_migration.py
opens a copy with the current code and checks nothing was lost. Rerun only to change what the file holds;
never to follow a schema change (the point is that the file stays old).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.core.storage import MIGRATIONS  # noqa: E402

OUT = Path(__file__).resolve().parent / "library-v1.sqlite"
ADDED = "2026-03-01T08:00:00+00:00"

FEEDS = [
    # id, url, title, site_url, category, etag, last_modified, error, gone
    (
        1,
        "https://harbor.example/feed/",
        "Harbor City Beacon",
        "https://harbor.example/",
        "City",
        '"v1-etag"',
        "Sun, 01 Mar 2026 08:00:00 GMT",
        None,
        0,
    ),
    (
        2,
        "https://riverside.example/rss.xml",
        "Riverside Ledger",
        "https://riverside.example/",
        None,
        None,
        None,
        "HTTP 503 Service Unavailable",
        0,
    ),
    (
        3,
        "https://old.example/atom.xml",
        "Old Town Crier",
        "https://old.example/",
        "Archive",
        None,
        None,
        "HTTP 410 Gone",
        1,
    ),
]

READING = {
    "text": "The harbor ferry will cost $3.50 from July.\n\n\u201cWe held the fare for six years,\u201d said "
    "Port Director Lena Ortiz.",
    "subtitle": "The port board voted 5-2 on Tuesday.",
    "quotes": [{"text": "We held the fare for six years,", "speaker": "Lena Ortiz", "role": "Port Director"}],
    "reactions": [
        {
            "platform": "bluesky",
            "author": "Sam Reyes",
            "handle": "@sam.bsky.social",
            "text": "Ferry fares up again.",
            "date": "2026-03-02",
            "url": "https://bsky.app/profile/sam/post/1",
        }
    ],
    "author_bio": {"name": "Ana Ruiz", "text": "Ana Ruiz covers the waterfront for the Beacon."},
    "title": None,
    "author": None,
}

# id, feed_id, feed_title, key, title, author, published, summary, content, read, bookmarked, reading
ARTICLES = [
    (
        1,
        1,
        "Harbor City Beacon",
        "guid:https://harbor.example/?p=101",
        "Ferry fares rise to $3.50",
        "Ana Ruiz",
        "2026-03-01T10:00:00+00:00",
        "The port board voted 5-2.",
        "<p>The harbor ferry will cost $3.50 from July.</p><p>\u201cWe held the fare for six years,\u201d said Port "
        "Director Lena Ortiz.</p>",
        1,
        1,
        json.dumps(READING, ensure_ascii=False),
    ),
    (
        2,
        1,
        "Harbor City Beacon",
        "guid:https://harbor.example/?p=102",
        "Library opens late on Thursdays",
        None,
        "2026-03-01T09:00:00+00:00",
        None,
        "<p>The central library will stay open until 9 p.m.</p>",
        1,
        0,
        None,
    ),
    (
        3,
        1,
        "Harbor City Beacon",
        "link:https://harbor.example/2026/03/pier",
        "Pier repairs begin",
        "Ana Ruiz",
        "2026-02-28T15:00:00+00:00",
        "Crews start Monday.",
        None,
        0,
        0,
        None,
    ),
    (
        4,
        2,
        "Riverside Ledger",
        "guid:riverside-7",
        "Council delays the budget vote",
        "Tom Park",
        "2026-02-27T18:30:00+00:00",
        "<p>A week more.</p>",
        "<p>The council delayed the budget vote by a week.</p>",
        0,
        1,
        None,
    ),
    (
        5,
        2,
        "Riverside Ledger",
        "hash:5f2c0a",
        "Snow day for county schools",
        None,
        "2026-02-26T06:00:00+00:00",
        "All county schools are closed today.",
        None,
        1,
        0,
        None,
    ),
    (
        6,
        3,
        "Old Town Crier",
        "guid:urn:crier:1",
        "Crier prints its last issue",
        "Mo Chen",
        "2025-12-31T12:00:00+00:00",
        None,
        "<p>After 80 years the Crier stops the presses.</p>",
        0,
        0,
        None,
    ),
    # Kept only for its bookmark: its feed was removed (feed_id NULL), its reading stored before that.
    (
        7,
        None,
        "Bayside Weekly",
        "guid:bayside-3",
        "Bayside marsh restoration finished",
        "Ivy Lam",
        "2026-01-15T12:00:00+00:00",
        None,
        "<p>The marsh restoration is finished.</p>",
        1,
        1,
        json.dumps(
            {
                "text": "The marsh restoration is finished.",
                "subtitle": None,
                "quotes": [],
                "reactions": [],
                "author_bio": None,
                "title": None,
                "author": None,
            }
        ),
    ),
]


def index_text(html: str | None) -> str:
    import re
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]*>", " ", html or "")).split())


def main() -> None:
    OUT.unlink(missing_ok=True)
    conn = sqlite3.connect(OUT, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")  # as every library is
    conn.execute("BEGIN")
    for statement in (s.strip() for s in MIGRATIONS[0].split(";")):
        if statement:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.executemany(
        """INSERT INTO feeds (id, url, title, site_url, category, etag, last_modified, error, gone, last_checked,
           added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [(*f, "2026-03-01T10:05:00+00:00", ADDED) for f in FEEDS],
    )
    for aid, fid, ftitle, key, title, author, published, summary, content, read, marked, reading in ARTICLES:
        conn.execute(
            """INSERT INTO articles (id, feed_id, feed_title, key, title, url, author, published, summary, content,
               read, bookmarked, first_seen, reading) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                aid,
                fid,
                ftitle,
                key,
                title,
                f"https://news.example/{aid}",
                author,
                published,
                summary,
                content,
                read,
                marked,
                published,
                reading,
            ),
        )
        text = READING["text"] if reading and aid == 1 else index_text(content or summary)
        conn.execute(
            "INSERT INTO articles_fts (rowid, title, author, text) VALUES (?, ?, ?, ?)",
            (aid, title, author or "", text),
        )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.close()
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, schema 1)")


if __name__ == "__main__":
    main()
