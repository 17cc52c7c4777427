"""Stored article → its reading (text, quotes, reactions, bio), made on first use and cached in the library."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.core.models import READING_VERSION, Article, LeadImage, Quote, Reading
from reader.core.safe import scrub, strip_tags
from reader.core.storage import Storage, StoredArticle, reading_from_json

if TYPE_CHECKING:
    from reader.core.fetch import FetchResult

__all__ = ["MAX_READING_CHARS", "PageFetcher", "quotes_of", "read_article"]

# Reading costs ~2-3 s per MB of item HTML (quotes, the document walk); no news story is longer than this, and a
# hostile 20 MB item must not keep `show` busy for a minute. The cut is said at the end of the text.
MAX_READING_CHARS = 512 * 1024

PageFetcher = Callable[[str], "FetchResult"]  # raises LibraryError when the page cannot be had


def read_article(storage: Storage, article_id: int, fetch: PageFetcher, *, fetch_page: bool = True) -> Article | None:
    """The whole article with its reading, made (and stored) on first use.

    A summary-only item's web page is fetched once; `show` never refetches after that.
    """
    stored = storage.article(article_id)
    if stored is None:
        return None
    cached: Reading | None = None
    if stored.reading_json:
        with contextlib.suppress(ValueError, TypeError, KeyError):  # a damaged reading is made again
            cached = reading_from_json(stored.reading_json)
        # An older engine's reading is made again, unless it is a bookmark whose feed is gone: that one keeps
        # the reading its reader saved.
        if cached is not None and (cached.version >= READING_VERSION or stored.summary.feed_id is None):
            return _article(stored, cached)
    reading, final = _make_reading(storage, stored, fetch, fetch_page=fetch_page)
    if final:
        storage.save_reading(article_id, reading)
    elif cached is not None:
        reading = cached  # an older engine's reading beats a worse one made offline
    return _article(stored, reading)


def quotes_of(storage: Storage, article_id: int) -> tuple[tuple[Quote, ...], int] | None:
    """An article's quotes and the engine version that found them, for the quote index (never stored as a reading).

    The cached reading's when it is current; otherwise the article is read again from what the feed gave, with no
    page fetched (the background never goes to the network; opening the article later stores the page's quotes).
    None when the article is gone.
    """
    stored = storage.article(article_id)
    if stored is None:
        return None
    if stored.reading_json:
        with contextlib.suppress(ValueError, TypeError, KeyError):
            cached = reading_from_json(stored.reading_json)
            if cached.version >= READING_VERSION or stored.summary.feed_id is None:
                return cached.quotes, READING_VERSION

    def no_fetch(url: str) -> FetchResult:
        raise AssertionError("the quote index never fetches")

    reading, _ = _make_reading(storage, stored, no_fetch, fetch_page=False)
    return reading.quotes, READING_VERSION


def _with_feed_image(stored: StoredArticle, reading: Reading) -> Reading:
    """The lead image, in the order a page's own metadata, the feed's media, the body's first figure.

    A page reading (it has the page's headline) keeps the image its metadata names; an item's first figure gives
    way to the image the feed names for it, keeping the figure's caption and credit when both are the same picture.
    """
    url = stored.image_url
    if not url:
        return reading
    image = reading.image
    if image is not None and (reading.title is not None or image.url == url):
        return reading
    return replace(reading, image=LeadImage(url=url))


def _article(stored: StoredArticle, reading: Reading) -> Article:
    reading = _with_feed_image(stored, reading)
    s = stored.summary
    return Article(
        id=s.id,
        feed_id=s.feed_id,
        feed_title=s.feed_title,
        title=s.title,
        url=s.url,
        author=s.author,
        published=s.published,
        read=s.read,
        bookmarked=s.bookmarked,
        reading=reading,
    )


def _cut_reading(analyze: Callable[..., Reading], content: str | None, summary: str | None,
                 **fields: str | None) -> Reading:
    reading = analyze(
        content[:MAX_READING_CHARS] if content else content,
        summary[:MAX_READING_CHARS] if summary else summary,
        **fields,
    )
    note = f"(The rest of this item was not read: it is longer than {MAX_READING_CHARS // 1024} KB.)"
    return replace(reading, text=f"{reading.text}\n\n{note}".strip(), plain=f"{reading.plain}\n\n{note}".strip())


def _make_reading(
    storage: Storage, stored: StoredArticle, fetch: PageFetcher, *, fetch_page: bool
) -> tuple[Reading, bool]:
    """(reading, final): not final when the page should have been fetched and could not be."""
    try:
        return _read(storage, stored, fetch, fetch_page=fetch_page)
    except Exception:
        # Hostile content must never make an article unreadable: its plain words, not stored, so
        # a later (fixed) reading pipeline gets another chance.
        words = " ".join(scrub(strip_tags(stored.content_html or stored.summary_html)).split())
        return Reading(text=words, plain=words), False


def _read(storage: Storage, stored: StoredArticle, fetch: PageFetcher, *, fetch_page: bool) -> tuple[Reading, bool]:
    from reader.core.article import analyze_item, analyze_page, is_summary_only
    from reader.core.fetch import decode_html
    from reader.core.library import LibraryError

    content, summary = stored.content_html, stored.summary_html
    s = stored.summary
    url, author, title = s.url, s.author, s.title
    published = s.published.isoformat() if s.published else None  # the feed's date, for a page that has none
    if len(content or "") > MAX_READING_CHARS or len(summary or "") > MAX_READING_CHARS:
        return _cut_reading(
            analyze_item, content, summary, title=title, author=author, url=url, published=published
        ), True
    if is_summary_only(content, summary) and url and fetch_page and _may_fetch_page(storage, url, s.feed_id):
        try:
            fetched = fetch(url)
            page = analyze_page(
                decode_html(fetched.content, fetched.content_type),
                url=fetched.url,
                author=author,
                title=title,
                published=published,
            )
            if page.text.strip():
                return page, True
        except LibraryError:
            return analyze_item(content, summary, title=title, author=author, url=url, published=published), False
        except Exception:
            pass
    return analyze_item(content, summary, title=title, author=author, url=url, published=published), True


def _may_fetch_page(storage: Storage, url: str, feed_id: int | None) -> bool:
    # A local page is read only for a local feed: a feed from the web never makes us read a local file.
    if url.startswith(("http://", "https://")):
        return True
    if url.startswith("file://") and feed_id is not None:
        feed = storage.feed(feed_id)
        return feed is not None and feed.url.startswith("file://")
    return False
