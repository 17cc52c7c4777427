"""The library a command works on: the data directory, its settings (problems said on stderr), the Library."""

from __future__ import annotations

import argparse
from typing import Any

from reader.cli.output import err


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
