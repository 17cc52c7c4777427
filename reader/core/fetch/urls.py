"""What a user typed, made a URL (paths become file:// URLs), and the host a URL's requests go to."""

from __future__ import annotations

import os
import re
from urllib.parse import unquote, urlsplit

from reader.core.fetch.errors import FetchError


def host_of(url: str) -> str:
    """The host a URL's requests go to (lower-cased, with its port), '' for local files and oddities."""
    try:
        parts = urlsplit(url)
        return (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    except ValueError:
        return ""


_SCHEME_WITH_AUTHORITY = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_SCHEME_OPAQUE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_HOST_LIKE = re.compile(
    r"^(?:localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|\[[0-9A-Fa-f:.]+\])(?::\d+)?(?=[/?#]|$)"
)
# A bare "feed.xml" that does not exist is a missing file, not a host called feed.xml.
_FILE_SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".opml", ".html", ".htm", ".json", ".txt")


def normalize_url(url_or_path: str) -> str:
    """Turn what a user typed into a URL: explicit schemes are kept, paths become file:// URLs.

    A path is anything starting with /, ~ or ./, or anything that exists on disk. Otherwise something
    that looks like a host ("example.com/feed", "localhost:8080") gets https://, as do feed://host and
    feed:https://host. Opaque schemes (javascript:, data:, mailto:) are returned as they are, for
    fetch() to refuse with a clear message.
    """
    text = url_or_path.strip()
    if not text:
        raise FetchError("empty URL")
    if text[:5].lower() == "feed:":  # the old feed: pseudo-scheme browsers still hand out
        rest = text[5:]
        text = rest if _SCHEME_WITH_AUTHORITY.match(rest) else "https:" + rest
    if _SCHEME_WITH_AUTHORITY.match(text):
        return text
    expanded = os.path.expanduser(text)
    if text.startswith(("/", "~", "./", "../")) or os.path.exists(expanded):
        return _path_to_uri(expanded)
    host = _HOST_LIKE.match(text)
    if host and not (host.end() == len(text) and text.lower().endswith(_FILE_SUFFIXES)):
        return "https://" + text
    opaque = _SCHEME_OPAQUE.match(text)
    if opaque and len(opaque.group(1)) > 1:  # one letter is a Windows drive, not a scheme
        return text
    return _path_to_uri(expanded)


def is_local(url: str) -> bool:
    """True when normalize_url would read this from disk rather than the network."""
    try:
        return urlsplit(normalize_url(url)).scheme == "file"
    except (FetchError, ValueError):
        return False


def _path_to_uri(path: str) -> str:
    from pathlib import Path

    return Path(os.path.abspath(path)).as_uri()


def _uri_to_path(url: str) -> str:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise FetchError(f"unsupported file URL with a host: {url}")
    return unquote(parts.path)
