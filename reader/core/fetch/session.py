"""FetchSession: one event loop's HTTP clients (one per host), per-host slots, redirects judged hop by hop, the
deadline, and every failure turned into one FetchError line."""

from __future__ import annotations

import asyncio
import functools
import socket
import ssl
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reader import __version__
from reader.core.fetch.body import _drain, _read_body
from reader.core.fetch.errors import (
    _RETRY_AFTER_STATUSES,
    FetchError,
    _cause,
    _seconds,
    _shown,
    _status_error,
    _tls_message,
)
from reader.core.fetch.local import _read_local
from reader.core.fetch.records import DEFAULT_LIMITS, FetchLimits, FetchResult, HttpReply
from reader.core.fetch.urls import host_of, normalize_url

if TYPE_CHECKING:
    # httpx is imported lazily because importing it costs ~0.1 s of start-up, and the CLI and TUI import this
    # package for FetchError and FetchResult long before they fetch anything.
    import httpx

USER_AGENT = f"localnews-reader/{__version__} (+https://github.com/localnews-reader)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml, text/xml, "
    "application/json;q=0.9, text/html;q=0.5, */*;q=0.1"
)
# Only what we can inflate with a bounded output buffer (see _Inflater in body.py); never br or zstd.
ACCEPT_ENCODING = "gzip, deflate"

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# How often a wait for a per-host slot, or a fetch, looks at the cancel event.
_POLL = 0.1
_HELD_LOCATION = "x-localnews-location"


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

