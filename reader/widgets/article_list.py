"""ArticleList: a virtual list of article summaries that asks only for the rows on screen.

One row per article, drawn with the Line API, so 100,000 articles cost what a screenful costs: rows come a page at
a time through the services (on a library thread, never the UI thread) and are cached until the list reloads. A row
whose page has not arrived yet is drawn blank for the moment it takes.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from reader.core.models import ArticleSummary
from reader.services import FIRST_GENERATION, PAGE, ListQuery, Services
from reader.widgets.display import Clock, one_line, relative_date
from reader.widgets.row_list import RowList

MAX_PAGES = 64
DATE_WIDTH = 8
FEED_WIDTH = 18


class ArticleList(RowList):
    """Articles of one feed (or all, or the bookmarks): unread marker, bookmark marker, title, date."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--row",
        "article-list--cursor",
        "article-list--unread",
        "article-list--read",
        "article-list--marker",
        "article-list--bookmark",
        "article-list--meta",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        overflow-x: hidden;
        & > .article-list--row { color: $foreground; }
        & > .article-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .article-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .article-list--unread { text-style: bold; }
        & > .article-list--read { color: $text-muted; }
        & > .article-list--marker { color: $text-accent; }
        & > .article-list--bookmark { color: $text-warning; }
        & > .article-list--meta { color: $text-muted; text-style: not bold; }
        & > .article-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    class Highlighted(Message):
        """The cursor moved to another article (or the list became empty: `summary` is None)."""

        def __init__(self, article_list: ArticleList, summary: ArticleSummary | None) -> None:
            super().__init__()
            self.article_list = article_list
            self.summary = summary

        @property
        def control(self) -> ArticleList:
            return self.article_list

    class Opened(Message):
        """Enter, or a click on the highlighted row: read this article."""

        def __init__(self, article_list: ArticleList, summary: ArticleSummary) -> None:
            super().__init__()
            self.article_list = article_list
            self.summary = summary

        @property
        def control(self) -> ArticleList:
            return self.article_list

    class NoUnread(Message):
        """n or p found no unread article in that direction."""

        def __init__(self, direction: int) -> None:
            super().__init__()
            self.direction = direction

    def __init__(self, services: Services, clock: Clock, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._services = services
        self._clock = clock
        self._query = ListQuery()
        self._generation = 0
        self._show_feed = True
        self._count = 0
        self._pages: OrderedDict[int, list[ArticleSummary]] = OrderedDict()
        self._asked: set[int] = set()  # pages asked for and not yet here
        self._found: dict[int, ArticleSummary] = {}  # rows n/p found before their page arrived
        self._highlight_on_load = False
        self.loaded = False  # the first answer has come (until then the list draws nothing)
        self.empty_text = "No articles."
        self._now = clock()

    # -- data --------------------------------------------------------------------------------------

    @property
    def count(self) -> int:
        return self._count

    @property
    def list_query(self) -> ListQuery:
        return self._query

    @property
    def current(self) -> ArticleSummary | None:
        return self.summary_at(self.cursor)

    def show(self, *, feed_id: int | None = None, bookmarked: bool = False, show_feed: bool = True,
             empty_text: str = "No articles.") -> None:
        """Show another selection of articles, with the cursor at the top (the rows come in a moment)."""
        self._query = ListQuery(feed_id, bookmarked)
        self._show_feed = show_feed
        self.empty_text = empty_text
        self._highlight_on_load = True
        self._ask(keep=None, index=0, top=0)

    def expect_first(self, *, empty_text: str) -> None:
        """Every article, from the answer to the load the services started with the app (no request of its own)."""
        self._query = ListQuery()
        self._generation = FIRST_GENERATION
        self._show_feed = True
        self.empty_text = empty_text
        self._highlight_on_load = True

    def reload(self, keep: int | None = None) -> None:
        """Read the rows again (after a refresh or a change), keeping the cursor on the same article (or `keep`)."""
        current = self.current
        self._ask(keep=keep if keep is not None else current.id if current else None, index=self.cursor,
                  top=int(self.scroll_y))

    def _ask(self, *, keep: int | None, index: int, top: int) -> None:
        self._generation += 1
        height = max(self.scrollable_content_region.height, self.size.height, 50)
        self._services.load_list(self, self._query, self._generation, keep=keep, index=index, top=top,
                                 height=height)

    @on(Services.ListLoaded)
    def _loaded(self, event: Services.ListLoaded) -> None:
        event.stop()
        self.apply(event)

    def apply(self, event: Services.ListLoaded) -> None:
        """Show the rows of an answer (one to an older question is dropped)."""
        if event.generation != self._generation:
            return
        before = self.current
        self.loaded = True
        self._now = self._clock()
        self._count = event.count
        self._pages = OrderedDict(sorted(event.pages.items()))
        self._asked.clear()
        self._found.clear()
        self.virtual_size = Size(self.size.width, self._count)
        self.set_reactive(ArticleList.cursor, max(0, min(event.cursor, self._count - 1)))
        if self._highlight_on_load:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self._scroll_cursor_visible()
        self.refresh()
        if self._highlight_on_load or self.current != before:
            self.post_message(self.Highlighted(self, self.current))
        self._highlight_on_load = False
        self.post_message(self.Loaded(self))

    class Loaded(Message):
        """The rows of a show() or reload() are here (the count is right)."""

        def __init__(self, article_list: ArticleList) -> None:
            super().__init__()
            self.article_list = article_list

    @on(Services.PageLoaded)
    def _page_loaded(self, event: Services.PageLoaded) -> None:
        event.stop()
        if event.generation != self._generation:
            return
        self._asked.discard(event.number)
        self._pages[event.number] = event.rows
        if len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        self.refresh()
        if event.number == self.cursor // PAGE:
            self.post_message(self.Highlighted(self, self.current))

    def _page(self, number: int) -> list[ArticleSummary] | None:
        page = self._pages.get(number)
        if page is None:
            if number not in self._asked:
                self._asked.add(number)
                self._services.load_page(self, self._query, self._generation, number)
            return None
        self._pages.move_to_end(number)
        return page

    def summary_at(self, index: int) -> ArticleSummary | None:
        if not 0 <= index < self._count:
            return None
        page = self._page(index // PAGE)
        if page is None:
            return self._found.get(index)
        offset = index % PAGE
        return page[offset] if offset < len(page) else None

    def update_summary(self, summary: ArticleSummary) -> None:
        """Show a changed article (read, bookmarked) without reading the list again."""
        for number, page in self._pages.items():
            for offset, old in enumerate(page):
                if old.id == summary.id:
                    page[offset] = summary
                    self.refresh_line(number * PAGE + offset)
                    if number * PAGE + offset == self.cursor:
                        self.post_message(self.Highlighted(self, summary))
                    return

    def set_flags(self, article_id: int, *, read: bool | None = None, bookmarked: bool | None = None) -> None:
        for page in self._pages.values():
            for old in page:
                if old.id == article_id:
                    changed = replace(old, read=old.read if read is None else read,
                                      bookmarked=old.bookmarked if bookmarked is None else bookmarked)
                    self.update_summary(changed)
                    return

    def find_unread(self, direction: int) -> None:
        """Move to the next (1) or previous (-1) unread article (one query, off the UI thread); posts NoUnread
        when there is none."""
        current = self.current
        self._services.next_unread(self, self._query, current.id if current else None, direction, index=self.cursor)

    @on(Services.UnreadFound)
    def _unread_found(self, event: Services.UnreadFound) -> None:
        event.stop()
        if event.summary is None or event.index is None:
            self.post_message(self.NoUnread(event.direction))
            return
        if not 0 <= event.index < self._count:
            self.reload(keep=event.summary.id)
            return
        self._found[event.index] = event.summary
        self.move_to(event.index)

    # -- cursor ------------------------------------------------------------------------------------

    def cursor_moved(self) -> None:
        self.post_message(self.Highlighted(self, self.current))

    def open_current(self) -> None:
        summary = self.current
        if summary is not None:
            self.post_message(self.Opened(self, summary))

    def activate(self) -> None:
        self.open_current()

    # -- drawing -----------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_y) + y
        base = self.get_visual_style("article-list--row")
        if not self._count:
            if y == 0 and self.loaded:
                text = Content(f" {self.empty_text}").stylize(".article-list--empty")
                return self._strip(text, width, base, None)
            return Strip.blank(width, base.rich_style)
        summary = self.summary_at(index)
        if summary is None:
            return Strip.blank(width, base.rich_style)
        cursor = ("article-list--cursor",) if index == self.cursor else ()
        style = self.get_visual_style("article-list--row", *cursor)
        return self._strip(self._row(summary, width), width, style, index)

    def _row(self, summary: ArticleSummary, width: int) -> Content:
        marker = Content("●").stylize(".article-list--marker") if not summary.read else Content(" ")
        star = Content("★").stylize(".article-list--bookmark") if summary.bookmarked else Content(" ")
        date = Content(relative_date(summary.published, self._now).rjust(DATE_WIDTH)).stylize(
            ".article-list--meta")
        feed = Content("")
        show_feed = self._show_feed and width >= 70
        if show_feed:
            feed_width = FEED_WIDTH if width < 120 else FEED_WIDTH + 8
            name = Content(one_line(summary.feed_title) or "(removed feed)")
            feed = name.truncate(feed_width, ellipsis=True, pad=True).stylize(".article-list--meta")
            feed = Content.assemble("  ", feed)
        room = max(4, width - 5 - feed.cell_length - date.cell_length - 1)
        title = Content(one_line(summary.title) or "(untitled)")
        title = title.truncate(room, ellipsis=True, pad=True)
        title = title.stylize(".article-list--unread" if not summary.read else ".article-list--read")
        return Content.assemble(" ", marker, " ", star, " ", title, feed, date, " ")
