"""The argparse parser: the global options and every sub-command, each with its handler."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from reader import __version__
from reader.cli.analyze import cmd_analyze
from reader.cli.articles import cmd_bookmark, cmd_bookmarks, cmd_list, cmd_read, cmd_search, cmd_show
from reader.cli.quotes import cmd_quotes, cmd_sources
from reader.cli.refresh import cmd_refresh
from reader.cli.subscriptions import cmd_add, cmd_export_opml, cmd_feeds, cmd_import_opml, cmd_remove
from reader.cli.sync import cmd_sync
from reader.cli.tui import cmd_tui

Handler = Callable[[argparse.Namespace], int]


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text}: give a whole number of 1 or more")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader", description="A terminal reader for local news.")
    parser.add_argument("--version", action="version", version=f"localnews-reader {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="keep the library and config in DIR (default: XDG dirs)"
    )
    parser.add_argument(
        "--demo", action="store_true", help="open a throwaway library of the bundled sample feeds"
    )
    parser.add_argument(
        "--no-images", action="store_true", help="no lead photos in the app (as images = \"off\" in config.toml)"
    )
    parser.set_defaults(handler=cmd_tui, command=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str, handler: Handler, help_text: str, *, json_flag: bool = False
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        if json_flag:
            p.add_argument("--json", action="store_true", help="print JSON for scripts")
        return p

    p = command(
        "add", cmd_add, "subscribe to a feed (or the feed an HTML page names) and fetch it", json_flag=True
    )
    p.add_argument("url", metavar="URL_OR_PATH")
    p.add_argument("--category", help="file the feed under this category")
    p = command("remove", cmd_remove, "unsubscribe from a feed (bookmarked articles stay)")
    p.add_argument("feed", metavar="FEED", help="feed id, URL or part of its title")
    command("feeds", cmd_feeds, "list subscriptions with unread counts and errors", json_flag=True)
    p = command("refresh", cmd_refresh, "fetch every feed (or the named ones)", json_flag=True)
    p.add_argument("feeds", nargs="*", metavar="FEED")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    command("sync", cmd_sync, "send local changes to the feed server and bring what changed there", json_flag=True)
    p = command("read", cmd_read, "mark articles read (or a whole feed, with --feed)")
    p.add_argument("ids", nargs="*", metavar="ID")
    p.add_argument("--feed", metavar="FEED_ID", help="mark every article of this feed read")
    p = command("unread", cmd_read, "mark articles unread")
    p.add_argument("ids", nargs="+", metavar="ID")
    p = command("list", cmd_list, "list articles, newest first", json_flag=True)
    p.add_argument("--unread", action="store_true")
    p.add_argument("--bookmarked", action="store_true")
    p.add_argument("--feed", metavar="FEED")
    p.add_argument("--limit", type=int, default=None)
    p = command(
        "show", cmd_show, "print an article with its quotes, reactions and author bio", json_flag=True
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("--mark-read", action="store_true", help="also mark it read")
    p = command(
        "analyze", cmd_analyze, "read a URL, HTML file, fragment or text file (- for stdin)", json_flag=True
    )
    p.add_argument("source", metavar="FILE_OR_URL")
    p = command("search", cmd_search, 'full-text search over every stored article (said:NAME or said:"Full Name": '
                "articles quoting that person)", json_flag=True)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=50)
    p = command("sources", cmd_sources, "everyone quoted by name across the library: roles, quotes, outlets, "
                "last quoted", json_flag=True)
    p.add_argument("--feed", metavar="FEED", help="only quotes from this feed (id, URL or part of its title)")
    p.add_argument("--since", metavar="DATE", help="only quotes published since DATE (2026-06-01, or 30d)")
    p.add_argument("--limit", type=_positive, default=None, metavar="N", help="the first N")
    p.add_argument("--sort", choices=("count", "recent"), default="count",
                   help="most quoted first (count, the default) or last quoted first (recent)")
    p = command("quotes", cmd_quotes, "stored quotes, newest first, with their articles", json_flag=True)
    p.add_argument("--speaker", metavar="NAME", help="one person's (their full name, or a part: a surname)")
    p.add_argument("--feed", metavar="FEED", help="only quotes from this feed")
    p.add_argument("--limit", type=_positive, default=None, metavar="N", help="the newest N")
    p = command("bookmark", cmd_bookmark, "bookmark an article")
    p.add_argument("id", metavar="ID")
    p = command("unbookmark", cmd_bookmark, "remove a bookmark")
    p.add_argument("id", metavar="ID")
    p = command("bookmarks", cmd_bookmarks, "list bookmarks (or export them as Markdown)", json_flag=True)
    p.add_argument("--format", choices=("text", "json", "md"), default="text")
    p = command("import-opml", cmd_import_opml, "subscribe to the feeds of an OPML file (refresh fetches)")
    p.add_argument("file", metavar="FILE")
    command("export-opml", cmd_export_opml, "print subscriptions as OPML")
    return parser
