"""Links open only for http(s) and mailto, and only after the address was shown and confirmed."""

from __future__ import annotations

import pytest
from textual.widgets import Markdown

from reader.app import ReaderApp
from reader.screens.confirm import ConfirmScreen
from reader.screens.reading import ReadingScreen
from reader.widgets.display import openable
from tests.ui.conftest import Opener, settle


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com/a", True),
        ("http://example.com", True),
        ("mailto:desk@example.com", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,<b>x</b>", False),
        ("/relative/path", False),
        ("https://exa\x1bmple.com", False),
        ("https:///nohost", False),
        ("", False),
    ],
)
def test_openable(url: str, ok: bool) -> None:
    assert openable(url) is ok


async def test_o_on_the_main_screen_asks_first_showing_the_address(app: ReaderApp, opener: Opener) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.detail == "https://riverside.example/2026/06/budget"
        await pilot.press("n")
        await pilot.pause()
        assert opener.opened == []
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert opener.opened == ["https://riverside.example/2026/06/budget"]


async def test_o_in_the_reactions_pane_opens_the_selected_post(app: ReaderApp, opener: Opener) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("l", "l", "j")  # Reactions, second post
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.detail == "https://bsky.app/profile/tessa.bsky.social/post/3k"
        await pilot.click("#yes")
        await pilot.pause()
        assert opener.opened == ["https://bsky.app/profile/tessa.bsky.social/post/3k"]
        await pilot.press("h", "h", "o")  # the article pane: the article's own page
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.detail == "https://riverside.example/2026/06/budget"


@pytest.mark.parametrize("href", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"])
async def test_links_in_the_text_refuse_other_schemes(app: ReaderApp, opener: Opener, href: str) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        body = screen.article_view.body
        body.post_message(Markdown.LinkClicked(body, href))
        await pilot.pause()
        assert app.screen is screen  # no question asked
        assert opener.opened == []
        messages = [n.message for n in app._notifications]
        assert any("Not opening" in m and href.split(":")[0] in m for m in messages)


async def test_clicking_a_link_in_the_text_shows_the_address_first(app: ReaderApp, opener: Opener) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        link = next(b for b in screen.article_view.body.query("MarkdownParagraph")
                    if "city's website" in str(b.content))
        offset = str(link.content).index("on the city's website") + 3
        await pilot.click(link, offset=(offset, 0))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.detail == "https://riverside.example/budget"
        await pilot.press("y")
        await pilot.pause()
        assert opener.opened == ["https://riverside.example/budget"]
        # A relative link resolves against the article's address.
        body = screen.article_view.body
        body.post_message(Markdown.LinkClicked(body, "/2026/06/other"))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.detail == "https://riverside.example/2026/06/other"
