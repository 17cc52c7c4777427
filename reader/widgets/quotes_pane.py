"""QuotesPane: every direct quotation of the article, in reading order, with speaker and role."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.models import Quote
from reader.widgets.display import one_line, safe_block


class QuotesPane(OptionList):
    """Choosing a quote (Enter or a click) asks the article to show it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"quotes-pane--speaker", "quotes-pane--empty"}

    DEFAULT_CSS = """
    QuotesPane {
        & > .quotes-pane--speaker { color: $text-secondary; text-style: italic; }
        & > .quotes-pane--empty { color: $text-muted; text-style: italic; }
    }
    """

    EMPTY = "No quotes in this article."

    class Chosen(Message):
        def __init__(self, quote: Quote) -> None:
            super().__init__()
            self.quote = quote

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._quotes: tuple[Quote, ...] = ()

    @property
    def quotes(self) -> Sequence[Quote]:
        return self._quotes

    def show(self, quotes: Sequence[Quote], *, loading: bool = False) -> None:
        self._quotes = tuple(quotes)
        if not self._quotes:
            text = "Loading…" if loading else self.EMPTY
            self.set_options([Option(Content(text).stylize(".quotes-pane--empty"), disabled=True)])
            return
        options: list[Option | None] = []
        for index, quote in enumerate(self._quotes):
            options.append(Option(self._prompt(quote), id=f"quote-{index}"))
            options.append(None)
        self.set_options(options[:-1])
        self.highlighted = 0

    @staticmethod
    def _prompt(quote: Quote) -> Content:
        text = Content.assemble("“", safe_block(quote.text), "”")
        who = ", ".join(x for x in (one_line(quote.speaker), one_line(quote.role)) if x)
        if not who:
            return text
        return Content.assemble(text, "\n", Content(f"— {who}").stylize(".quotes-pane--speaker"))

    @property
    def current(self) -> Quote | None:
        if self.highlighted is None or not self._quotes:
            return None
        return self._quotes[min(self.highlighted, len(self._quotes) - 1)]

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.current is not None:
            self.post_message(self.Chosen(self.current))
