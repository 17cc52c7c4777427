"""kill -9 `reader sync` at random moments: no queued change is lost, nothing local is flipped, the library is whole.

Each round makes local changes (read, unread, bookmarks: through the library, as the app does) on one half of the
articles and changes on the server (another client) on the other half, starts `reader sync` as its own process and
kills it at a random moment of the run. Then: the library passes its integrity checks; every local change made so
far is still here (no pull overwrote it); and each is either still queued or already on the server. A last sync
that is left to finish puts both sides in agreement.
"""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

import pytest

from tests.sync.device import Device
from tests.sync.users import MinifluxUser

pytestmark = pytest.mark.xdist_group("miniflux")

ROUNDS = 8


def queued(db: Path) -> set[tuple[str, str, int]]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return {(r[0], r[1], r[2]) for r in conn.execute("SELECT target, kind, value FROM sync_queue")}
    finally:
        conn.close()


def problems(db: Path) -> list[str]:
    found = []
    conn = sqlite3.connect(db, timeout=30)
    try:
        if [r[0] for r in conn.execute("PRAGMA integrity_check")] != ["ok"]:
            found.append("integrity_check failed")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            found.append("foreign_key_check failed")
    finally:
        conn.close()
    return found


def test_kill_9_during_a_sync_loses_no_queued_change(tmp_path: Path, user: MinifluxUser, service: str) -> None:
    seed = int(time.time())
    rng = random.Random(seed)
    for index in range(4):
        user.add_feed(f"beat{index}", range(1, 121), pages=True)  # a bookmark reads the page: it is on loopback
    user.age_entries()
    device = Device.configure(tmp_path / "laptop", user, service)
    first = device.subprocess("sync")
    assert first.wait(timeout=120) == 0
    db = device.data / "library.sqlite"
    remote = {e["title"]: str(e["id"]) for e in user.entries()}
    kills = 0
    full = 0.0  # how long a round's sync takes when left alone (start-up, the sync, the exit)
    intended: dict[tuple[str, str], bool] = {}  # (title, "read" | "starred") -> the value set here last
    with device.library() as library:
        articles = {a.title: a.id for a in library.articles()}
        assert len(articles) == 480
        titles = sorted(articles)
        ours, theirs = titles[::2], titles[1::2]  # the phone never touches what we change: no conflicts to judge
        for round_number in range(ROUNDS + 1):  # round 0 is left to finish: it times a run
            for title in rng.sample(ours, 80):
                read = rng.random() < 0.7
                library.mark_read([articles[title]], read)
                intended[(title, "read")] = read
            for title in rng.sample(ours, 10):
                bookmarked = rng.random() < 0.6
                library.bookmark(articles[title], bookmarked)
                intended[(title, "starred")] = bookmarked
            phone = [int(remote[t]) for t in rng.sample(theirs, 30)]
            user.set_status(phone[:20], rng.choice(["read", "unread"]))
            user.set_starred(phone[20:], rng.random() < 0.5)
            started = time.monotonic()
            proc = device.subprocess("sync")
            if round_number == 0:
                assert proc.wait(timeout=120) == 0
                full = time.monotonic() - started
            else:
                time.sleep(rng.uniform(0.1, full))
                if proc.poll() is None:
                    proc.kill()
                    kills += 1
                proc.wait(timeout=60)
            where = f"seed {seed}, round {round_number}"
            assert not problems(db), f"{where}: {problems(db)}"
            waiting = queued(db)
            server = {e["title"]: (e["status"] == "read", bool(e["starred"])) for e in user.entries()}
            here = {a.title: (a.read, a.bookmarked) for a in library.articles()}
            for (title, kind), value in intended.items():
                index = 0 if kind == "read" else 1
                assert here[title][index] == value, f"{where}: the {kind} change of {title} was undone here"
                assert server[title][index] == value or (remote[title], kind, int(value)) in waiting, (
                    f"{where}: the {kind} change of {title} is neither queued nor on the server"
                )
    final = device.subprocess("sync")
    assert final.wait(timeout=120) == 0
    assert queued(db) == set()
    assert device.flags() == device.server_flags()
    assert kills >= 1, "no sync was still running when it was killed: the test proved nothing"
