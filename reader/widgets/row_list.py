"""RowList: what the app's long lists share (articles, sources): one-line rows drawn with the Line API.

A cursor with its keys and clicks, the scrolling that keeps it on screen, and a row's strip. A subclass says how
many rows there are (`count`), draws a row (`render_line`), and says what the cursor moving (`cursor_moved`) and a
row being chosen (`activate`: Enter or a click on the highlighted row) mean to the screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual


class RowList(ScrollView, can_focus=True):
    """A virtual list of one-line rows with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]

    cursor: reactive[int] = reactive(0, init=False, repaint=False)  # watch_cursor repaints two lines

    @property
    def count(self) -> int:
        """How many rows the list has."""
        raise NotImplementedError

    def cursor_moved(self) -> None:
        """The cursor is on another row (or the list became empty)."""

    def activate(self) -> None:
        """Enter, or a click on the highlighted row."""

    # -- the cursor --------------------------------------------------------------------------------

    def move_to(self, index: int) -> None:
        if self.count:
            self.cursor = max(0, min(index, self.count - 1))

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.count - 1)) if self.count else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_cursor_visible()
        self.cursor_moved()

    def _scroll_cursor_visible(self) -> None:
        height = self.scrollable_content_region.height or self.size.height
        if not height:
            return
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.count - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self._page_height())

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self._page_height())

    def half_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(1, self._page_height() // 2))

    async def _on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        if row is None:
            return
        if row == self.cursor or event.chain >= 2:
            self.cursor = row
            self.activate()
        else:
            self.cursor = row

    # -- drawing -----------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.count)
        self._scroll_cursor_visible()

    def _strip(self, content: Content, width: int, style: Style, index: int | None) -> Strip:
        """One row, padded to the width; a row of the list carries its index for clicks."""
        strips = Visual.to_strips(self, content, width, 1, style)
        strip = strips[0] if strips else Strip.blank(width)
        strip = strip.extend_cell_length(width, style.rich_style).crop(0, width)
        return strip.apply_meta({"row": index}) if index is not None else strip
