"""The command line: argparse sub-commands over the Library, printing text or JSON (no Textual unless the TUI runs)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from reader import __version__
from reader.core.safe import scrub, scrub_deep

Handler = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """One line for stderr; the command exits non-zero."""


# -- output ----------------------------------------------------------------------------------------


def out(text: str = "") -> None:
    """Print feed-derived text: every control, C1 and bidi character is removed first."""
    sys.stdout.write(scrub(text) + "\n")


def err(text: str) -> None:
    sys.stderr.write(scrub(text) + "\n")
    sys.stderr.flush()


def out_json(value: Any) -> None:
    sys.stdout.write(json.dumps(scrub_deep(value), ensure_ascii=False, indent=2) + "\n")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _when(iso: str | None) -> str:
    """A page's ISO date as the listings print dates (a date alone stays a date)."""
    if not iso:
        return ""
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if len(iso) <= 10:
        return value.strftime("%Y-%m-%d")
    return _date(value if value.tzinfo else value.astimezone())


def _date(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "----------------"


# -- JSON shapes (public contract: keep field names stable) ----------------------------------------


def feed_json(feed: Any) -> dict[str, Any]:
    return {
        "id": feed.id,
        "title": feed.title,
        "url": feed.url,
        "site_url": feed.site_url,
        "category": feed.category,
        "unread": feed.unread,
        "total": feed.total,
        "error": feed.error,
        "warning": feed.warning,
    }


def summary_json(a: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "feed": a.feed_title,
        "url": a.url,
        "published": _iso(a.published),
        "read": a.read,
        "bookmarked": a.bookmarked,
    }


def reading_json(reading: Any) -> dict[str, Any]:
    image = reading.image
    return {
        "subtitle": reading.subtitle,
        "updated": reading.updated,
        "site_name": reading.site_name,
        "image": {"url": image.url, "caption": image.caption, "credit": image.credit} if image else None,
        "text": reading.text,
        "plain": reading.plain_text,
        "quotes": [{"text": q.text, "speaker": q.speaker, "role": q.role} for q in reading.quotes],
        "reactions": [
            {
                "platform": r.platform,
                "author": r.author,
                "handle": r.handle,
                "text": r.text,
                "date": r.date,
                "url": r.url,
            }
            for r in reading.reactions
        ],
        "author_bio": (
            {"name": reading.author_bio.name, "text": reading.author_bio.text} if reading.author_bio else None
        ),
    }


def article_json(article: Any) -> dict[str, Any]:
    """A stored article: what the page says first (headline, authors, dates), what the feed said as fallback."""
    reading = article.reading
    data = summary_json(article)
    data["title"] = reading.title or article.title
    data["author"] = reading.author or article.author
    data["authors"] = list(reading.authors) or ([article.author] if article.author else [])
    data["published"] = reading.published or _iso(article.published)
    data.update(reading_json(reading))
    return data


def sync_json(result: Any) -> dict[str, Any]:
    return {
        "service": result.service,
        "status": "ok" if result.ok else "error",
        "error": result.error,
        "pulled": {
            "feeds": result.pulled_feeds,
            "articles": result.pulled_articles,
            "states": result.pulled_states,
        },
        "pushed": {
            "read": result.pushed_read,
            "unread": result.pushed_unread,
            "bookmarked": result.pushed_bookmarked,
            "unbookmarked": result.pushed_unbookmarked,
            "subscribed": result.subscribed,
            "unsubscribed": result.unsubscribed,
        },
    }


def analysis_json(url: str | None, reading: Any) -> dict[str, Any]:
    data = {
        "title": reading.title,
        "author": reading.author,
        "authors": list(reading.authors),
        "published": reading.published,
        "url": url,
    }
    data.update(reading_json(reading))
    return data


# -- text rendering --------------------------------------------------------------------------------


def render_article(title: str, meta: list[str], reading: Any) -> str:
    lines = [title, "=" * min(len(title), 78)]
    lines += [m for m in meta if m]
    if reading.subtitle:
        lines += ["", reading.subtitle]
    lines += ["", reading.plain_text.strip() or "(no text)", ""]
    lines += ["Quotes", "------"]
    if reading.quotes:
        for q in reading.quotes:
            who = ", ".join(x for x in (q.speaker, q.role) if x) or "unattributed"
            lines.append(f"“{q.text}”\n    — {who}")
    else:
        lines.append("No quotes in this article.")
    lines += ["", "Reactions", "---------"]
    if reading.reactions:
        for r in reading.reactions:
            who = " ".join(x for x in (r.author, f"({r.handle})" if r.handle else None) if x) or "unknown"
            lines.append(f"[{r.platform}] {who}{' · ' + r.date if r.date else ''}")
            if r.text:
                lines.append(f"    {r.text}")
            if r.url:
                lines.append(f"    {r.url}")
    else:
        lines.append("No embedded posts in this article.")
    lines += ["", "Author", "------"]
    if reading.author_bio:
        if reading.author_bio.name:
            lines.append(reading.author_bio.name)
        lines.append(reading.author_bio.text)
    else:
        lines.append("No author bio in this article.")
    return "\n".join(lines)


def article_markdown(article: Any) -> str:
    r = article.reading
    parts = [f"## {article.title}", ""]
    meta = [
        x
        for x in (
            article.feed_title,
            article.author or r.author,
            _date(article.published) if article.published else None,
        )
        if x
    ]
    parts.append(" · ".join(meta))
    if article.url:
        parts.append(f"<{article.url}>")
    if r.subtitle:
        parts += ["", f"*{r.subtitle}*"]
    parts += ["", r.text.strip()]
    if r.quotes:
        parts += ["", "### Quotes", ""]
        parts += [
            f"- “{q.text}” — {', '.join(x for x in (q.speaker, q.role) if x) or 'unattributed'}"
            for q in r.quotes
        ]
    if r.reactions:
        parts += ["", "### Reactions", ""]
        parts += [
            f"- {x.platform}: {x.author or ''} {x.handle or ''} {x.url or ''}".rstrip() for x in r.reactions
        ]
    if r.author_bio:
        parts += [
            "",
            "### Author",
            "",
            f"{r.author_bio.name + ': ' if r.author_bio.name else ''}{r.author_bio.text}",
        ]
    return "\n".join(parts) + "\n"


# -- commands --------------------------------------------------------------------------------------


def _library(args: argparse.Namespace) -> Any:
    from reader import paths
    from reader.config import load_settings
    from reader.core.library import make_library

    where = paths.resolve(args.data_dir)
    settings = load_settings(where.config_file)
    for problem in settings.problems:
        err(f"reader: {problem}")
    return make_library(
        where.database,
        workers=settings.workers,
        per_host=settings.per_host,
        sync=settings.sync,
        config_path=where.config_file,
    )


def _article_id(text: str) -> int:
    text = text.strip().lstrip("#")
    if not text.isdigit():
        raise CliError(f"{text}: not an article id (ids are numbers, as `reader list` shows)")
    return int(text)


SERVICE_NAMES = {"miniflux": "Miniflux", "greader": "the Google Reader API server"}


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


def cmd_read(args: argparse.Namespace) -> int:
    read = args.command == "read"
    feed_ref = getattr(args, "feed", None)
    if not args.ids and not feed_ref:
        raise CliError("name the articles (reader read ID...) or a feed (reader read --feed FEED_ID)")
    ids = [_article_id(text) for text in args.ids]
    with _library(args) as lib:
        for article_id in ids:
            if lib.summary(article_id) is None:
                raise CliError(f"{article_id}: no such article")
        lib.mark_read(ids, read)
        marked = len(set(ids))
        if feed_ref:
            feed = lib.find_feed(feed_ref)
            marked += len(lib.mark_feed_read(feed.id))
    out(f"marked {marked} {'read' if read else 'unread'}")
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


def _print_articles(args: argparse.Namespace, articles: Sequence[Any]) -> None:
    fmt = getattr(args, "format", None) or ("json" if args.json else "text")
    if fmt == "json":
        out_json([summary_json(a) for a in articles])
        return
    for a in articles:
        flags = ("N" if not a.read else " ") + ("*" if a.bookmarked else " ")
        out(f"{a.id:>6} {flags} {_date(a.published)}  {a.feed_title[:24]:<24}  {a.title}")


def cmd_list(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        feed_id = lib.find_feed(args.feed).id if args.feed else None
        articles = lib.articles(
            feed_id=feed_id, unread=args.unread, bookmarked=args.bookmarked, limit=args.limit
        )
    _print_articles(args, articles)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    article_id = _article_id(args.id)
    with _library(args) as lib:
        article = lib.article(article_id)
        if article is None:
            raise CliError(f"{article_id}: no such article")
        if args.mark_read and not article.read:
            lib.mark_read([article.id])
    if args.json:
        out_json(article_json(article))
        return 0
    reading = article.reading
    meta = [
        " · ".join(
            x
            for x in (
                article.feed_title,
                reading.author or article.author,
                _when(reading.published) or _date(article.published),
            )
            if x
        ),
        article.url or "",
    ]
    out(render_article(reading.title or article.title, meta, reading))
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from reader.core.source import SourceError, analyze_source

    try:
        title, author, url, reading = analyze_source(args.source)
    except SourceError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        out_json(analysis_json(url, reading))
        return 0
    byline = " · ".join(x for x in (reading.site_name, author, _when(reading.published)) if x)
    out(render_article(title or "(untitled)", [byline, url or ""], reading))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        if "said:" in args.query.lower():
            _catch_up_quotes(lib, quiet=args.json)
        hits = lib.search(args.query, limit=args.limit)
    if args.json:
        out_json(
            [
                {**summary_json(h.article), "snippet": h.snippet.replace("\x02", "").replace("\x03", "")}
                for h in hits
            ]
        )
        return 0
    if not hits:
        err(f"nothing matches {args.query!r}")
    for h in hits:
        a = h.article
        out(f"{a.id:>6} {_date(a.published)}  {a.feed_title[:24]:<24}  {a.title}")
        snippet = h.snippet.replace("\x02", "").replace("\x03", "")
        if snippet:
            out(f"         {' '.join(snippet.split())}")
    return 0


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


def source_json(source: Any) -> dict[str, Any]:
    return {
        "name": source.name,
        "roles": list(source.roles),
        "quotes": source.quotes,
        "outlets": list(source.outlets),
        "last_quoted": _iso(source.last_quoted),
    }


def quote_json(quote: Any) -> dict[str, Any]:
    return {
        "text": quote.text,
        "speaker": quote.speaker,
        "role": quote.role,
        "article": quote.article_id,
        "title": quote.title,
        "feed": quote.feed_title,
        "published": _iso(quote.published),
    }


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


def cmd_bookmark(args: argparse.Namespace) -> int:
    article_id = _article_id(args.id)
    with _library(args) as lib:
        if lib.summary(article_id) is None:
            raise CliError(f"{article_id}: no such article")
        lib.bookmark(article_id, args.command == "bookmark")
    out(f"{'bookmarked' if args.command == 'bookmark' else 'unbookmarked'} {article_id}")
    return 0


def cmd_bookmarks(args: argparse.Namespace) -> int:
    fmt = "json" if args.json else args.format
    with _library(args) as lib:
        summaries = lib.articles(bookmarked=True)
        if fmt == "md":
            articles = [lib.article(a.id) for a in summaries]
            out("# Bookmarks\n")
            for article in articles:
                if article:
                    out(article_markdown(article))
            return 0
    args.format = fmt
    _print_articles(args, summaries)
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


def cmd_tui(args: argparse.Namespace) -> int:
    from reader.launch import run_tui

    return run_tui(args.data_dir, demo=args.demo, images=not args.no_images)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text}: give a whole number of 1 or more")
    return int(text)


# -- parser ----------------------------------------------------------------------------------------


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


def main(argv: Sequence[str] | None = None) -> int:
    from reader.core.library import LibraryError, StorageError

    args = build_parser().parse_args(argv)
    try:
        result: int = args.handler(args)
        return result
    except (CliError, LibraryError, StorageError) as exc:
        err(f"reader: {exc}")
        return 1
    except BrokenPipeError:  # `reader refresh | head`: the reader of our output left; before Exception catches it
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - so the interpreter's final flush has nowhere to fail
        return 0
    except Exception as exc:  # a damaged page or a lock found mid-command: one line, never a traceback
        from reader import paths
        from reader.core.library import describe_database_error

        message = describe_database_error(exc, paths.resolve(args.data_dir).database)
        if message is None:
            raise
        err(f"reader: {message}")
        return 1
    except KeyboardInterrupt:
        err("reader: interrupted")
        return 130
