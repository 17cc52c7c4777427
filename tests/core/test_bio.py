"""Author bios: author boxes, trailing italic paragraphs and JSON-LD; notes that are not bios."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.core.article import analyze_html, analyze_item
from reader.core.article.bio import jsonld_bio, take_box_bio
from reader.core.article.dom import body_of, jsonld_objects, parse_document

GOLD = json.loads((Path(__file__).parent.parent / "gold" / "bios.json").read_text(encoding="utf-8"))
BODY = (
    "<p>The Harbor County school board voted 5-2 on Monday to close two elementary schools at the end of the "
    "year, citing falling enrollment.</p><p>Parents said the district had not explained where children would go.</p>"
)


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("case", GOLD, ids=[c["id"] for c in GOLD])
def test_gold_case(case: dict[str, Any]) -> None:
    reading = analyze_html(case["html"], author=case["byline"])
    gold = case["bio"]
    if gold is None:
        assert reading.author_bio is None, case["note"]
        return
    assert reading.author_bio is not None, case["note"]
    assert reading.author_bio.name == gold["name"]
    assert _squash(gold["text"]) in _squash(reading.author_bio.text)
    # The bio went to its pane: it is no longer in the body.
    assert _squash(gold["text"])[:40] not in _squash(reading.text)


def test_gold_has_the_required_kinds() -> None:
    assert len(GOLD) >= 15
    assert sum(1 for c in GOLD if c["bio"] is None) >= 5
    assert any("@graph" in c["html"] for c in GOLD)


def test_the_byline_known_from_the_feed_picks_the_bio() -> None:
    case = next(c for c in GOLD if c["id"] == "b005")
    reading = analyze_html(case["html"], author=case["byline"])
    assert reading.author_bio is not None and reading.author_bio.name == "Lucia Fontaine"


def test_box_bio_drops_navigation_links_and_is_removed_from_the_tree() -> None:
    root = parse_document(
        BODY + "<div class='author-bio'><h4><a rel='author' href='/a/'>Maya Greene</a></h4>"
        "<p>Maya Greene covers education. <a href='/a/'>More by Maya Greene</a></p></div>"
    )
    assert root is not None
    body = body_of(root)
    bio = take_box_bio(body, byline=None)
    assert bio is not None
    assert (bio.name, bio.text) == ("Maya Greene", "Maya Greene covers education.")
    assert body.find(".//div") is None


def test_italic_bio_must_be_trailing() -> None:
    html = "<p><em>Marcus Bell covers courts for the Sentinel.</em></p>" + BODY + "<p>" + "More words. " * 12 + "</p>"
    assert analyze_item(html, None).author_bio is None


def test_italic_bio_with_byline_name_is_found_in_a_feed_item() -> None:
    reading = analyze_item(BODY + "<p><em>Lucia Fontaine writes about schools.</em></p>", None, author="Lucia Fontaine")
    assert reading.author_bio is not None
    assert reading.author_bio.text == "Lucia Fontaine writes about schools."
    assert "Lucia Fontaine writes" not in reading.text


def test_italic_paragraph_about_someone_else_is_not_the_bio() -> None:
    reading = analyze_item(
        BODY + "<p><em>Jo Park is a nurse at Valley General.</em></p>", None, author="Lucia Fontaine"
    )
    assert reading.author_bio is None


@pytest.mark.parametrize(
    "note",
    [
        "This story was originally published by The 19th.",
        "This article first appeared on Stateline and is republished under a Creative Commons license.",
        "Editor's note: This story has been updated.",
        "Correction: An earlier version misspelled a name.",
        "Jane Doe's story was originally published by Capital & Main.",
    ],
)
def test_publication_notes_are_not_bios(note: str) -> None:
    reading = analyze_item(BODY + f"<p><em>{note}</em></p>", None, author="Jane Doe")
    assert reading.author_bio is None


def test_jsonld_person_resolves_yoast_graph_reference() -> None:
    case = next(c for c in GOLD if "@graph" in c["html"])
    root = parse_document(case["html"])
    assert root is not None
    bio = jsonld_bio(jsonld_objects(root), byline=None)
    assert bio is not None and bio.name == "Owen Brandt"
    assert bio.text.startswith("Owen Brandt reports on transportation")


def test_jsonld_prefers_the_bylined_author() -> None:
    graph = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "author": [
            {"@type": "Person", "name": "A Writer", "description": "A Writer covers sports for the paper."},
            {"@type": "Person", "name": "B Writer", "description": "B Writer covers city hall for the paper."},
        ],
    }
    html = (
        f"<html><head><script type='application/ld+json'>{json.dumps(graph)}</script></head><body>{BODY}</body></html>"
    )
    root = parse_document(html)
    assert root is not None
    bio = jsonld_bio(jsonld_objects(root), byline="B Writer")
    assert bio is not None and bio.name == "B Writer"


def test_bio_is_scrubbed() -> None:
    reading = analyze_item(BODY + "<p><em>Ann Lee\u202e is a reporter &#x1b;[2J.</em></p>", None, author="Ann Lee")
    assert reading.author_bio is not None
    assert "\u202e" not in reading.author_bio.text and "\x1b" not in reading.author_bio.text
