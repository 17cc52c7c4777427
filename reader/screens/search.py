"""SearchScreen: a search box over every stored article (FTS5) and the results, best first."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import Footer, Input, Static

from reader.actions import Scope, bindings
from reader.core.models import ArticleSummary
from reader.screens.base import ReaderScreen
from reader.widgets.display import one_line
from reader.widgets.search_results import SearchResults


class SearchScreen(ReaderScreen[None]):
    """Enter runs the search and selects the first result; Enter on a result opens it."""

    ACTION_SCOPES: ClassVar[tuple[Scope, ...]] = ("search", "nav")
    BINDINGS: ClassVar[list[BindingType]] = bindings("search", "nav")
    PANES = ("search-input", "results")

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search every stored article: words, or the start of a word",
                    id="search-input")
        yield Static(Content("Type words and press Enter."), id="search-status")
        yield SearchResults(id="results")
        yield Footer()

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def results(self) -> SearchResults:
        return self.query_one("#results", SearchResults)

    def on_mount(self) -> None:
        self.input.focus()

    def focus_input(self) -> None:
        self.input.focus()
        self.input.select_all()

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.run_search(event.value)

    def run_search(self, query: str) -> None:
        self.query_text = query.strip()
        if not self.query_text:
            return
        self._search(self.query_text)

    @work(exclusive=True, group="search")
    async def _search(self, query: str) -> None:
        status = self.query_one("#search-status", Static)
        try:
            hits = await self.reader.call_library(self.reader.library.search, query)
        except Exception as exc:
            status.update(Content(f"Search failed: {one_line(str(exc))}"))
            return
        self.results.show(hits, self.reader.clock())
        shown = one_line(query)
        if hits:
            status.update(Content(f"{len(hits)} result{'s' if len(hits) != 1 else ''} for “{shown}”"
                                  " · Enter opens · / searches again"))
            self.results.focus()
        else:
            status.update(Content(f"Nothing matches “{shown}”."))

    @on(SearchResults.Opened)
    def _opened(self, event: SearchResults.Opened) -> None:
        self.read(event.summary)

    def read(self, summary: ArticleSummary) -> None:
        from reader.screens.reading import ReadingScreen

        self.results.set_read(summary.id, True)
        self.app.push_screen(ReadingScreen(summary, step=self._step))

    def _step(self, direction: int) -> ArticleSummary | None:
        """The next or previous unread result, for n/p while reading."""
        results = self.results
        index = (results.highlighted or 0) + direction
        while 0 <= index < len(results.hits):
            summary = results.hits[index]
            if not summary.read:
                results.highlighted = index
                results.set_read(summary.id, True)
                return summary
            index += direction
        return None

    def action_open(self) -> None:
        if self.focused is self.input:
            self.run_search(self.input.value)
        elif self.results.current is not None:
            self.read(self.results.current)

    def action_back(self) -> None:
        self.dismiss(None)
