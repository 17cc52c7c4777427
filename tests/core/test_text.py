"""HTML → Markdown: structure kept, chrome and boilerplate removed, nothing unsafe left."""

from __future__ import annotations

import pytest

from reader.core.article.text import html_to_markdown, is_boilerplate_paragraph, plain_text, tidy


def test_structure_is_kept_as_markdown() -> None:
    md = html_to_markdown(
        "<h2>Budget</h2><p>The council met <a href='https://example.org/agenda'>on Tuesday</a>.</p>"
        "<ul><li>Roads</li><li>Parks</li></ul><blockquote><p>We did our job.</p></blockquote>"
        "<ol><li>First</li><li>Second</li></ol><p><strong>Bold</strong> and <em>italic</em>.</p>"
    )
    assert "## Budget" in md
    assert "[on Tuesday](https://example.org/agenda)" in md
    assert "- Roads\n- Parks" in md.replace("  ", "")
    assert "> We did our job." in md
    assert "1. First" in md
    assert "**Bold**" in md and "_italic_" in md


def test_no_hard_wrapping_and_curly_quotes_survive() -> None:
    sentence = "“We will not back down,” said the mayor, " + "and then she kept talking " * 10 + "until noon."
    md = html_to_markdown(f"<p>{sentence}</p>")
    assert md == sentence


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
    md = html_to_markdown(f"<p>The story begins here.</p>{junk}<p>The story ends here.</p>")
    assert "SECRET" not in md
    assert "The story begins here." in md and "The story ends here." in md


def test_body_container_with_a_boilerplate_class_is_kept() -> None:
    # Some themes mark the body container itself, e.g. "entry-content has-share-buttons".
    body = "".join(f"<p>Paragraph {i} of the article, with enough words to count as prose.</p>" for i in range(6))
    md = html_to_markdown(f"<div class='entry-content has-share-buttons'>{body}</div><div class='share'>x</div>")
    assert md.count("Paragraph") == 6


def test_wordpress_feed_footer_is_dropped() -> None:
    md = html_to_markdown(
        "<p>Body text of the story.</p><p>The post <a href='https://x.org/a'>Council passes budget</a> "
        "appeared first on <a href='https://x.org'>Riverton Ledger</a>.</p>"
    )
    assert md == "Body text of the story."


def test_blank_lines_collapse_and_trailing_spaces_go() -> None:
    md = html_to_markdown("<p>One<br>two</p><p></p><p></p><div><p>Three</p></div>")
    assert "\n\n\n" not in md
    assert all(line == line.rstrip() for line in md.split("\n"))
    assert md.startswith("One\ntwo") and md.endswith("Three")


def test_links_are_resolved_and_unsafe_schemes_unwrapped() -> None:
    md = html_to_markdown(
        "<p><a href='/city/budget'>budget</a>, <a href='javascript:alert(1)'>click</a>, "
        "<a href='data:text/html,x'>data</a>, <a href='#top'>top</a></p>",
        base_url="https://ledger.example/news/story",
    )
    assert "[budget](https://ledger.example/city/budget)" in md
    assert "javascript" not in md and "data:" not in md
    assert "click" in md and "data" in md and "top" in md


def test_images_are_dropped_with_their_captions() -> None:
    md = html_to_markdown(
        "<p>Text.</p><figure><img src='a.jpg' alt='A photo'><figcaption>Photo by Jo Lee</figcaption></figure>"
        "<p><img src='b.jpg' alt='inline'>More text.</p>"
    )
    assert md == "Text.\n\nMore text."


def test_escape_sequences_from_entities_are_scrubbed() -> None:
    md = html_to_markdown("<p>Before &#x1b;[2J after &#x9b;31m &#x202e;reversed</p>")
    assert "\x1b" not in md and "\x9b" not in md and "\u202e" not in md
    assert md.startswith("Before")


def test_huge_trees_are_read_without_html2text() -> None:
    html = "<div><p>word</p></div>" * 15_000  # 45,000 elements: past the html2text budget
    md = html_to_markdown(html)
    assert md.count("word") == 15_000


def test_plain_text_and_boilerplate_paragraphs() -> None:
    assert plain_text("## A [link](https://x.org) and **bold**") == "A link and bold"
    assert is_boilerplate_paragraph("Share this:")
    assert is_boilerplate_paragraph("Related stories:")
    assert is_boilerplate_paragraph("Support local journalism: [donate today](https://x.org/donate).")
    assert not is_boilerplate_paragraph("Residents said they would support the plan if it cut travel times.")
    assert tidy("a  \n\n\n\nb\x07") == "a\n\nb"
