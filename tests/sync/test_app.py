"""The app with sync on, against the real Miniflux: it syncs at start in the background, shows the sync status and
the last error in the feeds pane's head, shows a long sync's progress, and syncs now on a key or a palette command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.app import ReaderApp
from reader.config import load_settings
from reader.widgets.refresh_progress import RefreshProgress
from reader.widgets.sync_status import SyncStatusLine
from tests.sync.device import Device
from tests.sync.feeds import item_title
from tests.sync.miniflux_server import MinifluxServer
from tests.sync.users import MinifluxUser
from tests.ui.conftest import Opener, settle
from tests.ui.fixture_library import clock, paths_for

pytestmark = pytest.mark.xdist_group("miniflux")


def app_for(device: Device) -> ReaderApp:
    """The app as `reader --data-dir DATA` starts it: the library and [sync] from the data dir."""
    from reader.core.library import make_library

    settings = load_settings(device.data / "config.toml")
    paths = paths_for(device.data)
    # Opened here, as `reader` opens it before the app runs (not by the app on its UI thread).
    library = make_library(paths.database, sync=settings.sync, config_path=paths.config_file)
    app = ReaderApp(paths, settings=settings, clock=clock, opener=Opener(), library=library)
    app.animation_level = "none"
    return app


def stored(device: Device) -> Any:
    """The library the app uses, opened apart (the test reads it from its own thread, never the app's UI thread)."""
    from reader.core.library import make_library

    return make_library(paths_for(device.data).database)


def status_text(app: ReaderApp) -> str:
    line = app.screen.query_one("#sync-status", SyncStatusLine)
    return str(line.content) if line.has_class("-on") else ""


@pytest.fixture
def device(tmp_path: Path, user: MinifluxUser) -> Device:
    return Device.configure(tmp_path / "laptop", user, "miniflux")


async def test_the_app_syncs_at_start_and_shows_it(device: Device, user: MinifluxUser) -> None:
    user.add_feed("harbor", range(1, 4))
    app = app_for(device)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert status_text(app).startswith("⇅ Miniflux · synced ")
        assert "!" not in status_text(app)
        assert [f.title for f in stored(device).feeds()] == ["harbor Gazette"]
        assert app.screen.query_one("#articles").count == 3  # type: ignore[attr-defined]


async def test_offline_start_then_sync_now_with_the_key(
    device: Device, user: MinifluxUser, miniflux: MinifluxServer
) -> None:
    user.add_feed("harbor", range(1, 4))
    device.ok("sync")
    miniflux.stop_miniflux()
    try:
        app = app_for(device)
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            text = status_text(app)
            assert text.startswith("⇅ Miniflux · synced ") and "\n! cannot connect: connection refused" in text
            assert app.screen.query_one("#sync-status", SyncStatusLine).has_class("-error")
            await pilot.press("N")  # the selected article: read, here at once
            await settle(pilot)
            assert "1 change to send" in status_text(app)
            miniflux.start_miniflux()
            await pilot.press("S")
            await settle(pilot)
            text = status_text(app)
            assert text.startswith("⇅ Miniflux · synced ") and "to send" not in text and "!" not in text
    finally:
        miniflux.ensure_running()
    assert sum(read for read, _ in device.server_flags().values()) == 1


async def test_sync_now_from_the_command_palette(device: Device, user: MinifluxUser) -> None:
    app = app_for(device)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert stored(device).feeds() == []
        user.add_feed("mill", range(1, 3))  # on a phone, meanwhile
        await pilot.press("ctrl+p", *"sync now")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert [f.title for f in stored(device).feeds()] == ["mill Gazette"]


async def test_a_long_first_sync_shows_its_progress(
    device: Device, user: MinifluxUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("harbor", "mill"):
        user.add_feed(name, range(1, 301))
    shown: list[str] = []
    original = RefreshProgress.syncing

    def recording(self: RefreshProgress, *args: Any) -> None:
        original(self, *args)
        shown.append(str(self.label.content))

    monkeypatch.setattr(RefreshProgress, "syncing", recording)
    app = app_for(device)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#refresh", RefreshProgress).has_class("-active")
    assert shown[0] == "Syncing with Miniflux…  (Esc cancels)"
    assert "Syncing with Miniflux: 500 of 600 pulled  (Esc cancels)" in shown
    assert shown[-1] == "Syncing with Miniflux: 600 of 600 pulled  (Esc cancels)"
    assert len(stored(device).articles()) == 600
    assert item_title("harbor", 1) in {a.title for a in stored(device).articles()}
