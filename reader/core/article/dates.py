"""Publication dates as pages write them → ISO 8601 strings that keep the page's time zone.

Structured values (JSON-LD, meta tags, `<time datetime>`) are read here; a date only shown in words (a
dateline, "March 25, 2015") is left to htmldate, trafilatura's date finder, as the last resort.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

_ISO = re.compile(
    r"^\s*(?P<y>\d{4})-?(?P<m>\d\d)-?(?P<d>\d\d)"
    r"(?:[T ]\s*(?P<H>\d\d):?(?P<M>\d\d)(?::?(?P<S>\d\d)(?:[.,]\d+)?)?\s*(?P<z>Z|UTC|GMT|[+-]\d\d(?::?\d\d)?)?)?\s*$",
    re.I,
)
_EPOCH = re.compile(r"^\d{9,13}$")
_EARLIEST = 1990
_LATEST_AHEAD = timedelta(days=2)


def _zone(text: str | None) -> timezone | None:
    if not text:
        return None
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_date(value: object) -> str | None:
    """A structured date value → "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS" or the same with its zone; None if unreadable.

    Accepts ISO 8601 (with or without separators, "T" or a space, fractions, Z or an offset), RFC 2822 and
    Unix times in seconds or milliseconds. Years before 1990 or dates more than two days ahead are refused:
    they are template defaults, not publication dates.
    """
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text or len(text) > 64:
        return None
    parsed = _parse(text)
    if parsed is None:
        return None
    when, has_time = parsed
    if not _plausible(when):
        return None
    if not has_time:
        return when.date().isoformat()
    return when.isoformat(timespec="seconds")


def _parse(text: str) -> tuple[datetime, bool] | None:
    m = _ISO.match(text)
    if m:
        try:
            day = datetime(int(m["y"]), int(m["m"]), int(m["d"]))
            if m["H"] is None:
                return day, False
            zone = _zone(m["z"])
            return (
                day.replace(hour=int(m["H"]), minute=int(m["M"]), second=int(m["S"] or 0), tzinfo=zone),
                True,
            )
        except ValueError:
            return None
    if _EPOCH.match(text):
        seconds = int(text) / (1000 if len(text) > 11 else 1)
        try:
            return datetime.fromtimestamp(seconds, tz=UTC), True
        except (OverflowError, OSError, ValueError):
            return None
    if "," in text or re.search(r"[A-Za-z]{3}", text):
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        return (when, True) if when is not None else None
    return None


def _plausible(when: datetime) -> bool:
    if when.year < _EARLIEST:
        return False
    now = datetime.now(UTC)
    aware = when if when.tzinfo else when.replace(tzinfo=UTC)
    return aware <= now + _LATEST_AHEAD


def visible_date(tree: object) -> str | None:
    """The date a page shows in words (a dateline, a byline's date), found by htmldate; None when none."""
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - htmldate comes with trafilatura
        return None
    try:
        found = find_date(
            tree,
            extensive_search=True,
            original_date=True,
            outputformat="%Y-%m-%d",
            min_date=datetime(_EARLIEST, 1, 1),
        )
    except Exception:  # noqa: BLE001 - third-party code on hostile input: no date
        return None
    return parse_date(found) if found else None


def to_datetime(iso: str | None) -> datetime | None:
    """One of our ISO strings back to a datetime (a date alone is midnight, naive)."""
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return None
