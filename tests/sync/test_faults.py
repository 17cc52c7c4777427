"""Faults, against the real Miniflux where it can produce them: bad and revoked credentials, a server that
goes away mid-sync, a server error; a loopback fake only for what Miniflux never does (403 from a front
proxy, garbage JSON, a server too slow to answer, a redirect to another host)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from reader.core.fetch import FetchLimits
from reader.core.sync.account import Secret, SyncAccount
from reader.core.sync.backend import SyncBackend, SyncError
from reader.core.sync.greader import GReaderBackend
from reader.core.sync.miniflux import MinifluxBackend
from tests.sync.fake_api import FakeApi
from tests.sync.miniflux_server import MinifluxServer
from tests.sync.users import MinifluxUser

pytestmark = pytest.mark.xdist_group("miniflux")

SECRET = "hunter2-correct-horse-battery"
FAST = FetchLimits(connect_timeout=1.0, read_timeout=1.0, deadline=1.5, max_bytes=1024 * 1024)


def one_line(exc: BaseException, *secrets: str) -> str:
    message = str(exc)
    assert message and "\n" not in message and "\r" not in message and len(message) < 400
    for secret in secrets:
        assert secret not in message
    return message


@pytest.fixture
def fake() -> Iterator[FakeApi]:
    server = FakeApi().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG, logger="reader.sync")
    yield
    for secret in (SECRET,):
        assert secret not in caplog.text


def test_wrong_password_is_refused_in_one_line(user: MinifluxUser, service: str) -> None:
    with user.backend(service, password=SECRET) as backend, pytest.raises(SyncError) as info:
        backend.login()
    assert info.value.kind == "auth" and info.value.status == 401
    message = one_line(info.value, SECRET)
    assert "refused" in message and "401" in message
    assert SECRET not in repr(backend) and SECRET not in repr(user.account(service, password=SECRET))


def test_revoked_api_key(user: MinifluxUser) -> None:
    key_id, token = user.server.create_api_key(user.username, user.password)
    account = SyncAccount("miniflux", user.server.url, user.username, Secret(token))
    with MinifluxBackend(account) as backend:
        backend.login()
        user.api("DELETE", f"/v1/api-keys/{key_id}")
        with pytest.raises(SyncError) as info:
            list(backend.pull(None))
    assert info.value.kind == "auth"
    assert "revoked" in one_line(info.value, token)


def test_api_key_alone_without_a_username(user: MinifluxUser) -> None:
    _key_id, token = user.server.create_api_key(user.username, user.password)
    with MinifluxBackend(SyncAccount("miniflux", user.server.url, "", Secret(token))) as backend:
        backend.login()
        assert backend.requests == 1


def test_changed_google_reader_password_revokes_the_session(user: MinifluxUser) -> None:
    with user.backend("greader") as backend:
        backend.login()
        list(backend.pull(None))
        user.server.enable_google_reader(user.user_id, user.greader_username, "a-new-api-password")
        with pytest.raises(SyncError) as info:
            list(backend.pull(None))
    assert info.value.kind == "auth"
    assert "API password" in one_line(info.value, user.greader_password)


def test_server_stopped_mid_pull(user: MinifluxUser, service: str, miniflux: MinifluxServer) -> None:
    user.add_feed("harbor", range(1, 9))
    options = {"page_size": 2} if service == "miniflux" else {"contents_batch": 2}
    with user.backend(service, **options) as backend:
        pages = backend.pull(None)
        first = [next(pages), next(pages), next(pages)]
        assert any(p.entries for p in first)
        miniflux.stop_miniflux(hard=True)
        try:
            with pytest.raises(SyncError) as info:
                list(pages)
        finally:
            miniflux.start_miniflux()
    assert info.value.kind == "network"
    assert "cannot connect: connection refused" in one_line(info.value, user.password, user.greader_password)


def test_server_down_before_the_sync(user: MinifluxUser, service: str, miniflux: MinifluxServer) -> None:
    miniflux.stop_miniflux()
    try:
        with user.backend(service) as backend, pytest.raises(SyncError) as info:
            backend.login()
    finally:
        miniflux.start_miniflux()
    assert info.value.kind == "network"
    assert one_line(info.value).startswith(("Miniflux at 127.0.0.1", "Google Reader API at 127.0.0.1"))


def test_server_error_quotes_the_server(user: MinifluxUser, service: str) -> None:
    with user.backend(service) as backend, pytest.raises(SyncError) as info:
        backend.subscribe(user.feed_url("never-served"))
    assert info.value.kind == "server" and info.value.status == 500
    assert "HTTP 500 Internal Server Error: fetcher: resource not found" in one_line(info.value)


def fake_backend(fake: FakeApi, service: str, limits: FetchLimits | None = None) -> SyncBackend:
    """A backend pointed at the fake; Google Reader sign-in succeeds there, so later calls are what fail."""
    fake.route("/accounts/ClientLogin", body=b"SID=x\nLSID=x\nAuth=fake-session-token-123\n")
    if service == "miniflux":
        return MinifluxBackend(SyncAccount("miniflux", fake.url(), "me", Secret(SECRET)), limits=limits)
    return GReaderBackend(SyncAccount("greader", fake.url(), "me", Secret(SECRET)), limits=limits)


FEEDS_PATH = {"miniflux": "/v1/feeds", "greader": "/reader/api/0/subscription/list"}


def test_403_from_a_front_proxy(fake: FakeApi, service: str) -> None:
    # Miniflux itself answers 403 only on admin endpoints sync never calls; a proxy in front says it.
    fake.route(
        FEEDS_PATH[service],
        status=403,
        body=b"<html><h1>403 Forbidden</h1></html>",
        headers={"Content-Type": "text/html"},
    )
    with fake_backend(fake, service) as backend, pytest.raises(SyncError) as info:
        list(backend.pull(None))
    assert info.value.kind == "forbidden"
    assert "refused access" in one_line(info.value, SECRET) and "403 Forbidden" in str(info.value)


def test_garbage_json(fake: FakeApi, service: str) -> None:
    fake.route(FEEDS_PATH[service], body=b'{"feeds": [1, 2', headers={"Content-Type": "application/json"})
    with fake_backend(fake, service) as backend, pytest.raises(SyncError) as info:
        list(backend.pull(None))
    assert info.value.kind == "protocol"
    assert "not JSON" in one_line(info.value, SECRET)


def test_json_of_the_wrong_shape(fake: FakeApi, service: str) -> None:
    fake.route(FEEDS_PATH[service], body=b'{"subscriptions": [{"title": 5}]}' if service == "greader" else b"[{}]")
    with fake_backend(fake, service) as backend, pytest.raises(SyncError) as info:
        list(backend.pull(None))
    assert info.value.kind == "protocol"
    assert "unexpected reply" in one_line(info.value, SECRET)


def test_slow_server(fake: FakeApi, service: str) -> None:
    fake.route(FEEDS_PATH[service], body=b"[]", delay=5.0)
    with fake_backend(fake, service, FAST) as backend, pytest.raises(SyncError) as info:
        list(backend.pull(None))
    assert info.value.kind == "timeout"
    assert "did not answer" in one_line(info.value, SECRET)


def test_credentials_never_follow_a_redirect_to_another_host(fake: FakeApi, service: str) -> None:
    with FakeApi() as elsewhere:
        elsewhere.route(FEEDS_PATH[service], body=b"[]")
        fake.route(FEEDS_PATH[service], status=302, headers={"Location": elsewhere.url(FEEDS_PATH[service])})
        with fake_backend(fake, service) as backend, pytest.raises(SyncError) as info:
            list(backend.pull(None))
        assert elsewhere.requests == []
    assert "not following with credentials" in one_line(info.value, SECRET)


def test_same_origin_redirect_is_followed(fake: FakeApi) -> None:
    fake.route("/old/v1/feeds", status=308, headers={"Location": "/v1/feeds"})
    fake.route("/old/v1/entries", status=308, headers={"Location": "/v1/entries?limit=250"})
    fake.route("/v1/feeds", body=b"[]")
    fake.route("/v1/entries", body=b'{"total": 0, "entries": []}')
    account = SyncAccount("miniflux", fake.url("/old/"), "me", Secret(SECRET))
    with MinifluxBackend(account) as backend:
        assert [p.feeds for p in backend.pull(None)][0] == ()
    assert fake.hits("/v1/feeds") == 1
    assert all(SECRET not in body.decode() for body in fake.bodies)


def test_oversized_reply_is_cut_off(fake: FakeApi, service: str) -> None:
    fake.route(FEEDS_PATH[service], body=b"[" + b" " * (2 * 1024 * 1024) + b"]")
    with fake_backend(fake, service, FAST) as backend, pytest.raises(SyncError) as info:
        list(backend.pull(None))
    assert "size limit" in one_line(info.value)


def test_plain_http_to_another_machine_is_refused() -> None:
    with pytest.raises(SyncError) as info:
        SyncAccount("miniflux", "http://rss.example.org", "me", Secret(SECRET))
    assert info.value.kind == "config" and "allow_insecure_http" in one_line(info.value, SECRET)
    allowed = SyncAccount("miniflux", "http://rss.example.org", "me", Secret(SECRET), allow_insecure_http=True)
    assert SECRET not in repr(allowed)
    SyncAccount("greader", "https://rss.example.org/api/greader.php", "me", Secret(SECRET))
    SyncAccount("miniflux", "http://localhost:8080", "me", Secret(SECRET))
    SyncAccount("miniflux", "http://[::1]:8080", "me", Secret(SECRET))
