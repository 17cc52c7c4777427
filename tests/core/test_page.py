"""Full web pages: main text (trafilatura, checked and repaired), headline, dek, byline, embeds and bio."""

from __future__ import annotations

import re

import pytest

from reader.core.article import analyze_page, page
from reader.core.article.document import Block, Document, Inline
from reader.core.article.dom import parse_document
from reader.core.article.furniture import Context, finish
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


def _doc(*texts: str, heading_first: bool = False) -> Document:
    """Blocks for tests: "# x" a heading, "- x" a list item, "[x](u)" a paragraph that is only a link."""
    blocks = []
    for t in texts:
        if t.startswith("# "):
            blocks.append(Block("heading", (Inline(t[2:]),), level=2))
        elif t.startswith("- "):
            blocks.append(Block("item", _inlines(t[2:])))
        else:
            blocks.append(Block("paragraph", _inlines(t)))
    return Document(tuple(blocks))


def _inlines(text: str) -> tuple[Inline, ...]:
    m = re.fullmatch(r"(.*?)\[(.+)\]\((\S+)\)(.*)", text)
    if not m:
        return (Inline(text),)
    head, label, href, tail = m.groups()
    return tuple(i for i in (Inline(head), Inline(label, href=href), Inline(tail)) if i.text)


def test_finish_drops_furniture_above_and_below() -> None:
    doc = _doc(
        "City Hall",
        "# Council funds sidewalks",
        "March 4, 2025 at 5:00 p.m. EST",
        "By Priya Natarajan",
        "5 min read",
        "Skip to content",
        "Photo: Ana Ruiz/Riverton Ledger",
        PARAS[0],
        "Related: [Water mains are failing](https://ledger.example/a)",
        PARAS[1],
        "Read more: [Another story](https://ledger.example/b)",
        "Follow us on Twitter and Facebook for more local news.",
        "Sign up for our newsletter to get the day's top headlines in your inbox.",
        "- [A related story](https://ledger.example/c)",
        "- [Another related story](https://ledger.example/d)",
        "Comments",
    )
    context = Context(title="Council funds sidewalks", authors=("Priya Natarajan",))
    assert finish(doc, context).plain() == PARAS[0] + "\n\n" + PARAS[1]


def test_finish_keeps_prose_that_only_looks_like_furniture() -> None:
    prose = "Also on Tuesday, the council approved a snow removal contract worth $300,000 for next winter."
    out = finish(_doc(PARAS[0], prose, "___", PARAS[1]), Context()).plain()
    assert prose in out and "___" in out  # AP's section break stays


def test_finish_cuts_a_run_of_other_stories_excerpts() -> None:
    teaser = "Another story on the site begins here and runs on for exactly twenty words before the site cuts it off …"
    doc = _doc(PARAS[0], PARAS[1], teaser, PARAS[2], teaser.replace("Another", "A third"))
    assert finish(doc, Context()).plain() == PARAS[0] + "\n\n" + PARAS[1]


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
    blocks = page._expand(root, list(_doc(PARAS[0]).blocks), None)
    assert [b.text for b in blocks] == [PARAS[0], PARAS[1], PARAS[2], PARAS[3]]


def test_a_lost_opening_paragraph_is_put_back_but_not_a_pull_quote_or_a_banner() -> None:
    html = (
        "<html><body><p>We use cookies to improve your experience on this site, as our policy explains.</p>"
        "<article><h1>Council funds sidewalks</h1><p class='dek'>The plan passed 6-3 after two years.</p>"
        "<div class='pull'><p>“We waited for the state, and the state did not come,” the council president said.</p></div>"
        f"<div class='story'><div class='lede'><p>{PARAS[0]}</p></div><div class='rest'>"
        + "".join(f"<p>{p}</p>" for p in PARAS[1:])
        + "</div></div></article></body></html>"
    )
    root = parse_document(html)
    assert root is not None
    h1 = root.find(".//h1")
    blocks = page._opening(root, list(_doc(*PARAS[1:]).blocks), None, Context(headline_element=h1))
    assert [b.text for b in blocks] == PARAS


def test_short_precise_result_falls_back_to_the_default_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(root: object, url: object, *, precise: bool, fast: bool) -> Document:
        return _doc("This copy is for your personal use only.") if precise else _doc(*PARAS)

    monkeypatch.setattr(page, "_trafilatura", fake)
    root = parse_document("<html><body><p>x</p></body></html>")
    assert root is not None
    assert page.extract_body(root).plain() == "\n\n".join(PARAS)


def test_fallback_reads_the_whole_body_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page, "_trafilatura", lambda *a, **k: Document())
    reading = analyze_page("<html><body><nav>Menu</nav><div><p>Only text.</p></div></body></html>")
    assert reading.text == "Only text."


def test_giant_trees_skip_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> Document:
        raise AssertionError("trafilatura must not run on a 70,000-element tree")

    monkeypatch.setattr(page, "_trafilatura", refuse)
    reading = analyze_page("<html><body>" + "<div><span>w</span></div>" * 35_000 + "</body></html>")
    assert reading.plain.count("w") == 35_000


def test_sample_pages_drop_appeals_and_newsletter_boxes() -> None:
    from pathlib import Path

    from reader.core.article import analyze_page

    pages = sorted((Path(__file__).resolve().parents[2] / "sample_feeds" / "pages").glob("*.html"))
    assert pages
    for path in pages:
        text = analyze_page(path.read_text(encoding="utf-8"), url=path.as_uri()).text.casefold()
        assert "support local journalism" not in text, path.name
        assert "newsletter" not in text, path.name


def test_a_page_from_another_cms_reads_as_its_reader_sees_it() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "sample_feeds" / "pages" / "northgate-ferry-vote.html"
    r = analyze_page(path.read_text(encoding="utf-8"), url="https://northgatebulletin.example/news/2026/11/ferry")
    assert r.title == "Ferry to Gull Point will run all winter after 3-2 vote"  # the h1, not the social og:title
    assert r.authors == ("Ines Alvarado", "Theo Marsh")  # people, not the paper that meta author names
    assert r.published == "2026-11-12"  # only shown in words
    assert r.subtitle is not None and r.subtitle.startswith("Island residents had warned")
    assert r.plain.startswith("NORTHGATE — The ferry to Gull Point will keep running")  # no skip link, caption
    assert "214 shares" not in r.plain and "Most read" not in r.plain and "Filed under" not in r.plain
    assert [x.url for x in r.reactions] == ["https://twitter.com/i/status/1856600000000000042"]
    assert r.image is not None and r.image.credit == "Photo: Priya Natarajan/The Northgate Bulletin"
    assert [(q.speaker, q.role) for q in r.quotes][:2] == [
        ("Ruth Okafor", "Commissioner"),
        ("Martin Vega", "Commission Chair"),
    ]
