"""Scrubbing of control characters from untrusted text before it is stored, shown or printed."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# the implicit bidi marks, and the line/paragraph separators some terminals treat as newlines.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")


def scrub(text: str) -> str:
    """Remove every character that could move the cursor, talk to the terminal or reorder text.

    A carriage return becomes a newline (CRLF a single one) so that Windows text keeps its lines.
    """
    if not text:
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub("", text)


def one_line(value: str | BaseException | None, limit: int | None = None) -> str:
    """Untrusted text, or an exception's message, on one line: scrubbed, whitespace collapsed, at most `limit`."""
    text = (" ".join(str(value).split()) or type(value).__name__) if isinstance(value, BaseException) else value or ""
    line = " ".join(scrub(text).split())
    return line if limit is None or len(line) <= limit else line[: limit - 1] + "…"


def scrub_deep(value: Any) -> Any:
    """Scrub every string inside dicts, lists and tuples (for JSON output)."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {scrub(str(k)): scrub_deep(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_deep(v) for v in value]
    return value


def is_safe(text: str) -> bool:
    return _UNSAFE.search(text) is None


_OPENABLE_SCHEMES = ("http", "https", "mailto")
# Whitespace and controls anywhere in a URL are how "java\tscript:" and " javascript:" slip past checks.
_URL_BREAKERS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\\]")


def is_openable_url(url: str) -> bool:
    """Whether a link may be handed to a browser: http(s) with a host, or mailto with an address.

    Strict on purpose: no whitespace, control, bidi character or backslash anywhere, so that no trick
    (a leading space, mixed case, a tab inside the scheme, backslashes for slashes) passes one scheme
    off as another. javascript:, file:, data:, vbscript:, ftp: and relative links are never openable.
    """
    if not isinstance(url, str) or not url or len(url) > 8192:
        return False
    if _URL_BREAKERS.search(url) or not is_safe(url):
        return False
    scheme, sep, rest = url.partition(":")
    scheme = scheme.lower()
    if not sep or not scheme.isascii() or scheme not in _OPENABLE_SCHEMES:
        return False
    if scheme == "mailto":
        return bool(rest)
    if not rest.startswith("//"):
        return False
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return bool(host)


_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)


def strip_tags(html: str | None) -> str:
    """An HTML snippet's words, cheaply: tags, scripts and styles dropped, entities decoded, at most 2 MB read.

    For counting and indexing, not display: whitespace stays as it comes and nothing is scrubbed.
    """
    if not html:
        return ""
    from html import unescape

    return unescape(_TAGS.sub(" ", html[:2_000_000]))
