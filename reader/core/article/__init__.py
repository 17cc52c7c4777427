"""HTML or text → a Reading: clean Markdown text, quotes, reactions and the author's bio."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reader.core.models import AuthorBio, Quote, Reading
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


def _find_quotes_function() -> Callable[[str], list[Quote]] | None:
    """The quotes extractor on a Markdown body, when its module is installed and importable."""
    try:
        from reader.core.article.quotes import find_quotes
        from reader.core.article.text import plain_text
    except Exception:  # noqa: BLE001 - a missing or broken quotes module must not stop reading
        return None

    def find(markdown: str) -> list[Quote]:
        # the finder reads plain-text paragraphs; headings are not prose, and text without marks stays as it is
        blocks = [b for b in re.split(r"\n[ \t]*\n", markdown) if b.strip() and not b.lstrip().startswith("#")]
        return find_quotes([plain_text(b) if re.search(r"[\[*_`\\>]", b) else b for b in blocks])

    return find


def _quotes(text: str) -> tuple[Quote, ...]:
    find = _find_quotes_function()
    if find is None or not text:
        return ()
    try:
        found = find(text)
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


def _plain(html_or_text: str) -> str:
    from reader.core.article.text import html_to_markdown, plain_text

    if "<" in html_or_text or "&" in html_or_text:
        return plain_text(html_to_markdown(html_or_text))
    return plain_text(scrub(html_or_text))


def is_summary_only(content_html: str | None, summary_html: str | None) -> bool:
    """True when an item has no full text: no content (or a truncated one) and a short or truncated summary."""
    try:
        return _is_summary_only(content_html, summary_html)
    except Exception:  # noqa: BLE001 - unreadable content is no full text
        return True


def _words_only(html_or_text: str) -> str:
    """Cheap plain text for counting words and spotting a "…" ending (no Markdown conversion needed)."""
    return " ".join(scrub(strip_tags(html_or_text)).split())


def _is_summary_only(content_html: str | None, summary_html: str | None) -> bool:
    content = _words_only(content_html) if content_html and content_html.strip() else ""
    if content:
        return _TRUNCATED.search(content) is not None and len(content.split()) < 2 * _SUMMARY_WORDS
    summary = _words_only(summary_html) if summary_html and summary_html.strip() else ""
    if not summary:
        return True
    return len(summary.split()) < _SUMMARY_WORDS or _TRUNCATED.search(summary) is not None


def _is_opening(summary: str, body: str) -> bool:
    """Whether a summary only repeats the body (an excerpt), so that it is no subtitle."""
    s = _words(_TRUNCATED.sub("", summary))
    if not s:
        return True
    b = _words(body)
    if len(s) < 4:
        return " ".join(s) in " ".join(b)
    shingles = {tuple(s[i : i + 4]) for i in range(len(s) - 3)}
    body_shingles = {tuple(b[i : i + 4]) for i in range(len(b) - 3)}
    return len(shingles & body_shingles) >= 0.6 * len(shingles)


def _subtitle(summary: str | None, body: str) -> str | None:
    if not summary:
        return None
    summary = scrub(summary.strip())
    if not summary or len(summary) > _SUBTITLE_MAX_CHARS or _is_opening(summary, body):
        return None
    return summary


def _without_headline(text: str, title: str | None) -> str:
    """Drop the item's title when the content repeats it as its first paragraph (some feeds do)."""
    if not title or not text:
        return text
    first, _, rest = text.partition("\n\n")
    if len(first) < 400 and _words(first) == _words(title):
        return rest
    return text


def _safe_reading(text: str, **fields: Any) -> Reading:
    return Reading(text=scrub(text), **fields)


def analyze_item(
    content_html: str | None,
    summary_html: str | None,
    *,
    title: str | None = None,
    author: str | None = None,
    url: str | None = None,
) -> Reading:
    """A feed item → its reading. The description becomes the subtitle when it is a real dek."""
    try:
        return _analyze_item(content_html, summary_html, title=title, author=author, url=url)
    except Exception:  # noqa: BLE001 - the contract: hostile input gives a plain reading, never an error
        return _safe_reading(_last_resort(content_html or summary_html or ""))


def _analyze_item(
    content_html: str | None, summary_html: str | None, *, title: str | None, author: str | None, url: str | None
) -> Reading:
    from reader.core.article import dom
    from reader.core.article.bio import extract_bio
    from reader.core.article.reactions import extract_reactions
    from reader.core.article.text import clean_tree, fix_links, plain_text, tree_to_markdown

    has_content = bool(content_html and content_html.strip())
    source = content_html if has_content else summary_html
    if not source or not source.strip():
        return Reading(text="")
    if "<" not in source:
        # Some feeds put plain text in their items; its blank lines are its paragraphs.
        text = _without_headline(_text_body(_text_paragraphs(source)), title)
        return Reading(text=text, quotes=_quotes(text))
    root = dom.parse_document(source)
    if root is None:
        return _safe_reading(_last_resort(source))
    body = dom.body_of(root)
    reactions = extract_reactions(body)
    bio = extract_bio(body, byline=author, jsonld=[])
    clean_tree(body)
    fix_links(body, url)
    text = _without_headline(tree_to_markdown(body), title)
    subtitle = None
    if has_content and summary_html and summary_html.strip():
        subtitle = _subtitle(_plain(summary_html), plain_text(text))
    return Reading(
        text=text,
        subtitle=subtitle,
        quotes=_quotes(text),
        reactions=tuple(reactions),
        author_bio=bio,
    )


def analyze_page(html: str, *, url: str | None = None, author: str | None = None) -> Reading:
    """A whole web page → its reading: embeds and bio found on the raw page, then the main text."""
    try:
        return _analyze_page(html, url=url, author=author)
    except Exception:  # noqa: BLE001 - the contract: hostile input gives a plain reading, never an error
        return _safe_reading(_last_resort(html or ""))


def _analyze_page(html: str, *, url: str | None, author: str | None) -> Reading:
    from reader.core.article import dom
    from reader.core.article.bio import extract_bio
    from reader.core.article.page import extract_main_text, page_meta
    from reader.core.article.reactions import extract_reactions
    from reader.core.article.text import drop_boilerplate_boxes, plain_text

    root = dom.parse_document(html or "")
    if root is None:
        return _safe_reading(_last_resort(html or ""))
    jsonld = dom.jsonld_objects(root)
    meta = page_meta(root, jsonld)
    body = dom.body_of(root)
    reactions = extract_reactions(body)
    byline = author or meta.byline
    bio: AuthorBio | None = extract_bio(body, byline=byline, jsonld=jsonld)
    # Appeals and newsletter boxes sit inside many article containers, where trafilatura keeps them.
    drop_boilerplate_boxes(body, cautious=True)
    text = extract_main_text(root, url=url, title=meta.title, subtitle=meta.dek, byline=byline)
    plain = plain_text(text)
    subtitle = _subtitle(meta.dek, plain) or _subtitle(meta.description, plain)
    if subtitle and meta.title and _words(subtitle) == _words(meta.title):
        subtitle = None
    return Reading(
        text=text,
        subtitle=subtitle,
        quotes=_quotes(text),
        reactions=tuple(reactions),
        author_bio=bio,
        title=scrub(meta.title) if meta.title else None,
        author=scrub(byline) if byline else None,
    )


def _looks_like_page(html: str) -> bool:
    head = html[:5000]
    if _PAGE_MARKERS.search(head):
        return True
    return len(html) > 20_000 and len(_CHROME_MARKERS.findall(html[:200_000])) >= 2


def analyze_html(html: str, *, url: str | None = None, author: str | None = None, byline: str | None = None) -> Reading:
    """Any HTML: a full page goes through page extraction, a fragment is read like a feed item.

    author is the byline known from elsewhere (the feed); byline is the same thing under the name the
    gold-set scorer passes it as.
    """
    author = author or byline
    if not html or not html.strip():
        return Reading(text="")
    if _looks_like_page(html):
        return analyze_page(html, url=url, author=author)
    return analyze_item(html, None, url=url, author=author)


_HEADLINE_MAX_WORDS = 20


def _text_paragraphs(text: str) -> list[str]:
    text = scrub(text or "")
    return [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def _text_body(paragraphs: list[str]) -> str:
    return "\n\n".join(re.sub(r"[ \t]+$", "", p, flags=re.M) for p in paragraphs)


def analyze_text(text: str) -> Reading:
    """Plain text → a reading; a short first paragraph without a final period is taken as the headline."""
    try:
        paragraphs = _text_paragraphs(text)
        title = None
        if len(paragraphs) > 1:
            first = paragraphs[0]
            if (
                "\n" not in first
                and len(first.split()) <= _HEADLINE_MAX_WORDS
                and not first.endswith((".", ":", ";", ","))
            ):
                title = first.lstrip("# ").strip() or None
                paragraphs = paragraphs[1:]
        body = _text_body(paragraphs)
        return Reading(text=body, quotes=_quotes(body), title=title)
    except Exception:  # noqa: BLE001 - the contract: hostile input gives a plain reading, never an error
        return Reading(text=_last_resort(text or ""))


def _last_resort(source: str) -> str:
    """The words of something we could not parse, tags stripped: better than nothing, never markup."""
    text = re.sub(r"<[^>]{0,2000}>", " ", source[:2_000_000])
    return scrub(re.sub(r"[ \t]+", " ", text)).strip()
