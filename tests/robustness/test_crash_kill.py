"""kill -9 during `reader refresh`, and two `reader` processes at once: nothing lost, nothing corrupted."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import crash_kill  # noqa: E402  (benchmarks/crash_kill.py; this is its short form)

from tests.httpserver import LoopbackServer  # noqa: E402

IN_USE = "in use"


def test_kill_9_during_refresh_loses_nothing() -> None:
    seed = int(time.time())
    outcome = crash_kill.kill_runs(10, seed=seed, target=1000)  # 40 feeds of 30 shorter items: quicker rounds
    assert outcome.kills == 10, f"only {outcome.kills} refreshes could be killed (seed {seed})"
    assert outcome.survived == outcome.kills, f"seed {seed}: " + "\n".join(outcome.failures)


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[crash_kill.Rig]:
    with LoopbackServer() as server:
        rig = crash_kill.Rig(tmp_path, server, feeds=40, target=1500)
        rig.publish()
        rig.subscribe()
        yield rig


def start(rig: crash_kill.Rig, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        crash_kill.reader(rig.data, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=crash_kill.environment(),
        cwd=ROOT,
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def worked_or_said_in_use(code: int, err: str, what: str) -> bool:
    """True when the command worked; a refusal must be one clear line saying the library is in use."""
    if code == 0:
        return True
    lines = err.strip().splitlines()
    assert len(lines) == 1 and IN_USE in lines[0] and "Traceback" not in err, (what, code, err)
    return False


def test_two_refreshes_at_once(rig: crash_kill.Rig) -> None:
    first, second = start(rig, "refresh", "-q", "--json"), start(rig, "refresh", "-q", "--json")
    results = [finish(first), finish(second)]
    worked = [worked_or_said_in_use(code, err, "refresh") for code, _, err in results]
    assert any(worked)
    expected = 41 * rig.per_feed
    rig.flip_flags()  # records the state as it is now
    assert rig.check(), rig.check().problems
    assert len(rig.known) == expected  # each item once: nothing duplicated by the race
    again = subprocess.run(
        crash_kill.reader(rig.data, "refresh", "-q", "--json"),
        capture_output=True,
        text=True,
        env=crash_kill.environment(),
        cwd=ROOT,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert {(r["status"], r["new"]) for r in json.loads(again.stdout)} <= {("ok", 0), ("not_modified", 0)}
    assert rig.check()


def test_refresh_while_bookmarking_and_listing(rig: crash_kill.Rig) -> None:
    assert rig.refresh().returncode == 0
    rig.flip_flags()
    ids = sorted(rig.known)
    rig.publish()  # the refresh has real work: a new item per feed and edits
    refresh = start(rig, "refresh", "-q")
    marked: set[int] = set()
    commands = 0
    while refresh.poll() is None or commands < 2:
        article_id = ids[commands % len(ids)]
        for args in (
            ("bookmark", str(article_id)),
            ("list", "--json", "--limit", "50"),
            ("show", str(ids[-1 - commands]), "--mark-read"),
            ("search", "council"),
        ):
            proc = subprocess.run(
                crash_kill.reader(rig.data, *args),
                capture_output=True,
                text=True,
                env=crash_kill.environment(),
                cwd=ROOT,
                timeout=120,
            )
            if worked_or_said_in_use(proc.returncode, proc.stderr, " ".join(args)) and args[0] == "bookmark":
                marked.add(article_id)
        commands += 1
    code, _, err = finish(refresh)
    assert worked_or_said_in_use(code, err, "refresh")
    assert commands >= 2
    check = crash_kill.inspect(rig.db, rig.read | _read_now(rig), rig.bookmarked | marked, rig.known)
    assert check, check.problems


def _read_now(rig: crash_kill.Rig) -> set[int]:
    import sqlite3

    conn = sqlite3.connect(rig.db)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM articles WHERE read = 1")}
    finally:
        conn.close()
