"""Articles: list, show, search, read and unread, bookmark, unbookmark and bookmarks."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from reader.cli.article_text import article_markdown, render_article
from reader.cli.json_shapes import article_json, summary_json
from reader.cli.library import _library
from reader.cli.output import CliError, _date, _when, err, out, out_json
from reader.cli.quotes import _catch_up_quotes


def _article_id(text: str) -> int:
    text = text.strip().lstrip("#")
    if not text.isdigit():
        raise CliError(f"{text}: not an article id (ids are numbers, as `reader list` shows)")
    return int(text)


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
