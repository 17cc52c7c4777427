"""A full web page → its article body as blocks: trafilatura decides what is the article, then the body is
checked and repaired (continuation chunks it skipped, an opening paragraph it lost, furniture it kept)."""

from __future__ import annotations

import copy
import re

from lxml.html import HtmlElement

from reader.core.article import dom
from reader.core.article.boilerplate import clean_tree, is_boilerplate_box
from reader.core.article.document import Block, Document
from reader.core.article.furniture import Context, finish
from reader.core.article.markup import to_document

_WORD = re.compile(r"\w+")
_SHORT_WORDS = 80
# News pages have a few thousand elements (the benchmark's largest: 1,600). Far beyond that a page is broken
# or hostile, and trafilatura's fallbacks take minutes: above _BIG_TREE they are skipped, above _HUGE_TREE
# trafilatura is.
_BIG_TREE = 15_000
_HUGE_TREE = 60_000


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


# --- trafilatura, the anchor -------------------------------------------------------------------------
def _trafilatura(root: HtmlElement, url: str | None, *, precise: bool, fast: bool) -> Document:
    """trafilatura's article body, with links and emphasis, as blocks (empty when it finds nothing)."""
    try:
        from trafilatura.core import bare_extraction
    except ImportError:  # pragma: no cover - a declared dependency; the fallback keeps us reading anyway
        return Document()
    try:
        result = bare_extraction(
            root,  # trafilatura reads a copy of the tree
            url=url,
            output_format="python",
            include_comments=False,
            include_tables=True,
            include_links=True,
            include_formatting=True,
            include_images=False,
            deduplicate=False,
            favor_precision=precise,
            fast=fast,
        )
    except Exception:  # noqa: BLE001 - third-party code on hostile input: any failure means "no result"
        return Document()
    body = getattr(result, "body", None)
    if body is None:
        return Document()
    return to_document(body, base_url=url)


def _fallback(root: HtmlElement, url: str | None) -> Document:
    """The whole page body, chrome removed: for pages trafilatura cannot read."""
    body = copy.deepcopy(dom.body_of(root))
    for el in list(dom.iter_elements(body, "header", "footer")):
        dom.remove(el)
    clean_tree(body)
    return to_document(body, base_url=url)


def extract_body(root: HtmlElement, *, url: str | None = None, context: Context | None = None) -> Document:
    """The page's article body. root must already be free of embeds and the author bio."""
    context = context or Context()
    size = dom.count_elements(root, _HUGE_TREE + 1)
    if size > _HUGE_TREE:
        return finish(_fallback(root, url), context)
    # trafilatura's justext/readability fallbacks are superlinear on giant trees: skipped there.
    fast = size > _BIG_TREE
    doc = _trafilatura(root, url, precise=True, fast=fast)
    # favor_precision now and then keeps only a stray notice; then the default mode finds the article.
    words = doc.words()
    if words < _SHORT_WORDS:
        default = _trafilatura(root, url, precise=False, fast=fast)
        if default.words() >= 3 * max(words, 1):
            doc = default
    if not doc:
        return finish(_fallback(root, url), context)
    blocks = _expand(root, list(doc.blocks), url)
    blocks = _opening(root, blocks, url, context)
    return finish(Document(tuple(blocks)), context)


# --- continuation chunks -----------------------------------------------------------------------------
_MIN_PROSE_WORDS = 12


def _signature(el: HtmlElement) -> str:
    parent = el.getparent()
    outer = f"{parent.tag}.{parent.get('class') or ''}" if parent is not None else ""
    return f"{el.tag}.{el.get('class') or ''}<{outer}"


def _near(a: HtmlElement, b: HtmlElement, levels: int = 3) -> bool:
    """Whether two containers share an ancestor within a few levels (sibling or cousin chunks)."""
    ups = set()
    el: HtmlElement | None = a
    for _ in range(levels):
        el = el.getparent() if el is not None else None
        if el is None:
            break
        ups.add(el)
    el = b
    for _ in range(levels):
        el = el.getparent() if el is not None else None
        if el is None:
            break
        if el in ups:
            return True
    return False


def _paragraph_block(p: HtmlElement, url: str | None) -> Block | None:
    clone = copy.deepcopy(p)
    clone.tail = None
    doc = to_document(clone, base_url=url)
    return doc.blocks[0] if doc.blocks else None


def _expand(root: HtmlElement, blocks: list[Block], url: str | None) -> list[Block]:
    """Add the paragraphs trafilatura missed in sibling containers of the ones it kept.

    Some sites cut the article body into several identical containers between ad slots; trafilatura
    keeps the first and loses the rest (wired.com keeps a third of the story). Paragraphs it left out
    of a container it did read are left out on purpose and stay out.
    """
    keys = [_key(b.text) for b in blocks]
    joined = " ".join(keys)
    paragraphs = []
    for p in dom.iter_elements(root, "p"):
        text = dom.text_of(p)
        if len(text) < 20 or p.getparent() is None:
            continue
        k = _key(text)
        paragraphs.append((p, k, bool(k) and k in joined))
    read: dict[str, list[HtmlElement]] = {}
    for p, _, hit in paragraphs:
        if hit and p.getparent() not in read.get(_signature(p.getparent()), []):
            read.setdefault(_signature(p.getparent()), []).append(p.getparent())
    additions: dict[int, list[Block]] = {}
    last_line = -1
    for p, k, hit in paragraphs:
        if hit:
            last_line = next((j for j, lk in enumerate(keys) if k[:60] in lk), last_line)
            continue
        box = p.getparent()
        if last_line < 0:
            continue  # before the text trafilatura found: teasers and headers, not continuation chunks
        twins = read.get(_signature(box), [])
        if not twins or box in twins or not any(_near(box, t) for t in twins):
            continue
        if len(k.split()) < _MIN_PROSE_WORDS or _in_chrome(p) or _link_share(p) > 0.5:
            continue
        block = _paragraph_block(p, url)
        if block is not None:
            additions.setdefault(last_line, []).append(block)
    if not additions:
        return blocks
    out = []
    for j, block in enumerate(blocks):
        out.append(block)
        out.extend(additions.get(j, []))
    return out


def _in_chrome(p: HtmlElement) -> bool:
    for anc in p.iterancestors():
        if anc.tag in ("nav", "footer", "aside", "header", "form", "figure", "blockquote", "figcaption"):
            return True
        if (anc.get("class") or anc.get("id")) and is_boilerplate_box(anc):
            return True
    return False


def _link_share(p: HtmlElement) -> float:
    total = len(dom.text_of(p)) or 1
    return sum(len(dom.text_of(a)) for a in dom.iter_elements(p, "a")) / total


# --- the opening -------------------------------------------------------------------------------------
_OPENING_REACH = 12  # elements between the headline and the text where a lost first paragraph can sit
_CAPTION_MARKS = re.compile(r"caption|credit|figcaption|photo|image|media|gallery|video|byline|author|date|meta")


def _opening(root: HtmlElement, blocks: list[Block], url: str | None, context: Context) -> list[Block]:
    """Put back the article's first paragraph(s) when trafilatura started later.

    A lead paragraph styled apart from the rest (a "lede" class, a drop cap, a container of its own under the
    headline) is often left out. Between the headline and the first paragraph trafilatura kept, a paragraph of
    prose that is no caption, byline, dek or chrome is the article's opening.
    """
    if not blocks:
        return blocks
    first = next((b for b in blocks if b.kind in ("paragraph", "item", "quote") and len(b.text) >= 40), None)
    if first is None:
        return blocks
    first_key = _key(first.text)[:80]
    h1 = context.headline_element
    start = h1 if h1 is not None and h1.getroottree() is root.getroottree() else None
    passed = start is None
    paragraphs: list[HtmlElement] = []
    first_el: HtmlElement | None = None
    for el in root.iter():
        if el is start:
            passed = True
            continue
        if not passed or el.tag != "p":
            continue
        k = _key(dom.text_of(el))
        if first_key and k.startswith(first_key[:60]):
            first_el = el
            break
        paragraphs.append(el)
    if first_el is None or not paragraphs:
        return blocks
    # Only the kept paragraph's siblings or cousins just before it: a lede split off into a container of its
    # own, not a pull quote, a teaser or a banner elsewhere on the page.
    home = first_el.getparent()
    family = {home, home.getparent() if home is not None else None} - {None}
    known = {_key(b.text) for b in blocks}
    lost: list[Block] = []
    for p in paragraphs[-_OPENING_REACH:]:
        parent = p.getparent()
        if parent is None or not (parent in family or parent.getparent() in family):
            continue
        text = dom.text_of(p)
        words = text.split()
        if len(words) < _MIN_PROSE_WORDS or not re.search(r"[.!?”\"’)]$", text):
            continue
        if _in_chrome(p) or _link_share(p) > 0.3 or _captionish(p):
            continue
        if _key(text) in known or context.is_furniture_text(text) or _same_key(text, context.description):
            continue
        block = _paragraph_block(p, url)
        if block is not None:
            lost.append(block)
    return lost + blocks if lost else blocks


def _same_key(a: str, b: str | None) -> bool:
    return bool(b) and _key(a) == _key(b or "")


def _captionish(p: HtmlElement) -> bool:
    return any(_CAPTION_MARKS.search(dom.class_id(el)) for el in [p, *list(p.iterancestors())[:4]])
