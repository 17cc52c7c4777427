"""Values on the wire: server timestamps as aware UTC datetimes, server text as safe plain lines, and entry-id
sets packed small for cursors."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from reader.core.safe import scrub, strip_tags

_FRACTION = re.compile(r"(\.\d{6})\d+")
_EPOCH_FLOOR = datetime(1971, 1, 1, tzinfo=UTC)  # Go's zero time and other placeholders are "no date"


def parse_time(value: object) -> datetime | None:
    """An RFC 3339 string (Go writes up to nanoseconds) or Unix seconds as an aware UTC datetime, else None."""
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            when = datetime.fromtimestamp(float(value), UTC)
        elif isinstance(value, str) and value:
            when = datetime.fromisoformat(_FRACTION.sub(r"\1", value.strip()))
            when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
        else:
            return None
    except (ValueError, OverflowError, OSError):
        return None
    return when if when >= _EPOCH_FLOOR else None


def plain(value: object, limit: int) -> str:
    """A server's title or name as one safe line: tags dropped, entities decoded, controls removed, capped.

    The server is as untrusted as the feeds it relays (it may be someone else's, or relay a hostile feed as is).
    """
    if not isinstance(value, str) or not value:
        return ""
    text = value[: limit * 4]
    if "<" in text or "&" in text:
        text = strip_tags(text)
    return " ".join(scrub(text).split())[:limit]


def web_url(value: object) -> str | None:
    """An http(s) address from the server, or None: a feed from the web never links to a local file."""
    if not isinstance(value, str):
        return None
    text = scrub(value).strip()
    return text if text.startswith(("http://", "https://")) and len(text) <= 8192 else None


def pack_ids(ids: Iterable[int]) -> list[int]:
    """Sorted ids as deltas: dense server ids (1, 2, 3, ...) become runs of small numbers in a JSON cursor."""
    out: list[int] = []
    previous = 0
    for value in sorted(set(ids)):
        out.append(value - previous)
        previous = value
    return out


def unpack_ids(deltas: Iterable[object]) -> set[int]:
    ids: set[int] = set()
    total = 0
    for delta in deltas:
        if not isinstance(delta, int) or isinstance(delta, bool) or delta < 0:
            raise ValueError("bad id delta")
        total += delta
        ids.add(total)
    return ids
