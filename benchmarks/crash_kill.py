"""kill -9 `reader refresh` at random moments; after each kill the library must be whole and lose nothing.

    python benchmarks/crash_kill.py            # 60 kills (prints how many the library survived)
    python benchmarks/crash_kill.py -n 200 --seed 7

The library follows 40 local feeds of 30 items and one feed served over HTTP on 127.0.0.1. Every round the
feeds move on (a new item each, a few items edited), so each refresh inserts, updates and re-indexes inside its
transactions; bookmarks and read flags are set and cleared between rounds. After each kill:
`PRAGMA integrity_check` is ok, the FTS index holds exactly the articles marked indexed (the rest wait for the
next index_pending, which a search runs), no article, bookmark or read flag is lost,
and the next refresh completes. Exit status 1 if any kill was not survived.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (ROOT, ROOT / "benchmarks"):
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))

import feedgen  # noqa: E402

POOL = 45  # items generated per feed; each round publishes a sliding window of `per_feed` of them


def reader(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "reader", "--data-dir", str(data), *args]


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


@dataclass
class Check:
    """What one verification found wrong (empty when the library survived)."""

    problems: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return not self.problems


def inspect(db: Path, read: set[int], bookmarked: set[int], known: set[int], *, all_indexed: bool = False) -> Check:
    """Open the library as the next process would and check it is whole and has lost nothing."""
    found = Check()
    conn = sqlite3.connect(db, timeout=30)
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            found.problems.append(f"integrity_check: {integrity[:5]}")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            found.problems.append("foreign_key_check failed")
        try:
            conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            found.problems.append(f"FTS integrity-check: {exc}")
        ids = {r[0] for r in conn.execute("SELECT id FROM articles")}
        # Indexing follows the refresh: an article marked indexed has its index row; one waiting has none, or
        # (edited upstream) its old one until it is indexed again; no index row outlives its article.
        marked = {r[0] for r in conn.execute("SELECT id FROM articles WHERE indexed = 1")}
        indexed = {r[0] for r in conn.execute("SELECT rowid FROM articles_fts")}
        if marked - indexed:
            found.problems.append(f"{len(marked - indexed)} articles marked indexed have no index row")
        if indexed - ids:
            found.problems.append(f"{len(indexed - ids)} index rows belong to no article")
        if all_indexed and indexed != ids:
            found.problems.append(f"a search left {len(ids - indexed)} articles out of the index")
        if known - ids:
            found.problems.append(f"{len(known - ids)} articles lost")
        now_read = {r[0] for r in conn.execute("SELECT id FROM articles WHERE read = 1")}
        now_marked = {r[0] for r in conn.execute("SELECT id FROM articles WHERE bookmarked = 1")}
        if now_read != read:
            found.problems.append(f"read flags changed: lost {len(read - now_read)}, gained {len(now_read - read)}")
        if now_marked != bookmarked:
            found.problems.append(
                f"bookmarks changed: lost {len(bookmarked - now_marked)}, gained {len(now_marked - bookmarked)}"
            )
    finally:
        conn.close()
    return found


class Rig:
    """A library of many feeds whose content moves on every round, plus the flags the user set."""

    def __init__(self, root: Path, server: object, *, feeds: int = 40, per_feed: int = 30, target: int = 2500) -> None:
        from tests.httpserver import LoopbackServer

        assert isinstance(server, LoopbackServer)
        self.root = root
        self.data = root / "lib"
        self.db = self.data / "library.sqlite"
        self.server = server
        self.per_feed = per_feed
        self.pool = [feedgen.items(i, POOL, target=target) for i in range(feeds + 1)]
        self.paths = [root / f"feed-{i}.xml" for i in range(feeds)]
        self.http_url = server.url("/feed.xml")
        self.round = 0
        self.rng = random.Random(0)
        self.read: set[int] = set()
        self.bookmarked: set[int] = set()
        self.known: set[int] = set()

    def _document(self, index: int) -> bytes:
        r = self.round
        start = r % (POOL - self.per_feed + 1)
        window = self.pool[index][start : start + self.per_feed]
        edited = [
            dataclasses.replace(it, title=f"{it.title} (update {r})", content=f"{it.content}<p>Update {r}.</p>")
            if (hash(it.guid) + r) % 5 == 0
            else it
            for it in window
        ]
        return feedgen.rss(index, edited)

    def publish(self) -> None:
        """Move every feed on by one round (a file rewritten whole, then renamed, as publishers do)."""
        self.round += 1
        for index, path in enumerate(self.paths):
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(self._document(index))
            tmp.replace(path)
        self.server.route("/feed.xml", body=self._document(len(self.paths)))  # type: ignore[attr-defined]

    def subscribe(self) -> None:
        opml = self.root / "feeds.opml"
        outlines = "".join(f'<outline type="rss" text="{p.stem}" xmlUrl="{p}"/>' for p in self.paths)
        outlines += f'<outline type="rss" text="http" xmlUrl="{self.http_url}"/>'
        opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>')
        subprocess.run(
            reader(self.data, "import-opml", str(opml)), check=True, capture_output=True, env=environment(), cwd=ROOT
        )

    def refresh(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            reader(self.data, "refresh", "-q"), capture_output=True, text=True, env=environment(), cwd=ROOT, timeout=300
        )

    def flip_flags(self) -> None:
        """Set (and sometimes clear) read flags and bookmarks, as a reader between refreshes would."""
        conn = sqlite3.connect(self.db, timeout=30)
        try:
            ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
            with conn:
                for column in ("read", "bookmarked"):
                    for article_id in self.rng.sample(ids, min(len(ids), 8)):
                        conn.execute(f"UPDATE articles SET {column} = 1 WHERE id = ?", (article_id,))
                    for article_id in self.rng.sample(ids, min(len(ids), 2)):
                        conn.execute(f"UPDATE articles SET {column} = 0 WHERE id = ?", (article_id,))
            self.read = {r[0] for r in conn.execute("SELECT id FROM articles WHERE read = 1")}
            self.bookmarked = {r[0] for r in conn.execute("SELECT id FROM articles WHERE bookmarked = 1")}
            self.known = set(ids)
        finally:
            conn.close()

    def search(self) -> subprocess.CompletedProcess[str]:
        """A search, which first indexes whatever the refreshes stored."""
        return subprocess.run(
            reader(self.data, "search", "council"), capture_output=True, text=True, env=environment(), cwd=ROOT,
            timeout=300,
        )

    def check(self, *, all_indexed: bool = False) -> Check:
        return inspect(self.db, self.read, self.bookmarked, self.known, all_indexed=all_indexed)


@dataclass
class Outcome:
    kills: int = 0
    survived: int = 0
    finished_first: int = 0  # victims that ended before their kill came (not counted as kills)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def kill_runs(kills: int, *, seed: int = 1, feeds: int = 40, target: int = 2500, log: bool = False) -> Outcome:
    """Kill `kills` refreshes at random moments and verify the library after each; returns the tally."""
    from tests.httpserver import LoopbackServer

    rng = random.Random(seed)
    outcome = Outcome()
    started = time.monotonic()
    with LoopbackServer() as server, tempfile.TemporaryDirectory(prefix="crash-kill-") as tmp:
        rig = Rig(Path(tmp), server, feeds=feeds, target=target)
        rig.publish()
        rig.subscribe()
        first = time.monotonic()
        done = rig.refresh()
        if done.returncode != 0:
            raise SystemExit(f"the first refresh failed: {done.stdout}{done.stderr}")
        rig.publish()
        timed = time.monotonic()
        rig.refresh()
        span = max(time.monotonic() - timed, 0.3)  # how long a refresh of a moved-on library takes
        if log:
            print(
                f"library: {feeds} local feeds + 1 http feed, first refresh {timed - first:.2f} s, "
                f"a round {span:.2f} s",
                flush=True,
            )
        attempts = 0
        while outcome.kills < kills and attempts < kills * 3:
            attempts += 1
            rig.flip_flags()
            rig.publish()
            # Every other victim is a search, killed while it puts the last refreshes' articles in the index.
            command = ("refresh", "-q") if attempts % 2 else ("search", "council")
            if command[0] == "search":
                rig.refresh()
            victim = subprocess.Popen(
                reader(rig.data, *command),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=environment(),
                cwd=ROOT,
            )
            delay = rng.uniform(0.0, span * 1.1)
            time.sleep(delay)
            if victim.poll() is not None:
                outcome.finished_first += 1
                continue
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            outcome.kills += 1
            check = rig.check()
            after = rig.refresh() if check else None
            if after is not None and after.returncode != 0:
                check.problems.append(f"the next refresh failed ({after.returncode}): {after.stderr.strip()}")
            if check:
                outcome.survived += 1
                rig.search()
                check = rig.check(all_indexed=True)  # the completed refresh lost nothing; a search indexed it all
                if not check:
                    outcome.survived -= 1
            if not check:
                outcome.failures.append(f"kill {outcome.kills} at {delay:.2f} s: " + "; ".join(check.problems))
            if log:
                status = "ok" if check else "FAILED " + "; ".join(check.problems)
                print(f"kill {outcome.kills:>3} at {delay:5.2f} s: {status}", flush=True)
    outcome.seconds = time.monotonic() - started
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--kills", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--feeds", type=int, default=40)
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    outcome = kill_runs(args.kills, seed=args.seed, feeds=args.feeds, log=not args.quiet)
    for failure in outcome.failures:
        print(failure)
    print(
        f"survived {outcome.survived} of {outcome.kills} kills ({outcome.finished_first} victims finished "
        f"before their kill) in {outcome.seconds:.0f} s, seed {args.seed}"
    )
    return 0 if outcome.survived == outcome.kills else 1


if __name__ == "__main__":
    raise SystemExit(main())
