"""Markup → blocks: one linear walk over an lxml tree, in the page's HTML or in trafilatura's XML vocabulary.

The walk is iterative (lxml's iterwalk), so a hostile page nested ten thousand levels deep costs time in
proportion to its size and never Python's recursion limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.etree

from reader.core.article.document import Block, BlockKind, Document, Inline, inline_runs
from reader.core.models import Reaction
from reader.core.safe import scrub

# trafilatura's output elements, named as their HTML twins.
_XML_TAGS = {
    "head": "h2",
    "list": "ul",
    "item": "li",
    "quote": "blockquote",
    "row": "tr",
    "cell": "td",
    "lb": "br",
    "ref": "a",
    "graphic": "img",
    "doc": "div",
    "main": "div",
    "del": "s",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements that end one block and start another (anything unknown is read as inline).
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "body", "html",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "hr",
        "address", "center", "details", "summary", "form", "fieldset", "hgroup",
    }
)  # fmt: skip
_EMPHASIS = frozenset({"em", "i", "cite", "dfn", "var"})
_STRONG = frozenset({"strong", "b"})
_CODE = frozenset({"code", "kbd", "samp", "tt"})
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "math", "button", "select"})
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_CREDIT = re.compile(
    r"\s*[(\[]?\s*((?:photo|image|picture|illustration|graphic|video|foto|credit)s?\b[^()\[\]]{0,120}"
    r"|\S+ (?:for|/) (?:the )?[A-Z][^()\[\]]{0,80}|(?:AP|Getty Images|Reuters|AFP)[^()\[\]]{0,40})\s*[)\]]?\s*$",
    re.I,
)
EMBED_TAG = "reader-embed"  # where extract_reactions left an embed, so that it keeps its place


@dataclass
class _Frame:
    tag: str
    kind: BlockKind = "paragraph"
    level: int = 0
    number: int | None = None


@dataclass
class _Table:
    rows: list[list[str]] = field(default_factory=list)
    cell: list[Inline] | None = None


@dataclass
class _Figure:
    src: str | None = None
    caption: list[Inline] = field(default_factory=list)
    credit: str | None = None


class _Walk:
    """The state of one walk: the open blocks, the words gathered for the current one, the looks in force."""

    def __init__(self, base_url: str | None, embeds: list[Reaction]) -> None:
        self.base_url = base_url
        self.embeds = embeds
        self.blocks: list[Block] = []
        self.frames: list[_Frame] = [_Frame("root")]
        self.runs: list[Inline] = []
        self.href: list[str | None] = []
        self.emphasis = 0
        self.strong = 0
        self.code = 0
        self.lists: list[list[int | None]] = []  # per open list: [next number] (None: unordered)
        self.tables: list[_Table] = []
        self.figures: list[_Figure] = []
        self.skipping: lxml.etree._Element | None = None

    # -- words
    def add(self, text: str | None) -> None:
        if not text:
            return
        text = scrub(text)
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(Inline(text))
            return
        if self.figures:  # a figure's words are its caption and credit
            self.figures[-1].caption.append(Inline(text, self._href(), self.emphasis > 0))
            return
        self.runs.append(
            Inline(text, href=self._href(), emphasis=self.emphasis > 0, strong=self.strong > 0, code=self.code > 0)
        )

    def _href(self) -> str | None:
        return next((h for h in reversed(self.href) if h), None)

    def line_break(self) -> None:
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(Inline(" "))
        elif self.runs:
            self.runs.append(Inline("\n"))

    # -- blocks
    def flush(self) -> None:
        if not self.runs:
            return
        runs, self.runs = self.runs, []
        frame = self.frames[-1]
        kind = frame.kind
        if kind == "code":
            text = "".join(r.text for r in runs).strip("\n")
            if text.strip():
                self.blocks.append(Block("code", (Inline(text, code=True),)))
            return
        # Two line breaks in a row part paragraphs (old templates lay text out with <br><br>).
        chunk: list[Inline] = []
        breaks = 0
        for run in runs + [Inline("\n"), Inline("\n")]:
            if run.text == "\n":
                breaks += 1
                chunk.append(run)
                continue
            if not run.text.strip():
                chunk.append(run)
                continue
            if breaks >= 2:
                self._emit(kind, chunk, frame)
                chunk = []
            breaks = 0
            chunk.append(run)
        self._emit(kind, chunk, frame)

    def _emit(self, kind: BlockKind, runs: list[Inline], frame: _Frame) -> None:
        inlines = inline_runs(runs)
        if not inlines or not "".join(i.text for i in inlines).strip():
            return
        if kind == "item":
            self.blocks.append(Block("item", inlines, level=frame.level, number=frame.number))
            frame.number = None  # a list item's second paragraph carries no number
        elif kind == "heading":
            self.blocks.append(Block("heading", inlines, level=frame.level))
        else:
            self.blocks.append(Block(kind, inlines))

    def open_block(self, tag: str, el: lxml.etree._Element) -> None:
        self.flush()
        parent = self.frames[-1]
        if tag in _HEADINGS:
            level = _HEADINGS[tag]
            rend = el.get("rend") or ""
            if rend in _HEADINGS:
                level = _HEADINGS[rend]
            self.frames.append(_Frame(tag, "heading", level))
        elif tag in ("ul", "ol"):
            ordered = tag == "ol" or (el.get("rend") or "") == "ol"
            start = el.get("start")
            first = int(start) if start and start.isdigit() and len(start) < 6 else 1
            self.lists.append([first if ordered else None])
            self.frames.append(_Frame(tag, parent.kind, parent.level))
        elif tag == "li":
            counter: list[int | None] = self.lists[-1] if self.lists else [None]
            number = counter[0]
            if number is not None:
                counter[0] = number + 1
            self.frames.append(_Frame(tag, "item", max(len(self.lists) - 1, 0), number))
        elif tag == "blockquote":
            self.frames.append(_Frame(tag, "quote"))
        elif tag == "pre":
            self.frames.append(_Frame(tag, "code"))
        elif tag == "figure":
            self.figures.append(_Figure())
            self.frames.append(_Frame(tag, parent.kind, parent.level, parent.number))
        else:
            self.frames.append(_Frame(tag, parent.kind, parent.level, parent.number))

    def close_block(self) -> None:
        self.flush()
        frame = self.frames.pop()
        if frame.tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif frame.tag == "figure" and self.figures:
            self._close_figure(self.figures.pop())

    def _close_figure(self, fig: _Figure) -> None:
        caption = inline_runs(fig.caption)
        text = "".join(i.text for i in caption)
        credit = fig.credit
        m = _CREDIT.search(text) if text else None
        if m and not credit and m.start() > 0:
            credit = m.group(1).strip()
            text = text[: m.start()].rstrip()
            caption = inline_runs([Inline(text)])
        if fig.src or caption:
            self.blocks.append(Block("figure", caption, src=fig.src, credit=credit))

    # -- tables
    def open_table(self, el: lxml.etree._Element) -> bool:
        """Start a data table; False for a layout table (cells holding paragraphs), read as plain containers."""
        if el.find(".//td//p") is not None or el.find(".//td//div") is not None or el.find(".//table") is not None:
            return False
        if el.find(".//cell//p") is not None:
            return False
        self.flush()
        self.tables.append(_Table())
        return True

    def close_table(self) -> None:
        table = self.tables.pop()
        rows = tuple(tuple(c for c in row) for row in table.rows if any(row))
        if not rows:
            return
        if len(rows) == 1 or max(len(r) for r in rows) == 1:
            for row in rows:  # a one-column "table" is a list of lines
                for cell in row:
                    if cell:
                        self.blocks.append(Block("paragraph", inline_runs([Inline(cell)])))
            return
        self.blocks.append(Block("table", rows=rows))

    def embed(self, el: lxml.etree._Element) -> None:
        index = el.get("data-index") or ""
        if index.isdigit() and int(index) < len(self.embeds):
            self.flush()
            self.blocks.append(Block("embed", reaction=self.embeds[int(index)]))

    def link(self, href: str | None) -> str | None:
        href = (href or "").strip()
        if not href or href.startswith("#"):
            return None
        if not href.startswith(_SAFE_SCHEMES) and self.base_url:
            try:
                href = urljoin(self.base_url, href)
            except ValueError:
                return None
        return href if href.startswith(_SAFE_SCHEMES) else None


def html_to_document(html: str, *, base_url: str | None = None) -> Document:
    """An HTML fragment or document → its blocks, without chrome or boilerplate boxes."""
    from reader.core.article import dom
    from reader.core.article.boilerplate import clean_tree

    root = dom.parse_document(html)
    if root is None:
        return Document()
    body = dom.body_of(root)
    clean_tree(body)
    return to_document(body, base_url=base_url)


def to_document(
    root: lxml.etree._Element, *, base_url: str | None = None, embeds: list[Reaction] | None = None
) -> Document:
    """The blocks under root (page HTML, a feed item's HTML, or trafilatura's XML body)."""
    walk = _Walk(base_url, embeds or [])
    layout_tables: set[lxml.etree._Element] = set()
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        raw = el.tag
        if not isinstance(raw, str):
            if event == "end" and el.tail and walk.skipping is None:
                walk.add(el.tail)  # a comment's tail is text
            continue
        tag = _XML_TAGS.get(raw, raw).lower()
        if walk.skipping is not None:
            if event == "end" and el is walk.skipping:
                walk.skipping = None
                walk.add(el.tail)
            continue
        if event == "start":
            _start(walk, el, tag, layout_tables)
        else:
            _end(walk, el, tag, layout_tables)
    walk.flush()
    return Document(tuple(walk.blocks))


def _start(walk: _Walk, el: lxml.etree._Element, tag: str, layout_tables: set[lxml.etree._Element]) -> None:
    if tag in _SKIP:
        walk.skipping = el
        return
    if tag == EMBED_TAG:
        walk.embed(el)
        return
    if tag == "br":
        walk.line_break()
        return
    if tag == "img":
        if walk.figures and not walk.figures[-1].src:
            walk.figures[-1].src = walk.link(el.get("src") or el.get("data-src"))
        return
    if tag == "table":
        if not walk.open_table(el):
            layout_tables.add(el)
            walk.open_block("div", el)
        walk.add(el.text)
        return
    if walk.tables and el not in layout_tables and not _in_layout(el, layout_tables):
        table = walk.tables[-1]
        if tag == "tr":
            table.rows.append([])
        elif tag in ("td", "th") and table.rows:
            table.cell = []
        walk.add(el.text)
        _inline_start(walk, el, tag)
        return
    if tag in _BLOCK_TAGS:
        walk.open_block(tag, el)
        if tag == "hr":
            walk.flush()
    else:
        _inline_start(walk, el, tag)
    walk.add(el.text)


def _in_layout(el: lxml.etree._Element, layout_tables: set[lxml.etree._Element]) -> bool:
    if not layout_tables:
        return False
    for anc in el.iterancestors("table"):
        return anc in layout_tables
    return False


def _inline_start(walk: _Walk, el: lxml.etree._Element, tag: str) -> None:
    if tag == "a":
        walk.href.append(walk.link(el.get("href") or el.get("target")))
    elif tag in _EMPHASIS:
        walk.emphasis += 1
    elif tag in _STRONG:
        walk.strong += 1
    elif tag in _CODE:
        walk.code += 1
    elif tag == "hi":
        rend = el.get("rend") or ""
        walk.emphasis += "#i" in rend
        walk.strong += "#b" in rend
        walk.code += "#t" in rend


def _inline_end(walk: _Walk, el: lxml.etree._Element, tag: str) -> None:
    if tag == "a":
        if walk.href:
            walk.href.pop()
    elif tag in _EMPHASIS:
        walk.emphasis -= 1
    elif tag in _STRONG:
        walk.strong -= 1
    elif tag in _CODE:
        walk.code -= 1
    elif tag == "hi":
        rend = el.get("rend") or ""
        walk.emphasis -= "#i" in rend
        walk.strong -= "#b" in rend
        walk.code -= "#t" in rend


def _end(walk: _Walk, el: lxml.etree._Element, tag: str, layout_tables: set[lxml.etree._Element]) -> None:
    if tag in ("br", "img", EMBED_TAG):
        walk.add(el.tail)
        return
    if tag == "table" and el not in layout_tables:
        if walk.tables:
            walk.close_table()
        walk.add(el.tail)
        return
    if walk.tables and not _in_layout(el, layout_tables) and el not in layout_tables:
        table = walk.tables[-1]
        _inline_end(walk, el, tag)
        if tag in ("td", "th") and table.cell is not None and table.rows:
            table.rows[-1].append("".join(i.text for i in inline_runs(table.cell)))
            table.cell = None
        walk.add(el.tail)
        return
    if tag in _BLOCK_TAGS:
        walk.close_block()
    else:
        _inline_end(walk, el, tag)
    walk.add(el.tail)
