"""ArticleView: the article: title, byline, date, subtitle, lead photo and the Markdown text, scrolling on its own."""

from __future__ import annotations

import re
from datetime import datetime
from typing import ClassVar

from markdown_it import MarkdownIt
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownBlock

from reader.core.models import Article, ArticleSummary
from reader.widgets.display import full_date, iso_date, one_line, plain, safe
from reader.widgets.lead_photo import LeadPhotoView

_WORD = re.compile(r"\w+", re.UNICODE)


def _parser() -> MarkdownIt:
    """GitHub-flavoured Markdown without linkify: only the article's real links (from its HTML) are links,
    never an address-looking run of feed text such as `[link=https://e.example]x[/link]`."""
    return MarkdownIt("gfm-like", {"linkify": False})


class ArticleView(VerticalScroll, can_focus=True):
    """Links in the text never open by themselves: the screen handles `Markdown.LinkClicked`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--quote", "article-view--title", "article-view--meta", "article-view--url",
    }

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        padding: 0 2;
        & > .article-view--quote { background: $warning 35%; }
        & > .article-view--title { color: $text-primary; text-style: bold; }
        & > .article-view--meta { color: $text-muted; }
        & > .article-view--url { color: $text-muted; text-style: underline; }
        & > #article-head { margin: 1 0; }
        & > #article-body { margin: 0; padding: 0; background: transparent; }
        & MarkdownBlock.-quoted { background: $warning 10%; }
        &.-error > #article-body { display: none; }
        & > #article-error { display: none; color: $text-error; }
        &.-error > #article-error { display: block; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.article: Article | None = None
        self.summary: ArticleSummary | None = None
        self.quoted: MarkdownBlock | None = None
        self._original: Content | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="article-head")
        yield LeadPhotoView(id="article-photo")
        yield Static(id="article-error")
        yield Markdown(open_links=False, parser_factory=_parser, id="article-body")

    @property
    def photo(self) -> LeadPhotoView:
        return self.query_one("#article-photo", LeadPhotoView)

    @property
    def body(self) -> Markdown:
        return self.query_one("#article-body", Markdown)

    def _head(self, title: str, meta: list[str], subtitle: str | None, url: str | None,
              bookmarked: bool) -> Content:
        lines = [safe(title or "(untitled)", ".article-view--title")]
        byline = " · ".join(one_line(m) for m in meta if m and one_line(m))
        if bookmarked:
            byline = f"{byline}  ★ bookmarked" if byline else "★ bookmarked"
        if byline:
            lines.append(safe(byline, ".article-view--meta"))
        if subtitle and subtitle.strip():
            lines.append(Content(""))
            lines.append(safe(subtitle, "italic"))
        if url:
            lines.append(safe(url, ".article-view--url"))
        return Content("\n").join(lines)

    def show_loading(self, summary: ArticleSummary, now: datetime) -> None:
        self.summary, self.article = summary, None
        self.remove_class("-error")
        meta = [summary.feed_title, summary.author or "", full_date(summary.published, now)]
        self.query_one("#article-head", Static).update(
            self._head(summary.title, meta, None, summary.url, summary.bookmarked))
        self.photo.clear()
        self.body.update("*Loading…*")
        self.scroll_home(animate=False)

    def show_error(self, message: str) -> None:
        self.add_class("-error")
        self.query_one("#article-error", Static).update(
            Content.assemble("\n", safe(f"Could not read this article: {message}")))

    async def show(self, article: Article, now: datetime) -> None:
        self.article = article
        self.quoted = None
        self.remove_class("-error")
        self.refresh_head(article, now)
        text = plain(article.reading.text).strip() or "*This article has no text.*"
        await self.body.update(text)
        self.scroll_home(animate=False)

    def refresh_head(self, article: Article, now: datetime) -> None:
        """The page's own headline, authors and dates first; what the feed said where the page is silent."""
        reading = article.reading
        published = iso_date(reading.published, now) or full_date(article.published, now)
        updated = iso_date(reading.updated, now)
        meta = [
            article.feed_title,
            reading.author or article.author or "",
            published,
            f"updated {updated}" if updated and updated != published else "",
        ]
        title = reading.title or article.title or ""
        self.query_one("#article-head", Static).update(
            self._head(title, meta, reading.subtitle, article.url, article.bookmarked))

    @property
    def head_text(self) -> str:
        return str(self.query_one("#article-head", Static).content)

    @property
    def body_text(self) -> str:
        """The text of every Markdown block, as shown (for tests and quote matching)."""
        return "\n".join(str(b.content) for b in self.body.query(MarkdownBlock) if str(b.content))

    def highlight_quote(self, quote: str) -> bool:
        """Scroll to the paragraph that holds `quote` and highlight the quotation; False if not found."""
        if self.quoted is not None and self._original is not None:
            self.quoted.update(self._original)
            self.quoted.remove_class("-quoted")
            self.quoted = None
        words = _WORD.findall(quote)
        if not words:
            return False
        attempts = [words, words[:12], words[:6]] if len(words) > 6 else [words]
        for wanted in attempts:
            pattern = re.compile(r"\W+".join(re.escape(w) for w in wanted), re.IGNORECASE | re.UNICODE)
            for block in self.body.query(MarkdownBlock):
                content = block.content
                if not isinstance(content, Content) or not content.plain:
                    continue
                match = pattern.search(content.plain)
                if match is None:
                    continue
                self.quoted, self._original = block, content
                block.update(content.stylize(".article-view--quote", match.start(), match.end()))
                block.add_class("-quoted")
                # After a refresh: in tabs the article may only now be shown, and not yet laid out.
                self.call_after_refresh(self._scroll_to_quote, block, 5)
                return True
        return False

    def _scroll_to_quote(self, block: MarkdownBlock, tries: int) -> None:
        if block is not self.quoted:
            return
        if (not self.region or not block.region) and tries > 0:
            self.call_after_refresh(self._scroll_to_quote, block, tries - 1)
            return
        self.scroll_to_center(block, animate=False)
