"""SourceQuotes: one person's quotes across the library, newest first, each with its article, outlet and date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.models import QuoteHit, Source
from reader.widgets.display import one_line, relative_date, safe, safe_block


def describe(source: Source) -> Content:
    """The person as the pane's first lines: name, every role, outlets, how often."""
    lines = [safe(source.name, "bold")]
    if source.roles:
        lines.append(safe("; ".join(source.roles), "italic $text-secondary"))
    count = f"{source.quotes:,} quote{'s' if source.quotes != 1 else ''}"
    where = ", ".join(one_line(o) for o in source.outlets[:6]) + (" …" if len(source.outlets) > 6 else "")
    lines.append(Content(f"{count} · {where}" if where else count).stylize("$text-muted"))
    return Content("\n").join(lines)


class SourceQuotes(OptionList):
    """Enter (or a click) on a quote posts `SourceQuotes.Chosen`: open its article at that quote."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"source-quotes--meta", "source-quotes--empty"}

    DEFAULT_CSS = """
    SourceQuotes {
        & > .source-quotes--meta { color: $text-muted; }
        & > .source-quotes--empty { color: $text-muted; text-style: italic; }
    }
    """

    class Chosen(Message):
        def __init__(self, quote: QuoteHit) -> None:
            super().__init__()
            self.quote = quote

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._quotes: list[QuoteHit] = []
        self.key: str | None = None

    @property
    def quotes(self) -> Sequence[QuoteHit]:
        return self._quotes

    @property
    def current(self) -> QuoteHit | None:
        if self.highlighted is None or not self._quotes:
            return None
        return self._quotes[min(self.highlighted, len(self._quotes) - 1)]

    def show(self, key: str | None, quotes: Sequence[QuoteHit], now: datetime, *, empty: str = "",
             total: int = 0) -> None:
        """The quotes (the newest, when `total` says there are more than were loaded)."""
        self.key = key
        self._quotes = list(quotes)
        if not self._quotes:
            text = empty or "No quotes."
            self.set_options([Option(Content(text).stylize(".source-quotes--empty"), disabled=True)])
            return
        options: list[Option | None] = []
        for index, quote in enumerate(self._quotes):
            options.append(Option(self._prompt(quote, now), id=f"quote-{index}"))
            options.append(None)
        if total > len(self._quotes):
            who = one_line(self._quotes[0].speaker)
            more = (f"The {len(self._quotes):,} newest of {total:,} quotes; "
                    f"`reader quotes --speaker \"{who}\"` lists them all.")
            options.append(Option(Content(more).stylize(".source-quotes--empty"), disabled=True))
        else:
            options.pop()
        self.set_options(options)
        self.highlighted = 0

    @staticmethod
    def _prompt(quote: QuoteHit, now: datetime) -> Content:
        text = Content.assemble("“", safe_block(quote.text), "”")
        role = f" ({one_line(quote.role)})" if quote.role else ""
        meta = " · ".join(x for x in (one_line(quote.title), one_line(quote.feed_title),
                                       relative_date(quote.published, now)) if x)
        return Content("\n").join([
            text,
            Content(f"— {one_line(quote.speaker)}{role}").stylize("italic $text-secondary"),
            Content(meta).stylize(".source-quotes--meta"),
        ])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.current is not None:
            self.post_message(self.Chosen(self.current))
