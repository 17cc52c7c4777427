"""A corrupt, foreign or newer library file: every command says so in one line and leaves the file as it was."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_feeds" / "riverside-ledger.xml"
# Reading, refreshing, adding, flagging, searching: every kind of access (all commands for one kind of damage).
COMMANDS: list[tuple[str, ...]] = [("list",), ("refresh",), ("add", str(SAMPLE)), ("bookmark", "1"), ("search", "x")]
ALL_COMMANDS: list[tuple[str, ...]] = [
    *COMMANDS,
    ("list", "--json"),
    ("feeds",),
    ("show", "1"),
    ("bookmarks",),
    ("remove", "1"),
    ("export-opml",),
    ("unbookmark", "1"),
    ("import-opml", str(ROOT / "sample_feeds" / "feeds.opml")),
]
READ_ONLY: list[tuple[str, ...]] = [
    ("list",),
    ("feeds", "--json"),
    ("show", "1"),
    ("search", "council"),
    ("bookmarks", "--json"),
]


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def real_library(data: Path) -> Path:
    """A healthy library with one feed, checkpointed so the whole of it is in the main file."""
    proc = run(data, "add", str(SAMPLE))
    assert proc.returncode == 0, proc.stderr
    db = data / "library.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db


def garbage(db: Path) -> None:
    db.write_bytes(random.Random(1).randbytes(20_000))


def text_file(db: Path) -> None:
    db.write_text("these are my notes, not a database\n" * 50)


def foreign(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ann', '555-0100')")
    conn.commit()
    conn.close()


def newer(db: Path) -> None:
    real_library(db.parent)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def truncated(db: Path) -> None:
    real_library(db.parent)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])


def zeroed_header(db: Path) -> None:
    real_library(db.parent)
    data = bytearray(db.read_bytes())
    data[:100] = bytes(100)
    db.write_bytes(bytes(data))


def damaged_pages(db: Path) -> None:
    """Header and schema intact, every page after the third garbled: found only when a query reads them."""
    real_library(db.parent)
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    noise = random.Random(2).randbytes(len(data) - 3 * page)
    data[3 * page :] = noise
    db.write_bytes(bytes(data))


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "garbage": (garbage, "not a reader library"),
    "text file": (text_file, "not a reader library"),
    "foreign database": (foreign, "another program"),
    "newer schema": (newer, "newer version"),
    "truncated": (truncated, "library"),
    "zeroed header": (zeroed_header, "not a reader library"),
}


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def assert_one_line_refusal(proc: subprocess.CompletedProcess[str], needle: str, what: str) -> None:
    assert proc.returncode == 1, (what, proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, (what, proc.stderr)
    assert lines[0].startswith("reader: ") and needle in lines[0], (what, lines[0])
    assert proc.stdout == "", (what, proc.stdout)


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_or_foreign_file_is_refused_and_untouched(tmp_path: Path, kind: str) -> None:
    make, needle = DAMAGE[kind]
    data = tmp_path / "lib"
    data.mkdir()
    db = data / "library.sqlite"
    make(db)
    for sidecar in ("-wal", "-shm"):  # a leftover of building the damage, not part of the user's file
        Path(f"{db}{sidecar}").unlink(missing_ok=True)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for command in ALL_COMMANDS if kind == "foreign database" else COMMANDS:
        assert_one_line_refusal(run(data, *command), needle, " ".join(command))
        assert hashlib.sha256(db.read_bytes()).hexdigest() == before, f"{' '.join(command)} changed the file"
        assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0


def test_damage_found_mid_command_is_one_line_and_reading_leaves_it_untouched(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    data.mkdir()
    db = data / "library.sqlite"
    damaged_pages(db)
    before = snapshot(data)
    for command in READ_ONLY:
        assert_one_line_refusal(run(data, *command), "damaged", " ".join(command))
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before["library.sqlite"]


def test_directory_in_place_of_the_library_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    (data / "library.sqlite").mkdir(parents=True)
    for command in (("list",), ("refresh",), ("add", str(SAMPLE))):
        assert_one_line_refusal(run(data, *command), "library.sqlite", " ".join(command))
