"""Scrubbing of control characters from untrusted text before it is stored, shown or printed."""

from __future__ import annotations

import re
from typing import Any

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# the implicit bidi marks, and the line/paragraph separators some terminals treat as newlines.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]"
)


def scrub(text: str) -> str:
    """Remove every character that could move the cursor, talk to the terminal or reorder text.

    A carriage return becomes a newline (CRLF a single one) so that Windows text keeps its lines.
    """
    if not text:
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub("", text)


def scrub_optional(text: str | None) -> str | None:
    return None if text is None else scrub(text)


def scrub_deep(value: Any) -> Any:
    """Scrub every string inside dicts, lists and tuples (for JSON output)."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {scrub(str(k)): scrub_deep(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_deep(v) for v in value]
    return value


def is_safe(text: str) -> bool:
    return _UNSAFE.search(text) is None
