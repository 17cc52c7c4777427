"""Test isolation: every test gets its own XDG directories, so no test touches the user's home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        path = tmp_path / "xdg" / name.lower()
        path.mkdir(parents=True)
        monkeypatch.setenv(name, str(path))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


SAMPLE_FEEDS = Path(__file__).resolve().parent.parent / "sample_feeds"


from tests.httpserver import http_server  # noqa: E402,F401  (the loopback server fixture, for every test)

# -- no SQLite on the UI thread ----------------------------------------------------------------------------

_APP_CODE = tuple(str(Path(__file__).resolve().parent.parent / "reader" / part)
                  for part in ("app.py", "services.py", "screens", "widgets", "host.py"))


class UiThreadGuard:
    """Records every SQL statement that the app's own code (app.py, services.py, screens/, widgets/) runs on the
    thread the app's event loop runs on. Pilot runs the app on the test's main thread; the app must reach the
    library through services.py, whose threads are never that one."""

    def __init__(self) -> None:
        import threading

        self.ui_thread = threading.main_thread().ident
        self.violations: list[str] = []

    def __call__(self, statement: str) -> None:
        import sys
        import threading

        if threading.get_ident() != self.ui_thread:
            return
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename.startswith(_APP_CODE):
                where = f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno} {frame.f_code.co_name}"
                self.violations.append(f"{where}: {' '.join(statement.split())[:120]}")
                return
            frame = frame.f_back


@pytest.fixture(autouse=True)
def ui_thread_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[UiThreadGuard]:
    """Fails the test if the app touched SQLite on its UI thread (see UiThreadGuard)."""
    from reader.core.storage import Storage

    guard = UiThreadGuard()
    connect = Storage._connect

    def traced(self: Storage) -> Any:
        conn = connect(self)
        conn.set_trace_callback(guard)
        return conn

    monkeypatch.setattr(Storage, "_connect", traced)
    yield guard
    if guard.violations:
        pytest.fail("SQLite on the UI thread:\n" + "\n".join(dict.fromkeys(guard.violations)), pytrace=False)
