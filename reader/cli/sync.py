"""sync: send local changes to the feed server and bring what changed there (refresh runs it too)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli.json_shapes import sync_json
from reader.cli.library import _library
from reader.cli.output import err, out, out_json

SERVICE_NAMES = {"miniflux": "Miniflux", "greader": "the Google Reader API server"}


def _sync_progress() -> Any:
    """Pull progress on stderr, only when a person watches it."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\rsync: {done:,} of {total:,} pulled")
        sys.stderr.flush()

    return show


def _sync_line(result: Any) -> str:
    pushed = ", ".join(
        f"{n} {what}"
        for n, what in (
            (result.pushed_read, "read"),
            (result.pushed_unread, "unread"),
            (result.pushed_bookmarked, "bookmarked"),
            (result.pushed_unbookmarked, "unbookmarked"),
            (result.subscribed, "subscribed"),
            (result.unsubscribed, "unsubscribed"),
        )
        if n
    )
    return (
        f"synced with {SERVICE_NAMES.get(result.service, result.service)}: {result.pulled_articles} new articles, "
        f"{result.pulled_states} read or bookmark changes, {result.pulled_feeds} feed changes pulled; "
        f"{pushed or 'nothing'} pushed"
    )


def _run_sync(lib: Any) -> Any:
    progress = _sync_progress()
    result = lib.sync(progress=progress)
    if progress is not None:
        sys.stderr.write("\r\033[K")  # our own progress line goes; nothing from the server is written raw
    return result


def cmd_sync(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        result = _run_sync(lib)
        if result.pulled_articles:
            lib.index_pending()  # every article pulled is searchable when the command ends
    if args.json:
        out_json(sync_json(result))
    elif result.ok:
        out(_sync_line(result))
    if not result.ok:
        err(f"reader: sync failed: {result.error}")
        return 1
    return 0
