"""Refresh: a thread worker with a progress bar, Esc cancels, errors show on the feed and in a summary."""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.core.fetch import Fetcher, FetchResult, FetchSession
from reader.core.library import Library, make_library
from reader.screens.main import MainScreen
from reader.widgets.article_list import ArticleList
from reader.widgets.refresh_progress import RefreshProgress
from tests.conftest import SAMPLE_FEEDS
from tests.ui.conftest import make_app, settle
from tests.ui.fixture_library import paths_for

FEEDS = ["riverside-ledger.xml", "harbor-city-beacon.xml", "northgate-bulletin.xml", "cedar-valley-public-radio.xml"]


class SlowFetcher(Fetcher):
    """A real fetcher whose fetches first wait `delay` seconds (or until cancelled), so progress can be watched."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay
        self.started = threading.Event()
        self._slow: FetchSession | None = None

    async def session(self) -> FetchSession:
        if self._slow is None:
            owner = self

            class Slow(FetchSession):
                async def fetch(self, url: str, **kwargs: Any) -> FetchResult:
                    owner.started.set()
                    cancel = kwargs.get("cancel")
                    waited = 0.0
                    while waited < owner.delay and not (cancel is not None and cancel.is_set()):
                        await asyncio.sleep(0.02)
                        waited += 0.02
                    return await super().fetch(url, **kwargs)

            self._slow = Slow(self.limits)
        return self._slow


def subscribe_local(lib: Library, tmp_path: Path, names: list[str]) -> list[int]:
    ids = []
    for name in names:
        path = tmp_path / "feeds" / name
        path.parent.mkdir(exist_ok=True)
        shutil.copy(SAMPLE_FEEDS / name, path)
        feed_id, _ = lib.subscribe(path.as_uri(), name)
        ids.append(feed_id)
    return ids


@pytest.fixture
def slow_library(tmp_path: Path) -> Iterator[tuple[Library, SlowFetcher]]:
    fetcher = SlowFetcher(0.4)
    lib = make_library(paths_for(tmp_path / "lib").database, fetcher, workers=1)
    subscribe_local(lib, tmp_path, FEEDS)
    yield lib, fetcher
    lib.close()


async def wait_until(pilot: Any, condition: Any, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
        await pilot.pause()
    raise AssertionError("timed out")


async def test_refresh_all_shows_progress_and_fills_the_lists(
    tmp_path: Path, slow_library: tuple[Library, SlowFetcher]
) -> None:
    lib, _ = slow_library
    app = make_app(tmp_path / "lib", lib)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        progress = app.screen.query_one("#refresh", RefreshProgress)
        assert not progress.has_class("-active")
        await pilot.press("R")
        assert progress.has_class("-active")
        await wait_until(pilot, lambda: progress.bar.progress >= 1)
        assert progress.bar.total == 4
        assert "of 4" in progress.text
        articles = app.screen.query_one("#articles", ArticleList)
        before = articles.cursor
        await pilot.press("j")  # the UI answers while the refresh runs
        assert articles.cursor in (before, before + 1) and app.screen.query_one("#refresh").has_class("-active")
        await wait_until(pilot, lambda: not progress.has_class("-active"))
        assert all(f.total > 0 for f in lib.feeds())
        assert articles.count == sum(f.total for f in lib.feeds())
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Refreshed 4 feeds:") and "new articles" in m for m in messages)
        # Listed at once; then, off the UI thread, every new article enters the search index.
        await wait_until(pilot, lambda: lib.pending_index() == 0)
        assert lib.search("Riverside")


async def test_escape_cancels_a_running_refresh(tmp_path: Path, slow_library: tuple[Library, SlowFetcher]) -> None:
    lib, fetcher = slow_library
    fetcher.delay = 3.0
    app = make_app(tmp_path / "lib", lib)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await wait_until(pilot, fetcher.started.is_set)
        await pilot.press("escape")
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: not screen.refreshing, timeout=8)
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Refresh cancelled after") and "of 4 feeds" in m for m in messages)
        assert sum(1 for f in lib.feeds() if f.total) < 4


async def test_r_refreshes_the_selected_feed_and_errors_show_on_the_feed(tmp_path: Path) -> None:
    lib = make_library(paths_for(tmp_path / "lib").database)
    good = subscribe_local(lib, tmp_path, ["northgate-bulletin.xml"])[0]
    bad, _ = lib.subscribe((tmp_path / "missing.xml").as_uri(), "Missing Gazette")
    app = make_app(tmp_path / "lib", lib)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            await pilot.press("h", "j", "j", "j")  # the first feed by title: Missing Gazette
            assert screen.feed_list.current is not None and screen.feed_list.current.feed_id == bad
            await pilot.press("r")
            await wait_until(pilot, lambda: not screen.refreshing)
            await settle(pilot)
            feed = lib.feed(bad)
            assert feed is not None and feed.error
            assert str(screen.feed_list.get_option_at_index(3).prompt).startswith("! Missing Gazette")
            info = screen.query_one("#feed-info")
            assert info.has_class("-visible") and "missing.xml" in str(info.render())
            messages = [n.message for n in app._notifications]
            assert any("1 failed" in m and "Missing Gazette" in m for m in messages)
            assert lib.feed(good) is not None and lib.feed(good).total == 0  # only the selected feed ran
    finally:
        lib.close()


async def test_auto_refresh_from_config(tmp_path: Path, slow_library: tuple[Library, SlowFetcher]) -> None:
    from reader.config import Settings

    lib, fetcher = slow_library
    fetcher.delay = 0.0
    app = make_app(tmp_path / "lib", lib, settings=Settings(auto_refresh_minutes=30))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        timers = [t for t in screen._timers if t.name == "auto-refresh"]
        assert len(timers) == 1 and timers[0]._interval == 30 * 60
        timers[0]._callback()  # what the timer does every 30 minutes
        assert screen.refreshing
        await wait_until(pilot, lambda: not screen.refreshing)
        assert all(f.total > 0 for f in lib.feeds())
