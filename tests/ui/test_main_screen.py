"""The main screen: feeds and articles, moving around, marking read, bookmarks, n/p and undo."""

from __future__ import annotations

from reader.app import ReaderApp
from reader.core.library import Library
from reader.screens.main import MainScreen
from reader.screens.reading import ReadingScreen
from reader.widgets.article_list import ArticleList
from reader.widgets.feed_list import FeedList
from tests.ui.conftest import settle


def rows(app: ReaderApp) -> list[str]:
    articles = app.screen.query_one("#articles", ArticleList)
    return [articles.render_line(y).text.rstrip() for y in range(articles.count)]


def feed_lines(app: ReaderApp) -> list[str]:
    feeds = app.screen.query_one("#feeds", FeedList)
    return [str(feeds.get_option_at_index(i).prompt).rstrip() for i in range(feeds.option_count)]


async def test_first_screen_shows_feeds_counts_markers_and_relative_dates(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        feeds = feed_lines(app)
        assert feeds[0].startswith("  All articles") and feeds[0].endswith("7")
        assert feeds[1].startswith("★ Bookmarks")
        assert feeds[2].startswith("“ Sources")
        assert feeds[3].startswith("! Harbor City Beacon") and feeds[3].endswith("2")  # error marker
        assert feeds[4].startswith("  Riverside Ledger") and feeds[4].endswith("5")
        lines = rows(app)
        assert len(lines) == 7
        assert "●" in lines[0] and "Council delays vote" in lines[0] and lines[0].endswith("3h")
        assert lines[1].endswith("5h") and "Harbor City Beacon" in lines[1]
        assert lines[2].endswith("20h")
        assert lines[4].endswith("2d")
        assert lines[5].endswith("May 12")
        assert lines[6].endswith("May 2025")


async def test_selecting_a_feed_shows_its_articles_and_its_error(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        assert app.focused is app.screen.query_one("#feeds")
        await pilot.press("j", "j", "j")  # Harbor City Beacon, which failed last time (past Sources)
        await settle(pilot)
        info = app.screen.query_one("#feed-info")
        assert info.has_class("-visible")
        assert "HTTP 404 Not Found" in str(info.render())
        assert len(rows(app)) == 2
        await pilot.press("j")  # Riverside Ledger: no error
        await settle(pilot)
        assert not info.has_class("-visible")
        assert len(rows(app)) == 5
        await pilot.press("enter")
        assert app.focused is app.screen.query_one("#articles")
        await pilot.press("h")
        assert app.focused is app.screen.query_one("#feeds")
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#articles")
        await pilot.press("shift+tab")
        assert app.focused is app.screen.query_one("#feeds")
        await pilot.press("l")
        assert app.focused is app.screen.query_one("#articles")


async def test_vim_movement_in_the_article_list(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 12)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one("#articles", ArticleList)
        await pilot.press("j", "j")
        assert articles.cursor == 2
        await pilot.press("k")
        assert articles.cursor == 1
        await pilot.press("G")
        assert articles.cursor == 6
        await pilot.press("g")
        assert articles.cursor == 0
        await pilot.press("ctrl+d")
        half = max(1, articles.scrollable_content_region.height // 2)
        assert articles.cursor == min(6, half)
        await pilot.press("ctrl+u")
        assert articles.cursor == 0


async def test_clicking_an_article_selects_it_and_a_second_click_opens_it(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one("#articles", ArticleList)
        await pilot.click("#articles", offset=(10, 3))  # border row, then rows 0, 1, 2
        assert articles.cursor == 2
        await pilot.click("#articles", offset=(10, 3))
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)


async def test_enter_opens_and_marks_read_and_escape_goes_back(app: ReaderApp, library: Library) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = app.screen.query_one("#articles", ArticleList).current
        assert first is not None and not first.read
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert library.articles()[0].read
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "●" not in rows(app)[0]
        assert feed_lines(app)[4].endswith("4")  # Riverside Ledger: one fewer unread
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("q")  # q goes back from reading, and quits only on the main screen
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.return_code is None


async def test_toggle_read(app: ReaderApp, library: Library) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("N")
        assert "●" not in rows(app)[0]  # shown at once
        await settle(pilot)  # stored on a library thread
        assert library.articles()[0].read
        await pilot.press("N")
        assert "●" in rows(app)[0]
        await settle(pilot)
        assert not library.articles()[0].read


async def test_mark_feed_read_and_undo(app: ReaderApp, library: Library) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h", "j", "j", "j", "j")  # Riverside Ledger
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        ledger = next(f for f in library.feeds() if f.title == "Riverside Ledger")
        assert ledger.unread == 0
        assert all("●" not in row for row in rows(app))
        assert feed_lines(app)[0].endswith("2")  # All articles: only Harbor City Beacon's two
        await pilot.press("u")
        await settle(pilot)
        ledger = next(f for f in library.feeds() if f.title == "Riverside Ledger")
        assert ledger.unread == 5
        assert all("●" in row for row in rows(app))


async def test_next_and_previous_unread(app: ReaderApp, library: Library) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        ids = [a.id for a in library.articles()]
        library.mark_read(ids[1:4])
        app.screen.query_one("#articles", ArticleList).reload()
        await settle(pilot)
        articles = app.screen.query_one("#articles", ArticleList)
        await pilot.press("n")  # n and p ask the library (one query, off the UI thread): the answer moves the cursor
        await settle(pilot)
        assert articles.cursor == 4
        await pilot.press("n")
        await settle(pilot)
        assert articles.cursor == 5
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert articles.cursor == 0


async def test_bookmark_and_the_bookmarks_entry(app: ReaderApp, library: Library) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "b")
        await settle(pilot)
        second = library.articles()[1]
        assert second.bookmarked
        assert "★" in rows(app)[1]
        assert feed_lines(app)[1].endswith("1")
        await pilot.press("h", "j")  # Bookmarks
        await settle(pilot)
        assert len(rows(app)) == 1 and second.title in rows(app)[0]
        await pilot.press("l", "b")  # unbookmark from the Bookmarks view: the list empties
        await settle(pilot)
        assert not library.articles()[1].bookmarked
        articles = app.screen.query_one("#articles", ArticleList)
        assert articles.count == 0
        assert "No bookmarks yet" in articles.render_line(0).text


async def test_q_quits_the_main_screen_and_escape_does_not(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.return_code is None and isinstance(app.screen, MainScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0
