"""Adding a feed (a modal, with autodiscovery), removing one (after a question), and the empty state."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from reader.app import ReaderApp
from reader.core.library import Library
from reader.screens.add_feed import AddFeedScreen
from reader.screens.confirm import ConfirmScreen
from reader.screens.main import MainScreen
from reader.screens.reading import ReadingScreen
from reader.widgets.article_list import ArticleList
from reader.widgets.empty_state import EmptyState
from tests.conftest import SAMPLE_FEEDS
from tests.ui.conftest import make_app, settle
from tests.ui.fixture_library import build_library


async def type_into(pilot: Pilot[None], text: str) -> None:
    """Paste a long path into the modal's box (typing it key by key only costs time), then Enter."""
    box = pilot.app.screen.query_one("#add-feed-input", Input)
    box.value = text[:-1]
    await pilot.press(text[-1], "enter")


async def test_add_a_feed_from_a_local_file(app: ReaderApp, library: Library, tmp_path: Path) -> None:
    feed = tmp_path / "northgate.xml"
    shutil.copy(SAMPLE_FEEDS / "northgate-bulletin.xml", feed)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, AddFeedScreen)
        await type_into(pilot, str(feed))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        added = next(f for f in library.feeds() if f.url.endswith("northgate.xml"))
        assert added.total > 0
        assert screen.feed_list.current is not None and screen.feed_list.current.feed_id == added.id
        assert screen.query_one("#articles", ArticleList).count == added.total


async def test_add_a_feed_through_the_page_that_names_it(app: ReaderApp, library: Library, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    shutil.copy(SAMPLE_FEEDS / "northgate-bulletin.xml", feed)
    page = tmp_path / "index.html"
    page.write_text('<html><head><link rel="alternate" type="application/rss+xml" href="feed.xml">'
                    "</head><body>News</body></html>")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await type_into(pilot, str(page))
        await settle(pilot)
        assert any(f.url.endswith("/feed.xml") for f in library.feeds())


async def test_adding_what_is_not_a_feed_says_why(app: ReaderApp, library: Library, tmp_path: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = len(library.feeds())
        await pilot.press("a")
        await type_into(pilot, str(tmp_path / "nothing-here.xml"))
        await settle(pilot)
        assert len(library.feeds()) == before
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and "nothing-here.xml" in errors[-1].message
        await pilot.press("a")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_remove_asks_first_and_bookmarks_keep_their_reading(app: ReaderApp, library: Library) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")  # bookmark the Ledger's budget story
        await settle(pilot)
        await pilot.press("h", "j", "j", "j", "j")  # Riverside Ledger
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.detail == "Riverside Ledger"
        await pilot.press("n")
        await settle(pilot)
        assert any(f.title == "Riverside Ledger" for f in library.feeds())
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert [f.title for f in library.feeds()] == ["Harbor City Beacon"]
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("g")  # the top of the feeds pane (k wraps around: its count would matter)
        await pilot.press("j")  # Bookmarks
        assert screen.feed_list.current is not None and screen.feed_list.current.kind == "bookmarks"
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert "put off a vote Wednesday" in app.screen.article_view.body_text
        assert len(app.screen.quotes_pane.quotes) == 3


async def test_the_empty_state_says_how_to_start_and_loads_the_sample_feeds(tmp_path: Path) -> None:
    lib = build_library(tmp_path / "lib", empty=True)
    app = make_app(tmp_path / "lib", lib)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen) and screen.has_class("-empty")
            empty = screen.query_one("#empty", EmptyState)
            assert empty.display and empty.region.height > 0
            text = str(empty.render())
            assert "No subscriptions yet" in text
            assert "add a feed" in text and "reader import-opml FILE" in text and "reader --demo" in text
            footer = {b.binding.id for b in screen.active_bindings.values() if b.binding.show}
            assert {"import_samples", "add_feed", "quit"} <= footer and not {"bookmark", "refresh_feed"} & footer
            await pilot.press("i")
            for _ in range(100):
                await settle(pilot)
                if not screen.refreshing and lib.feeds() and all(f.total for f in lib.feeds()):
                    break
            assert not screen.has_class("-empty")
            assert len(lib.feeds()) >= 4
            assert screen.query_one("#articles", ArticleList).count > 10
            await pilot.press("i")  # only offered while empty: nothing more happens
            await settle(pilot)
    finally:
        lib.close()
