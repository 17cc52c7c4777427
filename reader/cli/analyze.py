"""analyze: read a URL, HTML file, fragment or text file (- for stdin) without storing it."""

from __future__ import annotations

import argparse

from reader.cli.article_text import render_article
from reader.cli.json_shapes import analysis_json
from reader.cli.output import CliError, _when, out, out_json


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
