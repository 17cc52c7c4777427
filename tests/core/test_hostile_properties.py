"""Hypothesis over the control-character scrub and the CLI's text renderers, fed hostile text."""

from __future__ import annotations

import contextlib
import io
import json
import re
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli.article_text import article_markdown, render_article
from reader.cli.json_shapes import article_json
from reader.cli.output import out, out_json
from reader.core.models import Article, AuthorBio, LeadImage, Quote, Reaction, Reading
from reader.core.safe import is_safe, scrub, scrub_deep

# The test's own list of what a terminal would act on, so a gap in safe.py cannot hide itself.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

PIECES = [
    "[",
    "]",
    "[/]",
    "x[/",
    "[@click=app.quit]",
    "[link=https://evil.example]x[/link]",
    "[bold red]x[/]",
    "[on red]",
    "[$accent]",
    "$text",
    "[@click=screen.dismiss('x')]",
    "\\",
    "\\[",
    "\\\\",
    "*",
    "_",
    "`",
    "#",
    "<",
    ">",
    "&",
    "&amp;",
    "&#x1b;",
    "\x1b[2J",
    "\x1b]52;c;cm0gLXJmIH4=\x07",
    "\x1b]8;;https://evil\x1b\\",
    "\x00",
    "\x07",
    "\x08",
    "\r",
    "\r\n",
    "\n",
    "\t",
    "\x0b",
    "\x0c",
    "\x7f",
    "\x85",
    "\x9b",
    "\x9c",
    "\x9d",
    "\u061c",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200b",
    "\u200d",
    "\u00a0",
    "\u3000",
    "e\u0301",
    "a\u0336\u0336\u0336",
    "\u20dd",
    "\u0489" * 5,
    "字",
    "한국어",
    "ｗｉｄｅ",
    "🎉",
    "👩\u200d👩\u200d👧",
    "\U0001f1fa\U0001f1f8",
    "\ufe0f",
    "\U0010ffff",
    "\ud7ff",
]
hostile_text = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.text(max_size=20),
        st.integers(min_value=200, max_value=3000).map(lambda n: "long " * (n // 5)),  # long lines
        st.integers(min_value=1, max_value=400).map(lambda n: "[" * n + "]" * (n // 2)),
    ),
    max_size=30,
).map("".join)
maybe_text = st.one_of(st.none(), hostile_text)


def printable(text: str) -> list[str]:
    return [c for c in text if c.isprintable() or c in "\n\t"]


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_scrub_is_safe_idempotent_and_keeps_every_printable_character(text: str) -> None:
    out = scrub(text)
    assert is_safe(out)
    assert UNSAFE.search(out) is None
    assert scrub(out) == out
    # Every printable character, newline and tab survives, in order; a carriage return becomes a newline.
    assert printable(out) == printable(text.replace("\r\n", "\n").replace("\r", "\n"))
    # Nothing is added.
    assert len(out) <= len(text)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.one_of(hostile_text, st.integers(), st.none(), st.booleans()),
        lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(hostile_text, kids, max_size=4)),
        max_leaves=12,
    )
)
def test_scrub_deep_leaves_no_unsafe_string_anywhere(value: Any) -> None:
    dumped = json.dumps(scrub_deep(value), ensure_ascii=False)
    assert UNSAFE.search(dumped) is None
    assert all(UNSAFE.search(s) is None for s in _strings(json.loads(dumped)))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


readings = st.builds(
    Reading,
    text=hostile_text,
    subtitle=maybe_text,
    quotes=st.lists(st.builds(Quote, text=hostile_text, speaker=maybe_text, role=maybe_text), max_size=3).map(tuple),
    reactions=st.lists(
        st.builds(
            Reaction,
            platform=st.sampled_from(["x", "bluesky", "mastodon", "[@click=app.quit]"]),
            author=maybe_text,
            handle=maybe_text,
            text=maybe_text,
            date=maybe_text,
            url=maybe_text,
        ),
        max_size=3,
    ).map(tuple),
    author_bio=st.one_of(st.none(), st.builds(AuthorBio, name=maybe_text, text=hostile_text)),
    title=maybe_text,
    authors=st.lists(hostile_text, max_size=2).map(tuple),
    published=maybe_text,
    updated=maybe_text,
    plain=hostile_text,
    image=st.one_of(st.none(), st.builds(LeadImage, url=hostile_text, caption=maybe_text, credit=maybe_text)),
    site_name=maybe_text,
)
articles = st.builds(
    Article,
    id=st.integers(min_value=1, max_value=10**9),
    feed_id=st.one_of(st.none(), st.integers(min_value=1, max_value=1000)),
    feed_title=hostile_text,
    title=hostile_text,
    url=maybe_text,
    author=maybe_text,
    published=st.one_of(
        st.none(), st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
    ),
    read=st.booleans(),
    bookmarked=st.booleans(),
    reading=readings,
)


def printed(text: str) -> str:
    """What the CLI's `out` writes for this text."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        out(text)
    return buffer.getvalue()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles)
def test_show_text_renders_anything_safely_and_literally(article: Article) -> None:
    meta = [article.feed_title, article.author or "", article.url or ""]
    shown = printed(render_article(article.title, meta, article.reading))
    assert UNSAFE.search(shown) is None
    # Markup and backslashes print exactly as written (only unsafe characters are gone).
    assert scrub(article.title) in shown
    body = article.reading.plain_text.strip()
    assert scrub(body) in shown or not body
    for quote in article.reading.quotes:
        assert scrub(quote.text) in shown


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles)
def test_bookmarks_markdown_renders_anything_safely_and_literally(article: Article) -> None:
    shown = printed(article_markdown(article))
    assert UNSAFE.search(shown) is None
    assert scrub(f"## {article.title}") in shown
    if article.url:
        assert scrub(article.url) in shown


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles)
def test_show_json_is_safe_once_decoded_and_keeps_markup(article: Article) -> None:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        out_json(article_json(article))
    data = json.loads(buffer.getvalue())
    assert all(UNSAFE.search(s) is None for s in _strings(data))
    assert data["title"] == scrub(article.reading.title or article.title)
    assert data["text"] == scrub(article.reading.text)
    assert data["plain"] == scrub(article.reading.plain_text)
    assert set(data) >= {"title", "author", "published", "url", "subtitle", "text", "quotes", "reactions", "author_bio"}
