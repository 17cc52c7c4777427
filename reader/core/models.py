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
class LeadImage:
    """The article's lead photo: where it is, and what its caption and credit say."""

    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class LeadPhoto:
    """A lead image made ready to show: a decoded, bounded JPEG on disk, or why it cannot be shown."""

    url: str
    path: str | None = None
    width: int = 0
    height: int = 0
    error: str | None = None


# The reading engine's version: a stored reading made by an older engine is made again when it is next shown.
READING_VERSION = 2


@dataclass(frozen=True)
class Reading:
    """What an article becomes once read: its text, its three panes, and what the page says about itself."""

    text: str  # the body as Markdown, for display (no embeds, figures or bio)
    subtitle: str | None = None  # the dek
    quotes: tuple[Quote, ...] = ()
    reactions: tuple[Reaction, ...] = ()
    author_bio: AuthorBio | None = None
    title: str | None = None  # the page's own headline, when the reading came from a page
    authors: tuple[str, ...] = ()  # the people who wrote it (an organisation only when no person is named)
    published: str | None = None  # ISO 8601 as the page gives it, with its zone when it has one
    updated: str | None = None
    plain: str = ""  # the body as plain text: no Markdown syntax or escapes
    image: LeadImage | None = None
    site_name: str | None = None
    version: int = READING_VERSION

    @property
    def author(self) -> str | None:
        """The byline as one line ("Jane Doe, John Roe")."""
        return ", ".join(self.authors) or None

    @property
    def plain_text(self) -> str:
        """The body as plain text (for readings stored before plain text was kept: their Markdown)."""
        return self.plain or self.text


@dataclass(frozen=True)
class Source:
    """Someone quoted across the library: every role they were given, how often, where, and when last."""

    key: str  # the folded full name that makes them one person across articles
    name: str
    roles: tuple[str, ...]  # each role apart, the most recent first
    quotes: int
    outlets: tuple[str, ...]  # the feeds that quoted them, the most recent first
    last_quoted: datetime | None


@dataclass(frozen=True)
class QuoteHit:
    """One stored quote with the article it is from."""

    text: str
    speaker: str | None
    role: str | None
    article_id: int
    title: str
    feed_title: str
    published: datetime | None
    feed_id: int | None = None


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
    image: str | None = None  # the lead image the feed names (media:content, media:thumbnail, an image enclosure)


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


@dataclass(frozen=True)
class SyncResult:
    """What one sync with the feed server did: the fields of `reader sync --json`.

    pulled: what the pull changed here (feeds made, removed or renamed; new articles; read and bookmark flags set);
    pushed: local changes the server took. error: one line when the sync failed or the server refused a feed.
    """

    service: str | None  # "miniflux" or "greader"; None when sync is not configured
    error: str | None = None
    pulled_feeds: int = 0
    pulled_articles: int = 0
    pulled_states: int = 0
    pushed_read: int = 0
    pushed_unread: int = 0
    pushed_bookmarked: int = 0
    pushed_unbookmarked: int = 0
    subscribed: int = 0
    unsubscribed: int = 0
    requests: int = 0  # HTTP requests to the server
    waiting: int = 0  # of what it was to send (a sync: everything; add/remove: feed operations), still queued

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class SyncStatus:
    """The sync account as the app's feeds pane shows it."""

    service: str  # "miniflux" or "greader"
    server: str  # the server's host (and port)
    last_sync: datetime | None  # when the last complete sync ended
    last_error: str | None  # why the last sync failed, when it did
    waiting: int  # local changes (flags, subscriptions) not yet on the server
