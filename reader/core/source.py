"""`reader analyze`: read any source (URL, HTML page, HTML fragment, plain text, stdin) into a Reading."""

from __future__ import annotations

import sys
from pathlib import Path

from reader.core.fetch import decode_html
from reader.core.models import Reading

_MAX_INPUT = 32 * 1024 * 1024


class SourceError(Exception):
    """The source could not be read (missing file, fetch failure)."""


def _looks_like_html(text: str) -> bool:
    head = text[:8192].lower()
    return any(
        tag in head for tag in ("<html", "<body", "<p>", "<p ", "<div", "<article", "<br", "<!doctype")
    )


def analyze_source(source: str) -> tuple[str | None, str | None, str | None, Reading]:
    """(title, author, url, reading) for a URL, a file path, or `-` (stdin)."""
    from reader.core.article import analyze_html, analyze_page, analyze_text

    url: str | None = None
    if source == "-":
        text = decode_html(sys.stdin.buffer.read(_MAX_INPUT))
        is_text_file = False
    elif source.startswith(("http://", "https://")):
        from reader.core.fetch import Fetcher, FetchError

        try:
            with Fetcher() as fetcher:
                fetched = fetcher.fetch(source)
        except FetchError as exc:
            raise SourceError(f"{source}: {exc}") from exc
        url = fetched.url
        reading = analyze_page(decode_html(fetched.content, fetched.content_type), url=url)
        return reading.title, reading.author, url, reading
    else:
        path = Path(source.removeprefix("file://")).expanduser()
        try:
            with path.open("rb") as handle:
                text = decode_html(handle.read(_MAX_INPUT))
        except OSError as exc:
            raise SourceError(f"{source}: {exc.strerror or exc}") from exc
        is_text_file = path.suffix.lower() in (".txt", ".text", ".md")
    reading = analyze_text(text) if is_text_file or not _looks_like_html(text) else analyze_html(text, url=url)
    return reading.title, reading.author, url, reading
