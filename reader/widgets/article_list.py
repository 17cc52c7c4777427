"""ArticleList: a virtual list of article summaries that reads only the rows on screen from the library.

One row per article, drawn with the Line API, so 100,000 articles cost what a screenful costs: rows come
from `Library.articles(limit=..., offset=...)` a page at a time and are cached until the list reloads.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from reader.core.models import ArticleSummary
from reader.widgets.display import Clock, one_line, relative_date

if TYPE_CHECKING:
    from reader.core.library import Library

PAGE = 100
MAX_PAGES = 64
DATE_WIDTH = 8
FEED_WIDTH = 18
# How far n/p look for an unread article before giving up (pages of PAGE rows).
UNREAD_SCAN_PAGES = 2000


class ArticleList(ScrollView, can_focus=True):
    """Articles of one feed (or all, or the bookmarks): unread marker, bookmark marker, title, date."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]

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

    cursor: reactive[int] = reactive(0, init=False, repaint=False)  # watch_cursor repaints two lines

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

    def __init__(self, library: Library, clock: Clock, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._library = library
        self._clock = clock
        self._feed_id: int | None = None
        self._bookmarked = False
        self._show_feed = True
        self._count = 0
        self._pages: OrderedDict[int, list[ArticleSummary]] = OrderedDict()
        self.empty_text = "No articles."
        self._now = clock()

    # -- data --------------------------------------------------------------------------------------

    @property
    def count(self) -> int:
        return self._count

    @property
    def current(self) -> ArticleSummary | None:
        return self.summary_at(self.cursor)

    def show(self, *, feed_id: int | None = None, bookmarked: bool = False, show_feed: bool = True,
             empty_text: str = "No articles.") -> None:
        """Show another selection of articles, with the cursor at the top."""
        self._feed_id, self._bookmarked, self._show_feed = feed_id, bookmarked, show_feed
        self.empty_text = empty_text
        self._load()
        self.set_reactive(ArticleList.cursor, 0)
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    def reload(self) -> None:
        """Read the rows again (after a refresh or a change), keeping the cursor on the same article."""
        current = self.current
        self._load()
        index = self.cursor
        if current is not None:
            found = self._find(current.id, around=self.cursor)
            index = found if found is not None else index
        self.set_reactive(ArticleList.cursor, max(0, min(index, self._count - 1)))
        self._scroll_cursor_visible()
        self.refresh()
        if self.current != current:
            self.post_message(self.Highlighted(self, self.current))

    def _load(self) -> None:
        self._pages.clear()
        self._now = self._clock()
        self._count = self._library.count_articles(feed_id=self._feed_id, bookmarked=self._bookmarked)
        self.virtual_size = Size(self.size.width, self._count)

    def _page(self, number: int) -> list[ArticleSummary]:
        page = self._pages.get(number)
        if page is None:
            page = self._library.articles(feed_id=self._feed_id, bookmarked=self._bookmarked, limit=PAGE,
                                          offset=number * PAGE)
            self._pages[number] = page
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def summary_at(self, index: int) -> ArticleSummary | None:
        if not 0 <= index < self._count:
            return None
        page = self._page(index // PAGE)
        offset = index % PAGE
        return page[offset] if offset < len(page) else None

    def _find(self, article_id: int, around: int) -> int | None:
        """The index of an article, looking first at the page the cursor was on and a few either side."""
        first = around // PAGE
        for number in sorted(range(max(0, first - 3), first + 4), key=lambda n: abs(n - first)):
            if number * PAGE >= self._count:
                continue
            for offset, summary in enumerate(self._page(number)):
                if summary.id == article_id:
                    return number * PAGE + offset
        return None

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

    def find_unread(self, direction: int) -> int | None:
        """The index of the next (1) or previous (-1) unread article from the cursor, if any."""
        index = self.cursor + direction
        scanned = 0
        while 0 <= index < self._count and scanned < UNREAD_SCAN_PAGES * PAGE:
            summary = self.summary_at(index)
            if summary is not None and not summary.read:
                return index
            index += direction
            scanned += 1
        return None

    # -- cursor ------------------------------------------------------------------------------------

    def move_to(self, index: int) -> None:
        if self._count:
            self.cursor = max(0, min(index, self._count - 1))

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self._count - 1)) if self._count else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_cursor_visible()
        self.post_message(self.Highlighted(self, self.current))

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
        self.move_to(self._count - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self._page_height())

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self._page_height())

    def half_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(1, self._page_height() // 2))

    def open_current(self) -> None:
        summary = self.current
        if summary is not None:
            self.post_message(self.Opened(self, summary))

    async def _on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        if row is None:
            return
        if row == self.cursor or event.chain >= 2:
            self.cursor = row
            self.open_current()
        else:
            self.cursor = row

    # -- drawing -----------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self._count)
        self._scroll_cursor_visible()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_y) + y
        base = self.get_visual_style("article-list--row")
        if not self._count:
            if y == 0:
                text = Content(f" {self.empty_text}").stylize(".article-list--empty")
                return self._strip(text, width, base, None)
            return Strip.blank(width, base.rich_style)
        summary = self.summary_at(index)
        if summary is None:
            return Strip.blank(width, base.rich_style)
        cursor = ("article-list--cursor",) if index == self.cursor else ()
        style = self.get_visual_style("article-list--row", *cursor)
        return self._strip(self._row(summary, width), width, style, index)

    def _strip(self, content: Content, width: int, style: Style, index: int | None) -> Strip:
        strips = Visual.to_strips(self, content, width, 1, style)
        strip = strips[0] if strips else Strip.blank(width)
        strip = strip.extend_cell_length(width, style.rich_style).crop(0, width)
        return strip.apply_meta({"row": index}) if index is not None else strip

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
