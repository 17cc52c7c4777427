"""The public reading API: feed items, pages, fragments, plain text; subtitles, summaries, hostile input."""

from __future__ import annotations

import random

import pytest

import reader.core.article.quotes as quotes
from reader.core.article import analyze_html, analyze_item, analyze_page, analyze_text, is_summary_only
from reader.core.models import Quote, Reading
from reader.core.safe import is_safe

BODY = (
    "<p>Riverton’s school board voted Monday night to keep all six elementary schools open for another year, "
    "reversing a plan that would have closed two of them.</p>"
    "<p>“We heard the parents,” said board chair Lena Ruiz. The vote was 5-2.</p>"
    "<p>The district will now look for $1.8 million in savings elsewhere, including administrative cuts.</p>"
)
LONG_SUMMARY = " ".join(["The board voted to keep the schools open and to look for savings elsewhere."] * 8)


def _all_strings(r: Reading) -> list[str]:
    out = [r.text, r.subtitle or "", r.title or "", r.author or ""]
    out += [x for q in r.quotes for x in (q.text, q.speaker or "", q.role or "")]
    out += [x or "" for rc in r.reactions for x in (rc.author, rc.handle, rc.text, rc.date, rc.url)]
    if r.author_bio:
        out += [r.author_bio.name or "", r.author_bio.text]
    return out


# --- subtitles ---------------------------------------------------------------------------------------
def test_distinct_summary_becomes_the_subtitle() -> None:
    r = analyze_item(BODY, "<p>Parents packed the meeting to save their schools.</p>")
    assert r.subtitle == "Parents packed the meeting to save their schools."
    assert r.text.startswith("Riverton’s school board voted")


@pytest.mark.parametrize(
    "summary",
    [
        "Riverton’s school board voted Monday night to keep all six elementary schools open for another year, […]",
        "<p>Riverton’s school board voted Monday night to keep all six elementary schools open for another "
        "year, reversing a plan&#8230;</p><p>The post <a href='https://x.org'>Schools stay open</a> appeared "
        "first on <a href='https://x.org'>Riverton Ledger</a>.</p>",
        "Riverton’s school board voted Monday night to keep all six elementary schools open",
    ],
)
def test_summary_that_repeats_the_opening_is_no_subtitle(summary: str) -> None:
    assert analyze_item(BODY, summary).subtitle is None


def test_subtitle_entities_are_decoded() -> None:
    r = analyze_item(BODY, "The 6-1 vote doesn&#8217;t cap rents &#8212; it slows them.")
    assert r.subtitle == "The 6-1 vote doesn’t cap rents — it slows them."


def test_summary_only_item_reads_the_summary_without_subtitle() -> None:
    r = analyze_item(None, "<p>Parents packed the meeting to save their schools.</p>")
    assert r.text == "Parents packed the meeting to save their schools."
    assert r.subtitle is None


def test_plain_text_feed_content_keeps_its_paragraphs() -> None:
    r = analyze_item("Short first line\n\nSecond paragraph.", None)
    assert r.text == "Short first line\n\nSecond paragraph."  # no headline guessing inside a feed item


def test_item_content_repeating_the_title_loses_it() -> None:
    r = analyze_item("<h2>Schools stay open</h2>" + BODY, None, title="Schools stay open")
    assert r.text.startswith("Riverton’s school board voted")


def test_pull_quotes_in_asides_are_not_counted_twice() -> None:
    r = analyze_item(BODY + "<aside class='pull'><p>“We heard the parents.”</p></aside>", None)
    assert r.text.count("We heard the parents") == 1


# --- summary-only detection --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "summary", "expected"),
    [
        (None, None, True),
        ("", "   ", True),
        (None, "<p>Short teaser about the vote.</p>", True),
        (None, LONG_SUMMARY + " […]", True),
        (None, LONG_SUMMARY + " …", True),
        (None, LONG_SUMMARY + " <a href='https://x.org/a'>Read more</a>", True),
        (None, LONG_SUMMARY, False),
        (BODY, "<p>Short teaser.</p>", False),
        (BODY + BODY + BODY, None, False),
        ("<p>The board voted to keep the schools open [&#8230;]</p>", None, True),
    ],
)
def test_is_summary_only(content: str | None, summary: str | None, expected: bool) -> None:
    assert is_summary_only(content, summary) is expected


# --- plain text ---------------------------------------------------------------------------------------
def test_text_first_short_paragraph_is_the_headline() -> None:
    r = analyze_text("Schools stay open for another year\n\nThe board voted Monday.\n\nThe vote was 5-2.")
    assert r.title == "Schools stay open for another year"
    assert r.text == "The board voted Monday.\n\nThe vote was 5-2."


@pytest.mark.parametrize(
    "text",
    [
        "The board voted Monday.\n\nThe vote was 5-2.",  # a sentence, not a headline
        "Schools stay open for another year",  # only one paragraph: it is the text
    ],
)
def test_text_without_headline(text: str) -> None:
    r = analyze_text(text)
    assert r.title is None
    assert r.text == text


def test_text_crlf_and_control_characters() -> None:
    r = analyze_text("Headline here\r\n\r\nBody\x1b[2J line.\u202e\r\n")
    assert r.title == "Headline here"
    assert r.text == "Body[2J line."


# --- dispatch -----------------------------------------------------------------------------------------
def test_fragment_is_read_like_a_feed_item() -> None:
    r = analyze_html(BODY)
    assert r.title is None and r.text.startswith("Riverton’s school board")


def test_full_page_goes_through_page_extraction() -> None:
    page_html = f"<html><head><title>Schools stay open</title></head><body><article>{BODY * 2}</article></body></html>"
    r = analyze_html(page_html)
    assert r.title == "Schools stay open"
    assert "Riverton’s school board voted" in r.text


# --- quotes -------------------------------------------------------------------------------------------
def test_quotes_run_on_the_final_body(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def fake_find_quotes(paragraphs: str | list[str]) -> list[Quote]:
        seen.append(paragraphs if isinstance(paragraphs, str) else "\n\n".join(paragraphs))
        return [Quote(text="We heard the parents\u202e", speaker="Lena Ruiz\x1b", role="board chair")]

    monkeypatch.setattr(quotes, "find_quotes", fake_find_quotes)
    html = (
        BODY + "<blockquote class='twitter-tweet'><p>“Tweet words” said nobody</p>&mdash; A (@a) "
        "<a href='https://twitter.com/a/status/1'>May 1</a></blockquote><p><em>Jo Lee covers schools.</em></p>"
    )
    r = analyze_item(html, None, author="Jo Lee")
    assert seen == [r.plain]
    assert "Tweet words" not in seen[0] and "Jo Lee covers" not in seen[0]
    assert r.quotes == (Quote(text="We heard the parents", speaker="Lena Ruiz", role="board chair"),)


def test_a_failing_quote_finder_gives_no_quotes(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(paragraphs: object) -> list[Quote]:
        raise RuntimeError("boom")

    monkeypatch.setattr(quotes, "find_quotes", broken)
    assert analyze_item(BODY, None).quotes == ()
    assert analyze_text("a\n\nb").quotes == ()


# --- hostile input ------------------------------------------------------------------------------------
def _binary() -> str:
    rng = random.Random(7)
    return bytes(rng.getrandbits(8) for _ in range(100_000)).decode("latin-1")


HOSTILE = {
    "script": "<p>Hi</p><script>document.write('<p>evil</p>'); var s = '\x1b[2J';</script><p>there</p>",
    "escape-entity": "<p>Before &#x1b;[2J after &#x9b;31m &#x202e;rtl &#7; bell</p>",
    "nested-5mb": "<div>" * 500_000 + "deep" + "</div>" * 500_000,
    "empty": "",
    "whitespace": " \n\t ",
    "binary-as-text": _binary(),
    "nul-bytes": "<p>a\x00b</p>\x00\x00",
    "unclosed": "<html><body><p>Open <b>bold <i>it <a href='javascript:x'>link",
    "xml-declaration": "<?xml version='1.0' encoding='iso-8859-1'?><html><body><p>Café</p></body></html>",
    "bad-json-ld": "<html><head><script type='application/ld+json'>{bad,,}</script></head><body><p>x</p></body></html>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_never_raises_and_stays_safe(name: str) -> None:
    html = HOSTILE[name]
    readings = [
        analyze_html(html),
        analyze_page(html),
        analyze_item(html, html),
        analyze_item(None, html),
        analyze_text(html),
    ]
    for r in readings:
        assert all(is_safe(s) for s in _all_strings(r)), name
        assert "\x1b" not in r.text
    is_summary_only(html, html)


def test_script_content_never_reaches_the_text() -> None:
    for r in (analyze_html(HOSTILE["script"]), analyze_item(HOSTILE["script"], None)):
        assert r.text == "Hi\n\nthere"


def test_escape_entity_becomes_harmless_text() -> None:
    r = analyze_item(HOSTILE["escape-entity"], None)
    assert r.text.startswith("Before [2J after")


def test_twenty_megabytes_does_not_raise() -> None:
    r = analyze_html("<html><body><p>" + "word " * 4_000_000 + "</p></body></html>")
    assert r.text.startswith("word word")
