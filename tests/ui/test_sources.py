"""The Sources view: everyone quoted, filtered by typing, sorted; a person's quotes; Enter opens the article at one."""

from __future__ import annotations

from reader.app import ReaderApp
from reader.screens.main import MainScreen
from reader.screens.reading import ReadingScreen
from reader.screens.search import SearchScreen
from reader.screens.sources import SourcesScreen
from reader.widgets.source_list import SourceList
from tests.ui.conftest import settle


def names(screen: SourcesScreen) -> list[str]:
    return [s.name for s in screen.source_list.shown]


def row_text(screen: SourcesScreen) -> list[str]:
    lines = screen.query_one("#sources-list", SourceList)
    return [lines.render_line(y).text.rstrip() for y in range(lines.count)]


async def test_s_lists_everyone_quoted_by_name_and_only_them(app: ReaderApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        assert sorted(names(screen)) == ["Ana Ruiz", "Lan Nguyen", "Paul Kenney"]  # not "the clerk"
        assert "3 people quoted" in screen.status_text
        rows = row_text(screen)
        assert any(r.lstrip().startswith("Paul Kenney, councilmember for the North End") and r.endswith("3h")
                   for r in rows)
        # The highlighted person's quotes sit beside the list, with article, outlet and date.
        first = screen.source_list.current
        assert first is not None and screen.quotes.quotes
        assert all(q.speaker == first.name for q in screen.quotes.quotes)


async def test_typing_filters_enter_shows_the_quotes_and_opens_the_article_at_one(app: ReaderApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        await pilot.press(*"city manager")  # a role finds the person too
        await settle(pilot)
        assert names(screen) == ["Lan Nguyen"] and "1 of 3 people" in screen.status_text
        await pilot.press("enter")
        await settle(pilot)
        assert screen.focused is screen.quotes
        [quote] = screen.quotes.quotes
        assert quote.text.startswith("We have 61 miles") and quote.title.startswith("Council delays vote")
        assert quote.feed_title == "Riverside Ledger"
        await pilot.press("enter")
        await settle(pilot)
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        quoted = reading.article_view.quoted
        assert quoted is not None and "61 miles of lead lines" in str(quoted.content)
        assert reading.quotes_pane.current is not None and reading.quotes_pane.current.speaker == "Lan Nguyen"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and names(screen) == ["Lan Nguyen"]


async def test_nobody_matches_then_escape_clears_then_goes_back(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        await pilot.press(*"zzz")
        await settle(pilot)
        assert names(screen) == [] and "0 of 3 people" in screen.status_text
        assert screen.source_list.render_line(0).text.strip() == "Nobody matches the filter."
        await pilot.press("escape")
        assert screen.filter_input.value == "" and len(names(screen)) == 3
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_sorting_by_recency_and_moving_with_the_keys(app: ReaderApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "last quoted first" in screen.status_text
        # The budget story (3 hours ago) quotes Kenney and Nguyen; the ferry story (5 hours ago) Ana Ruiz.
        assert names(screen)[-1] == "Ana Ruiz"
        await pilot.press("down", "down")  # arrows move the list while the filter has the keys
        await settle(pilot)
        assert screen.source_list.cursor == 2
        current = screen.source_list.current
        assert current is not None and current.name == "Ana Ruiz"
        assert [q.text for q in screen.quotes.quotes] == ["People asked for this for years."]
        await pilot.press("tab")  # into the list: j/k there
        assert screen.focused is screen.source_list
        await pilot.press("k")
        assert screen.source_list.cursor == 1
        await pilot.press("slash")
        assert screen.focused is screen.filter_input


async def test_the_feeds_pane_entry_and_the_palette_open_sources(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h", "j", "j")  # All articles, Bookmarks, Sources
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.feed_list.current is not None and main.feed_list.current.kind == "sources"
        assert "Enter (or s) opens the Sources view" in main.article_list.render_line(0).text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Sources")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)


async def test_said_in_the_search_box_finds_the_articles_quoting_someone(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"said:Kenney")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert [h.title for h in screen.results.hits] == ["Council delays vote on $412 million budget"]
        prompt = str(screen.results.get_option_at_index(0).prompt)
        assert "Friday afternoon" in prompt and "Paul Kenney" in prompt
