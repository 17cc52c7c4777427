"""Full web pages: main text (trafilatura, checked and repaired), headline, dek, byline, embeds and bio."""

from __future__ import annotations

import pytest

from reader.core.article import analyze_page, page
from reader.core.article.dom import jsonld_objects, parse_document
from reader.core.models import Reading

PARAS = [
    "The Riverton City Council voted 6-3 on Tuesday to spend $2.4 million on new sidewalks along Route 9, "
    "ending a two-year fight over who should pay for the repairs.",
    "Council President Dana Ortiz said the vote was overdue. Residents along the corridor have asked for "
    "sidewalks since a pedestrian was killed there in 2022, according to city records.",
    "Opponents argued that the state should cover the cost because Route 9 is a state highway, and that the "
    "money would be better spent on the city's aging water mains.",
    "Construction is expected to begin in the spring and last about eight months, the public works director "
    "told the council. Some lanes will close during the work.",
    "The council also approved a contract for snow removal and delayed a vote on a proposed parking garage "
    "downtown until its next meeting in two weeks.",
]

PAGE = (
    "<!DOCTYPE html><html><head><title>Council funds Route 9 sidewalks | Riverton Ledger</title>"
    "<meta property='og:title' content='Council funds Route 9 sidewalks after two-year fight'>"
    "<meta name='description' content='A short description that the page also has.'>"
    "<meta name='author' content='Priya Natarajan'></head><body>"
    "<header><h1 class='logo'>Riverton Ledger</h1><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>"
    "<main><article><div class='kicker'>City Hall</div><h1>Council funds Route 9 sidewalks after two-year fight</h1>"
    "<p class='dek'>The $2.4 million plan passed 6-3 despite objections over who should pay.</p>"
    "<div class='byline'>By Priya Natarajan</div><div class='entry-content'>"
    + "".join(f"<p>{p}</p>" for p in PARAS[:3])
    + "<blockquote class='twitter-tweet'><p>Finally. Sidewalks on Route 9.</p>&mdash; Sam Okafor (@samokafor) "
    "<a href='https://twitter.com/samokafor/status/1854000000000000001?ref_src=twsrc'>March 4, 2025</a></blockquote>"
    "<script async src='https://platform.twitter.com/widgets.js'></script>"
    + "".join(f"<p>{p}</p>" for p in PARAS[3:])
    + "</div><div class='author-bio'><h4><a rel='author' href='/author/pn'>Priya Natarajan</a></h4>"
    "<p>Priya Natarajan covers city hall for the Riverton Ledger.</p></div>"
    "<div class='related-posts'><h3>Related</h3><ul><li><a href='/a'>Water mains are failing</a></li></ul></div>"
    "</article></main><footer><p>© 2025 Riverton Ledger. All rights reserved.</p></footer></body></html>"
)


@pytest.fixture(scope="module")
def reading() -> Reading:
    return analyze_page(PAGE, url="https://ledger.example/news/route-9")


def test_page_text_is_the_article(reading: Reading) -> None:
    text = reading.text
    for p in PARAS:
        assert p in text
    for junk in ("Riverton Ledger. All rights", "Home", "Water mains are failing", "City Hall"):
        assert junk not in text
    assert not text.startswith("Council funds")  # the headline is not repeated on top of the body
    assert "Finally. Sidewalks" not in text and "covers city hall" not in text


def test_page_panes_and_metadata(reading: Reading) -> None:
    r = reading
    assert r.title == "Council funds Route 9 sidewalks after two-year fight"
    assert r.subtitle == "The $2.4 million plan passed 6-3 despite objections over who should pay."
    assert r.author == "Priya Natarajan"
    assert [(x.platform, x.handle) for x in r.reactions] == [("x", "@samokafor")]
    assert r.reactions[0].url == "https://twitter.com/samokafor/status/1854000000000000001"
    assert r.author_bio is not None
    assert r.author_bio.text == "Priya Natarajan covers city hall for the Riverton Ledger."


def test_description_is_the_subtitle_only_when_it_is_not_the_opening() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    head = '<html><head><title>T</title><meta name="description" content="{}"></head><body><article>{}</article>'
    opening = analyze_page(head.format(PARAS[0], body) + "</body></html>")
    assert opening.subtitle is None
    distinct = analyze_page(head.format("Sidewalks are coming to the city's deadliest road.", body) + "</body></html>")
    assert distinct.subtitle == "Sidewalks are coming to the city's deadliest road."


def test_finish_drops_furniture_above_and_below() -> None:
    lines = [
        "City Hall",
        "# Council funds sidewalks",
        "March 4, 2025 at 5:00 p.m. EST",
        "By Priya Natarajan",
        "5 min read",
        PARAS[0],
        "Related: [Water mains are failing](https://ledger.example/a)",
        PARAS[1],
        "Read more: [Another story](https://ledger.example/b)",
        "*Follow us on Twitter and Facebook for more local news.*",
        "Sign up for our newsletter to get the day's top headlines in your inbox.",
        "- [A related story](https://ledger.example/c)",
        "- [Another related story](https://ledger.example/d)",
        "Comments",
    ]
    out = page.finish(lines, title="Council funds sidewalks", byline="Priya Natarajan")
    assert out == PARAS[0] + "\n\n" + PARAS[1]


def test_finish_keeps_prose_that_only_looks_like_furniture() -> None:
    prose = "Also on Tuesday, the council approved a snow removal contract worth $300,000 for next winter."
    out = page.finish([PARAS[0], prose, "___", PARAS[1]], title=None)
    assert prose in out and "___" in out  # AP's section break stays


def test_finish_cuts_a_run_of_other_stories_excerpts() -> None:
    teaser = "Another story on the site begins here and runs on for exactly twenty words before the site cuts it off …"
    out = page.finish([PARAS[0], PARAS[1], teaser, PARAS[2], teaser.replace("Another", "A third")], title=None)
    assert out == PARAS[0] + "\n\n" + PARAS[1]


def test_finish_resolves_and_sanitises_links() -> None:
    out = page.finish(
        ["See [the plan](/docs/plan.pdf), [this](javascript:alert(1)) and [that](https://x.org/y)."],
        title=None,
        url="https://ledger.example/news/story",
    )
    assert out == "See [the plan](https://ledger.example/docs/plan.pdf), this and [that](https://x.org/y)."


def test_dress_takes_formatting_from_the_twin_line_but_words_from_the_plain_run() -> None:
    plain = "Intro paragraph with a link.\nA line the formatted run lost."
    formatted = "Intro paragraph with [a link](https://x.org).\n\nSomething else entirely."
    assert page._dress(plain, formatted) == [
        "Intro paragraph with [a link](https://x.org).",
        "A line the formatted run lost.",
    ]


def test_expand_adds_sibling_chunks_but_not_what_trafilatura_left_out_on_purpose() -> None:
    chunk = "<div class='body-chunk'>{}</div><div class='ad-slot'>Ad</div>"
    root = parse_document(
        "<html><body><div class='story'>"
        + chunk.format(f"<p>{PARAS[0]}</p><p>Sign up for our daily newsletter to get stories like this one.</p>")
        + chunk.format(f"<p>{PARAS[1]}</p><p>{PARAS[2]}</p>")
        + chunk.format(f"<p>{PARAS[3]}</p>")
        + "</div><div class='teasers'><div class='card'><p>"
        + PARAS[4]
        + "</p></div></div></body></html>"
    )
    assert root is not None
    lines = page._expand(root, [PARAS[0]], None)
    assert lines == [PARAS[0], PARAS[1], PARAS[2], PARAS[3]]


def test_short_precise_result_falls_back_to_the_default_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    article = "\n".join(PARAS)

    def fake(root: object, url: object, *, markdown: bool, precise: bool, fast: bool) -> str:
        return "This copy is for your personal use only." if precise else article

    monkeypatch.setattr(page, "_trafilatura", fake)
    root = parse_document("<html><body><p>x</p></body></html>")
    assert root is not None
    assert page.extract_main_text(root) == "\n\n".join(PARAS)


def test_html2text_fallback_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page, "_trafilatura", lambda *a, **k: "")
    reading = analyze_page("<html><body><nav>Menu</nav><div><p>Only text.</p></div></body></html>")
    assert reading.text == "Only text."


def test_giant_trees_skip_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("trafilatura must not run on a 70,000-element tree")

    monkeypatch.setattr(page, "_trafilatura", refuse)
    reading = analyze_page("<html><body>" + "<div><span>w</span></div>" * 35_000 + "</body></html>")
    assert reading.text.count("w") == 35_000


def test_headline_prefers_the_h1_that_agrees_with_og_title() -> None:
    root = parse_document(PAGE)
    assert root is not None
    meta = page.page_meta(root, jsonld_objects(root))
    assert meta.title == "Council funds Route 9 sidewalks after two-year fight"
    assert meta.dek == "The $2.4 million plan passed 6-3 despite objections over who should pay."
    assert meta.description == "A short description that the page also has."


def test_subtitle_class_far_from_the_headline_is_not_the_dek() -> None:
    html = (
        "<html><body><h1>Storm closes schools across the county</h1>"
        + "<p>x</p>" * 80
        + "<div class='subtitle'>Most popular stories this week on the site</div></body></html>"
    )
    root = parse_document(html)
    assert root is not None
    assert page.page_meta(root, []).dek is None


def test_byline_sources() -> None:
    graph = (
        '{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","author":{"@id":"#p1"}},'
        '{"@type":"Person","@id":"#p1","name":"Owen Brandt"}]}'
    )
    root = parse_document(f"<html><head><script type='application/ld+json'>{graph}</script></head><body></body></html>")
    assert root is not None
    assert page.page_meta(root, jsonld_objects(root)).byline == "Owen Brandt"
    comment_form = (
        "<html><body><p>Text.</p><form><label class='comment-author'>Nama (wajib)</label></form>"
        "<meta name='author' content='admin'></body></html>"
    )
    root = parse_document(comment_form)
    assert root is not None
    assert page.page_meta(root, []).byline is None


def test_sample_pages_drop_appeals_and_newsletter_boxes() -> None:
    from pathlib import Path

    from reader.core.article import analyze_page

    pages = sorted((Path(__file__).resolve().parents[2] / "sample_feeds" / "pages").glob("*.html"))
    assert pages
    for path in pages:
        text = analyze_page(path.read_text(encoding="utf-8"), url=path.as_uri()).text.casefold()
        assert "support local journalism" not in text, path.name
        assert "newsletter" not in text, path.name
