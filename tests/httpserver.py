"""A real threaded HTTP server on 127.0.0.1 with a route table, for tests that fetch over the network."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import struct
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest

Body = bytes | Callable[[], Iterable[bytes]]
Handler = Callable[["RequestHandler"], None]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it."""

    method: str
    path: str  # as sent on the request line (absolute-form when we are used as a proxy)
    headers: dict[str, str]  # names lower-cased
    names: tuple[str, ...]  # header names exactly as sent


@dataclass
class Route:
    """What the server answers on one path."""

    status: int = 200
    body: Body = b""  # bytes, or a callable returning an iterable of chunks (served lazily)
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # sent as ETag; a matching If-None-Match gets 304
    last_modified: str | None = None  # sent as Last-Modified; an equal If-Modified-Since gets 304
    delay: float = 0.0  # seconds before anything is sent (status line included)
    trickle: float | None = None  # seconds between single body bytes
    chunked: bool = False  # Transfer-Encoding: chunked instead of Content-Length
    length: int | None = None  # a Content-Length to declare instead of the true one (for lying servers)
    handler: Handler | None = None  # takes over the whole response


class RequestHandler(BaseHTTPRequestHandler):
    """Dispatches to the LoopbackServer's route table; quiet, HTTP/1.1, keep-alive."""

    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.owner._connection_opened(self.connection)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        self.server.owner._connection_closed(self.connection)

    def handle(self) -> None:
        # A TLS ClientHello starts with 0x16; answer in plain HTTP at once, as real servers do, rather
        # than wait for a request line that never ends and let the client time out instead.
        try:
            first = self.connection.recv(1, socket.MSG_PEEK)
        except OSError:
            return
        if first == b"\x16":
            self.wfile.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        # The client hanging up mid-response is expected: that is how it enforces its limits.
        with contextlib.suppress(OSError):
            super().handle()

    def do_GET(self) -> None:
        self.server.owner._dispatch(self)

    def log_message(self, *args: Any) -> None:
        pass

    # helpers for custom handlers

    def write_headers(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def abort(self) -> None:
        """Reset the connection (RST, not FIN): SO_LINGER 0, then close the descriptor itself."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        # rfile/wfile hold references that keep socket.close() from closing the descriptor.
        fd = self.connection.detach()
        socket.close(fd)
        self.close_connection = True


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 64
    owner: LoopbackServer

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, a reverse DNS query that can take seconds.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # hostile tests break connections on purpose; failures show up as test assertions


class LoopbackServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 that tests program with route()."""

    def __init__(self) -> None:
        self._httpd = _HTTPServer(("127.0.0.1", 0), RequestHandler)
        self._httpd.owner = self
        self.port: int = self._httpd.server_address[1]
        self._routes: dict[str, Route] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._thread: threading.Thread | None = None
        self.requests: list[RecordedRequest] = []
        self.active = 0  # requests being answered right now
        self.max_active = 0  # the most ever answered at once
        self.connections_opened = 0  # TCP connections accepted so far

    # lifecycle

    def start(self) -> LoopbackServer:
        # A short poll interval: shutdown() waits up to one interval, once per test.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close every socket, even under a handler that is mid-trickle."""
        self._stopping.set()
        self._httpd.shutdown()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # programming

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(
        self,
        path: str,
        status: int = 200,
        body: Body = b"",
        headers: dict[str, str] | None = None,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        delay: float = 0.0,
        trickle: float | None = None,
        chunked: bool = False,
        length: int | None = None,
        handler: Handler | None = None,
    ) -> str:
        """Register what `path` answers; returns its full URL."""
        self._routes[path] = Route(
            status=status,
            body=body,
            headers=dict(headers or {}),
            etag=etag,
            last_modified=last_modified,
            delay=delay,
            trickle=trickle,
            chunked=chunked,
            length=length,
            handler=handler,
        )
        return self.url(path)

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if urlsplit(r.path).path == path)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if urlsplit(r.path).path == path]

    def wait(self, seconds: float) -> bool:
        """Sleep in a handler; True when the server is stopping and the handler should give up."""
        return self._stopping.wait(seconds)

    # serving

    def _connection_opened(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.add(connection)
            self.connections_opened += 1

    def _connection_closed(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.discard(connection)

    def _dispatch(self, handler: RequestHandler) -> None:
        record = RecordedRequest(
            method=handler.command,
            path=handler.path,
            headers={name.lower(): value for name, value in handler.headers.items()},
            names=tuple(handler.headers.keys()),
        )
        with self._lock:
            self.requests.append(record)
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            route = self._routes.get(urlsplit(handler.path).path)
            if route is None:
                handler.send_error(404)
            elif route.handler is not None:
                route.handler(handler)
            else:
                self._serve(handler, route, record)
        except OSError:
            handler.close_connection = True
        finally:
            with self._lock:
                self.active -= 1

    def _serve(self, handler: RequestHandler, route: Route, record: RecordedRequest) -> None:
        if route.delay and self.wait(route.delay):
            handler.close_connection = True
            return
        validators = {}
        if route.etag is not None:
            validators["ETag"] = route.etag
        if route.last_modified is not None:
            validators["Last-Modified"] = route.last_modified
        if _not_modified(route, record.headers):
            handler.write_headers(304, validators)
            return
        headers = {**route.headers, **validators}
        chunks: Iterable[bytes] = route.body() if callable(route.body) else [route.body]
        if route.chunked:
            headers["Transfer-Encoding"] = "chunked"
        elif route.length is not None:
            headers["Content-Length"] = str(route.length)
        elif isinstance(route.body, bytes):
            headers["Content-Length"] = str(len(route.body))
        else:  # a lazy body of unknown length: delimited by closing the connection
            headers["Connection"] = "close"
            handler.close_connection = True
        handler.write_headers(route.status, headers)
        for chunk in self._paced(chunks, route.trickle):
            if self._stopping.is_set():
                handler.close_connection = True
                return
            if route.chunked:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            else:
                handler.wfile.write(chunk)
        if route.chunked:
            handler.wfile.write(b"0\r\n\r\n")

    def _paced(self, chunks: Iterable[bytes], trickle: float | None) -> Iterator[bytes]:
        for chunk in chunks:
            if trickle is None:
                if chunk:
                    yield chunk
                continue
            for i in range(len(chunk)):
                if self.wait(trickle):
                    return
                yield chunk[i : i + 1]


# Hostile behaviours for route(handler=...).


def trickle_headers(handler: RequestHandler) -> None:
    """Send the status line and headers one byte per 50 ms: a read timeout never fires, no body arrives."""
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nX-Padding: " + b"p" * 1000:
        if handler.server.owner.wait(0.05):
            return
        handler.wfile.write(bytes([byte]))


def reset_mid_body(handler: RequestHandler) -> None:
    """Promise 1000 bytes, send 100, then reset the connection (RST)."""
    handler.write_headers(200, {"Content-Length": "1000", "Content-Type": "application/xml"})
    handler.wfile.write(b"<" * 100)
    handler.server.owner.wait(0.05)  # let the client take the headers first, so the RST lands mid-body
    handler.abort()


def close_mid_body(handler: RequestHandler) -> None:
    """Promise 1000 bytes, send 100, then close cleanly (FIN)."""
    handler.write_headers(200, {"Content-Length": "1000"})
    handler.wfile.write(b"<" * 100)
    handler.close_connection = True


def _not_modified(route: Route, headers: dict[str, str]) -> bool:
    if route.etag is not None and "if-none-match" in headers:
        tags = [tag.strip() for tag in headers["if-none-match"].split(",")]
        return "*" in tags or route.etag in tags
    if route.last_modified is not None and "if-modified-since" in headers:
        return headers["if-modified-since"] == route.last_modified
    return False


@pytest.fixture
def http_server() -> Iterator[LoopbackServer]:
    """A running LoopbackServer, stopped (every socket closed) when the test ends."""
    server = LoopbackServer().start()
    try:
        yield server
    finally:
        server.stop()
