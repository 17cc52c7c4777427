"""Fetcher: the event loop thread where fetches run, and blocking calls onto it for any other thread."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Coroutine
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import urlsplit

from reader.core.fetch.errors import FetchError
from reader.core.fetch.local import _read_local
from reader.core.fetch.records import DEFAULT_LIMITS, FetchLimits, FetchResult, HttpReply
from reader.core.fetch.session import FetchSession
from reader.core.fetch.urls import normalize_url

T = TypeVar("T")


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
