"""The command line: argparse sub-commands over the Library, printing text or JSON (no Textual unless the TUI runs).

One module per idea; `main` (the `reader` console script and `python -m reader`) is here:

- parser.py         the argparse parser: global options, every sub-command and its handler;
- output.py         printing: scrubbed text, JSON, dates; CliError (a one-line failure);
- json_shapes.py    the JSON each command prints (public contract: keep field names stable);
- article_text.py   an article as the terminal shows it, and as Markdown;
- library.py        the library a command opens (data directory, settings);
- subscriptions.py  add, remove, feeds, import-opml, export-opml;
- refresh.py        refresh;
- sync.py           sync (and the sync that refresh runs first);
- articles.py       list, show, search, read, unread, bookmark, unbookmark, bookmarks;
- quotes.py         sources and quotes;
- analyze.py        analyze;
- tui.py            no command: the app.

Names with a leading underscore are private to this package (its modules share them), never used outside it.
Importing the package imports no third-party library: each command imports what it needs when it runs.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

from reader.cli.output import CliError, err
from reader.cli.parser import build_parser

__all__ = ["main"]


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
