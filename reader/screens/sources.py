"""SourcesScreen: everyone quoted across the library, filtered as you type; a person's quotes beside them.

The filter box has the keys at first, like a command palette: type to filter (name, role or outlet), ↑/↓ move
through the people, Enter moves to their quotes, Enter on a quote opens the article at it. Tab reaches the lists
(j/k there), / comes back to the filter, ctrl+s sorts by number of quotes or by who was quoted last.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from reader.actions import Scope, bindings
from reader.core.models import ArticleSummary, QuoteHit, Source
from reader.screens.base import ReaderScreen
from reader.screens.reading import ReadingScreen
from reader.services import Services
from reader.widgets.source_list import SourceList
from reader.widgets.source_quotes import SourceQuotes, describe

QUOTES_DELAY = 0.12  # seconds the cursor rests on a person before their quotes are asked for


def _summary(quote: QuoteHit) -> ArticleSummary:
    """What the reading screen shows while the article loads."""
    return ArticleSummary(id=quote.article_id, feed_id=quote.feed_id, feed_title=quote.feed_title,
                          title=quote.title, url=None, author=None, published=quote.published, read=True,
                          bookmarked=False)


class QuoteNeighbours:
    """n and p while reading from the Sources: the next or previous article quoting the same person."""

    def __init__(self, quotes: list[QuoteHit]) -> None:
        self.quotes = quotes

    def find(self, screen: ReadingScreen, current: ArticleSummary, direction: int) -> None:
        articles = list(dict.fromkeys(q.article_id for q in self.quotes))
        index = articles.index(current.id) + direction if current.id in articles else -1
        found = None
        if 0 <= index < len(articles):
            quote = next(q for q in self.quotes if q.article_id == articles[index])
            found = _summary(quote)
            screen.go_to_quote_after_load(quote.text)
        screen.post_message(Services.UnreadFound(found, None, direction))


class SourcesScreen(ReaderScreen[None]):
    """Opened with s, the palette, or the Sources entry of the feeds pane."""

    ACTION_SCOPES: ClassVar[tuple[Scope, ...]] = ("sources", "nav")
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("sources", "nav"),
        # While typing in the filter, these still move through the people.
        Binding("down", "list_down", show=False, priority=True),
        Binding("up", "list_up", show=False, priority=True),
        Binding("pagedown", "list_page(1)", show=False, priority=True),
        Binding("pageup", "list_page(-1)", show=False, priority=True),
    ]
    PANES = ("sources-filter", "sources-list", "source-quotes")

    def __init__(self) -> None:
        super().__init__()
        self.order = "count"
        self._timer: Timer | None = None
        self._pending = 0
        self._loaded = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="sources-top"):
            yield Input(placeholder="Filter: a name, a role, an outlet", id="sources-filter")
            yield Static(id="sources-status")
        with Horizontal(id="sources-columns"):
            yield SourceList(self.reader.clock, id="sources-list")
            with Vertical(id="source-side"):
                yield Static(id="source-person")
                yield SourceQuotes(id="source-quotes")
        yield Footer()

    @property
    def filter_input(self) -> Input:
        return self.query_one("#sources-filter", Input)

    @property
    def source_list(self) -> SourceList:
        return self.query_one("#sources-list", SourceList)

    @property
    def quotes(self) -> SourceQuotes:
        return self.query_one("#source-quotes", SourceQuotes)

    @property
    def status_text(self) -> str:
        return str(self.query_one("#sources-status", Static).content)

    def on_mount(self) -> None:
        self.query_one("#sources-list").border_title = "Sources"
        self.query_one("#source-side").border_title = "Quotes"
        self.quotes.show(None, (), self.reader.clock(), empty=" ")
        self.filter_input.focus()
        self.load()

    def load(self) -> None:
        self.reader.services.sources(self, self.order)

    @on(Services.SourcesLoaded)
    def _sources_loaded(self, event: Services.SourcesLoaded) -> None:
        event.stop()
        self._loaded = True
        self._pending = event.pending
        empty = "Nobody quoted by name yet."
        if event.pending:
            empty += f" {event.pending:,} articles wait to be read for quotes (this runs in the background)."
            self.reader.services.index_in_background(self.app)  # if it is not running already
        self.source_list.set_sources(event.sources, empty)
        self._show_status()

    @on(Services.QuotesIndexed)
    def _more_quotes(self) -> None:
        self.load()  # the background index stored more: the counts grow while you look

    def _show_status(self) -> None:
        shown, total = self.source_list.count, self.source_list.total
        people = f"{shown:,} of {total:,} people" if shown != total else f"{total:,} people quoted"
        order = "most quoted first" if self.order == "count" else "last quoted first"
        status = f"{people} · {order} (ctrl+s)"
        if self._pending:
            status += f" · {self._pending:,} articles to read"
        self.query_one("#sources-status", Static).update(Content(status))

    def focus_filter(self) -> None:
        self.filter_input.focus()
        self.filter_input.select_all()

    # -- filter and cursor -------------------------------------------------------------------------

    @on(Input.Changed, "#sources-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.source_list.apply_filter(event.value)
        if self._loaded:
            self._show_status()

    @on(Input.Submitted, "#sources-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose_source()

    def action_list_down(self) -> None:
        self._list_step(1)

    def action_list_up(self) -> None:
        self._list_step(-1)

    def action_list_page(self, direction: int) -> None:
        if self.focused is self.filter_input or self.focused is self.source_list:
            self.source_list.move_to(self.source_list.cursor + direction * max(1, self.source_list.size.height - 1))
        elif isinstance(self.focused, Widget):
            self._move(direction * 10)

    def _list_step(self, step: int) -> None:
        if self.focused is self.filter_input or self.focused is self.source_list:
            self.source_list.move_to(self.source_list.cursor + step)
        else:
            self._move(step)

    def action_focus_filter(self) -> None:
        self.focus_filter()

    @on(SourceList.Highlighted)
    def _highlighted(self, event: SourceList.Highlighted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        source = event.source
        self._describe(source)
        if source is None:
            self.quotes.show(None, (), self.reader.clock(), empty=" ")
            return
        if self.quotes.key is None:  # the first person: at once
            self.reader.services.source_quotes(self, source.key)
            return
        # Holding j streams highlights: only the person the cursor rests on is asked for.
        self._timer = self.set_timer(QUOTES_DELAY, lambda: self.reader.services.source_quotes(self, source.key))

    def _describe(self, source: Source | None) -> None:
        person = self.query_one("#source-person", Static)
        person.update(describe(source) if source is not None else Content(""))

    @on(Services.SourceQuotesLoaded)
    def _quotes_loaded(self, event: Services.SourceQuotesLoaded) -> None:
        event.stop()
        current = self.source_list.current
        if current is None or current.key != event.key:
            return
        self.quotes.show(event.key, event.quotes, self.reader.clock(), total=current.quotes)

    @on(Services.Failed)
    def _failed(self, event: Services.Failed) -> None:
        event.stop()
        self.notify(f"Could not {event.what}: {event.error}", severity="error", markup=False)

    # -- actions -----------------------------------------------------------------------------------

    def action_open(self) -> None:
        if self.focused is self.quotes:
            quote = self.quotes.current
            if quote is not None:
                self.read(quote)
        else:
            self._choose_source()

    @on(SourceList.Chosen)
    def _source_chosen(self) -> None:
        self._choose_source()

    def _choose_source(self) -> None:
        if self.source_list.current is None:
            return
        if self.quotes.key != self.source_list.current.key:
            if self._timer is not None:
                self._timer.stop()
            self.reader.services.source_quotes(self, self.source_list.current.key)
        self.set_focus(self.quotes)

    @on(SourceQuotes.Chosen)
    def _quote_chosen(self, event: SourceQuotes.Chosen) -> None:
        event.stop()
        self.read(event.quote)

    def read(self, quote: QuoteHit) -> None:
        neighbours = QuoteNeighbours(list(self.quotes.quotes))
        self.app.push_screen(ReadingScreen(_summary(quote), neighbours=neighbours, quote=quote.text))

    def action_sort_sources(self) -> None:
        self.order = "recent" if self.order == "count" else "count"
        self.load()

    def action_back(self) -> None:
        if self.focused is self.filter_input and self.filter_input.value:
            self.filter_input.value = ""
            return
        self.dismiss(None)
