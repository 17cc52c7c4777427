"""Search: / opens the box, Enter runs it and selects the first result, Enter opens it."""

from __future__ import annotations

from reader.app import ReaderApp
from reader.screens.main import MainScreen
from reader.screens.reading import ReadingScreen
from reader.screens.search import SearchScreen
from tests.ui.conftest import settle


async def test_search_selects_the_first_result_highlights_matches_and_opens_it(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        screen = app.screen
        await pilot.press(*"lead lines", "enter")
        await settle(pilot)
        results = screen.results
        assert app.focused is results
        assert results.highlighted == 0
        assert results.current is not None and results.current.title == "Council delays vote on $412 million budget"
        prompt = results.get_option_at_index(0).prompt
        matched = {prompt.plain[s.start:s.end] for s in prompt.spans if s.style == ".search-results--match"}
        assert matched == {"lead", "lines"}
        assert "\x02" not in prompt.plain and "\x03" not in prompt.plain
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.summary.title == "Council delays vote on $412 million budget"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("slash")  # search again: back in the box, the old query selected
        assert app.focused is screen.input
        await pilot.press(*"ferry", "enter")
        await settle(pilot)
        assert results.current is not None and results.current.title == "Harbor ferry adds late-night runs"
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_search_with_no_results_says_so(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zeppelin", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.results.option_count == 0
        assert "Nothing matches “zeppelin”" in str(screen.query_one("#search-status").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
