"""FeedList: "All articles", "Bookmarks", "Sources" and every subscription, with unread counts and error markers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.models import Feed
from reader.widgets.display import SplitRow, one_line

ViewKind = Literal["all", "bookmarks", "sources", "feed"]


@dataclass(frozen=True)
class FeedView:
    """What the article list shows: every article, the bookmarks, or one feed (Sources opens its own view)."""

    kind: ViewKind
    feed: Feed | None = None

    @property
    def key(self) -> str:
        return f"feed-{self.feed.id}" if self.feed else self.kind

    @property
    def feed_id(self) -> int | None:
        return self.feed.id if self.feed else None

    @property
    def title(self) -> str:
        if self.feed:
            return one_line(self.feed.title)
        return {"bookmarks": "Bookmarks", "sources": "Sources"}.get(self.kind, "All articles")


class FeedList(OptionList):
    """The left column. Highlighting an entry shows its articles; Enter moves to them."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "feed-list--count",
        "feed-list--error",
        "feed-list--special",
        "feed-list--read",
    }

    DEFAULT_CSS = """
    FeedList {
        & > .feed-list--count { color: $text-accent; }
        & > .feed-list--error { color: $text-error; text-style: bold; }
        & > .feed-list--special { text-style: italic; }
        & > .feed-list--read { color: $text-muted; }
    }
    """

    class Highlighted(Message):
        """The highlighted entry changed."""

        def __init__(self, view: FeedView) -> None:
            super().__init__()
            self.view = view

    class Chosen(Message):
        """Enter (or a click) on an entry."""

        def __init__(self, view: FeedView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._views: list[FeedView] = []
        self._bookmarks = 0
        self._people = 0
        self._all_unread = 0

    @property
    def current(self) -> FeedView | None:
        if self.highlighted is None or not self._views:
            return None
        return self._views[min(self.highlighted, len(self._views) - 1)]

    def set_feeds(self, feeds: Sequence[Feed], *, bookmarks: int, people: int = 0, select: str | None = None) -> None:
        """Show these feeds, keeping the highlighted entry (or moving to the entry `select`)."""
        keep = select or (self.current.key if self.current else "all")
        self._views = [FeedView("all"), FeedView("bookmarks"), FeedView("sources"),
                       *(FeedView("feed", f) for f in feeds)]
        self._bookmarks = bookmarks
        self._people = people
        self._all_unread = sum(f.unread for f in feeds)
        self._rebuild(keep)

    def _rebuild(self, keep: str) -> None:
        previous = self.highlighted
        with self.prevent(OptionList.OptionHighlighted):
            self.set_options([Option(self._prompt(view), id=view.key) for view in self._views])
            index = next((i for i, v in enumerate(self._views) if v.key == keep), None)
            if index is None:
                index = min(previous or 0, len(self._views) - 1)
            self.highlighted = index
        current = self.current
        if current is not None and current.key != keep:
            self.post_message(self.Highlighted(current))

    def _prompt(self, view: FeedView) -> SplitRow:
        if view.kind == "all":
            count = self._all_unread
            title = Content("All articles").stylize(".feed-list--special")
            marker = Content(" ")
        elif view.kind == "bookmarks":
            count = self._bookmarks
            title = Content("Bookmarks").stylize(".feed-list--special")
            marker = Content("★").stylize(".feed-list--count")
        elif view.kind == "sources":
            count = self._people
            title = Content("Sources").stylize(".feed-list--special")
            marker = Content("“").stylize(".feed-list--count")
        else:
            assert view.feed is not None
            count = view.feed.unread
            title = Content(view.title)
            if not count:
                title = title.stylize(".feed-list--read")
            marker = Content("!").stylize(".feed-list--error") if view.feed.error else Content(" ")
        number = Content(f"{count} " if count else "").stylize(".feed-list--count")
        return SplitRow(Content.assemble(marker, " ", title), number)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.current is not None:
            self.post_message(self.Highlighted(self.current))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.current is not None:
            self.post_message(self.Chosen(self.current))
