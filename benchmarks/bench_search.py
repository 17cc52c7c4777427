"""Search benchmark: Library.search (SQLite FTS5) over a 100,000-article library, beside a LIKE '%q%' scan.

    .venv/bin/python benchmarks/bench_search.py [--articles 100000] [--library PATH] [--repeat 5]

Builds the library once (direct SQL into a schema made by Storage, so the real migrations apply; text from
benchmarks/feedgen.py's Zipf vocabulary; ~300 words an article on average, in transactions of 300 articles
so FTS5's index has the segment shape of a library grown by many refreshes). `--library PATH` keeps it
and reuses it next time. Then, for ~20 queries (common, rare, several words, short prefixes, no match):
Library.search median and p95 over the queries (each query's time is its median of `--repeat` runs),
and the same queries as `title LIKE '%q%' OR text LIKE '%q%'` (what newsboat does). Also the two
queries behind the TUI's first screen: Library.articles(limit=…) and Library.feeds() (unread and total
counts per feed). Goal: FTS median ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import feedgen  # noqa: E402

from reader.core.library import make_library  # noqa: E402
from reader.core.storage import Storage  # noqa: E402

QUERIES = [
    "council", "school board", "police", "budget vote", "water rates", "maria garcia", "housing",
    "city council meeting", "fire chief", "downtown restaurant", "election ballot", "library", "lawsuit judge",
    "zoning permit hearing", "the", "bud", "co", "river trail", "nomatchxyzzy",
]
RARE_RANKS = (5_000, 30_000)  # plus two long-tail words of the generated vocabulary, found by rank


def build(path: Path, articles: int, feeds: int) -> None:
    t0 = time.perf_counter()
    Storage(path).close()  # the schema, by the real migrations
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO feeds (id, url, title, added) VALUES (?, ?, ?, '2026-06-01T00:00:00+00:00')",
        [(i + 1, f"https://news{i}.example/feed/", f"{feedgen.TOWNS[i % len(feedgen.TOWNS)]} Ledger {i}")
         for i in range(feeds)],
    )
    db.execute("COMMIT")
    rng = random.Random(11)
    batch: list[tuple[object, ...]] = []
    fts: list[tuple[object, ...]] = []
    for n, (f, key, title, author, published, text) in enumerate(feedgen.library_rows(articles, feeds), 1):
        when = published.isoformat(timespec="seconds")
        summary = text[:280]
        batch.append((n, f + 1, f"Ledger {f}", key, title, f"https://news{f}.example/{n}/", author, when, summary,
                      when, int(rng.random() < 0.7)))
        fts.append((n, title, author, text))
        if len(batch) == 300 or n == articles:
            db.execute("BEGIN")
            db.executemany(
                """INSERT INTO articles (id, feed_id, feed_title, key, title, url, author, published, summary,
                   first_seen, read) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                batch,
            )
            db.executemany("INSERT INTO articles_fts (rowid, title, author, text) VALUES (?, ?, ?, ?)", fts)
            db.execute("COMMIT")
            batch.clear()
            fts.clear()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    size = path.stat().st_size / 2**20
    print(f"built {articles:,} articles in {feeds} feeds: {size:.0f} MB in {time.perf_counter() - t0:.1f} s")


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times = []
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def like_scan(conn: sqlite3.Connection, query: str, limit: int = 200) -> list[tuple[object, ...]]:
    pattern = f"%{query}%"
    return conn.execute(
        """SELECT a.id, a.title FROM articles_fts f JOIN articles a ON a.id = f.rowid
           WHERE f.title LIKE ? OR f.text LIKE ? ORDER BY a.published DESC LIMIT ?""",
        (pattern, pattern, limit),
    ).fetchall()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--library", type=Path, help="build here (or reuse what is there)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-like", action="store_true", help="skip the LIKE scans (slow)")
    args = ap.parse_args(argv)

    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    tmp = None
    if args.library is None:
        tmp = tempfile.TemporaryDirectory(prefix="bench-search-")
        path = Path(tmp.name) / "library.sqlite"
    else:
        path = args.library
    if not path.exists():
        build(path, args.articles, args.feeds)
    lib = make_library(path)
    try:
        count = lib.count_articles()
        print(f"library: {path} ({count:,} articles, {path.stat().st_size / 2**20:.0f} MB)")
        lib.search("warm up")  # first use pages the index in: measured warm, as a user's second search is

        print(f"\n{'query':24} {'hits':>5} {'FTS ms':>8} {'LIKE ms':>9} {'LIKE hits':>9}")
        fts_times: list[float] = []
        like_times: list[float] = []
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        vocab = feedgen.Vocabulary.build()
        for query in QUERIES + [vocab.words[r] for r in RARE_RANKS]:
            t, hits = timed(lambda q=query: lib.search(q), args.repeat)  # type: ignore[misc]
            fts_times.append(t)
            line = f"{query:24} {len(hits):>5} {t * 1000:>8.1f}"  # type: ignore[arg-type]
            if not args.no_like:
                lt, rows = timed(lambda q=query: like_scan(conn, q), max(1, args.repeat // 2))  # type: ignore[misc]
                like_times.append(lt)
                line += f" {lt * 1000:>9.1f} {len(rows):>9}"  # type: ignore[arg-type]
            print(line, flush=True)
        conn.close()
        median = statistics.median(fts_times)
        print(f"\nFTS5 search   median {median * 1000:6.1f} ms   p95 {p95(fts_times) * 1000:6.1f} ms"
              f"   (goal: median <= 50 ms: {'ok' if median <= 0.05 else 'MISS'})")
        if like_times:
            print(f"LIKE scan     median {statistics.median(like_times) * 1000:6.1f} ms   "
                  f"p95 {p95(like_times) * 1000:6.1f} ms")

        print("\nfirst screen")
        for limit in (200, 1000, 5000):
            t, rows = timed(lambda n=limit: lib.articles(limit=n), args.repeat)  # type: ignore[misc]
            print(f"  Library.articles(limit={limit:<5})      {t * 1000:7.1f} ms  ({len(rows)} rows)")  # type: ignore[arg-type]
        t, rows = timed(lambda: lib.articles(unread=True, limit=200), args.repeat)
        print(f"  Library.articles(unread, limit=200) {t * 1000:7.1f} ms")
        t, feeds = timed(lib.feeds, args.repeat)
        unread = sum(f.unread for f in feeds)  # type: ignore[attr-defined, union-attr]
        print(f"  Library.feeds()                     {t * 1000:7.1f} ms  ({len(feeds)} feeds, {unread:,} unread)")  # type: ignore[arg-type]
        t, n = timed(lib.count_articles, args.repeat)
        print(f"  Library.count_articles()            {t * 1000:7.1f} ms  ({n:,})")
    finally:
        lib.close()
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
