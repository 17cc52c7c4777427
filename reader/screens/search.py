"""SearchScreen: a search box over every stored article (FTS5) and the results, best first."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import Footer, Input, Static

from reader.actions import Scope, bindings
from reader.core.models import ArticleSummary
from reader.screens.base import ReaderScreen
from reader.screens.reading import ReadingScreen
from reader.services import Services
from reader.widgets.display import one_line
from reader.widgets.search_results import SearchResults


class ResultNeighbours:
    """n and p while reading a search result: the next or previous unread result (in memory, no query)."""

    def __init__(self, results: SearchResults) -> None:
        self.results = results

    def find(self, screen: ReadingScreen, current: ArticleSummary, direction: int) -> None:
        screen.post_message(Services.UnreadFound(self.results.step_unread(current.id, direction), None, direction))


class SearchScreen(ReaderScreen[None]):
    """Enter runs the search and selects the first result; Enter on a result opens it."""

    ACTION_SCOPES: ClassVar[tuple[Scope, ...]] = ("search", "nav")
    BINDINGS: ClassVar[list[BindingType]] = bindings("search", "nav")
    PANES = ("search-input", "results")

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder='Search every stored article: words, the start of a word, said:"A Name"',
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

    def _search(self, query: str) -> None:
        self.query_one("#search-status", Static).update(Content("Searching…"))
        self.reader.services.search(self, query)

    @on(Services.SearchDone)
    def _searched(self, event: Services.SearchDone) -> None:
        event.stop()
        if event.query != self.query_text:
            return  # an older search, overtaken by the one typed since
        status = self.query_one("#search-status", Static)
        hits = event.hits
        self.results.show(hits, self.reader.clock())
        shown = one_line(event.query)
        if hits:
            status.update(Content(f"{len(hits)} result{'s' if len(hits) != 1 else ''} for “{shown}”"
                                  " · Enter opens · / searches again"))
            self.results.focus()
        else:
            status.update(Content(f"Nothing matches “{shown}”."))

    @on(Services.Failed)
    def _failed(self, event: Services.Failed) -> None:
        event.stop()
        self.query_one("#search-status", Static).update(Content(f"Search failed: {one_line(event.error)}"))

    @on(SearchResults.Opened)
    def _opened(self, event: SearchResults.Opened) -> None:
        self.read(event.summary)

    def read(self, summary: ArticleSummary) -> None:
        self.results.set_read(summary.id, True)
        self.app.push_screen(ReadingScreen(summary, neighbours=ResultNeighbours(self.results)))

    def action_open(self) -> None:
        if self.focused is self.input:
            self.run_search(self.input.value)
        elif self.results.current is not None:
            self.read(self.results.current)

    def action_back(self) -> None:
        self.dismiss(None)
