"""SourceList: everyone quoted, one row each (name, role, number of quotes, last quoted), filtered as you type.

A virtual list drawn with the Line API over the sources in memory: 50,000 people cost what a screenful costs, and
filtering is a pass over pre-folded text, never a query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from reader.core.models import Source
from reader.widgets.display import Clock, one_line, relative_date
from reader.widgets.row_list import RowList

COUNT_WIDTH = 6
DATE_WIDTH = 8


def haystack(source: Source) -> str:
    """What the filter looks in: name, roles and outlets, case-folded."""
    return " ".join([source.name, *source.roles, *source.outlets]).casefold()


class SourceList(RowList):
    """The cursor row's source is `current`; moving it posts `Highlighted`, Enter posts `Chosen`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "source-list--row", "source-list--cursor", "source-list--name", "source-list--role",
        "source-list--count", "source-list--meta", "source-list--empty",
    }

    DEFAULT_CSS = """
    SourceList {
        background: $surface;
        overflow-x: hidden;
        & > .source-list--row { color: $foreground; }
        & > .source-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .source-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .source-list--name { text-style: bold; }
        & > .source-list--role { color: $text-muted; text-style: italic; }
        & > .source-list--count { color: $text-accent; }
        & > .source-list--meta { color: $text-muted; }
        & > .source-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    class Highlighted(Message):
        def __init__(self, source: Source | None) -> None:
            super().__init__()
            self.source = source

    class Chosen(Message):
        def __init__(self, source: Source) -> None:
            super().__init__()
            self.source = source

    def __init__(self, clock: Clock, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._clock = clock
        self._now = clock()
        self._all: list[Source] = []
        self._folded: list[str] = []
        self._shown: list[Source] = []
        self.filter_text = ""
        self.empty_text = "Loading…"

    @property
    def count(self) -> int:
        return len(self._shown)

    @property
    def total(self) -> int:
        return len(self._all)

    @property
    def shown(self) -> Sequence[Source]:
        return self._shown

    @property
    def current(self) -> Source | None:
        return self._shown[self.cursor] if 0 <= self.cursor < len(self._shown) else None

    def set_sources(self, sources: Sequence[Source], empty_text: str) -> None:
        """A new list (the cursor stays on the same person when they are still there)."""
        keep = self.current.key if self.current else None
        self._all = list(sources)
        self._folded = [haystack(s) for s in self._all]
        self._now = self._clock()
        self.empty_text = empty_text
        self.apply_filter(self.filter_text, keep=keep)

    def apply_filter(self, text: str, *, keep: str | None = None) -> None:
        """Keep the people whose name, role or outlet holds every word typed."""
        self.filter_text = text
        words = text.casefold().split()
        if words:
            self._shown = [s for s, h in zip(self._all, self._folded, strict=True) if all(w in h for w in words)]
        else:
            self._shown = list(self._all)
        index = 0
        if keep is not None:
            index = next((i for i, s in enumerate(self._shown) if s.key == keep), 0)
        self.virtual_size = Size(self.size.width, len(self._shown))
        self.set_reactive(SourceList.cursor, index)
        self.scroll_to(0, max(0, index - 2), animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    # -- cursor ------------------------------------------------------------------------------------

    def cursor_moved(self) -> None:
        self.post_message(self.Highlighted(self.current))

    def choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))

    def activate(self) -> None:
        self.choose()

    # -- drawing -----------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_y) + y
        base = self.get_visual_style("source-list--row")
        if not self._shown:
            if y == 0:
                text = self.empty_text if not self.filter_text or not self._all else "Nobody matches the filter."
                return self._strip(Content(f" {text}").stylize(".source-list--empty"), width, base, None)
            return Strip.blank(width, base.rich_style)
        if not 0 <= index < len(self._shown):
            return Strip.blank(width, base.rich_style)
        cursor = ("source-list--cursor",) if index == self.cursor else ()
        style = self.get_visual_style("source-list--row", *cursor)
        return self._strip(self._row(self._shown[index], width), width, style, index)

    def _row(self, source: Source, width: int) -> Content:
        count = Content(f"{source.quotes:>{COUNT_WIDTH - 1}} ").stylize(".source-list--count")
        date = Content(relative_date(source.last_quoted, self._now).rjust(DATE_WIDTH)).stylize(".source-list--meta")
        room = max(4, width - 2 - count.cell_length - date.cell_length - 1)
        name = Content(one_line(source.name)).stylize(".source-list--name")
        if source.roles and name.cell_length + 3 < room:
            role = Content(", " + one_line(source.roles[0])).stylize(".source-list--role")
            name = Content.assemble(name, role)
        name = name.truncate(room, ellipsis=True, pad=True)
        return Content.assemble(" ", name, " ", count, date, " ")
