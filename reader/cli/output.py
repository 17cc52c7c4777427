"""What the commands print: feed-derived text scrubbed of unsafe characters, JSON, dates; CliError (one line)."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any

from reader.core.safe import scrub, scrub_deep


class CliError(Exception):
    """One line for stderr; the command exits non-zero."""


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
