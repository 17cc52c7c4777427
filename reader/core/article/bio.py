"""The author's bio: from an author box, a trailing italic paragraph, or the page's JSON-LD."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml.html import HtmlElement

from reader.core.article import dom
from reader.core.article.document import Document
from reader.core.models import AuthorBio
from reader.core.safe import scrub

# Class/id tokens of author boxes (WordPress themes, Newspack, Jetpack, Yoast, common news themes).
_BOX_CLASSES = frozenset(
    {
        "author-bio",
        "author-info",
        "author-box",
        "about-author",
        "about-the-author",
        "author-bio-box",
        "author-card",
        "author-details",
        "author-profile",
        "author-description",
        "post-author-bio",
        "entry-author",
        "saboxplugin-wrap",
        "molongui-author-box",
        "pp-multiple-authors-boxes-wrapper",
        "wp-block-post-author",
        "wp-block-post-author-biography",
    }
)
_BOX_PARTS = ("author-bio", "author-box", "about-author", "about-the-author", "authorbox", "author-info")
# Links inside author boxes that are navigation, not biography.
_NAV_LINK = re.compile(
    r"^(?:view|see|read|more|all)\b.*\b(?:posts?|stories|articles|by)\b|^(?:more|stories|articles) by\b"
    r"|^follow\b|^(?:e-?mail|twitter|x|facebook|instagram|linkedin|bluesky|threads|website|rss)$",
    re.I,
)
_NAME_PREFIX = re.compile(
    r"^(?:about(?: the)? author|about|author|written by|posted by|published by|by|more from)\s*:?\s*",
    re.I,
)
# Notes that sit where bios sit but describe the story, not the writer.
_NOT_BIO = re.compile(
    r"^(?:this (?:story|article|piece|report|post|column|essay)|(?:editor|editors|editor’s|editor's)['’]?s? note"
    r"|correction|clarification|update[ds]?\b|an earlier version|originally published|republished|first published"
    r"|this (?:was|is) (?:originally|first)|copyright|©|contact\b|reach\b|email\b|got a tip|have a tip"
    r"|related|read more|support)",
    re.I,
)
_NOT_BIO_ANYWHERE = re.compile(
    r"originally (?:published|appeared)|first (?:appeared|published)|republished|creative commons"
    r"|is published by|was produced by|in partnership with|reprinted (?:with|by)",
    re.I,
)
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|de|van|von|da|del|la|le|bin|al)"
_NAME_THEN_VERB = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{1,4}})"
    r",? (?:is|was|has|covers|reports|writes|edits|serves|joined|teaches|lives|leads|directs|works"
    r"|are|have)\b"
)
_BIO_VERB = re.compile(r"\b(?:is|was|covers|reports|writes|has|joined|edits|lives)\b")
_BYLINE_SPLIT = re.compile(r"\s*(?:,|\band\b|&|\|)\s*")


def _s(text: str) -> str:
    return scrub(dom.norm_space(text))


def _byline_names(byline: str | None) -> list[str]:
    if not byline:
        return []
    text = re.sub(r"^\s*by\s+", "", byline, flags=re.I)
    return [n.strip() for n in _BYLINE_SPLIT.split(text) if len(n.strip()) > 2]


def _is_box(el: HtmlElement) -> bool:
    tokens = dom.class_id(el).split()
    if any(t in _BOX_CLASSES for t in tokens):
        return True
    return any(part in t for t in tokens for part in _BOX_PARTS)


def _box_name(box: HtmlElement) -> str | None:
    for a in dom.iter_elements(box, "a"):
        if "author" in (a.get("rel") or "").lower().split() or "author" in (a.get("class") or "").lower():
            text = dom.text_of(a)
            m = re.match(r"^(?:view|see|more|all)\b.*?\bby\s+(.+)$", text, re.I)
            if m:
                return m.group(1).strip()
            if text and not _NAV_LINK.match(text) and len(text) < 80:
                return _NAME_PREFIX.sub("", text)
    for el in dom.iter_elements(box, "h2", "h3", "h4", "h5", "h6", "strong", "b", "span", "div", "a"):
        cls = dom.class_id(el)
        if el.tag in ("span", "div", "a") and not re.search(r"name|title|heading", cls):
            continue
        text = _NAME_PREFIX.sub("", dom.text_of(el))
        if text and len(text) < 60 and not text.endswith(".") and text[0].isupper():
            return text
    return None


def _box_text(box: HtmlElement, name: str | None) -> str:
    """The prose of an author box: its paragraphs, without the name heading and the navigation links."""
    paragraphs = [p for p in dom.iter_elements(box, "p") if dom.text_of(p)]
    if not paragraphs:
        # Some themes put the bio straight in a div; take the box's text minus headings and links.
        pieces: list[str] = []
        for el in dom.iter_elements(box):
            if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "figure"):
                continue
            for chunk in (el.text, *[c.tail for c in el]):
                if chunk and chunk.strip():
                    pieces.append(chunk.strip())
        text = dom.norm_space(" ".join(pieces))
    else:
        parts = []
        for p in paragraphs:
            t = dom.text_of(p)
            if _NAV_LINK.match(t) or (name and t == name):
                continue
            parts.append(t)
        text = dom.norm_space(" ".join(parts))
    for a in dom.iter_elements(box, "a"):
        link_text = dom.text_of(a)
        if link_text and _NAV_LINK.match(link_text) and text.endswith(link_text):
            text = text[: -len(link_text)].rstrip(" |·-–—")
        # A social handle link ("@janedoe") printed before or after the bio is contact, not biography.
        if link_text.startswith("@") and " " not in link_text:
            if text.startswith(link_text):
                text = text[len(link_text) :].lstrip(" |·-–—")
            elif text.endswith(link_text):
                text = text[: -len(link_text)].rstrip(" |·-–—")
    text = _NAME_PREFIX.sub("", text) if text.lower().startswith(("about the author", "about author")) else text
    return text.strip()


def _reads_as_bio(text: str) -> bool:
    """Prose about a person, not a byline-and-date strip that happens to sit in an "author-info" box."""
    return len(text.split()) >= 8 or _BIO_VERB.search(text) is not None


def _from_box(root: HtmlElement, names: list[str]) -> tuple[AuthorBio, HtmlElement] | None:
    for el in dom.iter_elements(root):
        if el.tag in ("html", "body", "article", "main", "a", "img") or not (el.get("class") or el.get("id")):
            continue
        if not _is_box(el):
            continue
        # The outermost box wins; a nested ".author-bio" paragraph is read as part of it.
        name = _box_name(el)
        text = _box_text(el, name)
        if len(text) < 20 or len(text) > 2000 or _NOT_BIO.match(text) or not _reads_as_bio(text):
            continue
        name = name or (names[0] if names else None)
        return AuthorBio(name=_s(name) if name else None, text=_s(text)), el
    return None


def _starts_with_name(text: str, names: list[str]) -> str | None:
    low = text.lower()
    for name in names:
        if low.startswith(name.lower()):
            return name
        parts = name.split()
        # "Doe covers …" after a byline "Jane Doe".
        if len(parts) >= 2 and re.match(re.escape(parts[-1].lower()) + r"\b,? (?:is|was|covers|reports|writes)\b", low):
            return name
    return None


_TRAILING_PROSE = 80  # an ordinary paragraph this long after an italic one means the italic one is no closing note


def take_trailing_bio(document: Document, byline: str | None) -> tuple[AuthorBio | None, Document]:
    """The closing italic paragraph about the writer ("Jane Doe covers schools."), taken out of the document."""
    names = _byline_names(byline)
    blocks = list(document.blocks)
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if block.kind != "paragraph" or block.italic_share < 0.9:
            continue
        text = block.text
        if len(text) < 20 or len(text) > 1500 or _NOT_BIO.match(text) or _NOT_BIO_ANYWHERE.search(text):
            continue
        name = _starts_with_name(text, names) if names else None
        if name is None and not names:
            m = _NAME_THEN_VERB.match(text)
            name = m.group("name") if m else None
        if name is None:
            continue
        if any(
            b.kind == "paragraph" and len(b.text) > _TRAILING_PROSE and b.italic_share < 0.9 for b in blocks[i + 1 :]
        ):
            return None, document  # not trailing: the story goes on after it
        del blocks[i]
        return AuthorBio(name=_s(name), text=_s(text)), Document(tuple(blocks))
    return None, document


def _resolve(value: Any, index: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            ref = item.get("@id")
            if isinstance(ref, str) and ref in index and len(item) <= 2:
                out.append(index[ref])
            else:
                out.append(item)
    return out


def _from_jsonld(jsonld: list[dict[str, Any]], names: list[str]) -> AuthorBio | None:
    index = {obj["@id"]: obj for obj in jsonld if isinstance(obj.get("@id"), str)}
    article = dom.jsonld_article(jsonld)
    people: list[dict[str, Any]] = _resolve(article.get("author"), index) if article else []
    if not people:
        people = [o for o in jsonld if "Person" in dom.jsonld_types(o)]
    wanted = [n.lower() for n in names]
    best = None
    for person in people:
        desc = person.get("description")
        name = dom.jsonld_str(person.get("name"))
        if not isinstance(desc, str) or len(dom.norm_space(desc)) < 20:
            continue
        bio = AuthorBio(name=_s(name) if name else None, text=_s(desc))
        if not wanted or (name and name.lower() in wanted):
            return bio
        best = best or bio
    return best


def take_box_bio(root: HtmlElement, *, byline: str | None) -> AuthorBio | None:
    """The author box's bio, its node removed from the tree (so it never reads as article text)."""
    found = _from_box(root, _byline_names(byline))
    if found is None:
        return None
    dom.remove(found[1])
    return found[0]


def jsonld_bio(jsonld: list[dict[str, Any]], *, byline: str | None) -> AuthorBio | None:
    return _from_jsonld(jsonld, _byline_names(byline))


def find_bio(
    root: HtmlElement, build: Callable[[], Document], *, byline: str | None, jsonld: list[dict[str, Any]]
) -> tuple[AuthorBio | None, Document]:
    """The writer's bio and the article's document without it: an author box (taken off the tree before
    `build` makes the document), else a closing italic paragraph, else the page's JSON-LD person."""
    box = take_box_bio(root, byline=byline)
    document = build()
    italic, document_without = take_trailing_bio(document, byline)
    if box is not None:
        # The same bio again as a closing note goes too; a note about someone else stays text.
        same = italic is not None and italic.name and box.name and italic.name == box.name
        return box, document_without if same else document
    if italic is not None:
        return italic, document_without
    return jsonld_bio(jsonld, byline=byline), document
