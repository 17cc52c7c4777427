"""Display helpers: relative dates, search snippets, and untrusted text that never becomes markup."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.content import Content

from reader.core.safe import is_safe
from reader.widgets.display import SplitRow, full_date, relative_date, safe, safe_block, snippet
from tests.ui.fixture_library import HOSTILE, NOW


def test_relative_dates() -> None:
    ago = [(timedelta(seconds=30), "now"), (timedelta(minutes=5), "5m"), (timedelta(hours=3), "3h"),
           (timedelta(hours=23, minutes=59), "23h"), (timedelta(days=2), "2d"), (timedelta(days=6), "6d"),
           (timedelta(days=99), "Mar 4"), (timedelta(days=400), "May 2025")]
    for delta, expected in ago:
        assert relative_date(NOW - delta, NOW) == expected
    assert relative_date(NOW + timedelta(days=3), NOW) == "Jun 14"  # a date in the future says which
    assert relative_date(None, NOW) == ""
    assert full_date(datetime(2026, 6, 10, 23, 15, tzinfo=UTC), NOW) == "Wed 10 Jun 2026, 23:15"


def test_snippet_markers_become_styles_not_markup() -> None:
    content = snippet("…the \x02lead\x03 and \x02lines\x03 [bold]x[/] \x1b[2J", ".match")
    assert content.plain == "…the lead and lines [bold]x[/] [2J"
    assert [(content.plain[s.start:s.end], s.style) for s in content.spans] == [("lead", ".match"),
                                                                                  ("lines", ".match")]


def test_hostile_strings_stay_text() -> None:
    for text in HOSTILE:
        assert safe(text).plain == text
        assert safe(text).spans == []
        assert safe_block(f"{text}\n{text}").plain == f"{text}\n{text}"


@settings(max_examples=200, deadline=None)
@given(st.text(), st.integers(min_value=1, max_value=120))
def test_any_text_is_scrubbed_and_lays_out(text: str, width: int) -> None:
    content = safe(text)
    assert is_safe(content.plain)
    assert is_safe(snippet(text, ".m").plain)
    row = SplitRow(Content.assemble("! ", content), Content("12"))
    laid_out = row.layout(width)
    assert laid_out.cell_length <= max(width, 4)
