"""Feed text is hostile: markup in titles, authors, bodies, quotes, posts and bios shows literally and does
nothing; escape and bidi characters never reach the screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.app import ReaderApp
from reader.core.library import Library
from reader.screens.main import MainScreen
from reader.screens.reading import ReadingScreen
from tests.ui.conftest import Opener, make_app, settle
from tests.ui.fixture_library import HOSTILE, HOSTILE_TEXT, build_library

UNSAFE = ("\x1b", "\u202e", "\x9b", "\x07")


def screen_lines(app: ReaderApp) -> list[str]:
    """What the terminal would show, line by line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def region_text(app: ReaderApp, selector: str) -> str:
    """What the terminal shows inside one widget, its lines joined and whitespace collapsed."""
    region = app.screen.query_one(selector).region
    strips = app.screen._compositor.render_strips()
    lines = [strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]
    return " ".join(" ".join(lines).replace("│", " ").split())


def click_actions(app: ReaderApp) -> list[str]:
    """Every @click action anywhere on screen (feed text must add none)."""
    found = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            meta = segment.style.meta if segment.style else {}
            if "@click" in meta:
                found.append(str(meta["@click"]))
    return found


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Library]:
    lib = build_library(tmp_path / "lib", hostile=True)
    yield lib
    lib.close()


@pytest.fixture
def hostile_app(tmp_path: Path, hostile: Library, opener: Opener) -> ReaderApp:
    return make_app(tmp_path / "lib", hostile, opener)


async def test_hostile_titles_and_feed_names_show_literally_in_the_lists(hostile_app: ReaderApp) -> None:
    app = hostile_app
    async with app.run_test(size=(220, 40)) as pilot:
        await settle(pilot)
        text = "\n".join(screen_lines(app))
        assert f"Title {HOSTILE_TEXT}" in text
        assert f"Feed {HOSTILE[0]} {HOSTILE[2]}" in text
        assert not any(u in text for u in UNSAFE)
        assert click_actions(app) == []
        await pilot.press("h", "j", "j", "j")  # the hostile feed itself (past All, Bookmarks, Sources)
        await settle(pilot)
        text = "\n".join(screen_lines(app))
        assert f"Feed {HOSTILE[0]} {HOSTILE[2]}" in text and f"Title {HOSTILE_TEXT}" in text
        assert app.return_code is None and isinstance(app.screen, MainScreen)


async def test_hostile_article_shows_literally_and_does_nothing(hostile_app: ReaderApp, opener: Opener) -> None:
    app = hostile_app
    async with app.run_test(size=(220, 60)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the hostile story is the newest
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        text = "\n".join(screen_lines(app))
        article = region_text(app, "#article")
        for expected in (f"Title {HOSTILE_TEXT}", f"Author {HOSTILE_TEXT}", f"Subtitle {HOSTILE_TEXT}",
                         f"Body {HOSTILE_TEXT}", "an escape and a bidi override"):
            assert expected in article, expected
        quotes = region_text(app, "#quotes")
        assert f"“Quote {HOSTILE_TEXT}”" in quotes
        assert f"— Speaker {HOSTILE[0]}, Role {HOSTILE[3]}" in quotes
        reactions = region_text(app, "#reactions")
        assert f"Author {HOSTILE[0]} @h{HOSTILE[1]}" in reactions and f"Post {HOSTILE_TEXT}" in reactions
        author = region_text(app, "#author")
        assert f"Bio {HOSTILE[4]}" in author and f"Bio text {HOSTILE_TEXT}" in author
        assert not any(u in text for u in UNSAFE)
        assert click_actions(app) == []  # not even the address inside [link=…]: no linkify
        # Choosing the quote, opening the post's javascript: link, moving around: nothing acts, nothing breaks.
        await pilot.press("l", "enter")
        await pilot.pause()
        assert screen.article_view.quoted is not None
        await pilot.press("l", "o")
        await pilot.pause()
        assert opener.opened == [] and app.screen is screen
        await pilot.press("l", "j", "G", "h", "h", "h", "escape")
        await settle(pilot)
        assert app.return_code is None and isinstance(app.screen, MainScreen)


async def test_hostile_search_results_show_literally(hostile_app: ReaderApp) -> None:
    app = hostile_app
    async with app.run_test(size=(220, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"body", "enter")
        await settle(pilot)
        text = "\n".join(screen_lines(app))
        assert f"Title {HOSTILE_TEXT}" in text
        assert f"Subtitle {HOSTILE_TEXT} Body [@click" in text
        assert click_actions(app) == []
        assert app.return_code is None


async def test_dialogs_and_notifications_show_feed_names_literally(tmp_path: Path) -> None:
    lib = build_library(tmp_path / "lib", empty=True)
    app: Any = make_app(tmp_path / "lib", lib)
    texts = [*HOSTILE, "\x1b]52;c;aGVsbG8=\x07", "\x1b[2J", "\u202eevil"]
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            for text in texts:
                feed_id, _ = lib.subscribe("https://evil.example/feed", f"Evil {text}")
                screen.load_feeds(select=f"feed-{feed_id}")
                await settle(pilot)
                await pilot.press("d")
                await pilot.pause()
                shown = "\n".join(screen_lines(app))
                cleaned = "".join(c for c in text if c not in "\x1b\x07\u202e")
                assert f"Evil {cleaned}" in shown
                assert not any(u in shown for u in UNSAFE)
                await pilot.press("y")
                await settle(pilot)
                assert lib.feeds() == [] and app.return_code is None
                assert any(f"Removed Evil {cleaned}." == n.message for n in app._notifications)
    finally:
        lib.close()
