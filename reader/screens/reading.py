"""ReadingScreen: one article with its Quotes, Reactions and Author panes.

At 140 columns and wider the panes stand in a column beside the article, all visible at once; narrower,
a tab bar shows one of Article, Quotes, Reactions and Author at a time, so 80x24 keeps the whole height
for reading.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar, Protocol
from urllib.parse import urljoin

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus
from textual.widget import Widget
from textual.widgets import Footer, Markdown, Tab, Tabs

from reader.actions import ACTIONS, Scope, bindings, keys_label
from reader.core.models import Article, ArticleSummary
from reader.screens.base import ReaderScreen
from reader.services import ListQuery, Services
from reader.widgets.article_view import ArticleView
from reader.widgets.author_pane import AuthorPane
from reader.widgets.lead_photo import open_photo
from reader.widgets.quotes_pane import QuotesPane
from reader.widgets.reactions_pane import ReactionsPane


class Neighbours(Protocol):
    """Where n and p go from an article: the answer is a `Services.UnreadFound` posted to the screen."""

    def find(self, screen: ReadingScreen, current: ArticleSummary, direction: int) -> None: ...


class ListNeighbours:
    """The unread articles of the list the article was opened from (one query each, off the UI thread)."""

    def __init__(self, query: ListQuery) -> None:
        self.query = query

    def find(self, screen: ReadingScreen, current: ArticleSummary, direction: int) -> None:
        screen.reader.services.next_unread(screen, self.query, current.id, direction)


class ReadingScreen(ReaderScreen[ArticleSummary | None]):
    """Opening an article marks it read; n/p read the next or previous unread one. Dismissed with the article
    last shown, so the list it came from can keep its cursor there."""

    ACTION_SCOPES: ClassVar[tuple[Scope, ...]] = ("reading", "nav")
    BINDINGS: ClassVar[list[BindingType]] = bindings("reading", "nav")
    PANES = ("article", "quotes", "reactions", "author")
    TITLES: ClassVar[dict[str, str]] = {
        "article": "Article", "quotes": "Quotes", "reactions": "Reactions", "author": "Author",
    }

    def __init__(self, summary: ArticleSummary, *, neighbours: Neighbours | None = None,
                 quote: str | None = None) -> None:
        super().__init__()
        self.summary = summary
        self.article: Article | None = None
        self._neighbours = neighbours
        self._quote = quote  # shown (scrolled to, highlighted) once the article is there
        self._pane = "article"

    def compose(self) -> ComposeResult:
        tabs = Tabs(*(Tab(title, id=f"tab-{pane}") for pane, title in self.TITLES.items()), id="reading-tabs")
        tabs.can_focus = False  # a click on a tab focuses its pane; h/l and Tab move between them
        yield tabs
        with Horizontal(id="reading-body"):
            yield ArticleView(id="article")
            with Vertical(id="panes"):
                yield QuotesPane(id="quotes")
                yield ReactionsPane(id="reactions")
                yield AuthorPane(id="author")
        yield Footer()

    @property
    def article_view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def quotes_pane(self) -> QuotesPane:
        return self.query_one("#quotes", QuotesPane)

    @property
    def reactions_pane(self) -> ReactionsPane:
        return self.query_one("#reactions", ReactionsPane)

    @property
    def author_pane(self) -> AuthorPane:
        return self.query_one("#author", AuthorPane)

    def on_mount(self) -> None:
        self._set_titles(None)
        self.show_pane("article")
        self.load(self.summary)

    # -- loading -----------------------------------------------------------------------------------

    def load(self, summary: ArticleSummary) -> None:
        self.summary, self.article = summary, None
        self.article_view.show_loading(summary, self.reader.clock())
        self.quotes_pane.show((), loading=True)
        self.reactions_pane.show((), loading=True)
        self.author_pane.show(None, loading=True)
        self._set_titles(None)
        self.reader.services.read_article(self, summary.id)

    @on(Services.ArticleRead)
    async def _article_read(self, event: Services.ArticleRead) -> None:
        event.stop()
        if event.article_id != self.summary.id:
            return  # n or p moved on before this one arrived
        if event.article is None:
            self.article_view.show_error("it is no longer in the library")
            return
        await self.show_article(event.article)

    @on(Services.Failed)
    def _failed(self, event: Services.Failed) -> None:
        event.stop()
        if event.what == "read the article" and self.article is None:
            # A reading that cannot be made must not take the app down: say so where the text would be.
            self.article_view.show_error(event.error)
            self.quotes_pane.show(())
            self.reactions_pane.show(())
            self.author_pane.show(None)
            return
        self.notify(f"Could not {event.what}: {event.error}", severity="error", markup=False)

    async def show_article(self, article: Article) -> None:
        self.article = article
        self.summary = replace(self.summary, read=article.read, bookmarked=article.bookmarked)
        reading = article.reading
        self.quotes_pane.show(reading.quotes)
        self.reactions_pane.show(reading.reactions)
        self.author_pane.show(reading.author_bio)
        self._set_titles(article)
        await self.article_view.show(article, self.reader.clock())
        # The text is on screen; the photo comes after it, from its own thread (reading never waits for it).
        self._show_photo()
        if self._quote is not None:
            quote, self._quote = self._quote, None
            self._go_to_quote(quote)

    def _show_photo(self) -> None:
        photo = self.article_view.photo
        image = self.article.reading.image if self.article is not None else None
        if image is None or self.reader.image_widget is None:
            photo.clear()
            return
        if not self.reader.show_images:
            photo.hidden(image, keys_label(next(a for a in ACTIONS if a.id == "toggle_images"),
                                           self.reader.keymap_overrides))
            return
        photo.show_loading(image)
        assert self.article is not None
        self.reader.services.lead_photo(self, self.article.id, image.url, open_photo)

    @on(Services.PhotoLoaded)
    def _photo_loaded(self, event: Services.PhotoLoaded) -> None:
        event.stop()
        widget = self.reader.image_widget
        if self.article is None or event.article_id != self.article.id or widget is None or not self.reader.show_images:
            return
        if event.image is None:
            self.article_view.photo.failed(event.photo.error or "cannot be shown")
        else:
            self.article_view.photo.draw(widget, event.image, event.photo)

    def go_to_quote_after_load(self, text: str) -> None:
        """Show this quote (scrolled to, highlighted) once the next article is there."""
        self._quote = text

    def _go_to_quote(self, text: str) -> None:
        for index, quote in enumerate(self.quotes_pane.quotes):
            if quote.text == text:
                self.quotes_pane.highlighted = index
                break
        if self.has_class("-narrow"):
            self.show_pane("article")
        self.article_view.highlight_quote(text)

    def _set_titles(self, article: Article | None) -> None:
        reading = article.reading if article else None
        counts = {
            "quotes": len(reading.quotes) if reading else 0,
            "reactions": len(reading.reactions) if reading else 0,
            "author": 1 if reading and reading.author_bio else 0,
        }
        for pane in ("quotes", "reactions", "author"):
            title = self.TITLES[pane] + (f" ({counts[pane]})" if counts[pane] and pane != "author" else "")
            widget = self.query_one(f"#{pane}", Widget)
            widget.border_title = title
            widget.set_class(reading is not None and not counts[pane], "-empty")
            self.query_one(f"#tab-{pane}", Tab).label = title

    # -- panes -------------------------------------------------------------------------------------

    def show_pane(self, pane: str) -> None:
        changed = self._pane != pane or not self.has_class(f"-tab-{pane}")
        self._pane = pane
        if changed:
            # One restyle, not one per class: the article may hold hundreds of blocks.
            self.remove_class(*(f"-tab-{name}" for name in self.PANES if name != pane), update=False)
            self.add_class(f"-tab-{pane}")
        tabs = self.query_one("#reading-tabs", Tabs)
        if tabs.active != f"tab-{pane}":
            with self.prevent(Tabs.TabActivated):
                tabs.active = f"tab-{pane}"
        if self._pane_of(self.focused) != pane:
            super().show_pane(pane)

    @on(DescendantFocus)
    def _focused(self, event: DescendantFocus) -> None:
        if event.widget is not self.focused:
            return  # an old focus change, already overtaken by a newer one
        pane = self._pane_of(event.widget)
        if pane is not None and pane != self._pane:
            self.show_pane(pane)  # focused by a click: show its tab

    @on(Tabs.TabActivated, "#reading-tabs")
    def _tab_clicked(self, event: Tabs.TabActivated) -> None:
        event.stop()
        tab_id = event.tab.id or ""
        if tab_id.startswith("tab-") and tab_id[4:] != self._pane:
            self.show_pane(tab_id[4:])

    @on(QuotesPane.Chosen)
    def _quote_chosen(self, event: QuotesPane.Chosen) -> None:
        if self.has_class("-narrow"):
            self.show_pane("article")
        if not self.article_view.highlight_quote(event.quote.text):
            self.notify("That quote is not word for word in the text.", markup=False)

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        base = self.article.url if self.article and self.article.url else ""
        self.open_link(urljoin(base, event.href) if base else event.href)

    # -- actions -----------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(self.summary)

    def action_next_unread(self) -> None:
        self._go(1)

    def action_previous_unread(self) -> None:
        self._go(-1)

    def _go(self, direction: int) -> None:
        if self._neighbours is None:
            self.notify("No more unread articles.", markup=False)
            return
        self._neighbours.find(self, self.summary, direction)

    @on(Services.UnreadFound)
    def _unread_found(self, event: Services.UnreadFound) -> None:
        event.stop()
        if event.summary is None:
            self.notify("No more unread articles.", markup=False)
            return
        self.load(event.summary)
        self.show_pane("article")

    def action_toggle_read(self) -> None:
        read = not self.summary.read
        self.reader.services.mark_read(self, [self.summary.id], read)
        self.summary = replace(self.summary, read=read)
        self.notify("Marked read." if read else "Marked unread.", markup=False)

    @on(Services.MarkedRead)
    def _marked(self, event: Services.MarkedRead) -> None:
        event.stop()

    def action_bookmark(self) -> None:
        self.reader.services.bookmark(self, self.summary.id, not self.summary.bookmarked)

    @on(Services.Bookmarked)
    def _bookmarked(self, event: Services.Bookmarked) -> None:
        event.stop()
        if event.article_id != self.summary.id:
            return
        self.summary = replace(self.summary, bookmarked=event.bookmarked)
        if self.article is not None:
            self.article = replace(self.article, bookmarked=event.bookmarked)
            self.article_view.article = self.article
            self.article_view.refresh_head(self.article, self.reader.clock())
        self.notify("Bookmarked." if event.bookmarked else "Bookmark removed.", markup=False)

    def action_toggle_images(self) -> None:
        if self.reader.image_widget is None:
            self.notify('Lead photos are off: images = "off" in config.toml, or --no-images.', markup=False)
            return
        shown = self.reader.toggle_images()
        self._show_photo()
        self.notify("Photos shown." if shown else "Photos hidden.", markup=False)

    def action_open_link(self) -> None:
        if self._pane_of(self.focused) == "reactions":
            reaction = self.reactions_pane.current
            if reaction is not None:
                self.open_link(reaction.url)
                return
        self.open_link(self.summary.url)
