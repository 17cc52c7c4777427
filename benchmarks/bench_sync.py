"""Sync benchmark: both protocols against a real Miniflux, at the backend level (no local library yet).

    .venv/bin/python benchmarks/bench_sync.py [--runs 3] [--feeds 50] [--items 100] [--changes 100]

Starts PostgreSQL and Miniflux 2.3.5 on the loopback interface (tests/sync/miniflux_server.py; the binary is
built once with `go install` into ~/.cache), serves `--feeds` synthetic feeds of `--items` items each
(benchmarks/feedgen.py: ~5 KB of HTML per item) from a loopback HTTP server, and subscribes one Miniflux user
to all of them, so Miniflux holds feeds x items entries. Before each first pull every entry is aged an hour (its
changed_at), as on an account in use, so the incremental pull is not padded with the previous runs' changes
by the overlap it keeps with the pull before.

Per run and per protocol (Miniflux REST API v1 with the password, then with an API key; the Google Reader API),
each on a fresh backend (a new sign-in):
- first pull: every feed and entry, with content and flags (the pages are consumed, not stored);
- incremental: another client changes `--changes` flags on the server (half read, a quarter starred, a
  quarter unread), then one pull from the first pull's cursor and one push of `--changes` local changes (the
  same mix) on other entries. Reported: wall time and HTTP requests of the pull, of the push, and together.
Medians over the runs, against the issue's goals (a whole first sync of 5,000 entries <= 20 s; an incremental
sync with 100 changes each way <= 2 s and <= 10 requests; phase 2 adds the library's share).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import feedgen  # noqa: E402

from reader.core.sync.account import Secret, SyncAccount  # noqa: E402
from reader.core.sync.backend import SyncBackend  # noqa: E402
from reader.core.sync.miniflux import MinifluxBackend  # noqa: E402
from reader.core.sync.records import StateChange  # noqa: E402
from tests.httpserver import LoopbackServer  # noqa: E402
from tests.sync.miniflux_server import MinifluxServer  # noqa: E402
from tests.sync.users import MinifluxUser  # noqa: E402

# Miniflux's REST API with the login password (a bcrypt check on every request) and with an API key.
SERVICES = ("miniflux", "miniflux-key", "greader")


def first_pull(backend: SyncBackend) -> tuple[int, int, str]:
    entries = feeds = 0
    cursor = ""
    for page in backend.pull(None):
        entries += len(page.entries)
        feeds += len(page.feeds or ())
        cursor = page.cursor or cursor
    return feeds, entries, cursor


def incremental_pull(backend: SyncBackend, cursor: str) -> int:
    return sum(1 for page in backend.pull(cursor) for _ in page.all_states())


def mix(ids: list[int]) -> list[tuple[int, str, bool]]:
    """Half marked read, a quarter starred, a quarter marked unread."""
    half, quarter = len(ids) // 2, len(ids) // 4
    return (
        [(i, "read", True) for i in ids[:half]]
        + [(i, "starred", True) for i in ids[half : half + quarter]]
        + [(i, "read", False) for i in ids[half + quarter :]]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--changes", type=int, default=100)
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, load average {load:.2f}")

    with LoopbackServer() as feed_host, MinifluxServer() as server:
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
        print(f"setup: {args.feeds} feeds x {args.items} items = {len(ids)} entries in Miniflux ({setup:.1f} s)")
        if len(ids) < 2 * args.changes * args.runs * len(SERVICES):
            parser.error("too few entries for disjoint changes in every run: raise --feeds or --items")
        _key_id, token = server.create_api_key(user.username, user.password)

        rows: dict[str, list[tuple[float, int, float, int, float, int]]] = {s: [] for s in SERVICES}
        spent = 0
        for run in range(args.runs):
            for service in SERVICES:
                theirs = mix(ids[spent : spent + args.changes])
                ours = mix(ids[spent + args.changes : spent + 2 * args.changes])
                spent += 2 * args.changes
                # What is to be marked unread, on either side, is read when the first pull sees it.
                user.set_status([i for i, a, v in theirs + ours if a == "read" and not v], "read")
                # As on an account in use, every earlier change is old: otherwise the Miniflux pull's overlap
                # (the 30 s before the previous pull) would repeat the previous runs' changes.
                user.age_entries()
                with open_backend(user, service, token) as backend:
                    started = time.perf_counter()
                    feeds, entries, cursor = first_pull(backend)
                    first_s, first_requests = time.perf_counter() - started, backend.requests
                assert entries == len(ids) and feeds == args.feeds, (entries, feeds)
                server_side(user, theirs)  # another client, meanwhile
                changes = [StateChange(str(i), "read" if a == "read" else "starred", v) for i, a, v in ours]
                with open_backend(user, service, token) as backend:
                    started = time.perf_counter()
                    reported = incremental_pull(backend, cursor)
                    pull_s, pull_requests = time.perf_counter() - started, backend.requests
                    started = time.perf_counter()
                    pushed = sum(len(batch) for batch in backend.push(changes))
                    push_s, push_requests = time.perf_counter() - started, backend.requests - pull_requests
                assert reported >= args.changes and pushed == len(changes), (reported, pushed)
                rows[service].append((first_s, first_requests, pull_s, pull_requests, push_s, push_requests))
                print(
                    f"run {run + 1} {service:12}: first pull {first_s:6.2f} s / {first_requests:3d} requests; "
                    f"incremental pull {pull_s:5.2f} s / {pull_requests} + push {push_s:5.2f} s / {push_requests}"
                    f" ({reported} states reported)"
                )

    print()
    print(f"medians over {args.runs} runs ({len(ids)} entries; {args.changes} changes each way):")
    for service in SERVICES:
        columns = list(zip(*rows[service], strict=True))
        first, first_req, pull, pull_req, push, push_req = (statistics.median(c) for c in columns)
        both, both_req = pull + push, pull_req + push_req
        print(
            f"  {service:12}  first pull {first:6.2f} s, {first_req:.0f} requests   "
            f"incremental {both:5.2f} s, {both_req:.0f} requests (pull {pull:.2f} s / {pull_req:.0f}, "
            f"push {push:.2f} s / {push_req:.0f})   goals: <= 20 s; <= 2 s and <= 10 requests"
        )
    return 0


def open_backend(user: MinifluxUser, service: str, token: str) -> SyncBackend:
    if service == "miniflux-key":
        return MinifluxBackend(SyncAccount("miniflux", user.server.url, user.username, Secret(token)))
    return user.backend(service)


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
