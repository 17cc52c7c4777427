"""Start-up benchmark: time from launching `reader` to its first usable screen, and peak memory, at scale.

    .venv/bin/python benchmarks/bench_startup.py [--sizes 10000 100000] [--runs 3] [--keep DIR]

For each size it builds a library of synthetic articles (benchmarks/feedgen.py text, 200 feeds, through
Storage.store_feed as a refresh would store them) in a temporary folder, or reuses one in --keep DIR.
Then, per run, it starts the real app in a real terminal (tmux, 160x45) and watches the terminal from outside
(`tmux capture-pane` every 10 ms) until the first screen is there: the first feed's title with its unread count
and the newest article's title in the list. Then it presses q. Reported: launch → first screen (median and best),
and the peak RSS of the app process (wait4's ru_maxrss via a small wrapper in the terminal). The product has no
hook for this: what is timed is what a person sees.

It also measures, in-process and headless, how long moving through the whole list takes (G, then j x 20,
ctrl+d, g), which should stay instant whatever the size.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

WRAPPER = """
import json, os, resource, subprocess, sys, time
out, data = sys.argv[1], sys.argv[2]
start = time.time()
with open(out + ".start", "w") as f:
    f.write(repr(start))
code = subprocess.call([sys.executable, "-m", "reader", "--data-dir", data])
end = time.time()
rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(out, "w") as f:
    json.dump({"start": start, "end": end, "code": code, "rss_kb": rss_kb}, f)
"""


def build(size: int, folder: Path) -> Path:
    """A library of `size` articles in `folder` (the --data-dir layout); reused when it is already there."""
    from datetime import UTC, datetime

    from feedgen import library_rows

    from reader.core.models import ParsedEntry, ParsedFeed
    from reader.core.storage import Storage

    database = folder / "library.sqlite"
    marker = folder / f"built-{size}-with-quotes"
    if marker.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    storage = Storage(database)
    n_feeds = 200
    by_feed: dict[int, list[ParsedEntry]] = {}
    for feed, key, title, author, published, text in library_rows(size, n_feeds, words=(30, 120)):
        by_feed.setdefault(feed, []).append(ParsedEntry(
            key=key, title=title, url=f"https://news{feed}.example/{key}", author=author, published=published,
            updated=None, summary=None, content=f"<p>{text}</p>"))
    for feed, entries in by_feed.items():
        feed_id, _ = storage.add_feed(f"https://news{feed}.example/feed", f"Town {feed} News")
        storage.store_feed(feed_id, ParsedFeed(f"Town {feed} News", None, tuple(entries)), etag=None,
                           last_modified=None)
    # Most of a big library has been read.
    storage.conn.execute("UPDATE articles SET read = 1 WHERE id % 10 != 0")
    while storage.index_pending(5000):  # as the app leaves a library: every article searchable
        pass
    from feedgen import add_quotes

    from reader.core.models import READING_VERSION

    quotes = add_quotes(storage, READING_VERSION)  # and every article's quotes in the Sources
    storage.close()
    marker.write_text(datetime.now(UTC).isoformat())
    print(f"  built {size:,} articles ({quotes:,} quotes) in {time.perf_counter() - started:.1f} s "
          f"({database.stat().st_size / 1e6:.0f} MB)", flush=True)
    return folder


def first_screen_marks(data: Path) -> tuple[str, str]:
    """Text that is on the first screen once it is ready: the first feed's title and the newest article's title."""
    import sqlite3

    conn = sqlite3.connect(f"file:{data / 'library.sqlite'}?mode=ro", uri=True)
    try:
        feed = conn.execute("SELECT title FROM feeds ORDER BY lower(title), id LIMIT 1").fetchone()[0]
        article = conn.execute("SELECT title FROM articles ORDER BY published DESC, id DESC LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    return feed[:20], article[:30]


def launch_once(data: Path, work: Path) -> dict[str, float]:
    """One launch in tmux: seconds to the first screen (seen in the terminal) and the app's peak RSS in MB."""
    result = work / "result.json"
    started = work / "result.json.start"
    wrapper = work / "wrapper.py"
    wrapper.write_text(WRAPPER)
    for path in (result, started):
        path.unlink(missing_ok=True)
    marks = first_screen_marks(data)
    socket = f"reader-bench-{os.getpid()}"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
    command = f"{sys.executable} {wrapper} {result} {data}"
    tmux = ["tmux", "-L", socket]
    subprocess.run([*tmux, "-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", "160", "-y", "45", command],
                   check=True, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        seen = None
        while seen is None and time.monotonic() < deadline:
            screen = subprocess.run([*tmux, "capture-pane", "-p", "-t", "bench"], capture_output=True, text=True).stdout
            if all(mark in screen for mark in marks):
                seen = time.time()
            else:
                time.sleep(0.01)
        if seen is None or not started.exists():
            raise SystemExit(f"the first screen never showed {marks}")
        subprocess.run([*tmux, "send-keys", "-t", "bench", "q"], check=True)
        while not result.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.05)
        outcome = json.loads(result.read_text())
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
    first = seen - float(started.read_text())
    return {"first_screen": first, "rss_mb": outcome["rss_kb"] / 1024, "exit": outcome["code"]}


def moving_through(data: Path) -> dict[str, float]:
    """Headless: seconds for G (to the last article), 20 x j, ctrl+d and g on the whole list."""
    from reader.app import ReaderApp
    from reader.config import Settings
    from reader.paths import resolve
    from reader.widgets.article_list import ArticleList

    async def run() -> dict[str, float]:
        app = ReaderApp(resolve(data), settings=Settings())
        app.animation_level = "none"
        timings: dict[str, float] = {}
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause()
            articles = app.screen.query_one("#articles", ArticleList)
            for label, keys in (("G", ["G"]), ("j x 20", ["j"] * 20), ("ctrl+d", ["ctrl+d"]), ("g", ["g"])):
                started = time.perf_counter()
                await pilot.press(*keys)
                await pilot.pause()
                timings[label] = time.perf_counter() - started
            timings["rows"] = articles.count
        return timings

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the libraries here instead of a temp folder")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("bench_startup needs tmux (a real terminal for the app)")
    root = args.keep or Path(tempfile.mkdtemp(prefix="reader-bench-"))
    try:
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; libraries in {root}")
        for size in args.sizes:
            print(f"\n{size:,} articles")
            data = build(size, root / f"lib-{size}")
            launch_once(data, root)  # warm the OS file cache and the .pyc files
            runs = [launch_once(data, root) for _ in range(args.runs)]
            firsts = [r["first_screen"] for r in runs]
            rss = max(r["rss_mb"] for r in runs)
            print(f"  launch → first screen: median {statistics.median(firsts):.2f} s, "
                  f"best {min(firsts):.2f} s  ({', '.join(f'{x:.2f}' for x in firsts)})")
            print(f"  peak RSS: {rss:.0f} MB")
            moves = moving_through(data)
            print("  moving through {rows:,.0f} rows: ".format(**moves)
                  + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in moves.items() if k != "rows"))
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
