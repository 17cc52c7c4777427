"""User settings: a dataclass read from config.toml with tomllib; a bad setting is reported, never fatal.

An example config.toml (every setting is optional):

    theme = "textual-dark"        # any Textual theme: textual-light, nord, gruvbox, dracula, ...
    auto_refresh_minutes = 30     # refresh every feed this often while the reader is open; 0 = never
    workers = 64                  # feeds in flight at once during a refresh (1-128)
    per_host = 6                  # requests to one site at once (1-16; browsers use 6, newsboat up to 8)
    images = "auto"               # lead photos in the reading view: "auto" (the best the terminal can) or "off"
    image_cache_mb = 200          # disk kept for lead photos (in the cache directory), least recently used out

    [keys]                        # remap an action (ids as the help screen, ?, lists them)
    bookmark = "B"
    next_unread = "n,J"           # several keys: comma-separated

    [sync]                        # a feed server to sync with (README: Sync); checked when a sync runs
    service = "miniflux"          # or "greader": the Google Reader API (FreshRSS, Miniflux, Inoreader, ...)
    url = "https://rss.example.org"
    username = "me"
    password_command = "pass show rss"   # prints the password or API key; `password` only in a 0600 file
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True)
class Settings:
    """What config.toml can set. Defaults apply to whatever the file leaves out."""

    theme: str = DEFAULT_THEME
    """The Textual theme name."""

    auto_refresh_minutes: int = 0
    """Refresh every feed this many minutes apart while the reader runs; 0 turns it off."""

    workers: int = 64
    """How many feeds a refresh has in flight at once (1-128); each host still gets at most `per_host`."""

    per_host: int = 6
    """How many requests a refresh sends to one host at once (1-16): more is faster, fewer is politer."""

    images: str = "auto"
    """Lead photos: "auto" draws them with the best the terminal offers (Kitty, Sixel, half-blocks); "off" never."""

    image_cache_mb: int = 200
    """Megabytes of lead photos kept on disk (10-10000); the least recently shown go first."""

    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Action id → keys (comma-separated Textual key names), overriding the defaults in reader/actions.py."""

    sync: Mapping[str, Any] | None = field(default=None, repr=False)
    """The [sync] table as written (service, url, username, password_command or password, allow_insecure_http); the
    core checks it when it syncs. Never shown: it may hold a password."""

    problems: tuple[str, ...] = ()
    """What was wrong with the file (unknown settings, bad values); the TUI shows these once at start-up."""


def load_settings(path: Path, known_actions: Collection[str] = ()) -> Settings:
    """Read `path` if it exists. Bad values fall back to the default and are listed in `problems`.

    `known_actions`, when given, is the set of action ids a `[keys]` entry may name.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        return Settings(problems=(f"{path}: {exc.strerror or exc}",))
    try:
        data = tomllib.loads(raw.decode("utf-8", "replace"))
    except tomllib.TOMLDecodeError as exc:
        return Settings(problems=(f"{path}: not valid TOML ({exc}); using the defaults",))
    return _from_mapping(data, path.name, known_actions)


def _from_mapping(data: Mapping[str, Any], where: str, known_actions: Collection[str]) -> Settings:
    problems: list[str] = []
    values: dict[str, Any] = {}

    theme = data.get("theme", DEFAULT_THEME)
    if isinstance(theme, str) and theme.strip():
        values["theme"] = theme.strip()
    else:
        problems.append(f"{where}: theme must be a theme name")

    minutes = data.get("auto_refresh_minutes", 0)
    if isinstance(minutes, int | float) and not isinstance(minutes, bool) and 0 <= minutes <= 7 * 24 * 60:
        values["auto_refresh_minutes"] = int(minutes)
    else:
        problems.append(f"{where}: auto_refresh_minutes must be a number of minutes (0 turns it off)")

    for name, default, top in (("workers", 64, 128), ("per_host", 6, 16)):
        value = data.get(name, default)
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= top:
            values[name] = value
        else:
            problems.append(f"{where}: {name} must be a whole number from 1 to {top}")

    images = data.get("images", "auto")
    if images in ("auto", "off"):
        values["images"] = images
    elif images is False:  # `images = false` reads as off
        values["images"] = "off"
    else:
        problems.append(f"{where}: images must be \"auto\" or \"off\"")

    cache_mb = data.get("image_cache_mb", 200)
    if isinstance(cache_mb, int) and not isinstance(cache_mb, bool) and 10 <= cache_mb <= 10_000:
        values["image_cache_mb"] = cache_mb
    else:
        problems.append(f"{where}: image_cache_mb must be a whole number of megabytes from 10 to 10000")

    keys: dict[str, str] = {}
    table = data.get("keys", {})
    if not isinstance(table, dict):
        problems.append(f"{where}: [keys] must be a table of action = \"keys\"")
        table = {}
    for action, value in table.items():
        if known_actions and action not in known_actions:
            problems.append(f"{where}: [keys] {action}: no such action (? lists them)")
        elif not isinstance(value, str) or not value.strip() or any(not k.strip() for k in value.split(",")):
            problems.append(f"{where}: [keys] {action}: give keys as a string, e.g. \"B\" or \"n,J\"")
        else:
            keys[action] = ",".join(k.strip() for k in value.split(","))
    values["keys"] = MappingProxyType(keys)

    sync = data.get("sync")
    if isinstance(sync, dict):
        values["sync"] = MappingProxyType(dict(sync))
    elif sync is not None:
        problems.append(f"{where}: [sync] must be a table (service, url, username, password_command)")

    for name in data:
        known = {"theme", "auto_refresh_minutes", "workers", "per_host", "images", "image_cache_mb", "keys", "sync"}
        if name not in known:
            problems.append(f"{where}: unknown setting {name!r}")
    return Settings(**values, problems=tuple(problems))
