"""No command: the app (reader.launch, and Textual with it, is imported only when the app starts)."""

from __future__ import annotations

import argparse


def cmd_tui(args: argparse.Namespace) -> int:
    from reader.launch import run_tui

    return run_tui(args.data_dir, demo=args.demo, images=not args.no_images)
