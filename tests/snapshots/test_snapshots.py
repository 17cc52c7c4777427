"""Snapshots at 80x24 and 160x45 of the main screen, an article with its three panes (and one with a half-block lead
photo), the Sources view, help and the empty state.

Deterministic: a frozen clock, the textual-dark theme, fixture data with fixed dates, no animation.
Update only after reading the report: `pytest tests/snapshots --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.app import ReaderApp
from reader.core.library import Library
from tests.httpserver import LoopbackServer
from tests.ui.conftest import make_app, settle
from tests.ui.fixture_library import build_library

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = build_library(tmp_path / "lib")
    yield lib
    lib.close()


def app_for(tmp_path: Path, library: Library) -> ReaderApp:
    app = make_app(tmp_path / "lib", library)
    app.theme = "textual-dark"
    return app


async def _settle(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare: Any, tmp_path: Path, library: Library, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("j")  # a second row highlighted: the cursor and the unread markers both show
        await _settle(pilot)

    assert snap_compare(app_for(tmp_path, library), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_article_with_three_panes(snap_compare: Any, tmp_path: Path, library: Library,
                                  size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)

    assert snap_compare(app_for(tmp_path, library), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Any, tmp_path: Path, library: Library, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")
        await _settle(pilot)

    assert snap_compare(app_for(tmp_path, library), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_empty_state(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    lib = build_library(tmp_path / "lib", empty=True)
    try:
        assert snap_compare(app_for(tmp_path, lib), terminal_size=size, run_before=_settle)
    finally:
        lib.close()


@pytest.mark.parametrize("size", SIZES)
def test_article_with_a_half_block_lead_photo(snap_compare: Any, tmp_path: Path, http_server: LoopbackServer,
                                              size: tuple[int, int]) -> None:
    from textual_image.widget import HalfcellImage

    from tests.ui.test_lead_photo import gradient, photo_library

    url = http_server.route("/ferry.jpg", body=gradient(), headers={"Content-Type": "image/jpeg"})
    lib = photo_library(tmp_path / "lib", url)
    app = make_app(tmp_path / "lib", lib, image_widget=HalfcellImage)
    app.theme = "textual-dark"

    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)

    try:
        assert snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        lib.close()


@pytest.mark.parametrize("size", SIZES)
def test_sources(snap_compare: Any, tmp_path: Path, library: Library, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("s")
        await _settle(pilot)

    assert snap_compare(app_for(tmp_path, library), terminal_size=size, run_before=run_before)
