"""HTML → the document model: blocks with structure kept, chrome and boilerplate removed, Markdown rendered
from the blocks for display and plain text with no Markdown syntax for everything else."""

from __future__ import annotations

import pytest

from reader.core.article.boilerplate import is_boilerplate_paragraph
from reader.core.article.document import Document, escape, from_text, paragraph
from reader.core.article.markup import html_to_document


def kinds(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


def test_structure_becomes_blocks_and_markdown() -> None:
    doc = html_to_document(
        "<h2>Budget</h2><p>The council met <a href='https://example.org/agenda'>on Tuesday</a>.</p>"
        "<ul><li>Roads</li><li>Parks<ul><li>Skate park</li></ul></li></ul><blockquote><p>We did our job.</p></blockquote>"
        "<ol start='3'><li>Third</li><li>Fourth</li></ol><p><strong>Bold</strong> and <em>italic</em>.</p>"
    )
    assert kinds(doc)[:4] == [
        ("heading", "Budget"),
        ("paragraph", "The council met on Tuesday."),
        ("item", "Roads"),
        ("item", "Parks"),
    ]
    assert [b.level for b in doc.blocks if b.kind == "item"][:3] == [0, 0, 1]
    md = doc.markdown()
    assert "## Budget" in md
    assert "[on Tuesday](https://example.org/agenda)" in md
    assert "- Roads\n- Parks\n  - Skate park" in md
    assert "> We did our job." in md
    assert "3. Third\n4. Fourth" in md
    assert "**Bold** and _italic_." in md


def test_plain_text_has_no_markdown_syntax_or_escapes() -> None:
    doc = html_to_document(
        "<p>Rates rose [sic] 5* and C_O_2 fell; see <a href='https://x.org'>the report</a>.</p>"
        "<p># of votes: 12</p><p>1998. A good year.</p><p><em>Emphasis</em> stays words.</p>"
    )
    plain = doc.plain()
    assert plain == (
        "Rates rose [sic] 5* and C_O_2 fell; see the report.\n\n# of votes: 12\n\n1998. A good year.\n\n"
        "Emphasis stays words."
    )
    assert "\\" not in plain
    md = doc.markdown()
    assert "[sic]" in md, "a bracket that can make no link is left alone"
    assert "5\\*" in md and "C_O_2" in md, "only what Markdown would read as syntax is escaped"
    assert "\\# of votes" in md and "1998\\. A good year." in md


@pytest.mark.parametrize("text", ["[a](b)", "*x*", "_x_", "`x`", "<b>", "# h", "> q", "- i", "1. n", "a\\b"])
def test_escaped_text_shows_exactly_itself(text: str) -> None:
    import html

    from markdown_it import MarkdownIt

    markdown = Document((paragraph(text),)).markdown()
    rendered = MarkdownIt("commonmark").render(markdown).strip()
    assert html.unescape(rendered.removeprefix("<p>").removesuffix("</p>")) == text
    assert escape("plain words, no syntax") == "plain words, no syntax"


def test_no_hard_wrapping_and_curly_quotes_survive() -> None:
    sentence = "“We will not back down,” said the mayor, " + "and then she kept talking " * 10 + "until noon."
    assert html_to_document(f"<p>{sentence}</p>").plain() == sentence


@pytest.mark.parametrize(
    "junk",
    [
        "<script>var x = 'SECRET';</script>",
        "<style>.a{color:red} SECRET</style>",
        "<iframe src='https://ads.example.com'>SECRET</iframe>",
        "<form><label>SECRET</label><input name=q><button>Go</button></form>",
        "<noscript>SECRET</noscript>",
        "<div class='sharedaddy sd-sharing-enabled'><h3>Share this:</h3><a href='#'>SECRET Facebook</a></div>",
        "<div class='social-share'><a href='https://twitter.com/share'>SECRET Tweet</a></div>",
        "<div class='newsletter-signup'><p>SECRET Get our daily newsletter in your inbox.</p></div>",
        "<div class='donate-box'><p>SECRET We rely on readers like you. Donate today.</p></div>",
        "<div id='jp-relatedposts' class='jp-relatedposts'><h3>Related</h3><p>SECRET Another story</p></div>",
        "<section class='comments-area'><p>SECRET First!</p></section>",
        "<div class='subscribe-cta'><p>SECRET Subscribe for $1</p></div>",
        "<div class='promo-unit'><p>SECRET Promoted</p></div>",
        "<div class='ad-slot ad-300x250'>SECRET Advertisement</div>",
        "<figure class='wp-block-pullquote'><blockquote><p>SECRET pulled quote</p></blockquote></figure>",
    ],
)
def test_chrome_and_boilerplate_are_removed(junk: str) -> None:
    doc = html_to_document(f"<p>The story begins here.</p>{junk}<p>The story ends here.</p>")
    for text in (doc.markdown(), doc.plain(), " ".join(doc.prose())):
        assert "SECRET" not in text
        assert "The story begins here." in text and "The story ends here." in text


def test_body_container_with_a_boilerplate_class_is_kept() -> None:
    # Some themes mark the body container itself, e.g. "entry-content has-share-buttons".
    body = "".join(f"<p>Paragraph {i} of the article, with enough words to count as prose.</p>" for i in range(6))
    doc = html_to_document(f"<div class='entry-content has-share-buttons'>{body}</div><div class='share'>x</div>")
    assert doc.plain().count("Paragraph") == 6


def test_line_breaks_and_double_breaks() -> None:
    doc = html_to_document("<p>One<br>two</p><p></p><div>Three<br><br>Four</div>")
    assert kinds(doc) == [("paragraph", "One\ntwo"), ("paragraph", "Three"), ("paragraph", "Four")]
    assert doc.plain() == "One\ntwo\n\nThree\n\nFour"


def test_links_are_resolved_and_unsafe_schemes_unwrapped() -> None:
    doc = html_to_document(
        "<p><a href='/city/budget'>budget</a>, <a href='javascript:alert(1)'>click</a>, "
        "<a href='data:text/html,x'>data</a>, <a href='#top'>top</a></p>",
        base_url="https://ledger.example/news/story",
    )
    md = doc.markdown()
    assert "[budget](https://ledger.example/city/budget)" in md
    assert "javascript" not in md and "data:" not in md
    assert doc.plain() == "budget, click, data, top"


def test_figures_become_figure_blocks_out_of_the_text() -> None:
    doc = html_to_document(
        "<p>Text.</p><figure><img src='/a.jpg' alt='A photo'><figcaption>The new bridge at dawn. "
        "(Photo: Jo Lee/The Ledger)</figcaption></figure><p><img src='b.jpg' alt='inline'>More text.</p>",
        base_url="https://ledger.example/news/story",
    )
    assert doc.markdown() == "Text.\n\nMore text."
    assert doc.plain() == "Text.\n\nMore text."
    figure = next(b for b in doc.blocks if b.kind == "figure")
    assert figure.src == "https://ledger.example/a.jpg"
    assert figure.text == "The new bridge at dawn."
    assert figure.credit == "Photo: Jo Lee/The Ledger"


def test_data_tables_and_layout_tables() -> None:
    data = html_to_document("<table><tr><th>Ward</th><th>Votes</th></tr><tr><td>1</td><td>412</td></tr></table>")
    assert data.blocks[0].kind == "table"
    assert data.markdown() == "| Ward | Votes |\n|---|---|\n| 1 | 412 |"
    layout = html_to_document("<table><tr><td><p>First paragraph.</p><p>Second paragraph.</p></td></tr></table>")
    assert kinds(layout) == [("paragraph", "First paragraph."), ("paragraph", "Second paragraph.")]


def test_escape_sequences_from_entities_are_scrubbed() -> None:
    doc = html_to_document("<p>Before &#x1b;[2J after &#x9b;31m &#x202e;reversed</p>")
    for text in (doc.markdown(), doc.plain()):
        assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
        assert text.startswith("Before")


def test_huge_and_deep_trees_are_walked_without_recursion() -> None:
    wide = html_to_document("<div><p>word</p></div>" * 15_000)
    assert wide.plain().count("word") == 15_000
    deep = html_to_document("<div>" * 200 + "<p>deep words</p>" + "</div>" * 200)
    assert deep.plain() == "deep words"
    # libxml2 stops nesting at 256 levels; deeper is read as far as it parses, without error.
    assert isinstance(html_to_document("<div>" * 50_000 + "x" + "</div>" * 50_000), Document)


def test_plain_text_paragraphs() -> None:
    doc = from_text("First line\nsame paragraph\n\n\n  Second paragraph  \n")
    assert kinds(doc) == [("paragraph", "First line\nsame paragraph"), ("paragraph", "Second paragraph")]


def test_boilerplate_paragraphs() -> None:
    assert is_boilerplate_paragraph("Share this:")
    assert is_boilerplate_paragraph("Related stories:")
    assert is_boilerplate_paragraph("Support local journalism: donate today.", linked=True)
    assert not is_boilerplate_paragraph("Support local journalism: donate today.", linked=False)
    assert not is_boilerplate_paragraph("Residents said they would support the plan if it cut travel times.")
