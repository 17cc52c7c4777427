"""Nothing the app does touches SQLite on its UI thread: every Pilot test fails if it does (tests/conftest.py's
ui_thread_guard); this proves the guard sees it, and that ordinary use (start, move, read, search, sources) is clean."""

from __future__ import annotations

from typing import Any

import pytest

from reader.app import ReaderApp
from reader.core.models import ArticleSummary
from reader.screens.main import MainScreen
from reader.services import PAGE
from reader.widgets.article_list import ArticleList
from tests.conftest import UiThreadGuard
from tests.ui.conftest import settle


async def test_the_guard_catches_a_library_call_on_the_ui_thread(
    app: ReaderApp, ui_thread_guard: UiThreadGuard, monkeypatch: pytest.MonkeyPatch
) -> None:
    library: Any = app.services._library

    def old_page(self: ArticleList, number: int) -> list[ArticleSummary]:
        # What the article list did before services.py: read its rows right there, in render_line.
        return list(library.articles(limit=PAGE, offset=number * PAGE))

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert ui_thread_guard.violations == []
        monkeypatch.setattr(ArticleList, "_page", old_page)
        app.screen.query_one("#articles", ArticleList).refresh()
        await settle(pilot)
        caught = list(ui_thread_guard.violations)
        ui_thread_guard.violations.clear()  # proven: this test is not failed for it
    assert caught and "article_list.py" in caught[0] and "SELECT" in caught[0].upper()


async def test_a_whole_session_runs_no_sql_on_the_ui_thread(app: ReaderApp, ui_thread_guard: UiThreadGuard) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        for keys in (["j", "j", "G", "g"], ["n"], ["enter"], ["n"], ["b"], ["escape"], ["N"], ["A"], ["u"],
                     ["slash"], list("budget"), ["enter"], ["escape"], ["s"], list("kenney"), ["enter"], ["enter"],
                     ["escape"], ["escape"], ["escape"], ["h", "j", "j", "j", "j"], ["l", "p"]):
            await pilot.press(*keys)
            await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert ui_thread_guard.violations == []
