"""Pilot fixtures: a small library with fixed dates under tmp_path, an app with a frozen clock and a fake opener."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.app import ReaderApp
from reader.config import Settings
from reader.core.library import Library
from tests.ui.fixture_library import build_library, clock, paths_for


class Opener:
    """Records the addresses the app asked the browser to open (no browser starts in tests)."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, url: str) -> None:
        self.opened.append(url)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def library(data_dir: Path) -> Iterator[Library]:
    lib = build_library(data_dir)
    yield lib
    lib.close()


@pytest.fixture
def opener() -> Opener:
    return Opener()


def make_app(data_dir: Path, library: Library, opener: Opener | None = None, **kwargs: Any) -> ReaderApp:
    kwargs.setdefault("settings", Settings())
    app = ReaderApp(paths_for(data_dir), library=library, clock=clock, opener=opener or Opener(), **kwargs)
    app.animation_level = "none"  # the tab underline's slide would make each key wait for it
    return app


@pytest.fixture
def app(data_dir: Path, library: Library, opener: Opener) -> ReaderApp:
    return make_app(data_dir, library, opener)


async def settle(pilot: Pilot[Any]) -> None:
    """Let messages, workers, library calls (and their answers) and refreshes finish."""
    services = getattr(pilot.app, "services", None)
    for _ in range(2000):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if services is None or not services.busy:
            break
        await asyncio.sleep(0.005)
    await pilot.pause()
    await pilot.pause()
