"""Sync test fixtures: one real Miniflux per test session, a fresh Miniflux user per test, loopback feeds.

Without Go or PostgreSQL the tests that need the server skip, saying what to install; under CI (CI=true)
they fail instead, because CI installs both (.ci/run) and must never skip them.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

from tests.httpserver import LoopbackServer
from tests.sync.miniflux_server import MinifluxServer, Unavailable
from tests.sync.users import MinifluxUser

_names = itertools.count(1)


@pytest.fixture(scope="session")
def miniflux() -> Iterator[MinifluxServer]:
    try:
        server = MinifluxServer().start()
    except Unavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the sync tests: {exc}")
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def feed_host() -> Iterator[LoopbackServer]:
    """Where Miniflux fetches the test feeds from (127.0.0.1, a port of its own)."""
    server = LoopbackServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def user(miniflux: MinifluxServer, feed_host: LoopbackServer) -> MinifluxUser:
    """A fresh Miniflux user with the Google Reader API switched on; tests never share one."""
    miniflux.ensure_running()
    return MinifluxUser.create(miniflux, feed_host, f"u{os.getpid()}x{next(_names)}")


@pytest.fixture(params=["miniflux", "greader"])
def service(request: pytest.FixtureRequest) -> str:
    """Both protocols run every scenario."""
    return str(request.param)
