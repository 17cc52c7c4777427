"""Sync settings and secrets: password_command, the 0600 rule for a plain password, nothing ever shown."""

from __future__ import annotations

import logging
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.sync.account import Secret, SyncAccount, account_from_config, run_password_command
from reader.core.sync.backend import SyncError, make_backend
from reader.core.sync.client import ApiClient
from tests.sync.fake_api import FakeApi

SECRET = "s3cret-Pa55word-for-tests"


def test_password_command_first_line_is_the_secret(tmp_path: Path) -> None:
    script = tmp_path / "pass.sh"
    script.write_text(f"#!/bin/sh\nprintf '%s\\nurl: https://rss.example.org\\n' '{SECRET}'\n")
    script.chmod(0o700)
    assert run_password_command(str(script)).reveal() == SECRET
    account = SyncAccount("miniflux", "https://rss.example.org", "me", password_command=str(script))
    assert account.secret().reveal() == SECRET
    assert SECRET not in repr(account) and str(script) not in repr(account)


def test_password_command_failures_are_one_line_without_the_output() -> None:
    with pytest.raises(SyncError) as info:
        run_password_command(f"echo {SECRET}; echo 'Error: rss is not in the password store.' >&2; exit 1")
    message = str(info.value)
    assert message == "password_command failed (exit status 1): Error: rss is not in the password store."
    with pytest.raises(SyncError, match="printed nothing"):
        run_password_command("true")


def test_a_plain_password_needs_a_private_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("")
    table = {"service": "miniflux", "url": "https://rss.example.org", "username": "me", "password": SECRET}
    config.chmod(0o644)
    with pytest.raises(SyncError) as info:
        account_from_config(table, config)
    assert "chmod 600" in str(info.value) and SECRET not in str(info.value)
    config.chmod(0o600)
    account = account_from_config(table, config)
    assert account.secret().reveal() == SECRET and SECRET not in repr(account)


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ({"service": "newsblur", "url": "https://x.example", "password": "p"}, 'unknown sync service "newsblur"'),
        ({"service": "miniflux", "url": "https://x.example"}, "need password_command"),
        ({"service": "miniflux", "password": "p"}, "need url"),
        ({"service": "miniflux", "url": "ftp://x.example", "password": "p"}, "must be an http(s) address"),
        ({"service": "miniflux", "url": "https://me:pw@x.example", "password": "p"}, "not in the url"),
        (
            {"service": "miniflux", "url": "https://x.example", "password": "p", "pasword": "q"},
            "unknown [sync] setting",
        ),
    ],
)
def test_bad_settings_say_what_is_wrong(table: dict[str, str], words: str) -> None:
    with pytest.raises(SyncError) as info:
        account_from_config(table)
    assert words in str(info.value) and info.value.kind == "config"


def test_a_secret_is_never_printed_nor_pickled() -> None:
    secret = Secret(SECRET)
    assert SECRET not in f"{secret} {secret!r}"
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_a_server_echoing_the_password_has_it_blanked(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="reader.sync")
    with FakeApi() as fake:
        fake.route("/accounts/ClientLogin", status=400, body=f'{{"error_message": "bad Passwd={SECRET}"}}'.encode())
        backend = make_backend(SyncAccount("greader", fake.url(), "me", Secret(SECRET)))
        with backend, pytest.raises(SyncError) as info:
            backend.login()
    assert "Passwd=***" in str(info.value) and SECRET not in str(info.value) + caplog.text


def test_client_counts_requests_and_reads_the_server_clock() -> None:
    with FakeApi() as fake:
        fake.route("/v1/me", body=b'{"id": 1}')
        client = ApiClient(fake.url(), "Miniflux")
        try:
            client.request("GET", "/v1/me")
        finally:
            client.close()
    assert client.requests == 1
    assert client.clock_offset is not None and abs(client.clock_offset) < 2


def test_the_sync_package_loads_no_ui_and_no_http_library_until_used() -> None:
    code = (
        "import sys, reader.core.sync.engine, reader.core.sync.account, reader.core.sync.backend\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'httpx'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
