"""A sync account: service, address and credentials; the secret is read late and never shown."""

from __future__ import annotations

import ipaddress
import os
import stat
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reader.core.safe import scrub
from reader.core.sync.backend import SyncError

SERVICES = ("miniflux", "greader")
PASSWORD_COMMAND_TIMEOUT = 60.0  # seconds: long enough for a gpg-agent prompt, short enough not to hang a sync


class Secret:
    """A password or token: its repr and str never show it; reveal() does, for the one header that needs it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> Any:
        raise TypeError("a Secret is not pickled")


@dataclass(frozen=True)
class SyncAccount:
    """The [sync] table of config.toml, checked: where the server is and how to sign in."""

    service: str  # "miniflux" or "greader"
    url: str  # the API's base address (Miniflux: its root; FreshRSS: .../api/greader.php)
    username: str = ""
    password: Secret | None = field(default=None, repr=False)
    password_command: str | None = field(default=None, repr=False)  # prints the password or token on stdout
    allow_insecure_http: bool = False

    def __post_init__(self) -> None:
        if self.service not in SERVICES:
            raise SyncError(f'unknown sync service "{self.service}": use "miniflux" or "greader"', kind="config")
        check_url(self.url, allow_insecure_http=self.allow_insecure_http)
        if self.password is None and not self.password_command:
            raise SyncError("the [sync] settings need password_command (or password)", kind="config")

    def secret(self) -> Secret:
        """The password or token: the configured one, or what password_command prints (first line)."""
        if self.password is not None:
            return self.password
        assert self.password_command is not None
        return run_password_command(self.password_command)


def account_from_config(table: Mapping[str, Any], config_path: Path | None = None) -> SyncAccount:
    """A SyncAccount from a parsed [sync] table; a plain `password` only from a file its owner alone can read."""
    known = {"service", "url", "username", "password", "password_command", "allow_insecure_http"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise SyncError(f"unknown [sync] setting {unknown[0]!r}", kind="config")
    for key in ("service", "url"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise SyncError(f"the [sync] settings need {key}", kind="config")
    for key in ("username", "password", "password_command"):
        if key in table and not isinstance(table[key], str):
            raise SyncError(f"[sync] {key} must be a string", kind="config")
    insecure = table.get("allow_insecure_http", False)
    if not isinstance(insecure, bool):
        raise SyncError("[sync] allow_insecure_http must be true or false", kind="config")
    password = table.get("password")
    if password is not None and config_path is not None:
        mode = stat.S_IMODE(os.stat(config_path).st_mode)
        if mode & 0o077:
            raise SyncError(
                f"{config_path} holds a sync password but others may read it (mode {mode:03o}): "
                f"chmod 600 {config_path}, or use password_command",
                kind="config",
            )
    return SyncAccount(
        service=table["service"].strip(),
        url=table["url"].strip(),
        username=table.get("username", ""),
        password=Secret(password) if password is not None else None,
        password_command=table.get("password_command") or None,
        allow_insecure_http=insecure,
    )


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str, *, allow_insecure_http: bool = False) -> None:
    """Refuse an address credentials must not travel to: not http(s), or plain http to another machine."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        raise SyncError(f"the sync url {url!r} is not a valid address", kind="config") from None
    if parts.scheme not in ("http", "https") or not host:
        raise SyncError(f"the sync url must be an http(s) address, not {url!r}", kind="config")
    if parts.username is not None or parts.password is not None:
        raise SyncError("put the sync credentials in username and password_command, not in the url", kind="config")
    if parts.scheme == "http" and not allow_insecure_http and not is_loopback(host):
        raise SyncError(
            f"the sync url {url} is not https: the password would cross the network in clear "
            "(set allow_insecure_http = true to allow it)",
            kind="config",
        )


def run_password_command(command: str) -> Secret:
    """Run the user's password command in a shell; the first line of its output is the secret."""
    try:
        result = subprocess.run(
            command,
            shell=True,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=PASSWORD_COMMAND_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise SyncError(f"password_command did not finish in {PASSWORD_COMMAND_TIMEOUT:g} s", kind="config") from None
    except OSError as exc:
        raise SyncError(f"password_command could not run: {exc.strerror or exc}", kind="config") from None
    if result.returncode != 0:
        # Its error output can help ("not in the password store"); its standard output is never shown.
        said = scrub(result.stderr.decode("utf-8", "replace")).strip().splitlines()
        detail = f": {said[0][:200]}" if said else ""
        raise SyncError(f"password_command failed (exit status {result.returncode}){detail}", kind="config")
    lines = result.stdout.decode("utf-8", "replace").splitlines()
    secret = lines[0] if lines else ""
    if not secret:
        raise SyncError("password_command printed nothing", kind="config")
    return Secret(secret)
