"""Frozen dataclasses shared by the core, the CLI and the TUI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who said it."""

    text: str
    speaker: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Reaction:
    """A social post embedded in an article."""

    platform: str  # "x", "bluesky", "mastodon", "instagram", "threads", "tiktok", "facebook", "youtube"
    author: str | None = None
    handle: str | None = None
    text: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class AuthorBio:
    """Who wrote the article."""

    name: str | None
    text: str


@dataclass(frozen=True)
class Reading:
    """What an article becomes once read: Markdown text and its three panes."""

    text: str
    subtitle: str | None = None
    quotes: tuple[Quote, ...] = ()
    reactions: tuple[Reaction, ...] = ()
    author_bio: AuthorBio | None = None
    title: str | None = None  # a page's own headline, when the reading came from a page
    author: str | None = None  # a page's own byline, when the feed had none


@dataclass(frozen=True)
class ParsedEntry:
    """One item of a parsed feed, before storage."""

    key: str  # identity: guid, else link, else a content hash
    title: str
    url: str | None
    author: str | None
    published: datetime | None
    updated: datetime | None
    summary: str | None  # HTML or text of <description>/<summary>
    content: str | None  # HTML of content:encoded / <content>, when the feed has full text


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed document."""

    title: str
    site_url: str | None
    entries: tuple[ParsedEntry, ...]
    warning: str | None = None  # what was malformed (bozo), said plainly


@dataclass(frozen=True)
class Feed:
    """A subscription, as stored."""

    id: int
    url: str
    title: str
    site_url: str | None = None
    category: str | None = None
    error: str | None = None
    warning: str | None = None
    unread: int = 0
    total: int = 0
    gone: bool = False
    last_checked: datetime | None = None
    retry_after: datetime | None = None


@dataclass(frozen=True)
class ArticleSummary:
    """One row of an article list: cheap to load by the thousand."""

    id: int
    feed_id: int | None
    feed_title: str
    title: str
    url: str | None
    author: str | None
    published: datetime | None
    read: bool
    bookmarked: bool


@dataclass(frozen=True)
class Article:
    """A whole stored article with its reading."""

    id: int
    feed_id: int | None
    feed_title: str
    title: str
    url: str | None
    author: str | None
    published: datetime | None
    read: bool
    bookmarked: bool
    reading: Reading = field(default_factory=lambda: Reading(text=""))


RefreshStatus = Literal["ok", "not_modified", "error", "skipped"]


@dataclass(frozen=True)
class RefreshResult:
    """The outcome of refreshing one feed."""

    feed_id: int
    feed_url: str
    feed_title: str
    status: RefreshStatus
    new: int = 0
    error: str | None = None
