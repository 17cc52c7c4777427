"""Subscriptions: add, remove, feeds, import-opml and export-opml (add and remove tell the sync server)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli.json_shapes import feed_json
from reader.cli.library import _library
from reader.cli.output import err, out, out_json
from reader.core.safe import scrub


def _server_note(lib: Any, done: str) -> None:
    """After add or remove: send the subscription change to the sync server now, and say if it did not go."""
    result = lib.sync_subscriptions()
    if result is None or result.ok:
        return
    later = "it waits for the next sync" if result.waiting else "it stays in this library only"
    err(f"warning: {done} here but not on the sync server ({later}): {result.error}")


def cmd_add(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        feed, new = lib.add(args.url, category=args.category)
        if args.json:
            out_json({**feed_json(feed), "new": new})
        else:
            out(f"added feed {feed.id}: {feed.title} ({new} articles)")
            if feed.warning:
                err(f"warning: {feed.title}: {feed.warning}")
        _server_note(lib, "subscribed")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        feed = lib.find_feed(args.feed)
        lib.remove(feed.id)
        out(f"removed feed {feed.id}: {feed.title}")
        _server_note(lib, "unsubscribed")
    return 0


def cmd_feeds(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        feeds = lib.feeds()
    if args.json:
        out_json([feed_json(f) for f in feeds])
        return 0
    if not feeds:
        err("no feeds yet: `reader add URL` or `reader import-opml FILE`")
    for f in feeds:
        mark = "!" if f.error else " "
        out(f"{f.id:>4} {mark} {f.unread:>4}/{f.total:<4} {f.title}  <{f.url}>")
        if f.error:
            out(f"         error: {f.error}")
    return 0


def cmd_import_opml(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        added, known = lib.import_opml(args.file)
    out(f"subscribed to {added} feeds ({known} already subscribed); `reader refresh` fetches them")
    return 0


def cmd_export_opml(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        sys.stdout.write(scrub(lib.export_opml()))
    return 0
