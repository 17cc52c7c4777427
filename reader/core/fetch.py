"""HTTP(S) and local files to bytes: conditional GET, checked redirects, per-host slots, deadlines, size caps.

The network side is asynchronous (httpx.AsyncClient, HTTP/2 where a server offers it) and runs on one event loop
thread that the Fetcher owns, so every caller shares one connection pool and one set of per-host slots: the refresh
engine (core/refresh.py) schedules many fetches there at once, and `Fetcher.fetch` gives threads a blocking call.
The deadline is an asyncio timeout around the whole fetch (slot wait excluded, redirects included), which holds
whatever the transport is, a proxy too; the size cap is counted on raw and inflated bytes as they arrive.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import mimetypes
import os
import re
import socket
import ssl
import stat
import threading
import zlib
from collections.abc import AsyncIterator, Awaitable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote, urlsplit

from reader import __version__
from reader.core.safe import one_line

if TYPE_CHECKING:
    # httpx is imported lazily because importing it costs ~0.1 s of start-up, and the CLI and TUI import this
    # module for FetchError and FetchResult long before they fetch anything.
    import httpx

__all__ = [
    "DEFAULT_LIMITS",
    "FetchError",
    "FetchLimits",
    "FetchResult",
    "FetchSession",
    "Fetcher",
    "HttpReply",
    "decode_html",
    "host_of",
    "is_local",
    "normalize_url",
]

T = TypeVar("T")

USER_AGENT = f"localnews-reader/{__version__} (+https://github.com/localnews-reader)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml, text/xml, "
    "application/json;q=0.9, text/html;q=0.5, */*;q=0.1"
)
# Only what we can inflate with a bounded output buffer (see _Inflater); never br or zstd.
ACCEPT_ENCODING = "gzip, deflate"

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_AFTER_STATUSES = frozenset({429, 503})
# How often a wait for a per-host slot, or a fetch, looks at the cancel event.
_POLL = 0.1
# An error body this small is read to its end so the connection goes back to the pool; a bigger one is dropped.
_DRAIN = 64 * 1024
_MAX_MESSAGE = 300
_HELD_LOCATION = "x-localnews-location"


@dataclass(frozen=True)
class FetchResult:
    """The bytes of one successful fetch and the validators to send next time."""

    url: str  # final URL after redirects (for local files: the file:// URL)
    status: int  # 200 (or another 2xx), or 304 when validators matched (content == b"")
    content: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    http_version: str = ""  # "HTTP/1.1" or "HTTP/2" ("" for local files)


@dataclass(frozen=True)
class HttpReply:
    """One HTTP exchange as Fetcher.request returns it: any status, its headers and its (capped) body."""

    url: str
    status: int
    headers: dict[str, str]  # names lower-cased; a redirect's Location is here as "location"
    content: bytes  # b"" for an empty body


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


@dataclass(frozen=True)
class FetchLimits:
    """Bounds on one fetch. Times are seconds; sizes are bytes after decompression."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest silence tolerated between two reads
    # Overall wall clock per fetch, redirects included, enforced even if bytes trickle in. The clock starts once
    # the request holds its per-host slot: time queued behind other requests to the same host does not count,
    # or a burst of same-host fetches would time itself out.
    deadline: float = 30.0
    max_bytes: int = 16 * 1024 * 1024
    max_redirects: int = 5
    # At most this many requests to one host at once (browsers keep 6 connections a host; newsboat up to 8).
    per_host: int = 6


DEFAULT_LIMITS = FetchLimits()


def host_of(url: str) -> str:
    """The host a URL's requests go to (lower-cased, with its port), '' for local files and oddities."""
    try:
        parts = urlsplit(url)
        return (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    except ValueError:
        return ""


# --------------------------------------------------------------------------------------------- URLs

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


# ------------------------------------------------------------------------------------------ helpers


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


class _Inflater:
    """Decodes gzip/deflate with output bounded per call, so a bomb stops after max_bytes + 1 bytes.

    httpx's own decoder inflates each 64 KB network chunk in one go (up to ~64 MB for zeros), which is
    why we ask httpx for raw bytes and decode here.
    """

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._gzip = encoding in ("gzip", "x-gzip")
        if not self._gzip and encoding != "deflate":
            raise FetchError(f"unsupported content encoding {encoding}")
        self._inflater: Any = zlib.decompressobj(16 + zlib.MAX_WBITS) if self._gzip else None
        self._head = b""  # deflate: the first bytes, until we know whether a zlib header is there

    def feed(self, data: bytes, out: bytearray, cap: int) -> None:
        if self._inflater is None:
            data = self._head + data
            if len(data) < 2:
                self._head = data
                return
            # RFC 9110 deflate is zlib-wrapped, but some servers send raw deflate: sniff the header.
            cmf, flg = data[0], data[1]
            zlib_header = cmf & 0x0F == 8 and (cmf * 256 + flg) % 31 == 0
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        while data:
            try:
                piece = self._inflater.decompress(data, cap + 1 - len(out))
            except zlib.error as exc:
                raise FetchError(f"corrupt {self._encoding} body") from exc
            out += piece
            if len(out) > cap:
                raise _too_big(cap)
            if not self._inflater.eof:
                data = self._inflater.unconsumed_tail
                continue
            data = self._inflater.unused_data
            if not (self._gzip and data[:2] == b"\x1f\x8b"):
                return  # trailing bytes after the stream are ignored, as browsers do
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)  # a further gzip member

    def finish(self) -> None:
        if self._inflater is None or not self._inflater.eof:
            raise FetchError(f"incomplete body ({self._encoding} data cut short)")



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




# -------------------------------------------------------------------------------------- the client


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle takes ~30 ms; one verifying context serves every client.
    import httpx

    return httpx.create_ssl_context()


@functools.cache
def _env_proxies() -> bool:
    from urllib.request import getproxies

    return any(key != "no" for key in getproxies())


async def _hold_location(response: httpx.Response) -> None:
    # Even with follow_redirects=False httpx parses Location to offer response.next_request, and raises on
    # values like "javascript:alert(1)". We judge each hop ourselves, so keep it out of httpx's sight.
    location = response.headers.pop("location", None)
    if location is not None:
        response.headers[_HELD_LOCATION] = location


class _Progress:
    """Where a fetch got to, so a failure can be told in the words that fit it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.host = urlsplit(url).hostname or url
        self.in_body = False
        self.sent = False  # a request has gone out


class FetchSession:
    """One event loop's HTTP clients (one per host) and per-host slots. Use it on that loop only.

    One client per host, not one for all: httpcore's pool matches every waiting request against every connection
    each time one changes state, so a refresh with 100 requests over 70 connections spent 2-5 ms of CPU per 304
    in that bookkeeping. A host's own pool holds at most `per_host` of each.
    """

    def __init__(self, limits: FetchLimits = DEFAULT_LIMITS, *, user_agent: str | None = None) -> None:
        from http.cookiejar import CookieJar, DefaultCookiePolicy

        self.limits = limits
        self._headers = {"User-Agent": user_agent or USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING}
        # A jar that refuses every cookie: feeds need none, and one feed must not track us on another.
        self._no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._closed = False

    def _client(self, scheme: str, host: str) -> httpx.AsyncClient:
        client = self._clients.get(scheme + "://" + host)
        if client is None:
            import httpx

            # A plain-http client never does TLS unless a proxy is set (which may be https): only then, and for
            # https, does it get the verifying context, whose CA bundle takes ~30 ms to load once.
            verify: ssl.SSLContext | bool = _ssl_context() if scheme == "https" or _env_proxies() else False
            client = self._clients[scheme + "://" + host] = httpx.AsyncClient(
                headers=self._headers,
                cookies=self._no_cookies,
                follow_redirects=False,
                http2=True,  # negotiated by ALPN over TLS; plain http stays HTTP/1.1
                verify=verify,
                # Idle connections are kept, so the next request to the host (this refresh's, or the next
                # refresh's in a running app) reuses them.
                limits=httpx.Limits(
                    max_connections=None, max_keepalive_connections=max(1, self.limits.per_host), keepalive_expiry=30.0
                ),
                event_hooks={"response": [_hold_location]},
            )
        return client

    async def aclose(self) -> None:
        self._closed = True
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        cancel: threading.Event | None = None,
        host_waits: dict[str, FetchError] | None = None,
    ) -> FetchResult:
        """Fetch a URL or local path. Raises FetchError, never anything else, and never returns a part.

        `host_waits`, shared by the fetches of one refresh: a host that answers 429 or 503 with Retry-After is
        entered there, and a fetch whose host is there (when it gets the host's slot) fails with that answer.
        """
        cap = self.limits.max_bytes if max_bytes is None else max_bytes
        try:
            target = normalize_url(url)
            scheme = urlsplit(target).scheme.lower()
        except ValueError as exc:  # urlsplit refuses e.g. "http://[::1"
            raise FetchError(f"invalid URL {_shown(url)}: {exc}") from exc
        if scheme == "file":
            return _read_local(target, cap)
        if scheme not in ("http", "https"):
            raise FetchError(f"unsupported URL scheme {scheme}: in {_shown(target)}")
        if self._closed:
            raise FetchError("fetcher is closed")
        if cancel is not None and cancel.is_set():
            raise FetchError("cancelled", asked=False)
        progress = _Progress(target)
        async with self._boundary(progress, cancel):
            return await self._fetch_http(target, etag, last_modified, cap, progress, host_waits)

    @asynccontextmanager
    async def _boundary(self, progress: _Progress, cancel: threading.Event | None) -> AsyncIterator[None]:
        """Where an exchange meets the world: whatever httpx, the socket or a hostile server throws becomes one
        line (a FetchError), and setting `cancel` (a thread's Event) cancels the exchange."""
        task = asyncio.current_task()
        assert task is not None
        watcher = asyncio.get_running_loop().create_task(_watch(cancel, task)) if cancel is not None else None
        try:
            yield
        except asyncio.CancelledError:
            if cancel is not None and cancel.is_set() and task.uncancel() == 0:
                raise FetchError("cancelled", asked=progress.sent) from None
            raise
        except FetchError:
            raise
        except Exception as exc:
            raise self._explain(exc, progress) from exc
        finally:
            if watcher is not None:
                watcher.cancel()

    async def _fetch_http(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        cap: int,
        progress: _Progress,
        host_waits: dict[str, FetchError] | None,
    ) -> FetchResult:
        import httpx

        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        async with asyncio.timeout(None) as deadline:
            for _hop in range(self.limits.max_redirects + 1):
                request_url = httpx.URL(current)
                if not request_url.host:
                    raise FetchError(f"invalid URL (no host): {_shown(current)}")
                if len(request_url.host) > 253 or any(len(label) > 63 for label in request_url.host.split(".")):
                    raise FetchError(f"invalid URL {_shown(current)}: a host name label is too long")
                progress.url, progress.host, progress.in_body = current, request_url.host, False
                host = host_of(current)
                async with self._slot(host):
                    if host_waits is not None and host in host_waits:
                        raise host_waits[host]
                    if deadline.when() is None:  # the clock starts with the first slot held
                        deadline.reschedule(asyncio.get_running_loop().time() + self.limits.deadline)
                    client = self._client(request_url.scheme, host)
                    request = client.build_request("GET", request_url, headers=headers, timeout=self._timeout())
                    progress.sent = True
                    response = await client.send(request, stream=True)
                    try:
                        status = response.status_code
                        if status in _REDIRECTS:
                            current = self._next_hop(request_url, response)
                            await _drain(response)
                            continue
                        if status == 304:
                            await _drain(response)  # read, so the connection is reused
                            return FetchResult(
                                url=current,
                                status=304,
                                content=b"",
                                content_type=response.headers.get("content-type"),
                                etag=response.headers.get("etag") or etag,
                                last_modified=response.headers.get("last-modified") or last_modified,
                                http_version=response.http_version,
                            )
                        if status >= 300:
                            error = _status_error(status, response.reason_phrase, response.headers.get("retry-after"))
                            if host_waits is not None and status in _RETRY_AFTER_STATUSES and error.retry_after:
                                host_waits.setdefault(host, error)
                            await _drain(response)
                            raise error
                        progress.in_body = True
                        content = await _read_body(response, cap)
                        return FetchResult(
                            url=current,
                            status=status,
                            content=content,
                            content_type=response.headers.get("content-type"),
                            etag=response.headers.get("etag"),
                            last_modified=response.headers.get("last-modified"),
                            http_version=response.http_version,
                        )
                    finally:
                        await response.aclose()
        raise FetchError(f"too many redirects (more than {self.limits.max_redirects})")

    def _slot(self, host: str) -> asyncio.Semaphore:
        semaphore = self._slots.get(host)
        if semaphore is None:
            semaphore = self._slots[host] = asyncio.Semaphore(max(1, self.limits.per_host))
        return semaphore

    def _timeout(self) -> httpx.Timeout:
        import httpx

        limits = self.limits
        return httpx.Timeout(
            connect=limits.connect_timeout, read=limits.read_timeout, write=limits.read_timeout, pool=limits.deadline
        )

    @staticmethod
    def _next_hop(request_url: httpx.URL, response: httpx.Response) -> str:
        import httpx

        location = response.headers.get(_HELD_LOCATION)
        if not location:
            raise FetchError(f"HTTP {response.status_code} redirect without a Location", status=response.status_code)
        try:
            target = request_url.join(location.strip())
        except httpx.InvalidURL as exc:
            raise FetchError(f"redirect to invalid URL {_shown(location)}: {exc}") from exc
        if target.scheme not in ("http", "https"):
            raise FetchError(f"redirect to non-http(s) URL {_shown(location.strip())} refused")
        return str(target)

    def _explain(self, exc: Exception, progress: _Progress) -> FetchError:
        import httpx

        limits = self.limits
        if isinstance(exc, TimeoutError) and not isinstance(exc, httpx.TimeoutException):
            return FetchError(f"timed out after {_seconds(limits.deadline)} s (deadline)")
        if isinstance(exc, httpx.ConnectTimeout):
            return FetchError(f"timed out after {_seconds(limits.connect_timeout)} s (connect)")
        if isinstance(exc, httpx.ReadTimeout):
            return FetchError(f"timed out after {_seconds(limits.read_timeout)} s (read)")
        if isinstance(exc, httpx.WriteTimeout):
            return FetchError(f"timed out after {_seconds(limits.read_timeout)} s (write)")
        if isinstance(exc, httpx.PoolTimeout):
            return FetchError("timed out waiting for a free connection")
        tls = _cause(exc, ssl.SSLError)
        if tls is not None:
            return FetchError(_tls_message(tls))
        if not progress.in_body:
            if _cause(exc, ConnectionRefusedError):
                return FetchError("connection refused")
            if _cause(exc, socket.gaierror):
                return FetchError(f"name not resolved: {progress.host}")
        if _cause(exc, ConnectionResetError) or _cause(exc, BrokenPipeError):
            return FetchError("connection reset mid-body" if progress.in_body else "connection reset by peer")
        if isinstance(exc, httpx.RemoteProtocolError):
            text = str(exc)
            if "complete message body" in text or "incomplete" in text.lower():
                return FetchError("incomplete body (connection closed early)")
            if "without sending" in text or "disconnected" in text:
                return FetchError("connection closed before a response")
            return FetchError(f"protocol error: {text}")
        # UnicodeError: the IDNA codec refusing a host name ("xn--", a label over 63 characters).
        invalid = httpx.InvalidURL | httpx.UnsupportedProtocol | httpx.LocalProtocolError | UnicodeError
        if isinstance(exc, invalid):
            return FetchError(f"invalid URL {_shown(progress.url)}: {exc}")
        if isinstance(exc, httpx.ProxyError):
            return FetchError(f"proxy error: {exc}")
        os_error = _cause(exc, OSError)
        if isinstance(os_error, OSError):
            what = "connection failed" if not progress.in_body else "network error mid-body"
            return FetchError(f"{what}: {os_error.strerror or os_error}")
        if isinstance(exc, httpx.HTTPError):
            return FetchError(f"{type(exc).__name__}: {exc}")
        return FetchError(f"unexpected {type(exc).__name__}: {exc}")

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        content: bytes | None = None,
        max_bytes: int | None = None,
        cancel: threading.Event | None = None,
    ) -> HttpReply:
        """One HTTP(S) exchange under this session's limits, for API clients that judge the answer themselves.

        Any status comes back (a redirect is not followed; its Location is in the headers), with its body
        read under the same deadline, per-host slot, size cap and bounded decompression as fetch(). Raises
        FetchError only when no complete answer arrived.
        """
        import httpx

        cap = self.limits.max_bytes if max_bytes is None else max_bytes
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError as exc:
            raise FetchError(f"invalid URL {_shown(url)}: {exc}") from exc
        if scheme not in ("http", "https"):
            raise FetchError(f"unsupported URL scheme in {_shown(url)}")
        if self._closed:
            raise FetchError("fetcher is closed")
        progress = _Progress(url)
        async with self._boundary(progress, cancel):
            request_url = httpx.URL(url)
            host = host_of(url)
            async with self._slot(host), asyncio.timeout(self.limits.deadline):
                client = self._client(request_url.scheme, host)
                request = client.build_request(
                    method, request_url, headers=headers, content=content, timeout=self._timeout()
                )
                progress.sent = True
                response = await client.send(request, stream=True)
                try:
                    progress.in_body = True
                    body = await _read_body(response, cap, allow_empty=True)
                    names = {name.lower(): value for name, value in response.headers.items()}
                    if _HELD_LOCATION in names:
                        names["location"] = names.pop(_HELD_LOCATION)
                    return HttpReply(url=url, status=response.status_code, headers=names, content=body)
                finally:
                    await response.aclose()


async def _watch(cancel: threading.Event, task: asyncio.Task[Any]) -> None:
    """Cancel `task` once `cancel` is set (a thread's Event: polled, since it cannot wake a loop)."""
    while not cancel.is_set():
        await asyncio.sleep(_POLL)
    task.cancel()


async def _drain(response: httpx.Response) -> None:
    """Read a small body to its end so httpx can put the connection back in the pool; drop a big one."""
    declared = response.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > _DRAIN:
        return
    received = 0
    async for chunk in response.aiter_raw():
        received += len(chunk)
        if received > _DRAIN:
            return


async def _read_body(response: httpx.Response, cap: int, *, allow_empty: bool = False) -> bytes:
    declared = response.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > cap:
        raise _too_big(cap)  # refuse before reading a byte
    encoding = response.headers.get("content-encoding", "").strip().lower()
    inflater = None if encoding in ("", "identity") else _Inflater(encoding)
    out = bytearray()
    received = 0
    async for raw in response.aiter_raw():
        received += len(raw)
        if received > cap:  # compressed bytes count too: a stream that inflates to nothing still ends
            raise _too_big(cap)
        if inflater is None:
            out += raw
            if len(out) > cap:
                raise _too_big(cap)
        else:
            inflater.feed(raw, out, cap)
    if inflater is not None and received:
        inflater.finish()
    if not out and not allow_empty:
        raise FetchError("empty body")
    return bytes(out)


class Fetcher:
    """Owns the event loop thread where fetches run, and its FetchSession; safe to share between threads."""

    def __init__(self, limits: FetchLimits = DEFAULT_LIMITS, *, user_agent: str | None = None) -> None:
        self.limits = limits
        self._user_agent = user_agent
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._session: FetchSession | None = None
        self._closed = False

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def _start(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._closed:
                raise FetchError("fetcher is closed")
            if self._loop is None:
                loop = asyncio.new_event_loop()
                ready = threading.Event()

                def run() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()

                self._thread = threading.Thread(target=run, name="fetch-loop", daemon=True)
                self._thread.start()
                ready.wait()
                self._loop = loop
            return self._loop

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> Any:
        """Run a coroutine on the fetch loop; returns its concurrent.futures.Future."""
        try:
            loop = self._start()
        except FetchError:
            coroutine.close()
            raise
        return asyncio.run_coroutine_threadsafe(coroutine, loop)

    def call_soon(self, callback: Any, *args: Any) -> None:
        """Run a plain callback on the fetch loop (from any thread)."""
        self._start().call_soon_threadsafe(callback, *args)

    async def session(self) -> FetchSession:
        """The loop's session (made on first use, on the loop: httpx binds a client to the loop it runs on)."""
        if self._session is None:
            self._session = FetchSession(self.limits, user_agent=self._user_agent)
        return self._session

    def run(self, make: Any) -> Any:
        """Block until `make(session)` (a coroutine function) has run on the fetch loop; its result."""

        async def job() -> Any:
            awaitable: Awaitable[Any] = make(await self.session())
            return await awaitable

        return self.submit(job()).result()

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        cancel: threading.Event | None = None,
    ) -> FetchResult:
        """Fetch a URL or local path from any thread (not from the fetch loop itself). Raises only FetchError."""
        try:
            local = urlsplit(normalize_url(url)).scheme.lower() == "file"
        except ValueError:
            local = False  # the session says what is wrong with it
        if local:  # no loop for a local file
            return _read_local(normalize_url(url), self.limits.max_bytes if max_bytes is None else max_bytes)
        result: FetchResult = self.run(
            lambda session: session.fetch(
                url, etag=etag, last_modified=last_modified, max_bytes=max_bytes, cancel=cancel
            )
        )
        return result

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        content: bytes | None = None,
        max_bytes: int | None = None,
        cancel: threading.Event | None = None,
    ) -> HttpReply:
        """FetchSession.request from any thread (not from the fetch loop itself). Raises only FetchError."""
        reply: HttpReply = self.run(
            lambda session: session.request(
                method, url, headers=headers, content=content, max_bytes=max_bytes, cancel=cancel
            )
        )
        return reply

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            loop, thread, session = self._loop, self._thread, self._session
        if loop is None or thread is None:
            return
        if session is not None:
            with contextlib.suppress(Exception):  # closing is best effort: the loop thread goes regardless
                asyncio.run_coroutine_threadsafe(session.aclose(), loop).result(timeout=5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        if not thread.is_alive():
            loop.close()


# ------------------------------------------------------------------------------------ local files


def _read_local(url: str, cap: int) -> FetchResult:
    path = _uri_to_path(url)
    try:
        info = os.stat(path)
        # A FIFO or device would block or never end; only regular files are feeds.
        if stat.S_ISDIR(info.st_mode):
            raise FetchError(f"is a directory: {path}")
        if not stat.S_ISREG(info.st_mode):
            raise FetchError(f"not a regular file: {path}")
        with open(path, "rb") as handle:
            content = handle.read(cap + 1)
    except FileNotFoundError:
        raise FetchError(f"no such file: {path}") from None
    except PermissionError:
        raise FetchError(f"permission denied: {path}") from None
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:  # a NUL in the path
        raise FetchError(f"invalid file path {path!r}: {exc}") from None
    if len(content) > cap:
        raise _too_big(cap)
    if not content:
        raise FetchError(f"empty file: {path}")
    return FetchResult(
        url=_path_to_uri(path),
        status=200,
        content=content,
        content_type=mimetypes.guess_type(path)[0],
        etag=None,
        last_modified=None,
    )


# The WHATWG encoding standard reads these labels as their supersets, as every browser does.
_CHARSET_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "iso-8859-1": "cp1252", "latin1": "cp1252",
                      "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254",
                      "tis-620": "cp874", "ks_c_5601-1987": "cp949", "euc-kr": "cp949", "shift_jis": "cp932"}


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """A fetched page as text: the charset from Content-Type, else from a <meta> tag, else UTF-8 (never raises).

    A page whose bytes are not in the charset it declares but are valid UTF-8 is read as UTF-8 (pages are
    often re-saved as UTF-8 and keep their old meta tag).
    """
    charset = None
    if content_type:
        declared = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
        charset = declared.group(1) if declared else None
    if not charset:
        meta = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", data[:4096], re.IGNORECASE)
        charset = meta.group(1).decode("ascii", "replace") if meta else None
    charset = _CHARSET_SUPERSETS.get((charset or "utf-8").lower(), charset or "utf-8")
    try:
        return data.decode(charset)
    except LookupError:
        charset = "utf-8"
    except UnicodeDecodeError:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return data.decode(charset, "replace")
