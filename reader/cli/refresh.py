"""refresh: fetch every feed (or the named ones), syncing first when a server is set up."""

from __future__ import annotations

import argparse

from reader.cli.library import _library
from reader.cli.output import err, out, out_json
from reader.cli.sync import _run_sync, _sync_line


def cmd_refresh(args: argparse.Namespace) -> int:
    failed = 0
    results = []
    with _library(args) as lib:
        ids = [lib.find_feed(ref).id for ref in args.feeds] if args.feeds else None
        if lib.sync_enabled:  # the server's feeds come by sync; the rest are fetched here
            synced = _run_sync(lib)
            failed += not synced.ok
            if args.json:
                results.append(
                    {
                        "feed": f"sync ({synced.service})",
                        "id": None,
                        "url": None,
                        "status": "ok" if synced.ok else "error",
                        "new": synced.pulled_articles,
                        "error": synced.error,
                    }
                )
            elif synced.ok:
                out(_sync_line(synced))
            else:
                out(f"error         sync: {synced.error}")
            ids = lib.refreshed_here(ids)
        total = len(ids) if ids is not None else len(lib.feeds())
        show_progress = not args.quiet
        for done, result in enumerate(lib.refresh_iter(ids, force=bool(args.feeds)), 1):
            if show_progress:
                err(f"[{done}/{total}] {result.feed_title}")
            failed += result.status == "error"
            if args.json:
                results.append(
                    {
                        "feed": result.feed_title,
                        "id": result.feed_id,
                        "url": result.feed_url,
                        "status": result.status,
                        "new": result.new,
                        "error": result.error,
                    }
                )
            elif result.status == "ok":
                out(f"ok            {result.feed_title}: {result.new} new")
            elif result.status == "not_modified":
                out(f"not modified  {result.feed_title}")
            else:
                out(f"error         {result.feed_title}: {result.error}")
    if args.json:
        out_json(results)
    return 1 if failed else 0
