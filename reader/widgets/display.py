"""Feed text made safe to show: scrubbed Content (never markup), search snippets, dates, link policy."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from reader.core.safe import is_openable_url, scrub
from reader.core.safe import one_line as one_line  # widgets and screens take it from here

Clock = Callable[[], datetime]

MATCH_START, MATCH_END = "\x02", "\x03"


def local_now() -> datetime:
    return datetime.now().astimezone()


def plain(text: str | None) -> str:
    """Untrusted text with every control, C1 and bidi character removed; whitespace runs kept."""
    return scrub(text or "")


def safe(text: str | None, style: str = "") -> Content:
    """Untrusted text as Content: shown literally, so `[@click=app.quit]` stays text."""
    content = Content(one_line(text))
    return content.stylize(style) if style and content else content


def safe_block(text: str | None, style: str = "") -> Content:
    """Like `safe`, keeping line breaks (bodies, bios, posts)."""
    content = Content(plain(text).strip())
    return content.stylize(style) if style and content else content


def snippet(text: str, match_style: str) -> Content:
    """A search snippet: the \\x02…\\x03 markers become styled spans (never markup)."""
    pieces: list[str] = []
    spans: list[Span] = []
    position = 0
    start: int | None = None
    for char in text:
        if char == MATCH_START:
            start = position
        elif char == MATCH_END:
            if start is not None and position > start:
                spans.append(Span(start, position, match_style))
            start = None
        else:
            cleaned = scrub(char)
            if cleaned == "\n":
                cleaned = " "
            pieces.append(cleaned)
            position += len(cleaned)
    return Content("".join(pieces), spans=spans)


def relative_date(when: datetime | None, now: datetime) -> str:
    """ "now", "5m", "3h", "2d" for the last week; "Mar 4" this year; "Mar 2024" before."""
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=now.tzinfo)
    when = when.astimezone(now.tzinfo)
    seconds = (now - when).total_seconds()
    if 0 <= seconds < 60:
        return "now"
    if 0 <= seconds < 3600:
        return f"{int(seconds // 60)}m"
    if 0 <= seconds < 86400:
        return f"{int(seconds // 3600)}h"
    if 0 <= seconds < 7 * 86400:
        return f"{int(seconds // 86400)}d"
    if when.year == now.year:
        return f"{when:%b} {when.day}"
    return f"{when:%b %Y}"


def full_date(when: datetime | None, now: datetime) -> str:
    """ "Wed 10 Jun 2026, 23:15" in the clock's time zone."""
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=now.tzinfo)
    when = when.astimezone(now.tzinfo)
    return f"{when:%a} {when.day} {when:%b %Y, %H:%M}"


def iso_date(iso: str | None, now: datetime) -> str:
    """A page's ISO 8601 date as full_date shows dates ("Wed 10 Jun 2026" when the page gives no time)."""
    if not iso:
        return ""
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return ""
    if len(iso) <= 10:
        return f"{when:%a} {when.day} {when:%b %Y}"
    return full_date(when, now)


def openable(url: str | None) -> bool:
    """Only web pages and mail addresses open: never javascript:, file:, data: or a relative path."""
    return url is not None and is_openable_url(url)


class SplitRow(Visual):
    """One line: `left` (cut with an ellipsis when it must be) and `right` flush with the right edge.

    Laid out at render time, so an OptionList row fits whatever width the list has, from the first frame.
    """

    def __init__(self, left: Content, right: Content) -> None:
        self.left = left
        self.right = right

    def __str__(self) -> str:
        return f"{self.left.plain} {self.right.plain}".rstrip()

    def layout(self, width: int) -> Content:
        right = self.right
        room = width - right.cell_length - (1 if right.cell_length else 0)
        left = self.left
        if left.cell_length > room:
            left = left.truncate(max(1, room), ellipsis=True)
        gap = max(1 if right.cell_length else 0, width - left.cell_length - right.cell_length)
        return Content.assemble(left, " " * gap, right)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.layout(width).render_strips(width, 1, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.left.cell_length + 1 + self.right.cell_length

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1
