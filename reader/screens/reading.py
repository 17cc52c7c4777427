"""ReadingScreen: one article with its Quotes, Reactions and Author panes.

At 140 columns and wider the panes stand in a column beside the article, all visible at once; narrower,
a tab bar shows one of Article, Quotes, Reactions and Author at a time, so 80x24 keeps the whole height
for reading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar
from urllib.parse import urljoin

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus
from textual.widget import Widget
from textual.widgets import Footer, Markdown, Tab, Tabs

from reader.actions import Scope, bindings
from reader.core.models import Article, ArticleSummary
from reader.screens.base import ReaderScreen
from reader.widgets.article_view import ArticleView
from reader.widgets.author_pane import AuthorPane
from reader.widgets.display import one_line
from reader.widgets.quotes_pane import QuotesPane
from reader.widgets.reactions_pane import ReactionsPane

Stepper = Callable[[int], ArticleSummary | None]


class ReadingScreen(ReaderScreen[None]):
    """Opening an article marks it read; n/p read the next or previous unread one."""

    ACTION_SCOPES: ClassVar[tuple[Scope, ...]] = ("reading", "nav")
    BINDINGS: ClassVar[list[BindingType]] = bindings("reading", "nav")
    PANES = ("article", "quotes", "reactions", "author")
    TITLES: ClassVar[dict[str, str]] = {
        "article": "Article", "quotes": "Quotes", "reactions": "Reactions", "author": "Author",
    }

    def __init__(self, summary: ArticleSummary, *, step: Stepper | None = None) -> None:
        super().__init__()
        self.summary = summary
        self.article: Article | None = None
        self._step = step
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
        self._load(summary.id)

    def _read(self, article_id: int) -> Article | None:
        library = self.reader.library
        library.mark_read([article_id])
        return library.article(article_id)

    @work(exclusive=True, group="article")
    async def _load(self, article_id: int) -> None:
        try:
            article = await self.reader.call_library(self._read, article_id)
        except Exception as exc:  # a reading that cannot be made must not take the app down
            message = one_line(str(exc)) or type(exc).__name__
            self.article_view.show_error(message)
            self.quotes_pane.show(())
            self.reactions_pane.show(())
            self.author_pane.show(None)
            return
        if article is None:
            self.article_view.show_error("it is no longer in the library")
            return
        await self.show_article(article)

    async def show_article(self, article: Article) -> None:
        self.article = article
        self.summary = replace(self.summary, read=article.read, bookmarked=article.bookmarked)
        reading = article.reading
        self.quotes_pane.show(reading.quotes)
        self.reactions_pane.show(reading.reactions)
        self.author_pane.show(reading.author_bio)
        self._set_titles(article)
        await self.article_view.show(article, self.reader.clock())

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
        self.dismiss(None)

    def action_next_unread(self) -> None:
        self._go(1)

    def action_previous_unread(self) -> None:
        self._go(-1)

    def _go(self, direction: int) -> None:
        summary = self._step(direction) if self._step else None
        if summary is None:
            self.notify("No more unread articles.", markup=False)
            return
        self.load(summary)
        self.show_pane("article")

    def action_toggle_read(self) -> None:
        read = not self.summary.read
        self.reader.library.mark_read([self.summary.id], read)
        self.summary = replace(self.summary, read=read)
        self.notify("Marked read." if read else "Marked unread.", markup=False)

    def action_bookmark(self) -> None:
        self._bookmark(self.summary)

    @work(group="bookmark")
    async def _bookmark(self, summary: ArticleSummary) -> None:
        wanted = not summary.bookmarked
        try:
            await self.reader.call_library(self.reader.library.bookmark, summary.id, wanted)
        except Exception as exc:
            self.notify(f"Could not bookmark: {one_line(str(exc))}", severity="error", markup=False)
            return
        self.summary = replace(self.summary, bookmarked=wanted)
        if self.article is not None:
            self.article = replace(self.article, bookmarked=wanted)
            self.article_view.article = self.article
            self.article_view.refresh_head(self.article, self.reader.clock())
        self.notify("Bookmarked." if wanted else "Bookmark removed.", markup=False)

    def action_open_link(self) -> None:
        if self._pane_of(self.focused) == "reactions":
            reaction = self.reactions_pane.current
            if reaction is not None:
                self.open_link(reaction.url)
                return
        self.open_link(self.summary.url)
