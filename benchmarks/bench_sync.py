"""Sync benchmark: a whole library synced with a real Miniflux, through both protocols, against the issue's goals.

    .venv/bin/python benchmarks/bench_sync.py [--runs 3] [--feeds 50] [--items 100] [--changes 100]

Starts PostgreSQL and Miniflux 2.3.5 on the loopback interface (tests/sync/miniflux_server.py; the binary is
built once with `go install` into ~/.cache), serves `--feeds` synthetic feeds of `--items` items each
(benchmarks/feedgen.py: ~5 KB of HTML per item) from a loopback HTTP server, and subscribes one Miniflux user
to all of them, so Miniflux holds feeds x items entries.

Per run and per way of signing in (Miniflux's REST API with the login password, which costs the server a bcrypt
check on every request; the same API with an API key; the Google Reader API), on a fresh library:
- first sync: Library.sync() into an empty library, then Library.index_pending(), after which every entry must be
  listed (Library.count_articles) and searchable (nothing left to index; a word of a title finds its article).
  Goal: <= 20 s for 5,000 entries over 50 feeds.
- incremental sync: another client changes `--changes` flags on the server (half read, a quarter starred, a
  quarter unread), and the same mix is changed here through the Library (mark_read, bookmark); one
  Library.sync() then pulls theirs and pushes ours. Goal: <= 2 s and <= 10 requests.
Before each first sync every entry is aged an hour (its changed_at), as on an account in use, so the incremental
pull is not padded with earlier runs' changes by the overlap it keeps with the pull before it.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import feedgen  # noqa: E402

from reader.core.library import Library, make_library  # noqa: E402
from tests.httpserver import LoopbackServer  # noqa: E402
from tests.sync.miniflux_server import MinifluxServer  # noqa: E402
from tests.sync.users import MinifluxUser  # noqa: E402

# Miniflux's REST API with the login password (a bcrypt check on every request) and with an API key.
SERVICES = ("miniflux", "miniflux-key", "greader")
GOALS = "goals: first <= 20 s; incremental <= 2 s and <= 10 requests"


def sync_table(user: MinifluxUser, service: str, token: str) -> dict[str, Any]:
    if service == "miniflux-key":
        return {"service": "miniflux", "url": user.server.url, "password": token}
    if service == "miniflux":
        return {"service": "miniflux", "url": user.server.url, "username": user.username, "password": user.password}
    return {
        "service": "greader",
        "url": user.server.url,
        "username": user.greader_username,
        "password": user.greader_password,
    }


def mix(ids: list[int]) -> list[tuple[int, str, bool]]:
    """Half marked read, a quarter starred, a quarter marked unread."""
    half, quarter = len(ids) // 2, len(ids) // 4
    return (
        [(i, "read", True) for i in ids[:half]]
        + [(i, "starred", True) for i in ids[half : half + quarter]]
        + [(i, "read", False) for i in ids[half + quarter :]]
    )


def first_sync(library: Library, entries: int, word: str) -> tuple[float, float, int]:
    """(sync seconds, indexing seconds, requests); checks every entry is listed and searchable."""
    started = time.perf_counter()
    result = library.sync()
    synced = time.perf_counter()
    library.index_pending()
    indexed = time.perf_counter()
    assert result.ok, result.error
    assert result.pulled_articles == entries and library.count_articles() == entries, (
        result.pulled_articles,
        library.count_articles(),
    )
    assert library.pending_index() == 0 and library.search(word, limit=5), word
    return synced - started, indexed - synced, result.requests


def local_changes(
    library: Library, by_url: dict[str, int], urls: dict[int, str], ours: list[tuple[int, str, bool]]
) -> None:
    for entry_id, attribute, value in ours:
        article_id = by_url[urls[entry_id]]
        if attribute == "read":
            library.mark_read([article_id], value)
        else:
            library.bookmark(article_id, value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--changes", type=int, default=100)
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, load average {load:.2f}")

    with LoopbackServer() as feed_host, MinifluxServer() as server, tempfile.TemporaryDirectory() as tmp:
        print(
            f"server start (PostgreSQL initdb + Miniflux migrations to a healthy /healthcheck): "
            f"{server.start_seconds:.2f} s"
        )
        user = MinifluxUser.create(server, feed_host, "bench")
        started = time.perf_counter()
        for index in range(args.feeds):
            user_feed(user, index, args.items)
        setup = time.perf_counter() - started
        ids = user.all_ids()
        urls = {
            int(row.split("|")[0]): row.split("|", 1)[1]
            for row in user.server.sql(
                f"SELECT id || '|' || url FROM entries WHERE user_id = {user.user_id}"
            ).splitlines()
        }
        title = user.server.sql(f"SELECT title FROM entries WHERE user_id = {user.user_id} ORDER BY id LIMIT 1")
        word = re.findall(r"\w{4,}", title)[0]
        print(f"setup: {args.feeds} feeds x {args.items} items = {len(ids)} entries in Miniflux ({setup:.1f} s)")
        if len(ids) < 2 * args.changes * args.runs * len(SERVICES):
            parser.error("too few entries for disjoint changes in every run: raise --feeds or --items")
        _key_id, token = server.create_api_key(user.username, user.password)

        rows: dict[str, list[tuple[float, float, int, float, int]]] = {s: [] for s in SERVICES}
        spent = 0
        for run in range(args.runs):
            for service in SERVICES:
                theirs = mix(ids[spent : spent + args.changes])
                ours = mix(ids[spent + args.changes : spent + 2 * args.changes])
                spent += 2 * args.changes
                # What is to be marked unread, on either side, is read when the first sync sees it.
                user.set_status([i for i, a, v in theirs + ours if a == "read" and not v], "read")
                user.age_entries()
                path = Path(tmp) / f"{service}-{run}.sqlite"
                with make_library(path, sync=sync_table(user, service, token)) as library:
                    first_s, index_s, first_requests = first_sync(library, len(ids), word)
                    by_url = {a.url or "": a.id for a in library.articles()}
                    server_side(user, theirs)  # another client, meanwhile
                    local_changes(library, by_url, urls, ours)
                    started = time.perf_counter()
                    result = library.sync()
                    incremental_s = time.perf_counter() - started
                assert result.ok, result.error
                pushed = result.pushed_read + result.pushed_unread + result.pushed_bookmarked
                assert pushed == len(ours) and result.pulled_states == len(theirs), result
                incremental_requests = result.requests
                rows[service].append((first_s, index_s, first_requests, incremental_s, incremental_requests))
                print(
                    f"run {run + 1} {service:12}: first sync {first_s:6.2f} s + index {index_s:5.2f} s "
                    f"({first_requests} requests); incremental {incremental_s:5.2f} s / {incremental_requests} "
                    f"requests ({result.pulled_states} pulled, {pushed} pushed)"
                )

    print()
    print(f"medians over {args.runs} runs ({len(ids)} entries; {args.changes} changes each way):")
    for service in SERVICES:
        columns = list(zip(*rows[service], strict=True))
        first, index, first_req, incremental, incremental_req = (statistics.median(c) for c in columns)
        whole = statistics.median(f + i for f, i, *_ in rows[service])
        print(
            f"  {service:12}  first sync {whole:6.2f} s (medians: sync {first:.2f} + index {index:.2f}; "
            f"{first_req:.0f} requests)   incremental {incremental:5.2f} s, {incremental_req:.0f} requests   {GOALS}"
        )
    return 0


def user_feed(user: MinifluxUser, index: int, items: int) -> None:
    path = f"/{user.username}/feed{index}.xml"
    url = user.feed_host.route(
        path, body=feedgen.feed(index, count=items), headers={"Content-Type": "application/rss+xml"}
    )
    category = user.api("GET", "/v1/categories")[0]["id"]
    user.api("POST", "/v1/feeds", {"feed_url": url, "category_id": category})


def server_side(user: MinifluxUser, changes: list[tuple[int, str, bool]]) -> None:
    for attribute, value in (("read", True), ("starred", True), ("read", False)):
        batch = [i for i, a, v in changes if (a, v) == (attribute, value)]
        if attribute == "starred":
            user.set_starred(batch, value)
        else:
            user.set_status(batch, "read" if value else "unread")


if __name__ == "__main__":
    sys.exit(main())
