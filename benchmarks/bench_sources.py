"""Sources benchmark: who gets quoted, at 100,000 articles; and what indexing 3,000 new articles' quotes costs.

    .venv/bin/python benchmarks/bench_sources.py [--size 100000] [--runs 5] [--keep DIR] [--skip-index]

1. A library of `--size` articles (bench_startup.build: feedgen text, 200 feeds, every article searchable, and
   synthetic quotes stored through Storage.store_quotes as the quote index stores them: ~1.9 a story, a quarter
   from nominal sources, the named ones from ~6,000 local names drawn Zipf-like). Then:
   - Library.sources() in-process (all of them; the first 50; one feed; the last 30 days), median of --runs;
   - `reader sources --json` (and with --limit 50, --feed, --since; `reader quotes --speaker`, `reader search
     said:`) as a person runs them: a new process each time, wall clock from exec to exit, median of --runs;
   - the Sources view: the real app in a real terminal (tmux, 160x45): once the first screen is up, `s` is sent
     and the terminal is watched (capture-pane every 10 ms) until the most quoted person's name and the count
     line are on screen; median of --runs. Goal for all three: <= 1 s;
   - peak RSS of the app browsing (headless, its own process): the end of the list and back, Sources, 40 people's
     quotes, an article opened at a quote. Goal: <= 150 MB.
2. Quote indexing after a refresh (skip with --skip-index): 30 feeds x 100 new items (feedgen's WordPress-shaped
   5 KB stories with quotes) refreshed from local files; the refresh's wall time, then index_quotes() on the
   3,000 new articles (the app runs it after the refresh has committed, on its own thread), and how long a key
   press takes to be handled in the app (headless, j in the article list) while that indexing runs, against idle.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import feedgen  # noqa: E402
from bench_startup import build  # noqa: E402

from reader.core.library import make_library  # noqa: E402


def median_time(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def cli(data: Path, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "reader", "--data-dir", str(data), *args], capture_output=True,
                          check=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    json.loads(done.stdout)  # it printed a whole JSON document
    return elapsed


def sources_view_in_tmux(data: Path, top_name: str) -> float:
    """Seconds from pressing s to the Sources view showing its first person and count line (a real terminal)."""
    socket = f"reader-bench-sources-{os.getpid()}-{time.monotonic_ns()}"  # a server of its own each run
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
    tmux = ["tmux", "-L", socket]
    subprocess.run([*tmux, "-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", "160", "-y", "45",
                    f"{sys.executable} -m reader --data-dir {data}"], check=True, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60

        def screen() -> str:
            return subprocess.run([*tmux, "capture-pane", "-p", "-t", "bench"], capture_output=True,
                                  text=True).stdout

        while "All articles" not in screen() or "Sources" not in screen():
            if time.monotonic() > deadline:
                raise SystemExit("the first screen never showed")
            time.sleep(0.05)
        time.sleep(0.5)  # the first screen settled
        subprocess.run([*tmux, "send-keys", "-t", "bench", "s"], check=True)
        pressed = time.perf_counter()
        while True:
            shown = screen()
            if top_name[:20] in shown and "people quoted" in shown:
                return time.perf_counter() - pressed
            if time.monotonic() > deadline:
                raise SystemExit(f"the Sources view never showed {top_name!r}:\n{shown}")
            time.sleep(0.01)
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def part_one(size: int, runs: int, root: Path) -> None:
    data = build(size, root / f"lib-{size}")
    lib = make_library(data / "library.sqlite")
    try:
        articles = lib.count_articles()
        quotes = len(lib.quotes(limit=None)) if articles <= 20_000 else None
        print(f"\n{articles:,} articles, {lib.count_sources():,} people quoted by name"
              + (f", {quotes:,} quotes" if quotes else ""))
        lib.sources(limit=1)  # pages in: measured warm, as a second look is
        feed = lib.feeds()[0]
        from datetime import UTC, datetime, timedelta

        since = datetime(2026, 6, 1, tzinfo=UTC) - timedelta(days=30)
        for label, fn in (
            ("sources() all", lambda: lib.sources()),
            ("sources(limit=50)", lambda: lib.sources(limit=50)),
            ("sources(feed_id=…)", lambda: lib.sources(feed_id=feed.id)),
            ("sources(since=30 days)", lambda: lib.sources(since=since)),
            ("sources(order=recent)", lambda: lib.sources(order="recent")),
        ):
            elapsed, result = median_time(fn, runs)
            print(f"  Library.{label:26} {elapsed * 1000:7.1f} ms  ({len(result):,} people)")  # type: ignore[arg-type]
        top = lib.sources(limit=1)[0]
        elapsed, hits = median_time(lambda: lib.quotes(source_key=top.key), runs)
        print(f"  Library.quotes(the most quoted)    {elapsed * 1000:7.1f} ms  ({len(hits):,} quotes)")  # type: ignore[arg-type]
        surname = top.name.split()[-1]
        elapsed, hits = median_time(lambda: lib.search(f'said:"{top.name}"'), runs)
        print(f"  Library.search('said:\"{top.name}\"') {elapsed * 1000:7.1f} ms  ({len(hits):,} articles)")  # type: ignore[arg-type]
    finally:
        lib.close()
    print("  the command line (a new process each run, wall clock):")
    for args in (["sources", "--json"], ["sources", "--json", "--limit", "50"],
                 ["sources", "--json", "--feed", str(feed.id)], ["sources", "--json", "--since", "2026-05-01"],
                 ["quotes", "--json", "--speaker", top.name], ["search", "--json", f"said:{surname}"]):
        cli(data, *args)  # warm the page cache and .pyc files
        times = [cli(data, *args) for _ in range(runs)]
        print(f"    reader {' '.join(args):42} median {statistics.median(times):.2f} s  best {min(times):.2f} s")
    print(f"  peak RSS browsing: the list, the Sources, 40 people's quotes, an article: {browsing_rss(data):.0f} MB")
    if shutil.which("tmux"):
        times = [sources_view_in_tmux(data, top.name) for _ in range(runs)]
        print(f"  the Sources view, s pressed → its first person on screen (tmux 160x45): median "
              f"{statistics.median(times):.2f} s, best {min(times):.2f} s ({', '.join(f'{t:.2f}' for t in times)})")


BROWSE = """
import asyncio, resource, sys, time
from reader.app import ReaderApp
from reader.config import Settings
from reader.paths import resolve

async def run():
    app = ReaderApp(resolve(sys.argv[1]), settings=Settings())
    app.animation_level = "none"
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause(0.5)
        for keys in (["G"], ["g"], ["s"], ["down"] * 40, ["enter"], ["enter"], ["escape"], ["escape"], ["escape"]):
            await pilot.press(*keys)
            await pilot.pause(0.3)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

asyncio.run(run())
"""


def browsing_rss(data: Path) -> float:
    """Peak RSS (MB) of an app that goes to the end of the list and back, opens Sources, walks through 40 people
    (each one's quotes loaded), opens an article at a quote and comes back (headless, in its own process)."""
    done = subprocess.run([sys.executable, "-c", BROWSE, str(data)], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    return float(done.stdout.strip().splitlines()[-1])


def key_latency(data: Path, presses: int = 60) -> tuple[list[float], list[float]]:
    """Headless app: seconds from a j to the article list's cursor having moved (the key handled), and how late
    the event loop wakes from 5 ms sleeps meanwhile (how long any input would wait), while the background quote
    index runs (it starts 1.5 s after the first screen when articles wait). Pilot's press() is not used: it waits
    for the whole process to go idle, which a busy background thread never lets happen."""
    from reader.app import ReaderApp
    from reader.config import Settings
    from reader.paths import resolve
    from reader.widgets.article_list import ArticleList

    async def run() -> tuple[list[float], list[float]]:
        app = ReaderApp(resolve(data), settings=Settings())
        app.animation_level = "none"
        keys: list[float] = []
        lags: list[float] = []
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause(2.0)  # past the start of the background index
            articles = app.screen.query_one("#articles", ArticleList)
            for _ in range(presses):
                before = articles.cursor
                started = time.perf_counter()
                app.simulate_key("j")
                while articles.cursor == before and time.perf_counter() - started < 10:
                    await asyncio.sleep(0.0005)
                keys.append(time.perf_counter() - started)
                slept = time.perf_counter()
                await asyncio.sleep(0.005)
                lags.append(time.perf_counter() - slept - 0.005)
        return keys, lags

    return asyncio.run(run())


def part_two(root: Path) -> None:
    folder = root / "refresh-3000"
    shutil.rmtree(folder, ignore_errors=True)
    feeds_dir = folder / "feeds"
    feeds_dir.mkdir(parents=True)
    for index in range(30):
        (feeds_dir / f"feed-{index}.xml").write_bytes(feedgen.feed(index, 100, target=5000, seed=3))
    data = folder / "data"
    lib = make_library(data / "library.sqlite")
    for index in range(30):
        lib.subscribe((feeds_dir / f"feed-{index}.xml").resolve().as_uri())
    started = time.perf_counter()
    results = list(lib.refresh_iter())
    refresh = time.perf_counter() - started
    new = sum(r.new for r in results)
    print(f"\nquote indexing after a refresh: {len(results)} feeds, {new:,} new articles")
    print(f"  the refresh (fetch, parse, store; committed): {refresh:.2f} s — the same with or without the quote "
          "index, which starts only after it")
    lib.index_pending()
    lib.close()
    snapshot = folder / "before-index"
    shutil.copytree(data, snapshot)
    for label, index_first in (("idle", True), ("while indexing", False)):
        shutil.rmtree(data)
        shutil.copytree(snapshot, data)
        if index_first:
            idle = make_library(data / "library.sqlite")
            idle.index_quotes()
            idle.close()
        keys, lags = key_latency(data)
        keys.sort()
        lags.sort()
        print(f"  a key press handled, {label:15}: median {statistics.median(keys) * 1000:5.1f} ms, "
              f"p95 {keys[int(0.95 * (len(keys) - 1))] * 1000:5.1f} ms, worst {keys[-1] * 1000:5.1f} ms; "
              f"event-loop lag median {statistics.median(lags) * 1000:4.1f} ms, worst {lags[-1] * 1000:5.1f} ms")
    shutil.rmtree(data)
    shutil.copytree(snapshot, data)
    lib = make_library(data / "library.sqlite")
    try:
        pending = lib.pending_quotes()
        started = time.perf_counter()
        cpu = time.process_time()
        done = lib.index_quotes()
        elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu
        print(f"  index_quotes() on its own: {done:,} of {pending:,} articles in {elapsed:.1f} s "
              f"({elapsed / max(1, done) * 1000:.1f} ms an article, CPU {cpu_used:.1f} s); "
              f"{lib.count_sources():,} people")
        stop = threading.Event()
        stop.set()
        assert lib.index_quotes(cancel=stop) == 0
    finally:
        lib.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the libraries here instead of a temp folder")
    parser.add_argument("--skip-index", action="store_true", help="skip part 2 (quote indexing after a refresh)")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="reader-bench-sources-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        import platform
        import sqlite3

        print(f"python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs; in {root}")
        part_one(args.size, args.runs, root)
        if not args.skip_index:
            part_two(root)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
