"""The people quoted: sources and quotes (quotes still waiting are stored first)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from reader.cli.json_shapes import quote_json, source_json
from reader.cli.library import _library
from reader.cli.output import CliError, _date, err, out, out_json


def _catch_up_quotes(lib: Any, quiet: bool = False) -> None:
    """Store the quotes still waiting (new articles, or read by an older engine) before answering; progress on
    stderr when there are many. Ctrl-C keeps what was done (a batch per transaction)."""
    pending = lib.pending_quotes()
    if not pending:
        return
    show = not quiet and pending > 200 and sys.stderr.isatty()

    def progress(done: int) -> None:
        if show:
            sys.stderr.write(f"\rreading {done:,} of {pending:,} articles for quotes…")
            sys.stderr.flush()

    lib.index_quotes(progress=progress)
    if show:
        sys.stderr.write("\n")


def _since(text: str | None) -> datetime | None:
    """--since: a date (2026-06-01), a date and time with or without a zone, or a number of days ("30d")."""
    if not text:
        return None
    from datetime import UTC, timedelta

    value = text.strip()
    if value.endswith("d") and value[:-1].isdigit():
        return datetime.now(UTC) - timedelta(days=int(value[:-1]))
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise CliError(f"{text}: not a date (2026-06-01, 2026-06-01T09:00, or 30d for the last 30 days)") from None
    return parsed if parsed.tzinfo else parsed.astimezone()


def cmd_sources(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        feed_id = lib.find_feed(args.feed).id if args.feed else None
        _catch_up_quotes(lib, quiet=args.json)
        sources = lib.sources(feed_id=feed_id, since=_since(args.since), limit=args.limit, order=args.sort)
    if args.json:
        out_json([source_json(s) for s in sources])
        return 0
    if not sources:
        where = (" in that feed" if args.feed else "") + (" since then" if args.since else "")
        err(f"nobody quoted by name yet{where}")
    for s in sources:
        roles = "; ".join(s.roles)
        out(f"{s.quotes:>5}  {_date(s.last_quoted)[:10]}  {s.name}" + (f" ({roles})" if roles else ""))
        out(f"{'':>19}{', '.join(s.outlets)}")
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        feed_id = lib.find_feed(args.feed).id if args.feed else None
        _catch_up_quotes(lib, quiet=args.json)
        quotes = lib.quotes(speaker=args.speaker, feed_id=feed_id, limit=args.limit)
    if args.json:
        out_json([quote_json(q) for q in quotes])
        return 0
    if not quotes:
        err(f"no quotes by {args.speaker!r}" if args.speaker else "no quotes stored yet")
    for q in quotes:
        who = ", ".join(x for x in (q.speaker, q.role) if x) or "unattributed"
        out(f"“{q.text}”")
        out(f"    — {who}")
        out(f"    {q.article_id} · {q.title} · {q.feed_title} · {_date(q.published)}")
    return 0
