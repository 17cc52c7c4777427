"""Actions are declared once: help lists them all, the palette runs them, config.toml remaps their keys."""

from __future__ import annotations

from pathlib import Path

from reader.actions import ACTIONS, action_ids, keys_label
from reader.app import ReaderApp
from reader.config import Settings, load_settings
from reader.core.library import Library
from reader.screens.help import HelpScreen
from reader.screens.main import MainScreen
from reader.widgets.article_list import ArticleList
from tests.ui.conftest import Opener, settle
from tests.ui.fixture_library import clock, paths_for


async def test_help_lists_every_action_with_its_keys_and_id(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        text = " ".join(screen.text.split())
        for action in ACTIONS:
            assert " ".join((action.help or action.description).split()) in text, action.id
            assert action.id in text
            assert keys_label(action, {}) in text
        await pilot.press("j", "G")
        await pilot.press("question_mark")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark", "escape")
        assert isinstance(app.screen, MainScreen)


async def test_every_main_screen_action_is_bound_and_shown_in_the_footer(app: ReaderApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        active = app.screen.active_bindings
        bound = {b.binding.id for b in active.values()}
        # only while there are no feeds / a refresh runs / sync is configured
        hidden = {"import_samples", "cancel_refresh", "sync"}
        for action in ACTIONS:
            if action.scope in ("app", "main", "nav") and action.id not in hidden:
                assert action.id in bound, action.id
        assert not hidden & bound
        footer = {b.binding.id for b in active.values() if b.binding.show}
        assert footer == {a.id for a in ACTIONS if a.scope in ("app", "main") and a.show} - hidden


async def test_a_key_remapped_in_config_toml_takes_effect(data_dir: Path, library: Library) -> None:
    config = data_dir / "config.toml"
    config.write_text('[keys]\nbookmark = "B"\nnext_unread = "n,J"\n')
    app = ReaderApp(paths_for(data_dir), library=library, clock=clock, opener=Opener())
    app.animation_level = "none"
    assert app.settings.keys == {"bookmark": "B", "next_unread": "n,J"}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert not library.articles()[0].bookmarked
        await pilot.press("B")
        await settle(pilot)
        assert library.articles()[0].bookmarked
        library.mark_read([library.articles()[1].id])
        articles = app.screen.query_one("#articles", ArticleList)
        articles.reload()
        await settle(pilot)
        await pilot.press("J")
        await settle(pilot)  # the next unread comes from the library, off the UI thread
        assert articles.cursor == 2
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "B             Bookmark" in app.screen.text
        assert "n J           Go to the next unread" in app.screen.text


async def test_the_command_palette_runs_actions_by_name(app: ReaderApp, library: Library) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"bookmark")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert library.articles()[0].bookmarked
        await pilot.press("ctrl+p", *"mark feed read")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert all(a.read for a in library.articles())


def test_settings_from_toml_and_what_is_wrong_with_them(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert load_settings(path) == Settings()
    path.write_text('theme = "nord"\nauto_refresh_minutes = 15\nworkers = 4\nper_host = 8\n[keys]\nbookmark = "B"\n')
    settings = load_settings(path, action_ids())
    assert (settings.theme, settings.auto_refresh_minutes, settings.workers, settings.per_host) == ("nord", 15, 4, 8)
    assert dict(settings.keys) == {"bookmark": "B"} and settings.problems == ()
    path.write_text('workers = 0\nper_host = 99\nauto_refresh_minutes = "often"\ncolour = 1\n[keys]\nfly = "f"\n'
                    'bookmark = ""\n')
    settings = load_settings(path, action_ids())
    assert (settings.workers, settings.per_host, settings.auto_refresh_minutes, dict(settings.keys)) == (64, 6, 0, {})
    problems = "\n".join(settings.problems)
    for word in ("workers", "per_host must be a whole number from 1 to 16", "auto_refresh_minutes", "'colour'", "fly: no such action", "bookmark: give keys"):
        assert word in problems
    path.write_text("theme = [")
    assert "not valid TOML" in load_settings(path).problems[0]


async def test_config_problems_and_an_unknown_theme_are_reported(data_dir: Path, library: Library) -> None:
    (data_dir / "config.toml").write_text('theme = "no-such-theme"\n[keys]\nfly = "f"\n')
    app = ReaderApp(paths_for(data_dir), library=library, clock=clock, opener=Opener())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("no-such-theme" in m for m in messages)
        assert any("fly: no such action" in m for m in messages)
        assert app.theme == "textual-dark"
