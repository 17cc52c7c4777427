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


_DOCTYPE = re.compile(rb"<!DOCTYPE\b", re.IGNORECASE)
_ELEMENT = re.compile(rb"<[A-Za-z_]")
_DTD_TOKEN = re.compile(rb'"[^"]*"|\'[^\']*\'|<!--.*?-->|[\[\]>]', re.DOTALL)
# Literal general entities only, short, naming no other entity: what real feeds declare ("tag:example.com,").
_SAFE_ENTITY = re.compile(rb'<!ENTITY\s+([A-Za-z_][\w.-]{0,63})\s+"(&#\w{1,8};|[^&%"<]{0,64})"\s*>')


def _neutralize_doctype(data: bytes) -> bytes:
    """Drop the internal DTD subset, keeping only short literal entities; nothing else is ever expanded.

    feedparser strips entity declarations only when each starts a line, so a one-line billion laughs
    reached expat, which expanded it up to its amplification limit (~2 s, 870k callbacks). External
    identifiers stay: neither expat (as feedparser drives it) nor the loose parser ever loads them.
    """
    doctype = _DOCTYPE.search(data)
    if doctype is None or _ELEMENT.search(data, 0, doctype.start()):
        return data  # no DOCTYPE in the prolog
    depth = 0
    subset_start = subset_end = None
    for token in _DTD_TOKEN.finditer(data, doctype.end()):
        mark = token.group()
        if mark == b"[":
            depth += 1
            if depth == 1:
                subset_start = token.start()
        elif mark == b"]" and depth:
            depth -= 1
            if depth == 0:
                subset_end = token.end()
        elif mark == b">" and depth == 0:
            if subset_start is None or subset_end is None:
                return data  # no internal subset: nothing to expand
            safe = b"\n".join(m.group(0) for m in _SAFE_ENTITY.finditer(data, subset_start, subset_end))
            subset = b"[\n" + safe + b"\n]" if safe else b""
            return data[:subset_start] + subset + data[subset_end:]
    return data[: doctype.start()]  # a DOCTYPE that never ends swallows the document: nothing to parse


_PERSON_MAX = 512


def _cap_author_sync(feedparser: Any) -> None:
    """Cap the person string feedparser runs its quadratic e-mail regex over (feedparser#562).

    The byte-level cap above misses names hidden behind CDATA, comments, processing instructions or a
    leading tag (40 KB cost 8-11 s each); this catches every form, because it cuts the decoded value.
    """
    mixin = getattr(getattr(feedparser, "mixin", None), "_FeedParserMixin", None)
    original = getattr(mixin, "_sync_author_detail", None)
    if original is None or getattr(original, "_capped", False):
        return

    def capped(self: Any, key: str = "author") -> Any:
        context = self._get_context()
        value = context.get(key)
        if isinstance(value, str) and len(value) > _PERSON_MAX:
            context[key] = value[:_PERSON_MAX]
        return original(self, key)

    capped._capped = True  # type: ignore[attr-defined]
    mixin._sync_author_detail = capped  # type: ignore[union-attr]


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
    text: str = value
    if "<" in text or "&" in text:
        from html import unescape

        text = unescape(re.sub(r"<[^>]*>", "", text))
    text = " ".join(scrub(text).split())
    return text[:limit] if limit else text


def _content(entry: Any) -> str | None:
    contents = entry.get("content") or []
    best = None
    for item in contents:
        value = item.get("value") if isinstance(item, dict) else None
        if value and (best is None or len(value) > len(best)):
            best = value
    return best


def _join(base: str, link: str) -> str | None:
    """urljoin, except that a malformed link ("http://[::1") is dropped instead of failing the feed."""
    try:
        return urljoin(base, link)
    except ValueError:
        return None


def _openable(link: str, base: str | None) -> bool:
    if link.startswith(("http://", "https://")):
        return True
    # A local feed may link to local pages (the offline demo); a feed from the web never names local files.
    return link.startswith("file://") and bool(base) and str(base).startswith("file://")


def _entry(entry: Any, base: str | None) -> ParsedEntry | None:
    title = _plain(entry.get("title"), _TITLE_MAX)
    link = entry.get("link") or None
    if link and base:
        link = _join(base, link.strip())
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
            _plain(t.get("term"), 200)
            for t in entry.get("tags") or []
            if isinstance(t, dict) and t.get("term")
        ),
    )


def _fast_parse(data: bytes, content_type: str | None) -> Any:
    from reader.core import fastfeed

    try:
        return fastfeed.read(data, content_type, person_max=_PERSON_MAX)
    except Exception:  # a bug in the fast path must not lose a feed: feedparser reads it instead
        return None


def parse_feed(
    data: bytes, url: str | None = None, content_type: str | None = None, *, fast: bool = True
) -> ParsedFeed:
    """Parse feed bytes fetched by our own client. bozo is a warning, not a failure.

    Common well-formed RSS and Atom documents take fastfeed's exact stand-in for feedparser (about ten times
    faster); everything else goes to feedparser. `fast=False` always uses feedparser (tests compare the two).
    """
    if not data or not data.strip():
        raise ParseError("empty document")
    data = _cap_person_fields(_neutralize_doctype(data))
    parsed = _fast_parse(data, content_type) if fast else None
    if parsed is None:
        import feedparser  # deferred: ~130 ms of imports that start-up (and the fast path) never needs

        _cap_author_sync(feedparser)
        # No content-location: feedparser mangles file:// bases (file:///a → file://a); we urljoin ourselves.
        headers: dict[str, str] = {}
        if content_type:
            headers["content-type"] = content_type
        parsed = feedparser.parse(
            data,
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
        site = _join(url, site)
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
