"""The typed records sync backends return and take: remote feeds, entries, states, pull pages, state changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from reader.core.models import ParsedEntry

Attribute = Literal["read", "starred"]
TITLE_MAX = 1000  # characters of a title the library keeps (as the feed parser does)
AUTHOR_MAX = 300


@dataclass(frozen=True)
class RemoteFeed:
    """A subscription on the server."""

    remote_id: str  # Miniflux: the feed id ("42"); Google Reader: the stream id ("feed/42")
    url: str  # the feed's own address
    title: str
    site_url: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class RemoteState:
    """What the server says about one entry's read and starred flags.

    A flag is None when this pull says nothing about it (it did not change). changed_at is the server's time
    (UTC) of a change to the entry: Miniflux gives the entry's last change of either flag; for the Google
    Reader API it is a lower bound, the start of the previous pull (the change happened after it); None when
    the protocol says nothing about when.
    """

    remote_id: str  # the entry's id on the server, in decimal
    read: bool | None = None
    starred: bool | None = None
    changed_at: datetime | None = None


@dataclass(frozen=True)
class RemoteEntry:
    """An entry on the server, with its content and its state."""

    remote_id: str  # decimal
    feed_id: str  # a RemoteFeed.remote_id
    title: str
    url: str | None
    author: str | None
    published: datetime | None
    content_html: str  # the HTML the server holds (may be only a summary: the reading then fetches the page)
    summary_html: str | None  # a separate summary, when the server keeps one apart from the content
    read: bool
    starred: bool
    changed_at: datetime | None = None  # as in RemoteState

    @property
    def state(self) -> RemoteState:
        return RemoteState(self.remote_id, read=self.read, starred=self.starred, changed_at=self.changed_at)

    def as_parsed(self) -> ParsedEntry:
        """The entry as a feed item, for the same storage and the same reading as items fetched directly.

        Miniflux keeps one HTML field for an item's content or, when the feed had none, its description. A short
        or truncated one is stored as the summary, as the feed parser would have: the reading then fetches the
        article's page, as it does for a summary-only item of a feed fetched here.
        """
        from reader.core.models import ParsedEntry

        content: str | None = self.content_html or None
        summary = self.summary_html or None
        if summary is not None and content is not None and summary.strip() == content.strip():
            summary = None
        if summary is None and content is not None and _short(content):
            content, summary = None, content
        return ParsedEntry(
            key=f"sync:{self.remote_id}",
            title=self.title or "(untitled)",
            url=self.url,
            author=self.author,
            published=self.published,
            updated=None,
            summary=summary,
            content=content,
        )


@dataclass(frozen=True)
class PullPage:
    """One step of a pull, to be stored in one transaction; the last page carries the next cursor."""

    feeds: tuple[RemoteFeed, ...] | None = None  # the whole subscription list (on one page), or None
    entries: tuple[RemoteEntry, ...] = ()  # new or changed entries, with their state
    states: tuple[RemoteState, ...] = ()  # state changes of entries already pulled before
    cursor: str | None = None  # on the last page only: save it once every page is stored
    done: int = 0  # progress: entries and states pulled so far in this pull
    total: int | None = None  # how many the pull expects, when the server says

    def all_states(self) -> Iterator[RemoteState]:
        for entry in self.entries:
            yield entry.state
        yield from self.states


@dataclass(frozen=True)
class StateChange:
    """One flag to set: entry remote_id's read or starred flag becomes value."""

    remote_id: str
    attribute: Attribute
    value: bool


# A summary is a few sentences (the reading's test is under 80 words, or cut off with "…"); an item of this many
# words is an article whatever its ending, and its test is skipped: it costs ~0.4 ms on a 5 KB item, half of a
# first sync's CPU time.
_ARTICLE_WORDS = 400


def _short(html: str) -> bool:
    """Whether a server's one HTML field looks like a feed's summary rather than the article."""
    from reader.core.article import is_summary_only
    from reader.core.safe import strip_tags

    if len(strip_tags(html).split()) >= _ARTICLE_WORDS:
        return False
    return is_summary_only(None, html)
