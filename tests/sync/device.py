"""This reader on one data directory, set up to sync with a Miniflux user: config.toml, the CLI, the library."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader import cli
from reader.config import load_settings
from reader.core.library import Library, make_library
from tests.sync.users import MinifluxUser

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def sync_table(user: MinifluxUser, service: str, *, password: str | None = None) -> str:
    if service == "miniflux":
        username, secret = user.username, user.password
    else:
        username, secret = user.greader_username, user.greader_password
    return (
        f'[sync]\nservice = "{service}"\nurl = "{user.server.url}"\nusername = "{username}"\n'
        f'password = "{password or secret}"\n'
    )


@dataclass
class Device:
    """A reader library synced with `user` over `service`, driven as a person or a script would drive it."""

    data: Path
    user: MinifluxUser
    service: str

    @classmethod
    def configure(cls, data: Path, user: MinifluxUser, service: str, *, config: str | None = None) -> Device:
        data.mkdir(parents=True, exist_ok=True)
        path = data / "config.toml"
        path.write_text(config if config is not None else sync_table(user, service), encoding="utf-8")
        path.chmod(0o600)
        return cls(data, user, service)

    @property
    def secret(self) -> str:
        return self.user.password if self.service == "miniflux" else self.user.greader_password

    def run(self, *args: str) -> Run:
        """`reader --data-dir DATA ARGS...` in this process (fast), its exit status and output."""
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["--data-dir", str(self.data), *args])
        return Run(code, out.getvalue(), err.getvalue())

    def ok(self, *args: str) -> Run:
        result = self.run(*args)
        assert result.code == 0, (args, result.code, result.err)
        assert self.secret not in result.out + result.err
        return result

    def json(self, *args: str) -> Any:
        return self.ok(*args, "--json").json()

    def subprocess(self, *args: str) -> subprocess.Popen[str]:
        """The real command, in its own process (for kill -9)."""
        env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
        return subprocess.Popen(
            [sys.executable, "-m", "reader", "--data-dir", str(self.data), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )

    def library(self) -> Library:
        settings = load_settings(self.data / "config.toml")
        return make_library(self.data / "library.sqlite", sync=settings.sync, config_path=self.data / "config.toml")

    def articles(self) -> dict[str, dict[str, Any]]:
        """Every article by title (titles are unique in the test feeds)."""
        return {a["title"]: a for a in self.json("list")}

    def flags(self) -> dict[str, tuple[bool, bool]]:
        """title -> (read, bookmarked), here."""
        return {title: (a["read"], a["bookmarked"]) for title, a in self.articles().items()}

    def server_flags(self) -> dict[str, tuple[bool, bool]]:
        """title -> (read, starred), on the server."""
        return {e["title"]: (e["status"] == "read", bool(e["starred"])) for e in self.user.entries()}
