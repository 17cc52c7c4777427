"""Reading an article: the layout at wide and narrow sizes, quotes, reactions, author, n/p, N and b."""

from __future__ import annotations

import pytest

from reader.app import ReaderApp
from reader.core.library import Library
from reader.screens.main import MainScreen
from reader.screens.reading import ReadingScreen
from reader.widgets.article_list import ArticleList
from tests.ui.conftest import settle


async def open_first(pilot: object) -> ReadingScreen:
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    screen = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ReadingScreen)
    return screen


def visible(screen: ReadingScreen, pane: str) -> bool:
    widget = screen.query_one(f"#{pane}")
    return widget.display and widget.parent is not None and bool(widget.parent.display) \
        and widget.region.width > 0 and widget.region.height > 0


async def test_wide_terminal_shows_article_and_all_three_panes(app: ReaderApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = await open_first(pilot)
        assert all(visible(screen, pane) for pane in ("article", "quotes", "reactions", "author"))
        assert not screen.query_one("#reading-tabs").display
        article = screen.query_one("#article").region
        for pane in ("quotes", "reactions", "author"):
            assert screen.query_one(f"#{pane}").region.x >= article.right  # beside the article
        assert "Council delays vote" in screen.article_view.head_text
        assert "Tessa Morgan" in screen.article_view.head_text
        assert "Thu 11 Jun 2026, 09:00" in screen.article_view.head_text
        assert "water-rate increase" in screen.article_view.head_text  # the subtitle
        assert "put off a vote Wednesday" in screen.article_view.body_text
        assert [q.speaker for q in screen.quotes_pane.quotes] == ["Paul Kenney", "Lan Nguyen", "the clerk"]
        assert "@rwaterwatch" in str(screen.reactions_pane.get_option_at_index(0).prompt)
        assert "covers City Hall" in screen.author_pane.text


async def test_narrow_terminal_shows_one_pane_at_a_time_under_tabs(app: ReaderApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_first(pilot)
        assert screen.query_one("#reading-tabs").display
        assert visible(screen, "article")
        assert not any(visible(screen, p) for p in ("quotes", "reactions", "author"))
        await pilot.press("l")
        await pilot.pause()
        assert visible(screen, "quotes") and not visible(screen, "article")
        assert app.focused is screen.quotes_pane
        await pilot.press("tab")
        await pilot.pause()
        assert visible(screen, "reactions") and app.focused is screen.reactions_pane
        await pilot.press("l")
        await pilot.pause()
        assert visible(screen, "author")
        await pilot.press("h", "h", "h")
        await pilot.pause()
        assert visible(screen, "article") and app.focused is screen.article_view
        await pilot.click("#tab-author")
        await pilot.pause()
        assert visible(screen, "author") and app.focused is screen.author_pane


@pytest.mark.parametrize("size", [(160, 45), (80, 24)])
async def test_choosing_a_quote_scrolls_to_it_and_highlights_it(app: ReaderApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = await open_first(pilot)
        view = screen.article_view
        assert view.scroll_y == 0
        await pilot.press("l", "G", "enter")  # the last quote is near the end of the article
        await pilot.pause()
        assert view.quoted is not None
        assert "Residents can comment" in str(view.quoted.content)
        assert view.quoted.has_class("-quoted")
        assert view.scroll_y > 0
        assert view.quoted.region.overlaps(view.region)  # on screen
        spans = [s for s in view.quoted.content.spans if s.style == ".article-view--quote"]  # type: ignore[union-attr]
        assert len(spans) == 1
        text = str(view.quoted.content)
        assert text[spans[0].start:spans[0].end] == "Residents can comment at the June 17 hearing"


async def test_panes_say_when_they_are_empty(app: ReaderApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")  # Library branch may close on Mondays: text only
        screen = await open_first(pilot)
        assert "No quotes in this article" in str(screen.quotes_pane.get_option_at_index(0).prompt)
        assert "No embedded posts" in str(screen.reactions_pane.get_option_at_index(0).prompt)
        assert "No author bio" in screen.author_pane.text


async def test_vim_keys_scroll_the_article(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        screen = await open_first(pilot)
        view = screen.article_view
        await pilot.press("j", "j")
        assert view.scroll_y == 2
        await pilot.press("k")
        assert view.scroll_y == 1
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert view.scroll_y >= 5
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert view.scroll_y == 0


async def test_n_and_p_read_the_next_and_previous_unread(app: ReaderApp, library: Library) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_first(pilot)
        first = screen.summary
        await pilot.press("n")
        await settle(pilot)
        second = screen.summary
        assert second.id != first.id and second.title == "Harbor ferry adds late-night runs"
        assert "ferry will run until 1 a.m." in screen.article_view.body_text
        assert {a.id for a in library.articles() if a.read} == {first.id, second.id}
        await pilot.press("n")
        await settle(pilot)
        assert screen.summary.title == "Library branch may close on Mondays"
        await pilot.press("p")  # the ones before are read now: nothing unread before it
        await settle(pilot)
        assert screen.summary.title == "Library branch may close on Mondays"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one("#articles", ArticleList).cursor == 2  # the list followed along


async def test_toggle_read_and_bookmark_while_reading(app: ReaderApp, library: Library) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_first(pilot)
        article_id = screen.summary.id
        await pilot.press("N")
        await settle(pilot)  # stored on a library thread
        assert not library.articles()[0].read
        await pilot.press("N")
        await settle(pilot)
        assert library.articles()[0].read
        await pilot.press("b")
        await settle(pilot)
        assert library.articles()[0].bookmarked
        assert "★ bookmarked" in screen.article_view.head_text
        await pilot.press("b")
        await settle(pilot)
        assert not library.articles()[0].bookmarked
        assert library.articles()[0].id == article_id


async def test_an_article_that_cannot_be_read_says_why(app: ReaderApp, library: Library,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(article_id: int, **kwargs: object) -> None:
        raise ImportError("cannot import name 'analyze_item'")

    monkeypatch.setattr(library, "article", broken)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_first(pilot)
        assert screen.article_view.has_class("-error")
        assert "analyze_item" in str(screen.article_view.query_one("#article-error").render())
        assert "Council delays vote" in screen.article_view.head_text
        assert app.return_code is None
