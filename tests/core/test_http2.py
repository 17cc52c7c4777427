"""HTTP/2 where the server offers it: a real HTTP/2 server (Hypercorn, over TLS with a throwaway CA) on 127.0.0.1.

Every request to one host then shares one connection, a warm refresh's 304s included.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import trustme

from reader.core.fetch import Fetcher, FetchLimits
from reader.core.fetch import session as session_module
from reader.core.library import make_library

FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Secure Ledger</title>'
        b"<item><title>One</title><guid>1</guid><link>https://ledger.example/1</link></item></channel></rss>")


@dataclass
class H2Server:
    port: int
    requests: list[tuple[str, int]] = field(default_factory=list)  # (HTTP version, client port) per request

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.port}{path}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def h2_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[H2Server]:
    from hypercorn.asyncio import serve
    from hypercorn.config import Config

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    cert.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    server = H2Server(_free_port())

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        server.requests.append((scope["http_version"], scope["client"][1]))
        headers = dict(scope["headers"])
        if headers.get(b"if-none-match") == b'"v1"':
            await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", b'"v1"')]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/rss+xml"), (b"etag", b'"v1"')]})
        await send({"type": "http.response.body", "body": FEED})

    config = Config()
    config.bind = [f"127.0.0.1:{server.port}"]
    config.certfile, config.keyfile = str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")
    config.accesslog = config.errorlog = None
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    thread = threading.Thread(
        target=loop.run_until_complete, args=(serve(app, config, shutdown_trigger=stop.wait),), daemon=True
    )
    thread.start()
    for _ in range(100):  # until it listens
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", server.port)) == 0:
                break
        threading.Event().wait(0.05)

    def trusting() -> ssl.SSLContext:
        context = ssl.create_default_context()
        ca.configure_trust(context)
        return context

    monkeypatch.setattr(session_module, "_ssl_context", trusting)  # our CA, for this server only
    yield server
    loop.call_soon_threadsafe(stop.set)
    thread.join(5)


def test_fetches_to_one_host_share_one_http2_connection(h2_server: H2Server) -> None:
    urls = [h2_server.url(f"/feed{n}.xml") for n in range(8)]
    with Fetcher(FetchLimits(per_host=6)) as fetcher:

        async def everything(session: Any) -> list[Any]:
            return list(await asyncio.gather(*(session.fetch(url) for url in urls)))

        results = fetcher.run(everything)
    assert [(r.status, r.http_version, r.content) for r in results] == [(200, "HTTP/2", FEED)] * 8
    assert {version for version, _ in h2_server.requests} == {"2"}
    assert len({port for _, port in h2_server.requests}) == 1  # one connection carried all eight


def test_a_warm_refresh_over_http2_is_304s_on_one_connection(h2_server: H2Server, tmp_path: Path) -> None:
    with make_library(tmp_path / "lib.sqlite", Fetcher(FetchLimits())) as lib:
        for n in range(5):
            lib.subscribe(h2_server.url(f"/f{n}.xml"))
        assert sorted((r.status, r.new) for r in lib.refresh_iter()) == [("ok", 1)] * 5
        h2_server.requests.clear()
        assert [r.status for r in lib.refresh_iter()] == ["not_modified"] * 5
    assert len(h2_server.requests) == 5 and len({port for _, port in h2_server.requests}) == 1
