"""Hostile servers through the Library: each a one-line error naming its cause, the other feeds untouched.

Every hostile body starts like a feed with a new item titled LEAK, so a truncated, oversized or refused body
that got stored would show up as an article.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from reader.core.fetch import Fetcher, FetchLimits
from reader.core.library import Library, make_library
from reader.core.models import RefreshResult
from tests.httpserver import LoopbackServer, RequestHandler, close_mid_body, trickle_headers

KB = 1024
MB = 1024 * KB
# A read timeout far longer than the gap between trickled bytes: only the per-feed deadline can stop them.
LIMITS = FetchLimits(connect_timeout=1.0, read_timeout=5.0, deadline=2.0, max_bytes=256 * KB, max_redirects=4)
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def _no_env_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def rss(title: str, *guids: str) -> bytes:
    items = "".join(
        f"<item><title>{g}</title><guid>{g}</guid><link>https://news.example/{g}</link>"
        f"<description>&lt;p&gt;{g} body.&lt;/p&gt;</description></item>"
        for g in guids
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'.encode()


LEAK = rss("Leak", "LEAK")
LEAK_OPEN = LEAK[: LEAK.index(b"</channel>")]  # a feed whose end never comes


def endless(prefix: bytes, total: int, chunk: int = 64 * KB) -> Callable[[], Iterator[bytes]]:
    """A lazy body: a feed's start, then padding inside a comment, `total` bytes in all."""

    def body() -> Iterator[bytes]:
        yield prefix + b"<!--"
        sent = len(prefix) + 4
        while sent < total:
            piece = b"x" * min(chunk, total - sent)
            sent += len(piece)
            yield piece

    return body


def reset_after_a_feed(handler: RequestHandler) -> None:
    """Promise more than it sends: a complete-looking feed with a new item, then RST."""
    handler.write_headers(200, {"Content-Length": str(len(LEAK) + 5000), "Content-Type": "application/rss+xml"})
    handler.wfile.write(LEAK)
    handler.server.owner.wait(0.05)
    handler.abort()


def closed_after_a_feed(handler: RequestHandler) -> None:
    """The same, ended with a clean FIN: the body is still short of its Content-Length."""
    handler.write_headers(200, {"Content-Length": str(len(LEAK) + 5000), "Content-Type": "application/rss+xml"})
    handler.wfile.write(LEAK)
    handler.close_connection = True


@dataclass
class Hostile:
    """One hostile behaviour: how to route it, and what its one-line error must say."""

    route: dict[str, Any]
    needles: tuple[str, ...]
    within: float = 3.0  # seconds this one refresh may take (ten times what it takes on an idle machine, or more)
    gone: bool = False
    wait: bool = False  # a Retry-After the next refresh must honour
    extra: dict[str, dict[str, Any]] = field(default_factory=dict)  # more routes it needs


def hostile_cases() -> dict[str, Hostile]:
    bomb = gzip.compress(LEAK_OPEN + b"<!--" + b"\0" * (64 * MB), compresslevel=9)  # ~64 KB on the wire
    retry_date = format_datetime(datetime.now(UTC) + timedelta(hours=2), usegmt=True)
    return {
        "100 MB body": Hostile({"body": endless(LEAK_OPEN, 100 * MB), "chunked": True}, ("larger than 256 KB",)),
        "100 MB declared": Hostile({"body": endless(LEAK_OPEN, 100 * MB), "length": 100 * MB}, ("larger than 256 KB",)),
        "gzip bomb": Hostile({"body": bomb, "headers": {"Content-Encoding": "gzip"}}, ("larger than 256 KB",)),
        "byte a second": Hostile({"body": LEAK, "trickle": 1.0}, ("timed out", "deadline"), within=25.0),
        "headers a byte at a time": Hostile({"handler": trickle_headers}, ("timed out", "deadline"), within=25.0),
        "redirect loop": Hostile({"status": 302, "headers": {"Location": "/feed"}}, ("too many redirects",)),
        "redirect ping-pong": Hostile(
            {"status": 307, "headers": {"Location": "/pong"}},
            ("too many redirects",),
            extra={"/pong": {"status": 301, "headers": {"Location": "/feed"}}},
        ),
        "redirect to file": Hostile(
            {"status": 301, "headers": {"Location": "file:///etc/passwd"}},
            ("redirect", "file:///etc/passwd", "refused"),
        ),
        "redirect to ftp": Hostile(
            {"status": 302, "headers": {"Location": "ftp://127.0.0.1/feed.xml"}}, ("redirect", "ftp:", "refused")
        ),
        "redirect to javascript": Hostile(
            {"status": 302, "headers": {"Location": "javascript:alert(1)"}}, ("redirect", "refused")
        ),
        "empty body": Hostile({"body": b""}, ("empty body",)),
        "blank body": Hostile({"body": b"   \n\n  "}, ("empty",)),
        "html page": Hostile(
            {
                "body": b"<!doctype html><html><head><title>Hi</title></head><body><p>Welcome</p></body></html>",
                "headers": {"Content-Type": "text/html"},
            },
            ("not a feed",),
        ),
        "404": Hostile({"status": 404, "body": LEAK}, ("HTTP 404 Not Found",)),
        "410": Hostile({"status": 410, "body": LEAK}, ("HTTP 410 Gone",), gone=True),
        "429 seconds": Hostile(
            {"status": 429, "body": LEAK, "headers": {"Retry-After": "3600"}},
            ("HTTP 429 Too Many Requests", "retry after 60 min"),
            wait=True,
        ),
        "503 http-date": Hostile(
            {"status": 503, "body": LEAK, "headers": {"Retry-After": retry_date}},
            ("HTTP 503 Service Unavailable", "retry after"),
            wait=True,
        ),
        "reset mid-body": Hostile({"handler": reset_after_a_feed}, ("connection reset",)),
        "closed mid-body": Hostile({"handler": closed_after_a_feed}, ("incomplete body",)),
        "short body": Hostile({"handler": close_mid_body}, ("incomplete body",)),
        "corrupt gzip": Hostile(
            {"body": b"\x1f\x8b\x08\x00garbage-garbage", "headers": {"Content-Encoding": "gzip"}}, ("corrupt gzip",)
        ),
        "brotli": Hostile({"body": LEAK, "headers": {"Content-Encoding": "br"}}, ("unsupported content encoding",)),
    }


CASES = hostile_cases()


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = make_library(tmp_path / "lib.sqlite", Fetcher(LIMITS), workers=32)
    yield library
    library.close()


def titles(lib: Library, feed_id: int | None = None) -> set[str]:
    return {a.title for a in lib.articles(feed_id=feed_id)}


def by_url(results: list[RefreshResult]) -> dict[str, RefreshResult]:
    return {r.feed_url: r for r in results}


def assert_one_line(error: str | None, needles: tuple[str, ...]) -> None:
    assert error, "no error given"
    assert "\n" not in error and error == error.strip()
    for needle in needles:
        assert needle in error, f"{needle!r} not in {error!r}"


@pytest.mark.parametrize("name", list(CASES))
def test_feed_turning_hostile_keeps_what_it_had(lib: Library, http_server: LoopbackServer, name: str) -> None:
    case = CASES[name]
    url = http_server.route("/feed", body=rss("Town", "A", "B"))
    good = http_server.route("/good", body=rss("Good", "G1"))
    feed, _ = lib.add(url)
    lib.add(good)
    lib.mark_read([next(a.id for a in lib.articles() if a.title == "A")])
    lib.bookmark(next(a.id for a in lib.articles() if a.title == "B"))
    http_server.route("/feed", **case.route)
    for path, route in case.extra.items():
        http_server.route(path, **route)
    http_server.route("/good", body=rss("Good", "G1", "G2"))

    started = time.monotonic()
    results = by_url(list(lib.refresh_iter()))
    assert time.monotonic() - started < case.within

    assert results[good].status == "ok" and results[good].new == 1  # the other feed refreshed
    hostile = results[url]
    assert hostile.status == "error"
    assert_one_line(hostile.error, case.needles)
    # Everything the feed had is still there, flags included; nothing of the hostile body was stored.
    kept = {a.title: a for a in lib.articles(feed_id=feed.id)}
    assert set(kept) == {"A", "B"}
    assert kept["A"].read and kept["B"].bookmarked
    assert "LEAK" not in titles(lib)
    stored = lib.feed(feed.id)
    assert stored is not None and stored.title == "Town"
    assert_one_line(stored.error, case.needles)
    assert stored.gone == case.gone


@pytest.mark.parametrize("name", ["410", "429 seconds", "503 http-date"])
def test_next_refresh_does_not_ask_again(lib: Library, http_server: LoopbackServer, name: str) -> None:
    case = CASES[name]
    url = http_server.route("/feed", body=rss("Town", "A"))
    lib.add(url)
    http_server.route("/feed", **case.route)
    list(lib.refresh_iter())
    asked = http_server.hits("/feed")
    for _ in range(2):
        (result,) = list(lib.refresh_iter())
        assert result.status == "error"
        assert_one_line(result.error, ("gone",) if case.gone else ("not asked again before",))
    assert http_server.hits("/feed") == asked, "the server was asked again before it allowed"
    # Naming the feed (force) asks again, and a server that recovered is read again.
    http_server.route("/feed", body=rss("Town", "A", "C"))
    (result,) = list(lib.refresh_iter(force=True))
    assert (result.status, result.new) == ("ok", 1)
    assert lib.feeds()[0].gone is False


def test_retry_after_in_the_past_or_garbage_asks_again(lib: Library, http_server: LoopbackServer) -> None:
    url = http_server.route("/feed", body=rss("Town", "A"))
    lib.add(url)
    for value in ("Wed, 21 Oct 2015 07:28:00 GMT", "soon", "-5", "99999999999999999999"):
        http_server.route("/feed", status=503, headers={"Retry-After": value})
        asked = http_server.hits("/feed")
        (result,) = list(lib.refresh_iter())
        assert result.status == "error" and http_server.hits("/feed") == asked + 1, value
        assert_one_line(result.error, ("HTTP 503",))


def test_tls_failure_is_one_line(lib: Library, http_server: LoopbackServer) -> None:
    good = http_server.route("/good", body=rss("Good", "G1"))
    lib.add(good)
    tls = f"https://127.0.0.1:{http_server.port}/feed"  # a plain-HTTP server answering a TLS hello
    lib.subscribe(tls, "Secure")
    results = by_url(list(lib.refresh_iter()))
    assert results[good].status in ("ok", "not_modified")
    assert results[tls].status == "error"
    assert_one_line(results[tls].error, ("TLS",))


def test_add_refuses_each_hostile_server_in_one_line(lib: Library, http_server: LoopbackServer) -> None:
    from reader.core.library import LibraryError

    urls = {}
    for n, (name, case) in enumerate(CASES.items()):
        path = f"/add-{n}"
        route = case.route
        if route.get("headers", {}).get("Location") == "/feed":
            route = {**route, "headers": {"Location": path}}
        urls[name] = http_server.route(path, **route)
        for extra, extra_route in case.extra.items():
            http_server.route(extra, **{**extra_route, "headers": {"Location": path}})

    def refused(name: str) -> str:
        with pytest.raises(LibraryError) as info:
            lib.add(urls[name])
        return str(info.value)

    with ThreadPoolExecutor(len(urls)) as pool:  # the slow ones side by side: the deadline bounds them all
        messages = dict(zip(urls, pool.map(refused, urls), strict=True))
    for name, message in messages.items():
        assert "\n" not in message and message.startswith(urls[name]), (name, message)
        if name != "html page":  # add says "an HTML page that names no feed" instead
            assert_one_line(message, CASES[name].needles)
    assert "names no feed" in messages["html page"]
    assert lib.feeds() == [] and lib.articles() == []


def test_all_hostile_servers_at_once_in_one_refresh(lib: Library, http_server: LoopbackServer) -> None:
    goods = [http_server.route(f"/good-{n}", body=rss(f"Good {n}", f"G{n}-1")) for n in range(3)]
    for good in goods:
        lib.add(good)
    urls: dict[str, str] = {}
    for n, (name, case) in enumerate(CASES.items()):
        path = f"/hostile-{n}"
        http_server.route(path, body=rss(f"Hostile {n}", f"H{n}"))
        urls[name] = http_server.url(path)
        if case.route.get("status") in (429, 503):  # a host that asks us to wait is left alone: keep it apart
            urls[name] = urls[name].replace("127.0.0.1", "localhost")
        lib.add(urls[name])
        route = case.route
        if route.get("headers", {}).get("Location") == "/feed":
            route = {**route, "headers": {"Location": path}}
        http_server.route(path, **route)
        for extra, extra_route in case.extra.items():
            http_server.route(extra, **{**extra_route, "headers": {"Location": path}})
    tls = f"https://127.0.0.1:{http_server.port}/good-0"
    lib.subscribe(tls, "TLS")
    for n in range(len(goods)):
        http_server.route(f"/good-{n}", body=rss(f"Good {n}", f"G{n}-1", f"G{n}-2"))
    before = len(lib.articles())

    started = time.monotonic()
    results = by_url(list(lib.refresh_iter()))
    elapsed = time.monotonic() - started

    assert elapsed < 40.0, f"{elapsed:.1f} s"  # ~3 s: bounded by the per-feed deadline, not by the worst server
    assert len(results) == len(goods) + len(CASES) + 1
    for good in goods:
        assert (results[good].status, results[good].new) == ("ok", 1)
    waits = [name for name in urls if CASES[name].route.get("status") in (429, 503)]
    for name, url in urls.items():
        assert results[url].status == "error", name
        if name in waits:
            # Both share one host: the first answer to ask for a wait holds the other feed back, in its words.
            assert_one_line(results[url].error, ("retry after",))
            assert any(f"HTTP {CASES[w].route['status']}" in (results[url].error or "") for w in waits), name
        else:
            assert_one_line(results[url].error, CASES[name].needles)
    assert_one_line(results[tls].error, ("TLS",))
    assert len(lib.articles()) == before + len(goods)
    assert "LEAK" not in titles(lib)
    assert all(f.total == 1 for f in lib.feeds() if f.title.startswith("Hostile"))
