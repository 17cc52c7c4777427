"""A real Miniflux on 127.0.0.1 for the sync tests and benchmarks: PostgreSQL from Debian, Miniflux from Go.

PostgreSQL runs from a throwaway data directory (initdb) as an unprivileged user, listening only on a Unix
socket inside that directory. Miniflux 2.3.5 is built once with `go install` into a cache directory and reused
by every later run. Nothing here reaches beyond the machine: Miniflux listens on 127.0.0.1 and fetches feeds
only from the loopback server the tests start.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MINIFLUX_VERSION = "2.3.5"
MINIFLUX_MODULE = f"miniflux.app/v2@v{MINIFLUX_VERSION}"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin-password-for-tests"
# Read once, when this module is imported: the test suite's autouse fixture points HOME and the XDG
# variables at a temporary directory for each test, and the build cache must outlive a test.
CACHE_DIR = Path(
    os.environ.get("LOCALNEWS_MINIFLUX_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "localnews-reader" / "miniflux"
)
_GO_HINTS = ("/usr/local/go/bin/go", "/usr/lib/go/bin/go")
_PG_USER = "postgres"  # Debian's postgresql package creates it; root may not run the server


class Unavailable(Exception):
    """What is missing to run a real Miniflux here, said as what to install."""


def go_binary() -> str | None:
    found = shutil.which("go")
    if found:
        return found
    return next((hint for hint in _GO_HINTS if os.access(hint, os.X_OK)), None)


def postgres_bindir() -> Path | None:
    """The directory holding initdb, pg_ctl, postgres and psql (Debian keeps them off PATH)."""
    pg_config = shutil.which("pg_config")
    candidates: list[Path] = []
    if pg_config:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True).stdout
            candidates.append(Path(out.strip()))
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _version_key(p.parent.name))
    candidates.extend(reversed(versions))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for candidate in candidates:
        if all((candidate / tool).exists() for tool in ("initdb", "pg_ctl", "postgres", "psql")):
            return candidate
    return None


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def miniflux_binary(*, build: bool = True) -> Path:
    """The cached miniflux.app, built with `go install` on first use (about 2 minutes on two cores)."""
    target = CACHE_DIR / MINIFLUX_VERSION / "miniflux.app"
    if target.exists():
        return target
    go = go_binary()
    if go is None:
        raise Unavailable(
            f"the sync tests need a real Miniflux: install Go 1.26 or later (Miniflux {MINIFLUX_VERSION} needs it; for `go install {MINIFLUX_MODULE}`) "
            f"or put a built miniflux.app at {target}"
        )
    if not build:
        raise Unavailable(f"Miniflux {MINIFLUX_VERSION} is not built yet at {target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Two test workers may both get here: one builds, the other waits for it on the lock.
    with open(target.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            env = {**os.environ, "GOBIN": str(target.parent), "GOFLAGS": "-buildvcs=false", "CGO_ENABLED": "0"}
            result = subprocess.run([go, "install", MINIFLUX_MODULE], env=env, capture_output=True, text=True)
            if result.returncode != 0 or not target.exists():
                tail = " ".join((result.stderr or result.stdout).split()[-40:])
                raise Unavailable(f"`go install {MINIFLUX_MODULE}` failed: {tail}")
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class _Postgres:
    bindir: Path
    root: Path  # the temporary directory: data/ and the socket live here
    uid: int | None  # the unprivileged user the server runs as (None: ourselves, already unprivileged)
    gid: int | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args),
            user=self.uid,
            group=self.gid,
            extra_groups=[] if self.uid is not None else None,
            capture_output=True,
            text=True,
            check=check,
            cwd=self.root,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "TZ": "UTC"},
        )

    def init(self) -> None:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "miniflux",
            "--auth=trust",  # the socket is in a 0700 directory: only its owner (and root) can reach it
            "--no-sync",
            "--encoding=UTF8",
            "--locale=C",
        )

    def start(self) -> None:
        # A test server: durability off, no TCP listener, the socket in our own directory.
        options = (
            f"-k {self.socket_dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=50"
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "postgres.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def sql(self, statement: str, *, database: str = "miniflux") -> str:
        result = self._run(
            str(self.bindir / "psql"),
            "-h",
            str(self.socket_dir),
            "-U",
            "miniflux",
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-qAtX",
            "-c",
            statement,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}")
        return result.stdout.strip()


def _unprivileged_ids() -> tuple[int | None, int | None]:
    if os.geteuid() != 0:
        return None, None
    try:
        entry = pwd.getpwnam(_PG_USER)
    except KeyError:
        raise Unavailable(
            f"running as root, the tests start PostgreSQL as the `{_PG_USER}` user, which does not exist: "
            "apt-get install postgresql"
        ) from None
    return entry.pw_uid, entry.pw_gid


class MinifluxServer:
    """PostgreSQL plus Miniflux, started by start() and torn down by stop(); admin helpers for tests."""

    def __init__(self) -> None:
        bindir = postgres_bindir()
        if bindir is None:
            raise Unavailable(
                "the sync tests need PostgreSQL (initdb, pg_ctl, postgres, psql): apt-get install postgresql"
            )
        self.binary = miniflux_binary()
        uid, gid = _unprivileged_ids()
        root = Path(tempfile.mkdtemp(prefix="localnews-miniflux-"))
        if uid is not None:
            os.chown(root, uid, gid or -1)
        self._pg = _Postgres(bindir, root, uid, gid)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None
        self._log = root / "miniflux.log"
        self._pg_running = False
        self.start_seconds: float | None = None  # PostgreSQL and Miniflux from nothing to a healthy server

    # lifecycle

    def start(self) -> MinifluxServer:
        started = time.monotonic()
        self._pg.init()
        self.start_postgres()
        self._pg.sql("CREATE DATABASE miniflux", database="postgres")
        self._pg.sql("CREATE EXTENSION IF NOT EXISTS pgcrypto")
        self.start_miniflux(migrate=True)
        self.start_seconds = time.monotonic() - started
        return self

    def start_miniflux(self, *, migrate: bool = False) -> None:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DATABASE_URL": f"postgres://miniflux@/miniflux?host={self._pg.socket_dir}&sslmode=disable",
            "LISTEN_ADDR": f"127.0.0.1:{self.port}",
            "BASE_URL": self.url + "/",
            "RUN_MIGRATIONS": "1" if migrate else "0",
            "CREATE_ADMIN": "1" if migrate else "0",
            "ADMIN_USERNAME": ADMIN_USERNAME,
            "ADMIN_PASSWORD": ADMIN_PASSWORD,
            "POLLING_FREQUENCY": "525600",  # a year, in minutes: feeds are fetched when the tests say so
            "FETCHER_ALLOW_PRIVATE_NETWORKS": "1",  # the feeds are on 127.0.0.1
            "LOG_LEVEL": "warning",
            "TZ": "UTC",
        }
        with open(self._log, "ab") as log:
            self._process = subprocess.Popen([str(self.binary)], env=env, stdout=log, stderr=subprocess.STDOUT)
        self._wait_healthy()

    def stop_miniflux(self, *, hard: bool = False) -> None:
        """Stop the Miniflux process (SIGKILL when hard, as a crash would); PostgreSQL keeps running."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGKILL if hard else signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)

    def stop_postgres(self) -> None:
        self._pg.stop("immediate")
        self._pg_running = False

    def start_postgres(self) -> None:
        self._pg.start()
        self._pg_running = True

    def ensure_running(self) -> None:
        """Bring back whatever a fault test left stopped."""
        if not self._pg_running:
            self.start_postgres()
        if self._process is None or self._process.poll() is not None:
            self.start_miniflux()

    def stop(self) -> None:
        self.stop_miniflux()
        self.stop_postgres()
        shutil.rmtree(self._pg.root, ignore_errors=True)

    def __enter__(self) -> MinifluxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"miniflux exited with {self._process.returncode}: {self.log_tail()}")
            with contextlib.suppress(OSError), urllib.request.urlopen(self.url + "/healthcheck", timeout=2) as reply:
                if reply.status == 200:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"miniflux was not healthy after {timeout:g} s: {self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        try:
            return " | ".join(self._log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # administration, the way an operator or another client would do it

    def sql(self, statement: str) -> str:
        return self._pg.sql(statement)

    def api(
        self, method: str, path: str, body: Any = None, *, auth: tuple[str, str] | None = None, token: str = ""
    ) -> Any:
        """Call the REST API directly (as a phone app would), as the admin unless told otherwise."""
        username, password = auth or (ADMIN_USERNAME, ADMIN_PASSWORD)
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            headers["X-Auth-Token"] = token
        else:
            basic = base64.b64encode(f"{username}:{password}".encode()).decode()
            headers["Authorization"] = f"Basic {basic}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                raw = reply.read()
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"{method} {path}: HTTP {exc.code} {exc.read()[:300]!r}") from None
        return json.loads(raw) if raw else None

    def create_user(self, username: str, password: str) -> int:
        user = self.api("POST", "/v1/users", {"username": username, "password": password})
        return int(user["id"])

    def enable_google_reader(self, user_id: int, username: str, password: str) -> None:
        """Switch on the Google Reader API for a user: no REST endpoint does it, so the table is written."""
        self.sql(
            "UPDATE integrations SET googlereader_enabled = true, "
            f"googlereader_username = {_literal(username)}, "
            f"googlereader_password = crypt({_literal(password)}, gen_salt('bf')) "
            f"WHERE user_id = {int(user_id)}"
        )

    def create_api_key(self, username: str, password: str, description: str = "sync tests") -> tuple[int, str]:
        key = self.api("POST", "/v1/api-keys", {"description": description}, auth=(username, password))
        return int(key["id"]), str(key["token"])


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


if __name__ == "__main__":
    # `python3 -m tests.sync.miniflux_server` builds (or finds) the cached binary: .ci/run does this first.
    import sys

    try:
        print(miniflux_binary())
    except Unavailable as exc:
        sys.exit(str(exc))
