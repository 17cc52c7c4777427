"""ReaderScreen: what every screen of the reader shares: vim-style movement and the open-link policy."""

from __future__ import annotations

from typing import ClassVar, TypeVar, cast

from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList

from reader.actions import Scope
from reader.host import Host
from reader.widgets.article_list import ArticleList
from reader.widgets.display import one_line, openable
from reader.widgets.source_list import SourceList

ResultType = TypeVar("ResultType")


class ReaderScreen(Screen[ResultType]):
    """j/k, g/G, ctrl+d/ctrl+u act on whatever list or pane has focus; h/l move between panes."""

    ACTION_SCOPES: ClassVar[tuple[Scope, ...]] = ("nav",)
    PANES: ClassVar[tuple[str, ...]] = ()  # ids of the focusable panes, left to right

    @property
    def reader(self) -> Host:
        """The app, as the Protocol screens need (never ReaderApp itself: no import circle)."""
        return cast(Host, self.app)

    # -- movement ----------------------------------------------------------------------------------

    def _target(self) -> Widget | None:
        return self.focused

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        widget = self._target()
        if isinstance(widget, ArticleList | SourceList | OptionList):
            if step > 0:
                widget.action_cursor_down()
            else:
                widget.action_cursor_up()
        elif isinstance(widget, ScrollableContainer):
            widget.scroll_relative(y=step, animate=False)

    def action_cursor_top(self) -> None:
        widget = self._target()
        if isinstance(widget, ArticleList | SourceList | OptionList):
            widget.action_first()
        elif isinstance(widget, ScrollableContainer):
            widget.scroll_home(animate=False)

    def action_cursor_bottom(self) -> None:
        widget = self._target()
        if isinstance(widget, ArticleList | SourceList | OptionList):
            widget.action_last()
        elif isinstance(widget, ScrollableContainer):
            widget.scroll_end(animate=False)

    def action_half_page_down(self) -> None:
        self._half_page(1)

    def action_half_page_up(self) -> None:
        self._half_page(-1)

    def _half_page(self, direction: int) -> None:
        widget = self._target()
        if widget is None:
            return
        half = max(1, widget.scrollable_content_region.height // 2)
        if isinstance(widget, ArticleList | SourceList):
            widget.half_page(direction)
        elif isinstance(widget, OptionList):
            if widget.option_count:
                start = widget.highlighted or 0
                # Options may span several lines: step by lines' worth of options.
                lines = 0
                index = start
                while 0 <= index + direction < widget.option_count and lines < half:
                    index += direction
                    lines += max(1, widget.get_option_at_index(index).prompt.__str__().count("\n") + 2)
                widget.highlighted = index
        elif isinstance(widget, ScrollableContainer):
            widget.scroll_relative(y=direction * half, animate=False)

    def _pane_of(self, widget: Widget | None) -> str | None:
        while widget is not None and widget is not self:
            if widget.id in self.PANES:
                return widget.id
            parent = widget.parent
            widget = parent if isinstance(parent, Widget) else None
        return None

    def action_pane_next(self) -> None:
        self._step_pane(1)

    def action_pane_previous(self) -> None:
        self._step_pane(-1)

    def _step_pane(self, step: int) -> None:
        if not self.PANES:
            return
        current = self._pane_of(self.focused)
        index = self.PANES.index(current) if current else -step if step > 0 else 0
        self.show_pane(self.PANES[(index + step) % len(self.PANES)])

    def show_pane(self, pane: str) -> None:
        # Focus now, not after a refresh (Widget.focus): keys typed fast must see where the last one went.
        self.set_focus(self.query_one(f"#{pane}", Widget))

    # -- links -------------------------------------------------------------------------------------

    def open_link(self, url: str | None) -> None:
        """Open a web page after showing its address; refuse anything but http(s) and mailto."""
        from reader.screens.confirm import ConfirmScreen

        if not url:
            self.notify("This has no link to open.", severity="warning", markup=False)
            return
        shown = one_line(url)
        if not openable(url):
            self.notify(f"Not opening {shown[:200]}: only http(s) and mailto links open.",
                        title="Link refused", severity="warning", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.reader.opener(url.strip())

        self.app.push_screen(ConfirmScreen("Open this address in your browser?", shown, yes="Open"), answered)
