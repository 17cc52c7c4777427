"""FetchError, and the wording of each failure as one line a person reads (statuses, waits, sizes, TLS)."""

from __future__ import annotations

import re
import ssl
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus

from reader.core.safe import one_line

_RETRY_AFTER_STATUSES = frozenset({429, 503})
_MAX_MESSAGE = 300


class FetchError(Exception):
    """Why a fetch failed, as one line a person can read ("HTTP 404 Not Found", "connection refused")."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        gone: bool = False,
        asked: bool = True,
    ) -> None:
        # Messages quote server text and file names: no control characters, no newlines, bounded length.
        super().__init__(one_line(message, _MAX_MESSAGE))
        self.status = status
        self.retry_after = retry_after
        self.gone = gone
        self.asked = asked  # False when it failed before a request was sent (cancelled while queued)


def _seconds(value: float) -> str:
    return f"{value:g}"


def _duration(seconds: float) -> str:
    """A wait as a person reads it: "90 s", "25 min", "3 h", "12 days" (a far-future date stays readable)."""
    seconds = max(0.0, seconds)
    if seconds < 120:
        return f"{round(seconds)} s"
    if seconds < 7200:
        return f"{round(seconds / 60)} min"
    if seconds < 172800:
        return f"{round(seconds / 3600)} h"
    return f"{min(round(seconds / 86400), 99999)} days"


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KB"
    return f"{n} bytes"


def _too_big(cap: int) -> FetchError:
    return FetchError(f"body larger than {_size(cap)} limit")


def _shown(url: str) -> str:
    return url if len(url) <= 120 else url[:119] + "…"


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"[0-9]{1,10}", value):
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """The first exception of `kind` in exc's chain (httpx wraps httpcore, which wraps the OSError)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _tls_message(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError) and exc.verify_message:
        return f"TLS error: certificate verify failed: {exc.verify_message}"
    text = re.sub(r"^\[[^\]]*\]\s*", "", str(exc))
    text = re.sub(r"\s*\(_ssl\.c:\d+\)$", "", text)
    return f"TLS error: {text or type(exc).__name__}"


def _status_error(status: int, reason: str, retry_after: str | None) -> FetchError:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = reason  # an unregistered code: the server's own words, scrubbed by FetchError
    wait = _retry_after(retry_after) if status in _RETRY_AFTER_STATUSES else None
    message = f"HTTP {status} {phrase}".rstrip()
    if wait is not None:
        message += f" (retry after {_duration(wait)})"
    return FetchError(message, status=status, retry_after=wait, gone=status == 410)
