"""HTTP(S) and local files to bytes: conditional GET, checked redirects, host caps, deadlines, size caps."""

from __future__ import annotations

import functools
import mimetypes
import os
import re
import socket
import ssl
import stat
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from reader import __version__
from reader.core.safe import scrub

if TYPE_CHECKING:
    # httpx is imported lazily (in Fetcher) because importing it costs ~0.1 s of start-up, and the
    # CLI and TUI import this module for FetchError and FetchResult long before they fetch anything.
    import httpx

__all__ = [
    "DEFAULT_LIMITS",
    "FetchError",
    "FetchLimits",
    "FetchResult",
    "Fetcher",
    "HttpReply",
    "is_local",
    "normalize_url",
]

USER_AGENT = f"localnews-reader/{__version__} (+https://github.com/localnews-reader)"
ACCEPT = "application/rss+xml, application/atom+xml, application/xml, text/xml, text/html;q=0.5, */*;q=0.1"
# Only what we can inflate with a bounded output buffer (see _Inflater); never br or zstd.
ACCEPT_ENCODING = "gzip, deflate"

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_AFTER_STATUSES = frozenset({429, 503})
# How often a blocked read or a wait for a per-host slot wakes to look at the cancel event and deadline.
_POLL = 0.1
# A timeout that fires this close to the deadline was the deadline, whatever httpx calls it.
_DEADLINE_SLACK = 0.05
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
    ) -> None:
        super().__init__(_one_line(message))
        self.status = status
        self.retry_after = retry_after
        self.gone = gone


@dataclass(frozen=True)
class FetchLimits:
    """Bounds on one fetch. Times are seconds; sizes are bytes after decompression."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest silence tolerated between two reads
    # Overall wall clock per fetch, redirects included, enforced even if bytes trickle in. The clock
    # starts once the request holds its per-host slot: time queued behind other requests to the same
    # host does not count, or a burst of same-host fetches would time itself out.
    deadline: float = 30.0
    max_bytes: int = 16 * 1024 * 1024
    max_redirects: int = 5
    per_host: int = 2  # at most this many concurrent connections per host


DEFAULT_LIMITS = FetchLimits()


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


def _one_line(message: str) -> str:
    # Messages quote server text and file names: no control characters, no newlines, bounded length.
    line = " ".join(scrub(message).split())
    return line if len(line) <= _MAX_MESSAGE else line[: _MAX_MESSAGE - 1] + "…"


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


class _Budget:
    """One fetch's clock and cancel event, consulted between chunks and inside every socket read."""

    def __init__(self, seconds: float, cancel: threading.Event | None) -> None:
        self.seconds = seconds
        self.cancel = cancel
        self.deadline: float | None = None  # set by start(): queueing for a host slot is not counted

    def start(self) -> None:
        if self.deadline is None:
            self.deadline = time.monotonic() + self.seconds

    def remaining(self) -> float:
        return float("inf") if self.deadline is None else self.deadline - time.monotonic()

    def expired(self) -> FetchError:
        return FetchError(f"timed out after {_seconds(self.seconds)} s (deadline)")

    def check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise FetchError("cancelled")
        if self.remaining() <= 0:
            raise self.expired()


# The sync httpx client does all I/O of a request on the calling thread, so the socket layer finds the
# budget of the fetch it is serving here, even on a keep-alive connection opened by another thread.
_local = threading.local()


def _active_budget() -> _Budget | None:
    budget: _Budget | None = getattr(_local, "budget", None)
    return budget


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


# -------------------------------------------------------------------------------------- the client


def _guarded_transport(limits: httpx.Limits) -> httpx.BaseTransport:
    """An httpx transport whose sockets obey the calling fetch's deadline and cancel event.

    A read timeout alone never fires against a server that sends one byte a second, and httpx only
    hands us bytes after the headers are complete; so every socket read is sliced into _POLL waits
    that look at the budget, which bounds the header phase and the TLS handshake too.
    """
    import httpcore
    import httpx

    class GuardedStream(httpcore.NetworkStream):
        def __init__(self, inner: httpcore.NetworkStream) -> None:
            self._inner = inner

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            budget = _active_budget()
            if budget is None:
                return self._inner.read(max_bytes, timeout)
            give_up = None if timeout is None else time.monotonic() + timeout
            while True:
                budget.check()
                wait = min(_POLL, budget.remaining())
                if give_up is not None:
                    left = give_up - time.monotonic()
                    if left <= 0:
                        raise httpcore.ReadTimeout(f"no data for {_seconds(timeout or 0)} s")
                    wait = min(wait, left)
                try:
                    return self._inner.read(max_bytes, max(wait, 0.001))
                except httpcore.ReadTimeout:
                    continue

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            self._inner.write(buffer, _capped(timeout))

        def close(self) -> None:
            self._inner.close()

        def start_tls(
            self,
            ssl_context: ssl.SSLContext,
            server_hostname: str | None = None,
            timeout: float | None = None,
        ) -> httpcore.NetworkStream:
            # CPython bounds the whole handshake by the socket timeout, so capping it is enough.
            return GuardedStream(self._inner.start_tls(ssl_context, server_hostname, _capped(timeout)))

        def get_extra_info(self, info: str) -> Any:
            return self._inner.get_extra_info(info)

    class GuardedBackend(httpcore.NetworkBackend):
        def __init__(self) -> None:
            self._inner = httpcore.SyncBackend()

        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Any = None,
        ) -> httpcore.NetworkStream:
            stream = self._inner.connect_tcp(host, port, _capped(timeout), local_address, socket_options)
            return GuardedStream(stream)

        def sleep(self, seconds: float) -> None:
            self._inner.sleep(seconds)

    # Most specific first, as httpx's own transport maps them.
    errors: list[tuple[type[Exception], type[Exception]]] = [
        (httpcore.ConnectTimeout, httpx.ConnectTimeout),
        (httpcore.ReadTimeout, httpx.ReadTimeout),
        (httpcore.WriteTimeout, httpx.WriteTimeout),
        (httpcore.PoolTimeout, httpx.PoolTimeout),
        (httpcore.TimeoutException, httpx.TimeoutException),
        (httpcore.ConnectError, httpx.ConnectError),
        (httpcore.ReadError, httpx.ReadError),
        (httpcore.WriteError, httpx.WriteError),
        (httpcore.NetworkError, httpx.NetworkError),
        (httpcore.ProxyError, httpx.ProxyError),
        (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
        (httpcore.LocalProtocolError, httpx.LocalProtocolError),
        (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
        (httpcore.ProtocolError, httpx.ProtocolError),
    ]

    def as_httpx(exc: Exception) -> Exception:
        for source, target in errors:
            if isinstance(exc, source):
                return target(str(exc))
        return exc

    class ByteStream(httpx.SyncByteStream):
        def __init__(self, inner: Any) -> None:
            self._inner = inner

        def __iter__(self) -> Iterator[bytes]:
            try:
                yield from self._inner
            except Exception as exc:
                mapped = as_httpx(exc)
                if mapped is exc:
                    raise
                raise mapped from exc

        def close(self) -> None:
            self._inner.close()

    class GuardedTransport(httpx.BaseTransport):
        def __init__(self) -> None:
            self._pool = httpcore.ConnectionPool(
                ssl_context=_ssl_context(),
                max_connections=limits.max_connections,
                max_keepalive_connections=limits.max_keepalive_connections,
                keepalive_expiry=limits.keepalive_expiry,
                network_backend=GuardedBackend(),
            )

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            core_request = httpcore.Request(
                method=request.method,
                url=httpcore.URL(
                    scheme=request.url.raw_scheme,
                    host=request.url.raw_host,
                    port=request.url.port,
                    target=request.url.raw_path,
                ),
                headers=request.headers.raw,
                content=request.stream,
                extensions=request.extensions,
            )
            try:
                response = self._pool.handle_request(core_request)
            except Exception as exc:
                mapped = as_httpx(exc)
                if mapped is exc:
                    raise
                raise mapped from exc
            return httpx.Response(
                status_code=response.status,
                headers=response.headers,
                stream=ByteStream(response.stream),
                extensions=response.extensions,
            )

        def close(self) -> None:
            self._pool.close()

    return GuardedTransport()


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle takes ~30 ms; one verifying context serves every Fetcher and thread.
    import httpx

    return httpx.create_ssl_context()


def _capped(timeout: float | None) -> float | None:
    budget = _active_budget()
    if budget is None:
        return timeout
    budget.check()
    left = max(budget.remaining(), 0.001)
    return left if timeout is None else min(timeout, left)


def _hold_location(response: httpx.Response) -> None:
    # Even with follow_redirects=False httpx parses Location to offer response.next_request, and raises
    # on values like "javascript:alert(1)". We judge each hop ourselves, so keep it out of httpx's sight.
    location = response.headers.pop("location", None)
    if location is not None:
        response.headers[_HELD_LOCATION] = location


def _env_proxies() -> bool:
    from urllib.request import getproxies

    return any(key != "no" for key in getproxies())


class _Progress:
    """Where a fetch got to, so a failure can be told in the words that fit it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.host = urlsplit(url).hostname or url
        self.in_body = False


class Fetcher:
    """Fetches feeds and pages over HTTP(S) or from disk; safe to share between threads."""

    def __init__(self, limits: FetchLimits = DEFAULT_LIMITS, *, user_agent: str | None = None) -> None:
        import httpx

        self.limits = limits
        pool_limits = httpx.Limits(max_connections=64, max_keepalive_connections=16, keepalive_expiry=30.0)
        headers = {
            "User-Agent": user_agent or USER_AGENT,
            "Accept": ACCEPT,
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        # A jar that refuses every cookie: feeds need none, one feed must not track us on another, and
        # httpx copies the shared jar on every request, which is not safe while another thread adds to it.
        from http.cookiejar import CookieJar, DefaultCookiePolicy

        no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        # httpx honours HTTP(S)_PROXY only without a custom transport; behind a proxy the deadline is then
        # enforced between chunks and by capped timeouts, not inside each socket read.
        transport = None if _env_proxies() else _guarded_transport(pool_limits)
        self._client = httpx.Client(
            headers=headers,
            cookies=no_cookies,
            follow_redirects=False,
            limits=pool_limits,
            transport=transport,
            event_hooks={"response": [_hold_location]},
        )
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._slots_lock = threading.Lock()
        self._closed = False

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._closed = True
        self._client.close()

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        cancel: threading.Event | None = None,
    ) -> FetchResult:
        """Fetch a URL or local path. Raises FetchError, never anything else, and never returns a part."""
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
        budget = _Budget(self.limits.deadline, cancel)
        progress = _Progress(target)
        _local.budget = budget
        try:
            return self._fetch_http(target, etag, last_modified, cap, budget, progress)
        except FetchError:
            raise
        except Exception as exc:
            # The boundary: whatever httpx, the socket or a hostile server throws becomes one line.
            raise self._explain(exc, budget, progress) from exc
        finally:
            _local.budget = None

    # ------------------------------------------------------------------------------------ HTTP

    def _fetch_http(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        cap: int,
        budget: _Budget,
        progress: _Progress,
    ) -> FetchResult:
        import httpx

        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self.limits.max_redirects + 1):
            request_url = httpx.URL(current)
            if not request_url.host:
                raise FetchError(f"invalid URL (no host): {_shown(current)}")
            progress.url, progress.host, progress.in_body = current, request_url.host, False
            with self._slot(request_url.host, budget):
                budget.start()
                response = self._client.send(
                    self._client.build_request(
                        "GET", request_url, headers=headers, timeout=self._timeout(budget)
                    ),
                    stream=True,
                )
                try:
                    status = response.status_code
                    if status in _REDIRECTS:
                        current = self._next_hop(request_url, response)
                        continue
                    if status == 304:
                        return FetchResult(
                            url=current,
                            status=304,
                            content=b"",
                            content_type=response.headers.get("content-type"),
                            etag=response.headers.get("etag") or etag,
                            last_modified=response.headers.get("last-modified") or last_modified,
                        )
                    if status >= 300:
                        raise _status_error(
                            status, response.reason_phrase, response.headers.get("retry-after")
                        )
                    progress.in_body = True
                    content = _read_body(response, cap, budget)
                    return FetchResult(
                        url=current,
                        status=status,
                        content=content,
                        content_type=response.headers.get("content-type"),
                        etag=response.headers.get("etag"),
                        last_modified=response.headers.get("last-modified"),
                    )
                finally:
                    response.close()
        raise FetchError(f"too many redirects (more than {self.limits.max_redirects})")

    def _timeout(self, budget: _Budget) -> httpx.Timeout:
        import httpx

        left = max(budget.remaining(), 0.001)
        return httpx.Timeout(
            connect=min(self.limits.connect_timeout, left),
            read=min(self.limits.read_timeout, left),
            write=min(self.limits.read_timeout, left),
            pool=left,
        )

    @staticmethod
    def _next_hop(request_url: httpx.URL, response: httpx.Response) -> str:
        import httpx

        location = response.headers.get(_HELD_LOCATION)
        if not location:
            raise FetchError(
                f"HTTP {response.status_code} redirect without a Location", status=response.status_code
            )
        try:
            target = request_url.join(location.strip())
        except httpx.InvalidURL as exc:
            raise FetchError(f"redirect to invalid URL {_shown(location)}: {exc}") from exc
        if target.scheme not in ("http", "https"):
            raise FetchError(f"redirect to non-http(s) URL {_shown(location.strip())} refused")
        return str(target)

    def _slot(self, host: str, budget: _Budget) -> _Slot:
        with self._slots_lock:
            semaphore = self._slots.get(host)
            if semaphore is None:
                semaphore = self._slots[host] = threading.BoundedSemaphore(max(1, self.limits.per_host))
        return _Slot(semaphore, budget)

    def _explain(self, exc: Exception, budget: _Budget, progress: _Progress) -> FetchError:
        import httpx

        limits = self.limits
        if isinstance(exc, httpx.TimeoutException | TimeoutError) and budget.remaining() <= _DEADLINE_SLACK:
            return budget.expired()
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
            if "complete message body" in text:
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
        """One HTTP(S) exchange under this fetcher's limits, for API clients that judge the answer themselves.

        Any status comes back (a redirect is not followed; its Location is in the headers), with its body
        read under the same deadline, size cap and bounded decompression as fetch(). Raises FetchError
        only when no complete answer arrived.
        """
        import httpx

        cap = self.limits.max_bytes if max_bytes is None else max_bytes
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            raise FetchError(f"unsupported URL scheme in {_shown(url)}")
        if self._closed:
            raise FetchError("fetcher is closed")
        budget = _Budget(self.limits.deadline, cancel)
        progress = _Progress(url)
        _local.budget = budget
        try:
            request_url = httpx.URL(url)
            with self._slot(request_url.host, budget):
                budget.start()
                response = self._client.send(
                    self._client.build_request(
                        method, request_url, headers=headers, content=content, timeout=self._timeout(budget)
                    ),
                    stream=True,
                )
                try:
                    progress.in_body = True
                    body = _read_body(response, cap, budget, allow_empty=True)
                    names = {name.lower(): value for name, value in response.headers.items()}
                    if _HELD_LOCATION in names:
                        names["location"] = names.pop(_HELD_LOCATION)
                    return HttpReply(url=url, status=response.status_code, headers=names, content=body)
                finally:
                    response.close()
        except FetchError:
            raise
        except Exception as exc:
            raise self._explain(exc, budget, progress) from exc
        finally:
            _local.budget = None


class _Slot:
    """Holds one of a host's connection slots, waiting in _POLL steps so cancel is honoured."""

    def __init__(self, semaphore: threading.BoundedSemaphore, budget: _Budget) -> None:
        self._semaphore = semaphore
        self._budget = budget

    def __enter__(self) -> None:
        while not self._semaphore.acquire(timeout=_POLL):
            self._budget.check()

    def __exit__(self, *exc: object) -> None:
        self._semaphore.release()


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


def _read_body(response: httpx.Response, cap: int, budget: _Budget, *, allow_empty: bool = False) -> bytes:
    declared = response.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > cap:
        raise _too_big(cap)  # refuse before reading a byte
    encoding = response.headers.get("content-encoding", "").strip().lower()
    inflater = None if encoding in ("", "identity") else _Inflater(encoding)
    out = bytearray()
    received = 0
    for raw in response.iter_raw():
        budget.check()
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
