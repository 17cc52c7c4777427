"""SearchResults: the articles a search found, each with its snippet, the matched words highlighted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.models import ArticleSummary
from reader.widgets.display import one_line, relative_date, safe, snippet

if TYPE_CHECKING:
    from reader.core.library import SearchHit


class SearchResults(OptionList):
    """Enter (or a click) on a result posts `SearchResults.Opened`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "search-results--match",
        "search-results--meta",
        "search-results--unread",
    }

    DEFAULT_CSS = """
    SearchResults {
        & > .search-results--match { background: $warning 40%; text-style: bold underline; }
        & > .search-results--meta { color: $text-muted; }
        & > .search-results--unread { text-style: bold; }
    }
    """

    class Opened(Message):
        def __init__(self, summary: ArticleSummary) -> None:
            super().__init__()
            self.summary = summary

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._hits: list[ArticleSummary] = []

    @property
    def hits(self) -> Sequence[ArticleSummary]:
        return self._hits

    @property
    def current(self) -> ArticleSummary | None:
        if self.highlighted is None or not self._hits:
            return None
        return self._hits[min(self.highlighted, len(self._hits) - 1)]

    def show(self, hits: Sequence[SearchHit], now: datetime) -> None:
        self._hits = [h.article for h in hits]
        options: list[Option | None] = []
        for index, hit in enumerate(hits):
            options.append(Option(self._prompt(hit, now), id=f"hit-{index}"))
            options.append(None)
        self.set_options(options[:-1])
        if self._hits:
            self.highlighted = 0

    def step_unread(self, article_id: int, direction: int) -> ArticleSummary | None:
        """The next (1) or previous (-1) unread result after an article, highlighted and marked read here."""
        index = next((i for i, s in enumerate(self._hits) if s.id == article_id), self.highlighted or 0) + direction
        while 0 <= index < len(self._hits):
            summary = self._hits[index]
            if not summary.read:
                self.highlighted = index
                self.set_read(summary.id, True)
                return summary
            index += direction
        return None

    def set_read(self, article_id: int, read: bool) -> None:
        from dataclasses import replace

        for index, summary in enumerate(self._hits):
            if summary.id == article_id:
                self._hits[index] = replace(summary, read=read)

    @staticmethod
    def _prompt(hit: SearchHit, now: datetime) -> Content:
        article = hit.article
        title = safe(article.title or "(untitled)", ".search-results--unread" if not article.read else "")
        when = relative_date(article.published, now)
        meta = " · ".join(x for x in (one_line(article.feed_title), when) if x)
        lines = [title]
        if meta:
            lines.append(Content(meta).stylize(".search-results--meta"))
        text = snippet(hit.snippet, ".search-results--match")
        if text.plain.strip():
            lines.append(text)
        return Content("\n").join(lines)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.current is not None:
            self.post_message(self.Opened(self.current))
