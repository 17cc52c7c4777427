"""What rows become: the stored article, an article's summary, a reading as JSON, and times as the file keeps them."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from reader.core.models import ArticleSummary, AuthorBio, LeadImage, Quote, Reaction, Reading


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _instant() -> str:
    """Now to the microsecond, UTC, for a change queued for the server: sync compares our times of change with the
    server's, and a second lost to rounding would let the earlier change win."""
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class StoredArticle:
    """An article row as the reading cache needs it (core-internal: the UI and CLI get Article)."""

    summary: ArticleSummary
    summary_html: str | None  # the feed's <description>/<summary>
    content_html: str | None  # the feed's full text, when it had one
    reading_json: str | None  # the cached reading, when the article was read before
    image_url: str | None = None  # the lead image the feed named for it (media:content, an enclosure)


_SUMMARY_COLUMNS = (
    "a.id, a.feed_id, a.feed_title, a.title, a.url, a.author, a.published, a.read, a.bookmarked"
)


def _summary(row: sqlite3.Row) -> ArticleSummary:
    return ArticleSummary(
        id=row["id"],
        feed_id=row["feed_id"],
        feed_title=row["feed_title"],
        title=row["title"],
        url=row["url"],
        author=row["author"],
        published=_dt(row["published"]),
        read=bool(row["read"]),
        bookmarked=bool(row["bookmarked"]),
    )


def reading_to_json(reading: Reading) -> str:
    return json.dumps(asdict(reading), ensure_ascii=False)


def reading_from_json(text: str) -> Reading:
    data = json.loads(text)
    bio = data.get("author_bio")
    image = data.get("image")
    authors = data.get("authors")
    if authors is None:  # stored before co-authors were kept apart
        authors = [data["author"]] if data.get("author") else []
    return Reading(
        text=data.get("text") or "",
        subtitle=data.get("subtitle"),
        quotes=tuple(Quote(**q) for q in data.get("quotes") or ()),
        reactions=tuple(Reaction(**r) for r in data.get("reactions") or ()),
        author_bio=AuthorBio(**bio) if bio else None,
        title=data.get("title"),
        authors=tuple(authors),
        published=data.get("published"),
        updated=data.get("updated"),
        plain=data.get("plain") or "",
        image=LeadImage(**image) if image else None,
        site_name=data.get("site_name"),
        version=data.get("version") or 1,
    )
