"""The JSON each command prints for scripts (public contract: keep field names stable)."""

from __future__ import annotations

from typing import Any

from reader.cli.output import _iso


def feed_json(feed: Any) -> dict[str, Any]:
    return {
        "id": feed.id,
        "title": feed.title,
        "url": feed.url,
        "site_url": feed.site_url,
        "category": feed.category,
        "unread": feed.unread,
        "total": feed.total,
        "error": feed.error,
        "warning": feed.warning,
    }


def summary_json(a: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "feed": a.feed_title,
        "url": a.url,
        "published": _iso(a.published),
        "read": a.read,
        "bookmarked": a.bookmarked,
    }


def reading_json(reading: Any) -> dict[str, Any]:
    image = reading.image
    return {
        "subtitle": reading.subtitle,
        "updated": reading.updated,
        "site_name": reading.site_name,
        "image": {"url": image.url, "caption": image.caption, "credit": image.credit} if image else None,
        "text": reading.text,
        "plain": reading.plain_text,
        "quotes": [{"text": q.text, "speaker": q.speaker, "role": q.role} for q in reading.quotes],
        "reactions": [
            {
                "platform": r.platform,
                "author": r.author,
                "handle": r.handle,
                "text": r.text,
                "date": r.date,
                "url": r.url,
            }
            for r in reading.reactions
        ],
        "author_bio": (
            {"name": reading.author_bio.name, "text": reading.author_bio.text} if reading.author_bio else None
        ),
    }


def article_json(article: Any) -> dict[str, Any]:
    """A stored article: what the page says first (headline, authors, dates), what the feed said as fallback."""
    reading = article.reading
    data = summary_json(article)
    data["title"] = reading.title or article.title
    data["author"] = reading.author or article.author
    data["authors"] = list(reading.authors) or ([article.author] if article.author else [])
    data["published"] = reading.published or _iso(article.published)
    data.update(reading_json(reading))
    return data


def sync_json(result: Any) -> dict[str, Any]:
    return {
        "service": result.service,
        "status": "ok" if result.ok else "error",
        "error": result.error,
        "pulled": {
            "feeds": result.pulled_feeds,
            "articles": result.pulled_articles,
            "states": result.pulled_states,
        },
        "pushed": {
            "read": result.pushed_read,
            "unread": result.pushed_unread,
            "bookmarked": result.pushed_bookmarked,
            "unbookmarked": result.pushed_unbookmarked,
            "subscribed": result.subscribed,
            "unsubscribed": result.unsubscribed,
        },
    }


def analysis_json(url: str | None, reading: Any) -> dict[str, Any]:
    data = {
        "title": reading.title,
        "author": reading.author,
        "authors": list(reading.authors),
        "published": reading.published,
        "url": url,
    }
    data.update(reading_json(reading))
    return data


def source_json(source: Any) -> dict[str, Any]:
    return {
        "name": source.name,
        "roles": list(source.roles),
        "quotes": source.quotes,
        "outlets": list(source.outlets),
        "last_quoted": _iso(source.last_quoted),
    }


def quote_json(quote: Any) -> dict[str, Any]:
    return {
        "text": quote.text,
        "speaker": quote.speaker,
        "role": quote.role,
        "article": quote.article_id,
        "title": quote.title,
        "feed": quote.feed_title,
        "published": _iso(quote.published),
    }
