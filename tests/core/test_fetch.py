"""Fetcher against a real HTTP server on 127.0.0.1: validators, redirects, errors, limits, local files."""

from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.fetch import Fetcher, FetchError, FetchLimits, FetchResult, is_local, normalize_url
from tests import httpserver
from tests.httpserver import LoopbackServer, close_mid_body, reset_mid_body, trickle_headers

http_server = httpserver.http_server  # the fixture, by its name (an import would trip F811 on each test)

KB = 1024
LIMITS = FetchLimits(
    connect_timeout=1.0, read_timeout=1.0, deadline=1.5, max_bytes=64 * KB, max_redirects=5, per_host=2
)
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title></channel></rss>'
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def _no_env_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    # A proxy in the environment would route 127.0.0.1 elsewhere and switch off the guarded transport.
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(LIMITS) as f:
        yield f


def fetch_error(fetcher: Fetcher, url: str, **kwargs: Any) -> FetchError:
    """The FetchError that fetching `url` raises, checked to be one non-empty line."""
    with pytest.raises(FetchError) as info:
        fetcher.fetch(url, **kwargs)
    message = str(info.value)
    assert message and message == message.strip()
    assert "\n" not in message and "\r" not in message
    return info.value


# ----------------------------------------------------------------------------- success, validators


def test_ok_returns_body_type_and_validators(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    url = http_server.route(
        "/feed.xml",
        body=FEED,
        headers={"Content-Type": "application/rss+xml; charset=utf-8"},
        etag='"v1"',
        last_modified="Wed, 21 Oct 2015 07:28:00 GMT",
    )
    result = fetcher.fetch(url)
    assert result == FetchResult(
        url=url,
        status=200,
        content=FEED,
        content_type="application/rss+xml; charset=utf-8",
        etag='"v1"',
        last_modified="Wed, 21 Oct 2015 07:28:00 GMT",
        http_version="HTTP/1.1",  # a plain-http server: no HTTP/2 to negotiate
    )


def test_if_none_match_gets_304(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    url = http_server.route("/feed.xml", body=FEED, etag='"v1"')
    first = fetcher.fetch(url)
    second = fetcher.fetch(url, etag=first.etag)
    assert (second.status, second.content, second.etag) == (304, b"", '"v1"')
    sent = http_server.requests_to("/feed.xml")[-1]
    # The header must be named If-None-Match: sending it as "ETag" never gets a 304.
    assert sent.headers["if-none-match"] == '"v1"'
    assert "etag" not in sent.headers
    assert "if-none-match" not in http_server.requests_to("/feed.xml")[0].headers


def test_if_modified_since_gets_304(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
    url = http_server.route("/feed.xml", body=FEED, last_modified=stamp)
    first = fetcher.fetch(url)
    assert first.last_modified == stamp
    second = fetcher.fetch(url, last_modified=first.last_modified)
    assert (second.status, second.content, second.last_modified) == (304, b"", stamp)
    sent = http_server.requests_to("/feed.xml")[-1]
    assert sent.headers["if-modified-since"] == stamp
    assert "last-modified" not in sent.headers


def test_stale_validators_get_the_new_body(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    url = http_server.route("/feed.xml", body=FEED, etag='"v2"')
    result = fetcher.fetch(url, etag='"v1"')
    assert (result.status, result.content, result.etag) == (200, FEED, '"v2"')


def test_request_headers_identify_us(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    fetcher.fetch(http_server.route("/feed.xml", body=FEED))
    sent = http_server.requests_to("/feed.xml")[0]
    assert sent.headers["user-agent"].startswith("localnews-reader/")
    assert sent.headers["accept"].startswith("application/rss+xml")
    assert "application/atom+xml" in sent.headers["accept"]
    assert sent.headers["accept-encoding"] == "gzip, deflate"
    assert "cookie" not in sent.headers


def test_custom_user_agent(http_server: LoopbackServer) -> None:
    with Fetcher(LIMITS, user_agent="probe/1") as fetcher:
        fetcher.fetch(http_server.route("/feed.xml", body=FEED))
    assert http_server.requests_to("/feed.xml")[0].headers["user-agent"] == "probe/1"


@pytest.mark.parametrize(
    "encode, encoding",
    [
        (gzip.compress, "gzip"),
        (lambda b: gzip.compress(b[:40]) + gzip.compress(b[40:]), "gzip"),  # two members
        (zlib.compress, "deflate"),  # RFC 9110 deflate: zlib-wrapped
        (lambda b: zlib.compress(b)[2:-4], "deflate"),  # raw deflate, as some servers send
    ],
    ids=["gzip", "gzip-multi-member", "deflate-zlib", "deflate-raw"],
)
def test_compressed_bodies_are_decoded(
    http_server: LoopbackServer, fetcher: Fetcher, encode: Callable[[bytes], bytes], encoding: str
) -> None:
    body = encode(FEED)
    url = http_server.route("/feed.xml", body=body, headers={"Content-Encoding": encoding})
    assert fetcher.fetch(url).content == FEED


# ------------------------------------------------------------------------------------ HTTP errors


@pytest.mark.parametrize(
    "status, text", [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")]
)
def test_http_error_status(http_server: LoopbackServer, fetcher: Fetcher, status: int, text: str) -> None:
    url = http_server.route("/x", status=status, body=b"<html>\nnot here\n</html>")
    exc = fetch_error(fetcher, url)
    assert str(exc) == text
    assert (exc.status, exc.gone, exc.retry_after) == (status, False, None)


def test_410_is_gone(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    exc = fetch_error(fetcher, http_server.route("/x", status=410, body=b"bye"))
    assert str(exc) == "HTTP 410 Gone"
    assert exc.status == 410 and exc.gone


def _http_date(seconds_ahead: int) -> str:
    return format_datetime(datetime.now(UTC) + timedelta(seconds=seconds_ahead), usegmt=True)


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize("form", ["delta", "http-date"])
def test_retry_after(http_server: LoopbackServer, fetcher: Fetcher, status: int, form: str) -> None:
    value = "120" if form == "delta" else _http_date(120)
    url = http_server.route("/x", status=status, body=b"slow down", headers={"Retry-After": value})
    exc = fetch_error(fetcher, url)
    assert exc.status == status and str(exc).startswith(f"HTTP {status} ")
    assert exc.retry_after is not None and 115 <= exc.retry_after <= 120
    assert "retry after" in str(exc)


def test_unparseable_retry_after_is_none(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    url = http_server.route("/x", status=429, body=b"x", headers={"Retry-After": "soon-ish"})
    exc = fetch_error(fetcher, url)
    assert exc.status == 429 and exc.retry_after is None


# -------------------------------------------------------------------------------------- redirects


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_is_followed(http_server: LoopbackServer, fetcher: Fetcher, status: int) -> None:
    final = http_server.route("/new/feed.xml", body=FEED)
    http_server.route("/old/feed", status=status, headers={"Location": "../new/feed.xml"})  # relative
    result = fetcher.fetch(http_server.url("/old/feed"))
    assert (result.status, result.content, result.url) == (200, FEED, final)


def test_redirect_chain_with_absolute_location(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    final = http_server.route("/c", body=FEED)
    http_server.route("/b", status=302, headers={"Location": final})
    http_server.route("/a", status=301, headers={"Location": "/b"})
    assert fetcher.fetch(http_server.url("/a")).url == final


def test_validators_survive_a_redirect(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    http_server.route("/new", body=FEED, etag='"v1"')
    http_server.route("/old", status=301, headers={"Location": "/new"})
    assert fetcher.fetch(http_server.url("/old"), etag='"v1"').status == 304


def test_redirect_loop_is_too_many_redirects(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    url = http_server.route("/loop", status=302, headers={"Location": "/loop"})
    exc = fetch_error(fetcher, url)
    assert "too many redirects" in str(exc)
    assert http_server.hits("/loop") == LIMITS.max_redirects + 1


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "javascript:alert(1)", "data:,x"]
)
def test_redirect_to_other_schemes_is_refused(
    http_server: LoopbackServer, fetcher: Fetcher, location: str
) -> None:
    url = http_server.route("/evil", status=302, headers={"Location": location})
    exc = fetch_error(fetcher, url)
    assert str(exc) == f"redirect to non-http(s) URL {location} refused"
    assert exc.status is None and exc.__cause__ is None  # refused outright: nothing was opened or read


def test_redirect_without_location(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    exc = fetch_error(fetcher, http_server.route("/x", status=302))
    assert "redirect without a Location" in str(exc) and exc.status == 302


# --------------------------------------------------------------------------------------- size caps


def _chunks(total: int, size: int = 16 * KB) -> Iterator[bytes]:
    for start in range(0, total, size):
        yield b"x" * min(size, total - start)


@pytest.mark.parametrize("framing", ["content-length", "chunked", "close-delimited"])
def test_oversized_body(http_server: LoopbackServer, fetcher: Fetcher, framing: str) -> None:
    if framing == "content-length":
        url = http_server.route("/big", body=b"x" * (100 * KB))
    else:
        url = http_server.route("/big", body=lambda: _chunks(100 * KB), chunked=framing == "chunked")
    exc = fetch_error(fetcher, url)
    assert str(exc) == "body larger than 64 KB limit"


def test_body_exactly_at_the_cap_is_fine(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    url = http_server.route("/edge", body=lambda: _chunks(64 * KB), chunked=True)
    assert len(fetcher.fetch(url).content) == 64 * KB


def test_per_call_max_bytes(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    url = http_server.route("/feed.xml", body=FEED)
    assert "larger than 10 bytes" in str(fetch_error(fetcher, url, max_bytes=10))


def test_gzip_bomb_is_never_inflated(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    bomb = gzip.compress(b"\0" * (32 * 1024 * KB), compresslevel=9)
    assert len(bomb) < 64 * KB  # on the wire it is under the cap: only inflating it can trip the cap
    url = http_server.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})
    fetcher.fetch(http_server.route("/warm", body=FEED))  # client and connection set up outside the trace
    tracemalloc.start()
    try:
        exc = fetch_error(fetcher, url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(exc) == "body larger than 64 KB limit"
    # Inflating one 64 KB network read of zeros in one go would allocate ~64 MB.
    assert peak < 8 * 64 * KB, f"peak {peak} bytes"


def test_corrupt_gzip(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    url = http_server.route(
        "/x", body=b"\x1f\x8b\x08\x00garbage-garbage", headers={"Content-Encoding": "gzip"}
    )
    assert "corrupt gzip body" in str(fetch_error(fetcher, url))


def test_truncated_gzip_is_incomplete(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    url = http_server.route("/x", body=gzip.compress(FEED)[:-12], headers={"Content-Encoding": "gzip"})
    assert "incomplete body" in str(fetch_error(fetcher, url))


def test_unrequested_encoding_is_refused(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    url = http_server.route("/x", body=b"\x0b\x02\x80", headers={"Content-Encoding": "br"})
    assert str(fetch_error(fetcher, url)) == "unsupported content encoding br"


def test_empty_body(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    assert str(fetch_error(fetcher, http_server.route("/empty", body=b""))) == "empty body"


# -------------------------------------------------------------------------------- time and sockets


def test_trickle_is_cut_at_the_deadline(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    url = http_server.route("/slow", body=b"x" * 100, trickle=0.2)  # a read timeout never fires
    started = time.monotonic()
    exc = fetch_error(fetcher, url)
    elapsed = time.monotonic() - started
    assert str(exc) == "timed out after 1.5 s (deadline)"
    assert 1.4 <= elapsed < 15.0  # the 1.5 s deadline (a trickle of 100 bytes would take 10 s more)


def test_trickled_headers_are_cut_at_the_deadline(http_server: LoopbackServer) -> None:
    # httpx yields nothing until the headers are complete, so only a deadline around the whole request
    # (not a read timeout: a byte comes every 50 ms) can stop this one.
    url = http_server.route("/slow-headers", handler=trickle_headers)
    started = time.monotonic()
    with Fetcher(replace(LIMITS, deadline=1.0)) as fetcher:
        exc = fetch_error(fetcher, url)
    assert str(exc) == "timed out after 1 s (deadline)"
    assert time.monotonic() - started < 10.0  # the 1 s deadline, ten times over for a busy machine


def test_read_timeout(http_server: LoopbackServer) -> None:
    url = http_server.route("/stall", body=FEED, delay=3.0)
    started = time.monotonic()
    with Fetcher(replace(LIMITS, read_timeout=0.3)) as fetcher:
        exc = fetch_error(fetcher, url)
    assert str(exc) == "timed out after 0.3 s (read)"
    assert time.monotonic() - started < 2.9  # 0.3 s, not the 3 s the server would have made us wait


def test_connection_reset_mid_body(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    exc = fetch_error(fetcher, http_server.route("/reset", handler=reset_mid_body))
    assert str(exc) in ("connection reset mid-body", "connection reset by peer")


def test_incomplete_body(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    exc = fetch_error(fetcher, http_server.route("/short", handler=close_mid_body))
    assert str(exc).startswith("incomplete body")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_connection_refused(fetcher: Fetcher) -> None:
    assert str(fetch_error(fetcher, f"http://127.0.0.1:{_free_port()}/feed.xml")) == "connection refused"


def test_tls_to_a_plain_http_server(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    exc = fetch_error(fetcher, f"https://127.0.0.1:{http_server.port}/feed.xml")
    assert str(exc).startswith("TLS error: ")


def test_per_host_cap(http_server: LoopbackServer) -> None:
    url = http_server.route("/slow", body=FEED, delay=0.25)
    with Fetcher(replace(LIMITS, per_host=2)) as fetcher, ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: fetcher.fetch(url), range(6)))
    assert [r.status for r in results] == [200] * 6
    assert http_server.max_active == 2  # two at a time: never more, and not serialised to one


def test_per_host_cap_is_what_limits(http_server: LoopbackServer) -> None:
    # The control for test_per_host_cap: with a higher cap the same burst does overlap more.
    url = http_server.route("/slow", body=FEED, delay=0.25)
    with Fetcher(replace(LIMITS, per_host=4)) as fetcher, ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda _: fetcher.fetch(url), range(6)))
    assert http_server.max_active == 4


@pytest.mark.parametrize("behaviour", ["trickle", "stall"])
def test_cancel_stops_promptly(http_server: LoopbackServer, behaviour: str) -> None:
    if behaviour == "trickle":
        url = http_server.route("/slow", body=b"x" * 100, trickle=0.1)
    else:  # nothing at all arrives: the cancel must be seen inside the blocked read
        url = http_server.route("/slow", body=FEED, delay=10.0)
    cancel = threading.Event()
    timer = threading.Timer(0.3, cancel.set)
    timer.start()
    started = time.monotonic()
    try:
        with Fetcher(replace(LIMITS, deadline=10.0, read_timeout=10.0)) as fetcher:
            exc = fetch_error(fetcher, url, cancel=cancel)
    finally:
        timer.cancel()
    assert str(exc) == "cancelled"
    assert time.monotonic() - started < 3.5  # cancelled at 0.3 s; the server would have taken 10 s


def test_cancel_before_start(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    cancel = threading.Event()
    cancel.set()
    assert str(fetch_error(fetcher, http_server.route("/feed.xml", body=FEED), cancel=cancel)) == "cancelled"
    assert http_server.hits("/feed.xml") == 0


def test_environment_proxy_is_honoured(http_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # The loopback server plays the proxy: it sees the absolute-form request line.
    http_server.route("/feed.xml", body=FEED)
    monkeypatch.setenv("http_proxy", http_server.url(""))
    with Fetcher(LIMITS) as fetcher:
        result = fetcher.fetch("http://feeds.example.invalid/feed.xml")
    assert result.content == FEED
    assert http_server.requests_to("/feed.xml")[0].path == "http://feeds.example.invalid/feed.xml"


@pytest.mark.parametrize("case", ["deadline", "size cap"])
def test_deadline_and_size_cap_hold_behind_a_proxy(
    http_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    # The loopback server plays the proxy; the limits are ours, not the transport's, so they hold there too.
    monkeypatch.setenv("http_proxy", http_server.url(""))
    if case == "deadline":
        http_server.route("/feed.xml", body=b"x" * 100, trickle=0.1)
    else:
        http_server.route("/feed.xml", body=b"x" * (128 * KB), chunked=True)
    started = time.monotonic()
    with Fetcher(replace(LIMITS, deadline=1.0)) as fetcher:
        exc = fetch_error(fetcher, "http://feeds.example.invalid/feed.xml")
    expected = "timed out after 1 s (deadline)" if case == "deadline" else "body larger than 64 KB limit"
    assert str(exc) == expected
    assert time.monotonic() - started < 9.0  # ~1 s; the trickle alone would take 10 s
    assert http_server.requests_to("/feed.xml")[0].path == "http://feeds.example.invalid/feed.xml"


def test_fetch_after_close(http_server: LoopbackServer) -> None:
    fetcher = Fetcher(LIMITS)
    fetcher.close()
    assert str(fetch_error(fetcher, http_server.route("/feed.xml", body=FEED))) == "fetcher is closed"


# ------------------------------------------------------------------------------------- local files


@pytest.fixture
def feed_file(tmp_path: Path) -> Path:
    path = tmp_path / "dir with space" / "feed.xml"
    path.parent.mkdir()
    path.write_bytes(FEED)
    return path


def test_absolute_path(fetcher: Fetcher, feed_file: Path) -> None:
    result = fetcher.fetch(str(feed_file))
    assert (result.status, result.content, result.url) == (200, FEED, feed_file.as_uri())
    assert result.content_type in ("application/xml", "text/xml")


def test_relative_path(fetcher: Fetcher, feed_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(feed_file.parent.parent)
    for spelling in ("dir with space/feed.xml", "./dir with space/feed.xml"):
        result = fetcher.fetch(spelling)
        assert (result.content, result.url) == (FEED, feed_file.as_uri())


def test_home_path(fetcher: Fetcher, feed_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(feed_file.parent))
    assert fetcher.fetch("~/feed.xml").url == feed_file.as_uri()


def test_file_url(fetcher: Fetcher, feed_file: Path) -> None:
    result = fetcher.fetch(feed_file.as_uri())  # percent-encoded space
    assert (result.content, result.url) == (FEED, feed_file.as_uri())


def test_missing_file(fetcher: Fetcher, tmp_path: Path) -> None:
    missing = tmp_path / "nope.xml"
    assert str(fetch_error(fetcher, str(missing))) == f"no such file: {missing}"
    assert str(fetch_error(fetcher, missing.as_uri())) == f"no such file: {missing}"


def test_local_file_cap_and_oddities(fetcher: Fetcher, tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    big.write_bytes(b"x" * (64 * KB + 1))
    assert str(fetch_error(fetcher, str(big))) == "body larger than 64 KB limit"
    assert str(fetch_error(fetcher, str(tmp_path))).startswith("is a directory")
    (tmp_path / "empty.xml").touch()
    assert str(fetch_error(fetcher, str(tmp_path / "empty.xml"))).startswith("empty file")
    assert str(fetch_error(fetcher, "/dev/zero")).startswith("not a regular file")


@pytest.mark.parametrize(
    "url, scheme",
    [
        ("ftp://example.com/feed.xml", "ftp"),
        ("javascript:alert(1)", "javascript"),
        ("data:text/xml,<rss/>", "data"),
        ("gopher://example.com/", "gopher"),
    ],
)
def test_unsupported_scheme(fetcher: Fetcher, url: str, scheme: str) -> None:
    assert str(fetch_error(fetcher, url)).startswith(f"unsupported URL scheme {scheme}:")


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1",
        "http://\x00/",
        "http://a\nb/",
        "http://:80/",
        "http:///path",
        "https://",
        "http://user@/x",
        "http://xn--/",
        "http://" + "a" * 300 + ".example/",
        "file:///a%00b",
        "file://otherhost/etc/hosts",
    ],
)
def test_malformed_urls_are_fetch_errors(fetcher: Fetcher, url: str) -> None:
    assert str(fetch_error(fetcher, url)).startswith(("invalid", "unsupported file URL"))


# ------------------------------------------------------------------------------------- URL helpers


def test_normalize_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "here.xml").write_bytes(FEED)
    assert normalize_url("  https://example.com/feed \n") == "https://example.com/feed"
    assert normalize_url("HTTP://Example.com/") == "HTTP://Example.com/"
    assert normalize_url("example.com/feed") == "https://example.com/feed"
    assert normalize_url("news.example.com") == "https://news.example.com"
    assert normalize_url("localhost:8080/rss") == "https://localhost:8080/rss"
    assert normalize_url("here.xml") == (tmp_path / "here.xml").as_uri()
    assert normalize_url("missing.xml") == (tmp_path / "missing.xml").as_uri()  # a file, not a host
    assert normalize_url("sample_feeds/x.xml") == (tmp_path / "sample_feeds" / "x.xml").as_uri()
    assert normalize_url("/abs/feed.xml") == "file:///abs/feed.xml"
    assert normalize_url("javascript:alert(1)") == "javascript:alert(1)"
    assert normalize_url("feed://example.com/rss") == "https://example.com/rss"
    assert normalize_url("feed:http://example.com/rss") == "http://example.com/rss"
    with pytest.raises(FetchError, match="empty URL"):
        normalize_url("   ")


def test_is_local(tmp_path: Path) -> None:
    assert is_local(str(tmp_path / "x.xml"))
    assert is_local("file:///etc/hosts")
    assert is_local("./feeds/x.xml")
    assert not is_local("https://example.com/feed")
    assert not is_local("example.com/feed")
    assert not is_local("javascript:alert(1)")
    assert not is_local("")


def test_importing_fetch_defers_httpx() -> None:
    # FetchError and FetchResult are imported on the way to the first screen; httpx must not be.
    code = "import sys, reader.core.fetch; print('httpx' in sys.modules, 'httpcore' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


@given(st.text())
def test_fetch_error_is_always_one_safe_line(text: str) -> None:
    message = str(FetchError(f"HTTP 500 {text}"))
    assert "\n" not in message and "\r" not in message and "\x1b" not in message
    assert len(message) <= 300
