"""Shared lxml helpers for the article modules: tolerant parsing, node removal, JSON-LD and meta lookups."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

# Past this size a "page" is not an article; parsing it whole would only cost time and memory.
MAX_HTML_CHARS = 2_000_000  # real article pages are far smaller once scripts and styles are gone
_BULKY = re.compile(
    r"<script(?![^>]*ld\+json)[^>]*>.*?</script\s*>|<style[^>]*>.*?</style\s*>|<svg[^>]*>.*?</svg\s*>",
    re.I | re.S,
)
_MAX_JSONLD_CHARS = 1_000_000
_SCRIPT_WRAPPER = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")

# libxml2 stops at NUL and rejects the XML-invalid controls; they carry no text anyway.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# libxml2 chokes on some doctype variants (lxml bug 1955915); trafilatura strips them the same way.
_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>", re.I)
_SPACE = re.compile(r"\s+")

_PARSER = lxml.html.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
)


def parse_document(html: str) -> HtmlElement | None:
    """Parse any string as an HTML document; None when nothing usable comes out. Never raises."""
    if not html or not html.strip():
        return None
    if len(html) > MAX_HTML_CHARS:
        # Inline scripts and styles make up most of a big page; drop them before cutting to the cap
        # (keeping JSON-LD, where bylines and bios live), so a hostile page costs seconds, not minutes.
        html = _BULKY.sub("", html[: 8 * MAX_HTML_CHARS])
    html = _INVALID_XML.sub("", html[:MAX_HTML_CHARS])
    head = html[:200]
    if "<!" in head:
        html = _DOCTYPE.sub("", head, count=1) + html[200:]
    try:
        # Bytes, so that a page declaring its own encoding (<?xml encoding=...?>) still parses.
        root = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except (lxml.etree.LxmlError, ValueError, TypeError, UnicodeError, RecursionError, MemoryError):
        return None
    return root if isinstance(root, HtmlElement) else None


def body_of(root: HtmlElement) -> HtmlElement:
    body = root.find("body")
    return body if isinstance(body, HtmlElement) else root


def remove(el: HtmlElement) -> None:
    """Remove an element and its subtree, keeping the text that follows it (its tail)."""
    if el.getparent() is None:
        return
    el.drop_tree()


def class_id(el: HtmlElement) -> str:
    """The element's class and id, lower-cased, as one space-separated string."""
    cls = el.get("class") or ""
    ident = el.get("id") or ""
    return f"{cls} {ident}".lower() if ident else cls.lower()


def has_class(el: HtmlElement, name: str) -> bool:
    return name in (el.get("class") or "").split()


def norm_space(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def text_of(el: HtmlElement) -> str:
    """The element's text with whitespace collapsed."""
    try:
        return norm_space(el.text_content())
    except (ValueError, RecursionError):
        return ""


def spaced_text(el: HtmlElement) -> str:
    """The element's text with a space between its children's texts ("Jane Doe" + "March 3" stay apart)."""
    try:
        return norm_space(" ".join(el.itertext()))
    except (ValueError, RecursionError):
        return ""


def iter_elements(root: HtmlElement, *tags: str) -> Iterator[HtmlElement]:
    """Elements (no comments or processing instructions) under root, in document order."""
    # Filtering on the Element factory keeps comments and processing instructions out, in C.
    yield from (root.iter(*tags) if tags else root.iter(lxml.etree.Element))


def count_elements(root: HtmlElement, limit: int) -> int:
    """How many nodes the tree has, counting no further than limit (cheap on hostile giants)."""
    n = 0
    for _ in root.iter():
        n += 1
        if n >= limit:
            break
    return n


def meta_content(root: HtmlElement, *names: str) -> str | None:
    """The first non-empty <meta name|property=...> content among the names, in the order given."""
    wanted = {n.lower() for n in names}
    found: dict[str, str] = {}
    for el in iter_elements(root, "meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        if key in wanted and key not in found:
            value = norm_space(el.get("content"))
            if value:
                found[key] = value
    for n in names:
        if n.lower() in found:
            return found[n.lower()]
    return None


def jsonld_objects(root: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON object in the page's ld+json scripts, with lists and @graph flattened."""
    out: list[dict[str, Any]] = []
    for script in iter_elements(root, "script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = (script.text or "").strip()
        if not raw or len(raw) > _MAX_JSONLD_CHARS:
            continue
        # XHTML-era pages wrap scripts in CDATA sections or comments.
        raw = _SCRIPT_WRAPPER.sub("", raw).strip()
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            # Some CMSs leave a trailing comma or raw newlines in strings; one lenient retry.
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except (ValueError, RecursionError):
                continue
        stack: list[Any] = [data]
        while stack and len(out) < 500:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[0:0] = item
            elif isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack[0:0] = graph
    return out


def jsonld_types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return {k for k in kind if isinstance(k, str)}
    return set()


ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "ScholarlyArticle",
        "TechArticle",
        "Report",
        "WebPage",
    }
)


def jsonld_article(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The page's article object: a news/blog article first, a plain WebPage only when nothing else."""
    pages: list[dict[str, Any]] = []
    for obj in objects:
        kinds = jsonld_types(obj)
        if kinds & (ARTICLE_TYPES - {"WebPage"}):
            return obj
        if "WebPage" in kinds:
            pages.append(obj)
    return pages[0] if pages else None


def jsonld_str(value: Any) -> str | None:
    """A JSON-LD value read as one string: a string, or the first string/name in a list or object."""
    if isinstance(value, str):
        return norm_space(value) or None
    if isinstance(value, list):
        for v in value:
            s = jsonld_str(v)
            if s:
                return s
        return None
    if isinstance(value, dict):
        return jsonld_str(value.get("name"))
    return None
