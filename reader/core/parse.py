"""The only feedparser import: feed bytes → our ParsedFeed, never feedparser's objects."""

from __future__ import annotations

import calendar
import hashlib
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from reader.core.models import ParsedEntry, ParsedFeed
from reader.core.safe import scrub

# feedparser#562: a long <author> (or other person field) makes its parsing quadratic; names are short.
_LONG_PERSON = re.compile(
    rb"(<(?P<tag>(?:[\w-]+:)?(?:author|name|email|creator|contributor|managingEditor|webMaster))\b[^>]*>)"
    rb"(?P<body>[^<]{2048,})",
    re.IGNORECASE,
)
_TITLE_MAX = 1000
_EMAIL_NAME = re.compile(r"^[^\s@()]+@[^\s@()]+\s*\((.+)\)$")


class ParseError(Exception):
    """The bytes are not a feed (an HTML page, an empty or undecodable document)."""


def _cap_person_fields(data: bytes) -> bytes:
    return _LONG_PERSON.sub(lambda m: m.group(1) + m.group("body")[:256], data)


def _time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _plain(value: Any, limit: int | None = None) -> str:
    """A single-line plain string from a feed field (titles may carry tags or entities)."""
    if not isinstance(value, str):
        return ""
    if "<" in value or "&" in value:
        from html import unescape

        value = unescape(re.sub(r"<[^>]*>", "", value))
    value = " ".join(scrub(value).split())
    return value[:limit] if limit else value


def _content(entry: Any) -> str | None:
    contents = entry.get("content") or []
    best = None
    for item in contents:
        value = item.get("value") if isinstance(item, dict) else None
        if value and (best is None or len(value) > len(best)):
            best = value
    return best


def _openable(link: str, base: str | None) -> bool:
    if link.startswith(("http://", "https://")):
        return True
    # A local feed may link to local pages (the offline demo); a feed from the web never names local files.
    return link.startswith("file://") and bool(base) and str(base).startswith("file://")


def _entry(entry: Any, base: str | None) -> ParsedEntry | None:
    title = _plain(entry.get("title"), _TITLE_MAX)
    link = entry.get("link") or None
    if link and base:
        link = urljoin(base, link.strip())
    if link and not _openable(link, base):
        link = None  # e.g. feedparser copies a `tag:` id into link when an entry has none
    summary = entry.get("summary") or entry.get("description") or None
    content = _content(entry)
    if content and summary and content.strip() == summary.strip():
        summary = None
    guid = entry.get("id") or None
    if guid:
        key = "guid:" + guid.strip()[:2000]
    elif link:
        key = "link:" + link
    else:
        digest = hashlib.sha256(f"{title}\0{summary or ''}\0{content or ''}".encode("utf-8", "replace"))
        key = "hash:" + digest.hexdigest()
    if not title and not summary and not content and not link:
        return None
    author = _plain(entry.get("author"), 300) or None
    if author:
        # RSS <author> is "email (Name)"; a reader wants the name (feedparser's own split garbles some TLDs).
        match = _EMAIL_NAME.match(author)
        author = match.group(1).strip() if match else author
    return ParsedEntry(
        key=key,
        title=title or "(untitled)",
        url=scrub(link) if link else None,
        author=author,
        published=_time(entry.get("published_parsed")) or _time(entry.get("updated_parsed")),
        updated=_time(entry.get("updated_parsed")),
        summary=summary,
        content=content,
        categories=tuple(
            _plain(t.get("term"), 200) for t in entry.get("tags") or [] if isinstance(t, dict) and t.get("term")
        ),
    )


def parse_feed(data: bytes, url: str | None = None, content_type: str | None = None) -> ParsedFeed:
    """Parse feed bytes fetched by our own client. bozo is a warning, not a failure."""
    import feedparser  # deferred: ~60 ms of imports that start-up never needs

    if not data or not data.strip():
        raise ParseError("empty document")
    # No content-location: feedparser mangles file:// bases (file:///a → file://a); we urljoin ourselves.
    headers: dict[str, str] = {}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(
        _cap_person_fields(data),
        response_headers=headers,
        sanitize_html=False,  # we never render HTML, and the sanitizer strips the embeds we read
        resolve_relative_uris=False,  # ~half of feedparser's time; we resolve what we use
    )
    version = parsed.get("version") or ""
    feed = parsed.get("feed") or {}
    entries = [e for e in (_entry(x, url) for x in parsed.get("entries") or []) if e is not None]
    if not version and not entries:
        reason = _bozo_reason(parsed) if parsed.get("bozo") else None
        raise ParseError("not a feed" + (f" ({reason})" if reason else ""))
    site = feed.get("link") or None
    if site and url:
        site = urljoin(url, site)
    warning = _bozo_reason(parsed) if parsed.get("bozo") else None
    return ParsedFeed(
        title=_plain(feed.get("title"), _TITLE_MAX) or (url or "Untitled feed"),
        site_url=scrub(site) if site else None,
        entries=tuple(entries),
        warning=warning,
    )


def _bozo_reason(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    text = " ".join(str(exc).split()) if exc else "malformed feed"
    return scrub(text)[:300]
