"""Faults and secrets through the contract: a clear one-line error, nothing local lost, the secret never shown."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.fetch import FetchLimits
from reader.core.library import Library, make_library
from tests.sync.device import Device, sync_table
from tests.sync.fake_api import FakeApi
from tests.sync.feeds import item_title
from tests.sync.miniflux_server import MinifluxServer
from tests.sync.users import MinifluxUser

pytestmark = pytest.mark.xdist_group("miniflux")

WRONG = "not-the-password-7731"


@pytest.fixture
def device(tmp_path: Path, user: MinifluxUser, service: str) -> Device:
    return Device.configure(tmp_path / "laptop", user, service)


@pytest.fixture(autouse=True)
def _no_secret_in_logs(caplog: pytest.LogCaptureFixture, user: MinifluxUser) -> Iterator[None]:
    caplog.set_level(logging.DEBUG, logger="reader")
    yield
    for secret in (user.password, user.greader_password, WRONG):
        assert secret not in caplog.text


def one_line_error(device: Device, *args: str, secret: str = "") -> str:
    run = device.run(*args)
    assert run.code == 1, run
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.err, run.err
    for hidden in (secret, device.user.password, device.user.greader_password):
        if hidden:
            assert hidden not in run.out + run.err
    return lines[0]


def test_wrong_password(tmp_path: Path, user: MinifluxUser, service: str) -> None:
    user.add_feed("harbor", range(1, 3))
    device = Device.configure(tmp_path / "laptop", user, service, config=sync_table(user, service, password=WRONG))
    line = one_line_error(device, "sync", secret=WRONG)
    assert "refused" in line and "401" in line
    report = json.loads(device.run("sync", "--json").out)
    assert report["status"] == "error" and "401" in report["error"] and WRONG not in json.dumps(report)
    assert device.ok("feeds").code == 0  # the library itself is fine


def test_a_password_in_a_file_others_can_read_is_refused(device: Device, user: MinifluxUser) -> None:
    (device.data / "config.toml").chmod(0o644)
    line = one_line_error(device, "sync")
    assert "chmod 600" in line and "password_command" in line
    assert device.ok("list").code == 0


def test_password_command(tmp_path: Path, user: MinifluxUser, service: str) -> None:
    user.add_feed("harbor", range(1, 3))
    secret = user.password if service == "miniflux" else user.greader_password
    command = f"password_command = \"printf '%s\\\\n' {secret}\"\n"
    table = sync_table(user, service).replace(f'password = "{secret}"\n', command)
    assert "password =" not in table
    device = Device.configure(tmp_path / "laptop", user, service, config=table)
    (device.data / "config.toml").chmod(0o644)  # no password in the file: its mode does not matter
    assert device.json("sync")["pulled"]["articles"] == 2
    failing = table.replace("printf", "echo not in the store >&2; exit 1; printf")
    line = one_line_error(Device.configure(tmp_path / "other", user, service, config=failing), "sync")
    assert "password_command failed (exit status 1): not in the store" in line


def test_plain_http_to_another_machine_is_refused(tmp_path: Path, user: MinifluxUser) -> None:
    table = sync_table(user, "miniflux").replace(user.server.url, "http://rss.example.org")
    device = Device.configure(tmp_path / "laptop", user, "miniflux", config=table)
    assert "allow_insecure_http" in one_line_error(device, "sync")


def test_revoked_api_key_keeps_the_queue(tmp_path: Path, user: MinifluxUser) -> None:
    user.add_feed("harbor", range(1, 4))
    key_id, token = user.server.create_api_key(user.username, user.password)
    table = f'[sync]\nservice = "miniflux"\nurl = "{user.server.url}"\npassword_command = "echo {token}"\n'
    device = Device.configure(tmp_path / "laptop", user, "miniflux", config=table)
    assert device.json("sync")["pulled"]["articles"] == 3
    device.ok("read", str(device.articles()[item_title("harbor", 1)]["id"]))
    user.api("DELETE", f"/v1/api-keys/{key_id}")
    line = one_line_error(device, "sync", secret=token)
    assert "revoked" in line
    with device.library() as library:
        status = library.sync_status()
    assert status is not None and status.waiting == 1 and status.last_error is not None
    assert token not in status.last_error


def test_server_gone_mid_sync_loses_nothing(device: Device, user: MinifluxUser, miniflux: MinifluxServer) -> None:
    user.add_feed("harbor", range(1, 30))
    user.age_entries()
    sync(device)
    ids = [str(a["id"]) for a in device.json("list")]
    device.ok("read", *ids[:10])
    device.ok("bookmark", ids[10])
    user.set_status([user.id_of(item_title("harbor", 1))], "read")  # not one read here
    mine = device.flags()

    def crash(done: int, total: int) -> None:
        miniflux.stop_miniflux(hard=True)  # after the first page of entries is stored

    try:
        with device.library() as library:
            result = library.sync(progress=crash)
            assert not result.ok and "connection refused" in (result.error or "")
            assert library.sync_status().waiting == 11  # type: ignore[union-attr]
    finally:
        miniflux.start_miniflux()
    # The half sync took the phone's change; ours are all still here.
    assert device.flags() == {**mine, item_title("harbor", 1): (True, False)}
    sync(device)
    flags = device.flags()
    assert flags == device.server_flags()
    assert sum(read for read, _ in flags.values()) == 11 and sum(b for _, b in flags.values()) == 1


def sync(device: Device) -> dict[str, object]:
    report = device.json("sync")
    assert report["status"] == "ok", report
    return report


# ---------------------------------------------------------------------------------------- a fake server


@pytest.fixture
def fake() -> Iterator[FakeApi]:
    with FakeApi() as server:
        yield server


def fake_library(tmp_path: Path, fake: FakeApi, limits: FetchLimits | None = None) -> Library:
    table = {"service": "miniflux", "url": fake.url(), "username": "me", "password": WRONG}
    return make_library(tmp_path / "lib.sqlite", sync=table, sync_limits=limits)


def test_garbage_and_hostile_replies(tmp_path: Path, fake: FakeApi) -> None:
    feed = {"id": 7, "feed_url": "https://x.example/feed", "title": "Gazette\x1b[2J\u202e", "category": {"title": "A"}}
    entry = {
        "id": 70,
        "feed_id": 7,
        "status": "unread",
        "title": "<b>Council\x07 votes</b> &amp; [@click=app.quit]",
        "url": "file:///etc/passwd",
        "content": "<p>Short.</p>",
        "published_at": "2026-03-02T08:00:00Z",
        "changed_at": "2026-03-02T08:00:00Z",
        "starred": False,
    }
    fake.route("/v1/feeds", body=json.dumps([feed]).encode())
    fake.route("/v1/entries", body=json.dumps({"total": 1, "entries": [entry]}).encode())
    with fake_library(tmp_path, fake) as library:
        assert library.sync().ok
        (article,) = library.articles()
        assert article.title == "Council votes & [@click=app.quit]" and article.url is None
        assert [f.title for f in library.feeds()] == ["Gazette[2J"]
        library.mark_read([article.id])
        fake.route("/v1/entries", body=b'{"total": 1, "entries": [{"id": ')
        result = library.sync()
        assert not result.ok and "not JSON" in (result.error or "")
        assert library.sync_status().waiting == 1  # the change waits for a server that answers
        assert library.articles()[0].read


def test_slow_server(tmp_path: Path, fake: FakeApi) -> None:
    fake.route("/v1/feeds", body=b"[]", delay=5.0)
    fast = FetchLimits(connect_timeout=1.0, read_timeout=1.0, deadline=1.5)
    with fake_library(tmp_path, fake, fast) as library:
        result = library.sync()
    assert not result.ok and "did not answer" in (result.error or "")
