"""Test isolation: every test gets its own XDG directories, so no test touches the user's home."""

from __future__ import annotations

from pathlib import Path

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
