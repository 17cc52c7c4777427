"""Hypothesis: the widgets that show feed text, mounted with random hostile text, never crash or act on it."""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

pytest.importorskip("reader.widgets.article_list", reason="the TUI widgets are not there yet")

from textual.app import App, ComposeResult  # noqa: E402
from textual.containers import Horizontal, Vertical  # noqa: E402

from reader.core.library import Library, make_library  # noqa: E402
from reader.core.models import Article, AuthorBio, ParsedEntry, ParsedFeed, Quote, Reaction, Reading  # noqa: E402
from reader.core.storage import Storage
from reader.services import Services  # noqa: E402
from reader.widgets.article_list import ArticleList  # noqa: E402
from reader.widgets.article_view import ArticleView  # noqa: E402
from reader.widgets.author_pane import AuthorPane  # noqa: E402
from reader.widgets.feed_list import FeedList  # noqa: E402
from reader.widgets.quotes_pane import QuotesPane  # noqa: E402
from reader.widgets.reactions_pane import ReactionsPane  # noqa: E402
from tests.core.test_hostile_properties import UNSAFE, hostile_text  # noqa: E402

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class Harness(App[None]):
    """Every feed-text widget on one screen, each in a fixed share of it (so each can be clicked)."""

    CSS = """
    Horizontal > * { width: 1fr; height: 100%; }
    Vertical > * { height: 1fr; }
    """

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.services = Services(library)

    def on_mount(self) -> None:
        self.services.start()

    def on_unmount(self) -> None:
        self.services.close()

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield FeedList(id="feeds")
            yield ArticleList(self.services, lambda: NOW, id="articles")
            yield ArticleView(id="view")
            with Vertical():
                yield QuotesPane(id="quotes")
                yield ReactionsPane(id="reactions")
                yield AuthorPane(id="author")


def library_with(path: Path, titles: list[str], authors: list[str], feed_title: str) -> Library:
    storage = Storage(path)
    feed_id, _ = storage.add_feed("https://news.example/feed", feed_title)
    entries = tuple(
        ParsedEntry(
            key=f"k{i}",
            title=title or "x",
            url=f"https://news.example/{i}",
            author=authors[i % len(authors)] if authors else None,
            published=NOW,
            updated=None,
            summary=None,
            content=f"<p>{i}</p>",
        )
        for i, title in enumerate(titles)
    )
    storage.store_feed(
        feed_id, ParsedFeed(title=feed_title, site_url=None, entries=entries), etag=None, last_modified=None
    )
    storage.close()
    return make_library(path)


async def exercise(library: Library, article: Article) -> None:
    app = Harness(library)
    async with app.run_test(size=(160, 40)) as pilot:
        app.query_one(FeedList).set_feeds(library.feeds(), bookmarks=1)
        app.query_one(ArticleList).show()
        await app.query_one(ArticleView).show(article, NOW)
        app.query_one(QuotesPane).show(article.reading.quotes)
        app.query_one(ReactionsPane).show(article.reading.reactions)
        app.query_one(AuthorPane).show(article.reading.author_bio)
        await pilot.pause()
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        for line in lines:
            assert UNSAFE.search(line) is None, line
        actions = [
            str(seg.style.meta["@click"])
            for strip in app.screen._compositor.render_strips()
            for seg in strip
            if seg.style and "@click" in seg.style.meta
        ]
        assert actions == [], actions  # feed text made nothing clickable
        await pilot.click("#view")  # the title's line: if its markup were live, app.quit would end the app here
        await pilot.click("#articles")
        await pilot.press("down", "end")
        await pilot.pause()
        assert app.is_running and app.return_code is None


maybe = st.one_of(st.none(), hostile_text)
readings = st.builds(
    Reading,
    text=hostile_text,
    subtitle=maybe,
    quotes=st.lists(st.builds(Quote, text=hostile_text, speaker=maybe, role=maybe), max_size=3).map(tuple),
    reactions=st.lists(
        st.builds(
            Reaction,
            platform=st.sampled_from(["x", "bluesky", "[@click=app.quit]"]),
            author=maybe,
            handle=maybe,
            text=maybe,
            date=maybe,
            url=maybe,
        ),
        max_size=2,
    ).map(tuple),
    author_bio=st.one_of(st.none(), st.builds(AuthorBio, name=maybe, text=hostile_text)),
)


# No shrinking: each example starts an app, and a failure is better reported at once than minimised for minutes.
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(
    titles=st.lists(hostile_text, min_size=1, max_size=30),
    authors=st.lists(hostile_text, max_size=3),
    feed_title=hostile_text,
    title=hostile_text,
    url=maybe,
    reading=readings,
)
def test_widgets_show_random_hostile_text_without_crashing(
    titles: list[str], authors: list[str], feed_title: str, title: str, url: str | None, reading: Reading
) -> None:
    article = Article(
        id=1,
        feed_id=1,
        feed_title=feed_title,
        title=title,
        url=url,
        author=authors[0] if authors else None,
        published=NOW,
        read=False,
        bookmarked=True,
        reading=reading,
    )
    with tempfile.TemporaryDirectory(prefix="widgets-") as tmp:
        library = library_with(Path(tmp) / "lib.sqlite", titles, authors, feed_title or "Feed")
        try:
            asyncio.run(exercise(library, article))
        finally:
            library.close()
