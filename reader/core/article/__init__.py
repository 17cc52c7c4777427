"""HTML or text → a Reading: the article as a document of blocks, its Markdown and plain text, its quotes,
reactions and author bio, and what the page says about itself (headline, authors, dek, dates, lead image)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from reader.core.models import LeadImage, Quote, Reading
from reader.core.safe import scrub, strip_tags

__all__ = ["analyze_html", "analyze_item", "analyze_page", "analyze_text", "is_summary_only"]

_SUMMARY_WORDS = 80
_SUBTITLE_MAX_CHARS = 600
_TRUNCATED = re.compile(
    r"(?:…|\.\.\.|\[(?:…|\.\.\.)\]|\bread more|\bcontinue reading|\bkeep reading|\bread the (?:full|rest)\b.*)"
    r"\W{0,4}$",
    re.I,
)
_WORD = re.compile(r"\w+")
_PAGE_MARKERS = re.compile(r"<(?:html|body|head)[\s>/]", re.I)
_CHROME_MARKERS = re.compile(r"<(?:nav|header|footer|aside)[\s>]", re.I)


def _quotes(paragraphs: list[str]) -> tuple[Quote, ...]:
    if not paragraphs:
        return ()
    try:
        from reader.core.article.quotes import find_quotes

        found = find_quotes(paragraphs)
    except Exception:  # noqa: BLE001 - hostile text must give a reading without quotes, not an error
        return ()
    return tuple(
        Quote(
            text=scrub(q.text), speaker=scrub(q.speaker) if q.speaker else None, role=scrub(q.role) if q.role else None
        )
        for q in found
    )


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def is_summary_only(content_html: str | None, summary_html: str | None) -> bool:
    """True when an item has no full text: no content (or a truncated one) and a short or truncated summary."""
    try:
        return _is_summary_only(content_html, summary_html)
    except Exception:  # noqa: BLE001 - unreadable content is no full text
        return True


def _words_only(html_or_text: str) -> str:
    """Cheap plain text for counting words and spotting a "…" ending (no document needed)."""
    return " ".join(scrub(strip_tags(html_or_text)).split())


def _is_summary_only(content_html: str | None, summary_html: str | None) -> bool:
    content = _words_only(content_html) if content_html and content_html.strip() else ""
    if content:
        return _TRUNCATED.search(content) is not None and len(content.split()) < 2 * _SUMMARY_WORDS
    summary = _words_only(summary_html) if summary_html and summary_html.strip() else ""
    if not summary:
        return True
    return len(summary.split()) < _SUMMARY_WORDS or _TRUNCATED.search(summary) is not None


def _is_opening(summary: str, opening: str) -> bool:
    """Whether a summary only repeats the body's opening (an excerpt), so that it is no dek."""
    s = _words(_TRUNCATED.sub("", summary))
    if not s:
        return True
    b = _words(opening)
    if len(s) < 4:
        return " ".join(s) in " ".join(b)
    shingles = {tuple(s[i : i + 4]) for i in range(len(s) - 3)}
    body_shingles = {tuple(b[i : i + 4]) for i in range(len(b) - 3)}
    return len(shingles & body_shingles) >= 0.6 * len(shingles)


def _subtitle(summary: str | None, opening: str, title: str | None = None) -> str | None:
    """A dek, unless it is empty, too long, the headline again, or only the body's first lines."""
    if not summary:
        return None
    summary = scrub(" ".join(summary.split()))
    if not summary or len(summary) > _SUBTITLE_MAX_CHARS or _is_opening(summary, opening):
        return None
    if title and _words(summary) == _words(title):
        return None
    return summary


def _opening_text(prose: list[str]) -> str:
    """The body's first paragraphs, where an excerpt-style description comes from."""
    return " ".join(prose[:3])


def _reading(document: Any, **fields: Any) -> Reading:
    """The Reading of a document: Markdown and plain text rendered from its blocks, quotes found in them."""
    prose = document.prose()
    return Reading(
        text=scrub(document.markdown()),
        plain=scrub(document.plain()),
        quotes=_quotes(prose),
        **fields,
    )


def _without_headline(document: Any, title: str | None) -> Any:
    """Drop the item's title when the content repeats it as its first block (some feeds do)."""
    from reader.core.article.document import Document

    blocks = document.blocks
    if title and blocks and len(blocks[0].text) < 400 and _words(blocks[0].text) == _words(title):
        return Document(blocks[1:])
    return document


def analyze_item(
    content_html: str | None,
    summary_html: str | None,
    *,
    title: str | None = None,
    author: str | None = None,
    url: str | None = None,
    published: str | None = None,
) -> Reading:
    """A feed item → its reading. The description becomes the dek when it is more than an excerpt."""
    try:
        return _analyze_item(content_html, summary_html, title=title, author=author, url=url, published=published)
    except Exception:  # noqa: BLE001 - the contract: hostile input gives a plain reading, never an error
        text = _last_resort(content_html or summary_html or "")
        return Reading(text=text, plain=text)


def _feed_authors(author: str | None) -> tuple[str, ...]:
    from reader.core.article.authors import read_byline

    if not author:
        return ()
    return tuple(read_byline(author)) or (scrub(" ".join(author.split())),)


def _analyze_item(
    content_html: str | None,
    summary_html: str | None,
    *,
    title: str | None,
    author: str | None,
    url: str | None,
    published: str | None,
) -> Reading:
    from reader.core.article import dom
    from reader.core.article.bio import find_bio
    from reader.core.article.boilerplate import clean_tree
    from reader.core.article.document import Document, from_text
    from reader.core.article.furniture import Context, finish
    from reader.core.article.markup import to_document
    from reader.core.article.reactions import extract_reactions

    has_content = bool(content_html and content_html.strip())
    source = content_html if has_content else summary_html
    authors = _feed_authors(author)
    if not source or not source.strip():
        return Reading(text="", authors=authors, published=published)
    if "<" not in source:
        # Some feeds put plain text in their items; its blank lines are its paragraphs.
        document = _without_headline(from_text(scrub(source)), title)
        return _reading(document, authors=authors, published=published)
    root = dom.parse_document(source)
    if root is None:
        text = _last_resort(source)
        return Reading(text=text, plain=text, authors=authors, published=published)
    body = dom.body_of(root)
    reactions = extract_reactions(body, mark=True)

    def build() -> Document:
        clean_tree(body)
        document = to_document(body, base_url=url, embeds=reactions)
        return finish(document, Context(title=title, authors=authors, fuzzy_headline=False))

    bio, document = find_bio(body, build, byline=author, jsonld=[])
    prose = document.prose()
    subtitle = None
    if has_content and summary_html and summary_html.strip():
        subtitle = _subtitle(_words_only(summary_html), _opening_text(prose), title)
    return _reading(
        document,
        subtitle=subtitle,
        reactions=tuple(reactions),
        author_bio=bio,
        authors=authors,
        published=published,
        image=_first_figure(document, url),
    )


def _first_figure(document: Any, url: str | None) -> LeadImage | None:
    for block in document.blocks:
        if block.kind == "figure" and block.src:
            return LeadImage(url=block.src, caption=block.text or None, credit=block.credit)
    return None


def analyze_page(
    html: str,
    *,
    url: str | None = None,
    author: str | None = None,
    title: str | None = None,
    published: str | None = None,
) -> Reading:
    """A whole web page → its reading. The page's own metadata comes first; what the feed said (author,
    title, published) fills what the page leaves out."""
    try:
        reading = _analyze_page(html, url=url)
    except Exception:  # noqa: BLE001 - the contract: hostile input gives a plain reading, never an error
        text = _last_resort(html or "")
        reading = Reading(text=text, plain=text)
    return replace(
        reading,
        title=reading.title or (scrub(title) if title else None),
        authors=reading.authors or _feed_authors(author),
        published=reading.published or published,
    )


def _analyze_page(html: str, *, url: str | None) -> Reading:
    from reader.core.article import dom
    from reader.core.article.bio import find_bio
    from reader.core.article.boilerplate import drop_boilerplate_boxes
    from reader.core.article.document import Document
    from reader.core.article.furniture import Context
    from reader.core.article.metadata import read_meta
    from reader.core.article.page import extract_body
    from reader.core.article.reactions import extract_reactions

    root = dom.parse_document(html or "")
    if root is None:
        text = _last_resort(html or "")
        return Reading(text=text, plain=text)
    jsonld = dom.jsonld_objects(root)
    meta = read_meta(root, jsonld, url=url)
    body = dom.body_of(root)
    reactions = extract_reactions(body)
    context = Context(
        title=meta.title,
        dek=meta.dek,
        description=meta.description,
        authors=meta.authors,
        headline_element=meta.headline_element,
        other_headlines=meta.headlines,
    )

    def build() -> Document:
        # Appeals and newsletter boxes sit inside many article containers, where trafilatura keeps them.
        drop_boilerplate_boxes(body, cautious=True)
        return extract_body(root, url=url, context=context)

    bio, document = find_bio(body, build, byline=meta.byline, jsonld=jsonld)
    opening = _opening_text(document.prose())
    subtitle = _subtitle(meta.dek, opening, meta.title) or _subtitle(meta.description, opening, meta.title)
    return _reading(
        document,
        subtitle=subtitle,
        reactions=tuple(reactions),
        author_bio=bio,
        title=scrub(meta.title) if meta.title else None,
        authors=tuple(scrub(a) for a in meta.authors),
        published=meta.published,
        updated=meta.updated,
        image=meta.image or _first_figure(document, url),
        site_name=scrub(meta.site_name) if meta.site_name else None,
    )


def _looks_like_page(html: str) -> bool:
    head = html[:5000]
    if _PAGE_MARKERS.search(head):
        return True
    return len(html) > 20_000 and len(_CHROME_MARKERS.findall(html[:200_000])) >= 2


def analyze_html(html: str, *, url: str | None = None, author: str | None = None) -> Reading:
    """Any HTML: a full page goes through page extraction, a fragment is read like a feed item."""
    if not html or not html.strip():
        return Reading(text="")
    if _looks_like_page(html):
        return analyze_page(html, url=url, author=author)
    return analyze_item(html, None, url=url, author=author)


_HEADLINE_MAX_WORDS = 20


def analyze_text(text: str) -> Reading:
    """Plain text → a reading; a short first paragraph that is no sentence (no final stop, or in Title Case) is
    taken as the headline."""
    from reader.core.article.document import Document, from_text, looks_like_heading

    try:
        document = from_text(scrub(text or ""))
        title = None
        blocks = document.blocks
        if len(blocks) > 1:
            first = blocks[0].text
            if (
                "\n" not in first
                and len(first.split()) <= _HEADLINE_MAX_WORDS
                and (not first.endswith((".", ":", ";", ",")) or _title_case(first) or looks_like_heading(first))
            ):
                title = first.lstrip("# ").strip() or None
                document = Document(blocks[1:])
        return _reading(document, title=title)
    except Exception:  # noqa: BLE001 - the contract: hostile input gives a plain reading, never an error
        plain = _last_resort(text or "")
        return Reading(text=plain, plain=plain)


def _title_case(line: str) -> bool:
    """Headline style: every word of four letters or more capitalised ("Obama Sees Insult if Voters Stay Home.")."""
    long_words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", line) if len(w) >= 4]
    return len(long_words) >= 3 and all(w[0].isupper() for w in long_words)


def _last_resort(source: str) -> str:
    """The words of something we could not parse, tags stripped: better than nothing, never markup."""
    text = re.sub(r"<[^>]{0,2000}>", " ", source[:2_000_000])
    return scrub(re.sub(r"[ \t]+", " ", text)).strip()
