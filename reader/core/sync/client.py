"""The HTTP side of every sync backend: our fetch limits, same-origin redirects, replies judged in one line.

Requests go through reader.core.fetch.Fetcher.request, so the timeouts, the per-request deadline, the size
cap and the bounded decompression are the feed fetcher's. Credentials travel in headers or POST bodies, never
in a URL, and only to the configured origin: a redirect elsewhere stops the request. Every message that
leaves this module has the secrets it knows replaced by ***.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urljoin, urlsplit

from reader.core.fetch import FetchError, FetchLimits
from reader.core.safe import scrub
from reader.core.sync.backend import SyncError

if TYPE_CHECKING:
    from reader.core.fetch import Fetcher, HttpReply

log = logging.getLogger("reader.sync")

# Pages of entries are bigger than feeds and a slow server is still a server: a longer deadline, a bigger cap.
SYNC_LIMITS = FetchLimits(
    connect_timeout=10.0, read_timeout=30.0, deadline=90.0, max_bytes=64 * 1024 * 1024, max_redirects=5, per_host=2
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SERVER_TEXT = 160  # how much of a server's own error message a SyncError quotes

Query = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Reply:
    """A successful answer: status, headers and body."""

    status: int
    headers: dict[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


class AuthRefused(SyncError):
    """HTTP 401. bad_token: the Google Reader API said the session token (not the password) is bad."""

    def __init__(self, message: str, *, bad_token: bool) -> None:
        super().__init__(message, kind="auth", status=401)
        self.bad_token = bad_token


class ApiClient:
    """Requests to one API origin, counted, under the fetch limits, with errors as SyncError."""

    def __init__(self, base_url: str, name: str, *, limits: FetchLimits | None = None) -> None:
        from reader.core.fetch import Fetcher

        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        parts = urlsplit(self.base_url)
        self._origin = (parts.scheme, parts.hostname, parts.port)
        self.host = parts.netloc
        self.name = f"{name} at {self.host}"  # "Miniflux at rss.example.org", used to open every message
        self._fetcher: Fetcher = Fetcher(limits or SYNC_LIMITS)
        self._secrets: list[str] = []
        self.requests = 0
        self.clock_offset: float | None = None

    def close(self) -> None:
        self._fetcher.close()

    def add_secret(self, secret: str) -> None:
        """Remember a value that must never be shown (a password, a token) so messages can blank it."""
        if len(secret) >= 4 and secret not in self._secrets:
            self._secrets.append(secret)
            self._secrets.sort(key=len, reverse=True)  # a longer secret holding a shorter one goes first

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def error(self, message: str, **kwargs: Any) -> SyncError:
        return SyncError(self.redact(f"{self.name}: {message}"), **kwargs)

    # ------------------------------------------------------------------------------------ requests

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Query | None = None,
        headers: dict[str, str] | None = None,
        json_body: Any = None,
        form: Iterable[tuple[str, str]] | None = None,
        accept: Iterable[int] = (200,),
    ) -> Reply:
        """Send one request (following same-origin redirects) and return a reply whose status is in accept."""
        url = urljoin(self.base_url, path.lstrip("/"))
        if query:
            url += ("&" if "?" in url else "?") + urlencode(list(query))
        send_headers = {"Accept": "application/json", **(headers or {})}
        content: bytes | None = None
        if json_body is not None:
            content = json.dumps(json_body).encode()
            send_headers["Content-Type"] = "application/json"
        elif form is not None:
            content = urlencode(list(form)).encode()
            send_headers["Content-Type"] = "application/x-www-form-urlencoded"
        what = f"{method} {urlsplit(url).path}"
        reply = self._send(method, url, send_headers, content, what)
        if reply.status not in accept:
            raise self._status_error(reply, what)
        return Reply(reply.status, reply.headers, reply.content)

    def json(self, reply: Reply, what: str) -> Any:
        """The reply's JSON, or a SyncError saying the server sent something else."""
        try:
            return json.loads(reply.content)
        except (ValueError, UnicodeDecodeError):
            kind = reply.headers.get("content-type", "no content type").split(";")[0]
            raise self.error(f"sent a reply that is not JSON ({kind}) to {what}", kind="protocol") from None

    def unexpected(self, what: str, detail: str) -> SyncError:
        return self.error(f"sent an unexpected reply to {what} ({detail})", kind="protocol")

    def _send(self, method: str, url: str, headers: dict[str, str], content: bytes | None, what: str) -> HttpReply:
        for _hop in range(self._fetcher.limits.max_redirects + 1):
            started = time.monotonic()
            self.requests += 1
            try:
                reply = self._fetcher.request(method, url, headers=headers, content=content)
            except FetchError as exc:
                raise self._transport_error(exc, what) from None
            log.debug(
                "%s %s -> %d (%d bytes, %.0f ms)",
                method,
                urlsplit(url).path,
                reply.status,
                len(reply.content),
                (time.monotonic() - started) * 1000,
            )
            self._note_clock(reply.headers.get("date"), started)
            if reply.status not in _REDIRECTS:
                return reply
            url, method, content = self._next_hop(reply, url, method, content, what)
            if content is None:
                headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        raise self.error(f"redirected too many times on {what}", kind="protocol")

    def _next_hop(
        self, reply: HttpReply, url: str, method: str, content: bytes | None, what: str
    ) -> tuple[str, str, bytes | None]:
        location = reply.headers.get("location", "").strip()
        if not location:
            raise self.error(f"answered {what} with a redirect without a Location", kind="protocol")
        try:
            target = urljoin(url, location)
            parts = urlsplit(target)
            target_port = parts.port or _default_port(parts.scheme)
        except ValueError:
            raise self.error(f"answered {what} with a redirect to an invalid address", kind="protocol") from None
        scheme, host, port = self._origin
        same_host = parts.hostname == host and target_port == (port or _default_port(scheme))
        upgrade = scheme == "http" and parts.scheme == "https" and parts.hostname == host
        if not ((same_host and parts.scheme == scheme) or upgrade):
            # Credentials ride in the headers and bodies: they never follow a redirect to another origin.
            shown = scrub(f"{parts.scheme}://{parts.netloc}")[:120]
            raise self.error(
                f"redirected {what} to {shown}; not following with credentials (check the sync url)",
                kind="protocol",
            )
        if reply.status in (301, 302) and method not in ("GET", "HEAD"):
            raise self.error(f"redirected {what} with HTTP {reply.status}, which would drop its body", kind="protocol")
        if reply.status == 303:
            return target, "GET", None
        return target, method, content

    def _note_clock(self, date: str | None, started: float) -> None:
        if not date:
            return
        try:
            server = parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError, IndexError):
            return
        # Date has one-second resolution and was written between our send and our receipt.
        local = time.time() - (time.monotonic() - started) / 2
        self.clock_offset = server + 0.5 - local

    # ------------------------------------------------------------------------------------ errors

    def _transport_error(self, exc: FetchError, what: str) -> SyncError:
        text = str(exc)
        if "timed out" in text:
            return self.error(f"did not answer {what} in time: {text}", kind="timeout")
        if text.startswith("body larger than"):
            return self.error(f"sent a reply to {what} over the size limit ({text})", kind="protocol")
        if text.startswith(("connection refused", "name not resolved", "connection failed", "TLS error")):
            return self.error(f"cannot connect: {text}", kind="network")
        return self.error(f"connection lost during {what}: {text}", kind="network")

    def _status_error(self, reply: HttpReply, what: str) -> SyncError:
        status = reply.status
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        code = f"HTTP {status} {phrase}".rstrip()
        said = self._server_words(reply)
        detail = f"{code}: {said}" if said else code
        if status == 401:
            bad_token = reply.headers.get("x-reader-google-bad-token", "").lower() == "true" or (
                reply.headers.get("google-bad-token", "").lower() == "true"
            )
            return AuthRefused(self.redact(f"{self.name}: refused the credentials ({code})"), bad_token=bad_token)
        if status == 403:
            return self.error(f"refused access to {what} ({detail})", kind="forbidden", status=status)
        if status == 404:
            return self.error(
                f"has no {what} ({code}): is the sync url the API's base address?", kind="rejected", status=status
            )
        if status in (429, 503):
            wait = reply.headers.get("retry-after", "").strip()
            later = f"; retry after {wait} s" if wait.isdigit() else ""
            return self.error(f"is busy ({detail}{later})", kind="server", status=status)
        if status >= 500:
            return self.error(f"failed on {what} ({detail})", kind="server", status=status)
        return self.error(f"rejected {what} ({detail})", kind="rejected", status=status)

    def _server_words(self, reply: HttpReply) -> str:
        """The server's own explanation, short and scrubbed: a JSON error_message, else the body's first line."""
        text = reply.content[:4096].decode("utf-8", "replace")
        try:
            data = json.loads(text)
            if isinstance(data, dict):
                text = str(data.get("error_message") or data.get("error") or "")
        except ValueError:
            if "html" in reply.headers.get("content-type", ""):
                return ""  # an error page's markup says nothing a person can use in one line
        line = " ".join(scrub(text).split())
        return line if len(line) <= _SERVER_TEXT else line[: _SERVER_TEXT - 1] + "…"


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80
