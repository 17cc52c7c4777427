"""The library file itself: one connection per thread, transactions, the check and migration on opening it, and
what a failure of the file says."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from reader.core.storage.schema import _OUR_TABLES, MIGRATIONS, SCHEMA_VERSION, _statements

T = TypeVar("T")


class StorageError(Exception):
    """The database cannot be used (corrupt, foreign, newer schema, locked)."""


def describe_database_error(exc: BaseException, path: str | Path) -> str | None:
    """One line for a SQLite failure that surfaced mid-command (a damaged page, a lock held too long).

    None when `exc` is not a database failure, so callers re-raise everything else.
    """
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    text = " ".join(str(exc).split()) or type(exc).__name__
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return f"{path}: the library is in use by another reader process ({text}); try again when it is done"
    if isinstance(exc, sqlite3.OperationalError) and "vtable constructor" not in lowered:
        return f"{path}: database error: {text}"
    return f"{path}: the library file is damaged ({text}); move it away or restore a backup"


class StorageBase:
    """The file and its connections; the mixins composed into Storage hold the queries."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._check_and_migrate()

    # -- connections -------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 10000")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            # Checkpoint every ~40 MB of WAL, not every 4 MB: a refresh rewrites the same index pages in many
            # small transactions, and each checkpoint copies them again (a cold refresh wrote 20% less).
            conn.execute("PRAGMA wal_autocheckpoint = 10000")
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{self.path}: not a usable database ({exc})") from exc
        if mode and str(mode[0]).lower() != "wal":
            conn.close()
            raise StorageError(f"{self.path}: could not switch to WAL mode (got {mode[0]})")
        conn.row_factory = sqlite3.Row
        with self._lock:
            self._connections.append((threading.current_thread(), conn))
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    def close(self) -> None:
        with self._lock:
            for _, conn in self._connections:
                with suppress(sqlite3.Error):
                    conn.close()
            self._connections.clear()
        self._local = threading.local()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def _check_and_migrate(self) -> None:
        # Look before writing: a corrupt or foreign file is reported and left untouched.
        if self.path.exists() and self.path.stat().st_size > 0:
            try:
                probe = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=10.0)
                try:
                    version = probe.execute("PRAGMA user_version").fetchone()[0]
                    tables = {
                        r[0] for r in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")
                    }
                finally:
                    probe.close()
            except sqlite3.DatabaseError as exc:
                if "malformed" in str(exc).lower():  # our file, with damaged pages where its schema is
                    raise StorageError(
                        f"{self.path}: the library file is damaged ({exc}); left untouched: move it away or "
                        "restore a backup"
                    ) from exc
                raise StorageError(f"{self.path}: not a reader library ({exc}); left untouched") from exc
            if version == 0 and tables:
                raise StorageError(f"{self.path}: a database of another program; left untouched")
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"{self.path}: made by a newer version (schema {version} > {SCHEMA_VERSION}); left untouched"
                )
            if version and not tables >= _OUR_TABLES:
                raise StorageError(f"{self.path}: not a reader library (tables missing); left untouched")
        conn = self.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version >= SCHEMA_VERSION:
            return
        with self.transaction() as tx:
            version = tx.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
            for step in range(version, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[step]):
                    tx.execute(statement)
                tx.execute(f"PRAGMA user_version = {step + 1}")

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])


_CHUNK = 500  # ids per IN (...) list: well under SQLite's 32,766 variables, and a plan that stays on the index


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
