"""Hostile servers through one Fetcher: huge bodies, bombs, trickles and resets, alone and all at once."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

import pytest

from reader.core.fetch import Fetcher, FetchError, FetchLimits
from tests import httpserver
from tests.httpserver import LoopbackServer, close_mid_body, reset_mid_body, trickle_headers

http_server = httpserver.http_server  # the fixture, by its name (an import would trip F811 on each test)

KB = 1024
MB = 1024 * KB
LIMITS = FetchLimits(
    connect_timeout=1.0, read_timeout=0.5, deadline=1.5, max_bytes=64 * KB, max_redirects=5, per_host=16
)
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title></channel></rss>'
CORRUPT_GZIP = b"\x1f\x8b\x08\x00garbage-garbage"  # a gzip header, then bytes that are not deflate
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def _no_env_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def fetch_error(fetcher: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    assert "\n" not in str(info.value) and str(info.value).strip() == str(info.value) != ""
    return info.value


class Counted:
    """A lazy body of `total` bytes that counts what the server actually produced."""

    def __init__(self, total: int, chunk: int = 64 * KB) -> None:
        self.total = total
        self.chunk = chunk
        self.produced = 0

    def __call__(self) -> Iterator[bytes]:
        for start in range(0, self.total, self.chunk):
            piece = bytes([start // self.chunk % 251]) * min(self.chunk, self.total - start)
            self.produced += len(piece)
            yield piece

    def digest(self) -> str:
        return hashlib.sha256(b"".join(self())).hexdigest()


def _wait_idle(server: LoopbackServer, seconds: float = 3.0) -> None:
    give_up = time.monotonic() + seconds
    while server.active and time.monotonic() < give_up:
        time.sleep(0.01)


@pytest.mark.parametrize("framing", ["chunked", "close-delimited", "content-length"])
def test_100_mb_body_is_cut_at_the_cap(http_server: LoopbackServer, framing: str) -> None:
    body = Counted(100 * MB)
    url = http_server.route(
        "/huge",
        body=body,
        chunked=framing == "chunked",
        length=100 * MB if framing == "content-length" else None,
    )
    started = time.monotonic()
    with Fetcher(LIMITS) as fetcher:
        exc = fetch_error(fetcher, url)
    assert str(exc) == "body larger than 64 KB limit"
    assert time.monotonic() - started < 1.0
    _wait_idle(http_server)
    # The client hung up instead of draining: the server got nowhere near producing 100 MB.
    assert body.produced < 20 * MB


@pytest.mark.parametrize("framing", ["chunked", "content-length"])
def test_20_mb_body_under_a_32_mb_cap_is_fine(http_server: LoopbackServer, framing: str) -> None:
    body = Counted(20 * MB)
    url = http_server.route(
        "/big", body=body, chunked=framing == "chunked", length=None if framing == "chunked" else 20 * MB
    )
    with Fetcher(replace(LIMITS, deadline=10.0, max_bytes=32 * MB)) as fetcher:
        result = fetcher.fetch(url)
    assert len(result.content) == 20 * MB
    assert hashlib.sha256(result.content).hexdigest() == body.digest()


def _hostile_routes(server: LoopbackServer) -> dict[str, tuple[str, Callable[[str], bool]]]:
    """name -> (url, check on the error line)."""
    bomb = gzip.compress(b"\0" * (16 * MB), compresslevel=9)

    def expect(text: str) -> Callable[[str], bool]:
        return lambda message: text in message

    return {
        "trickle": (server.route("/trickle", body=b"x" * 100, trickle=0.1), expect("(deadline)")),
        "slow headers": (server.route("/slow-headers", handler=trickle_headers), expect("(deadline)")),
        "stall": (server.route("/stall", body=FEED, delay=5.0), expect("timed out after 0.5 s (read)")),
        "huge": (server.route("/huge", body=Counted(100 * MB), chunked=True), expect("larger than 64 KB")),
        "bomb": (
            server.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip"}),
            expect("larger than 64 KB"),
        ),
        "reset": (server.route("/reset", handler=reset_mid_body), expect("connection reset")),
        "short": (server.route("/short", handler=close_mid_body), expect("incomplete body")),
        "loop": (
            server.route("/loop", status=302, headers={"Location": "/loop"}),
            expect("too many redirects"),
        ),
        "to file": (
            server.route("/to-file", status=302, headers={"Location": "file:///etc/passwd"}),
            expect("redirect to non-http(s) URL file:///etc/passwd refused"),
        ),
        "404": (server.route("/missing", status=404, body=b"no"), expect("HTTP 404 Not Found")),
        "410": (server.route("/gone", status=410, body=b"no"), expect("HTTP 410 Gone")),
        "429": (
            server.route("/busy", status=429, body=b"no", headers={"Retry-After": "30"}),
            expect("HTTP 429 Too Many Requests"),
        ),
        "empty": (server.route("/empty", body=b""), expect("empty body")),
        "corrupt": (
            server.route("/corrupt", body=CORRUPT_GZIP, headers={"Content-Encoding": "gzip"}),
            expect("corrupt gzip body"),
        ),
        "tls": (f"https://127.0.0.1:{server.port}/feed.xml", expect("TLS error")),
    }


def test_hostile_routes_at_once_leave_good_ones_alone(http_server: LoopbackServer) -> None:
    hostile = _hostile_routes(http_server)
    good = http_server.route("/feed.xml", body=FEED, etag='"ok"')
    errors: dict[str, str] = {}
    lock = threading.Lock()

    with Fetcher(LIMITS) as fetcher, ThreadPoolExecutor(len(hostile)) as pool:

        def attempt(name: str, url: str) -> None:
            try:
                fetcher.fetch(url)
            except FetchError as exc:
                with lock:
                    errors[name] = str(exc)

        started = time.monotonic()
        futures: list[Future[None]] = [pool.submit(attempt, name, url) for name, (url, _) in hostile.items()]
        time.sleep(0.2)  # the hostile fetches are now holding connections, mid-trickle, mid-stall
        for _ in range(5):
            before = time.monotonic()
            result = fetcher.fetch(good)
            assert (result.status, result.content, result.etag) == (200, FEED, '"ok"')
            assert time.monotonic() - before < 0.5  # not queued behind the hostile ones
        for future in futures:
            future.result()  # attempt() swallows only FetchError: anything else fails the test here
        elapsed = time.monotonic() - started

    assert set(errors) == set(hostile), f"these did not fail: {set(hostile) - set(errors)}"
    wrong = {name: errors[name] for name, (_, check) in hostile.items() if not check(errors[name])}
    assert not wrong
    assert all("\n" not in message for message in errors.values())
    assert elapsed < 20.0  # ~1.6 s: bounded by the 1.5 s deadline, not by the slowest server
