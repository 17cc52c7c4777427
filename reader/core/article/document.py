"""The article as blocks (paragraphs, headings, list items, block quotes, tables, figures, embeds), and its
renderings: Markdown for display, plain text for quotes, search and the terminal.

Every reading path builds one `Document` (from the page DOM, from trafilatura's XML or from plain text); the
panes work on its blocks and the Markdown is rendered from them, so no Markdown escape ever reaches plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from reader.core.models import Reaction

BlockKind = Literal["paragraph", "heading", "item", "quote", "table", "code", "figure", "embed"]
# Blocks whose words are the article's prose: what quotes are looked for in.
PROSE_KINDS: frozenset[str] = frozenset({"paragraph", "item", "quote"})

_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


@dataclass(frozen=True, slots=True)
class Inline:
    """A run of text with one look: plain, emphasised, strong, code, or a link. "\\n" is a line break."""

    text: str
    href: str | None = None
    emphasis: bool = False
    strong: bool = False
    code: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the article. `inlines` hold a paragraph's, heading's, item's or caption's words."""

    kind: BlockKind
    inlines: tuple[Inline, ...] = ()
    level: int = 0  # a heading's level (1-6); a list item's depth (0 at the top)
    number: int | None = None  # an ordered list item's number
    rows: tuple[tuple[str, ...], ...] = ()  # a table's cells, the header row first
    src: str | None = None  # a figure's image
    credit: str | None = None  # a figure's photo credit
    reaction: Reaction | None = None  # an embed's post

    @property
    def text(self) -> str:
        """The block's words, whitespace collapsed (line breaks kept)."""
        if self.kind == "table":
            return "\n".join(" | ".join(row) for row in self.rows)
        return "".join(i.text for i in self.inlines).strip()

    @property
    def linked_share(self) -> float:
        """How much of the block's text is link text (1.0 for a line that is only a link)."""
        total = sum(len(i.text.strip()) for i in self.inlines)
        if not total:
            return 0.0
        return sum(len(i.text.strip()) for i in self.inlines if i.href) / total

    @property
    def italic_share(self) -> float:
        total = sum(len(i.text.strip()) for i in self.inlines)
        if not total:
            return 0.0
        return sum(len(i.text.strip()) for i in self.inlines if i.emphasis) / total


@dataclass(frozen=True)
class Document:
    """The article's blocks in reading order."""

    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return any(b.text for b in self.blocks if b.kind != "embed")

    def prose(self) -> list[str]:
        """The plain text of every prose block (paragraphs, list items, block quotes), in reading order."""
        return [b.text for b in self.blocks if b.kind in PROSE_KINDS and b.text]

    def markdown(self) -> str:
        """The body as Markdown for display: no embeds or figures (they have panes of their own)."""
        return _join(self.blocks, _markdown_block)

    def plain(self) -> str:
        """The body as plain text: paragraphs apart by a blank line, list items by a newline."""
        return _join(self.blocks, _plain_block)

    def words(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks if b.kind != "embed")


# --- building -------------------------------------------------------------------------------------------
def inline_runs(inlines: Iterable[Inline]) -> tuple[Inline, ...]:
    """Inlines with whitespace collapsed across their boundaries, empty runs gone, like runs merged."""
    out: list[Inline] = []
    space_before = False
    for run in inlines:
        if run.text == "\n":
            if out:
                out.append(run)
            space_before = False
            continue
        text = _SPACE.sub(" ", run.text)
        if not text:
            continue
        if text.startswith(" ") and (space_before or not out or out[-1].text == "\n"):
            text = text[1:]
        if not text:
            continue
        space_before = text.endswith(" ")
        if out and _same_look(out[-1], run) and out[-1].text != "\n":
            prev = out[-1]
            out[-1] = Inline(prev.text + text, prev.href, prev.emphasis, prev.strong, prev.code)
        else:
            out.append(Inline(text, run.href, run.emphasis, run.strong, run.code))
    while out and (out[-1].text == "\n" or not out[-1].text.strip()):
        out.pop()
    if out:
        last = out[-1]
        out[-1] = Inline(last.text.rstrip(), last.href, last.emphasis, last.strong, last.code)
    # A line break's neighbours lose the spaces that touch it.
    for i, run in enumerate(out):
        if run.text == "\n" and i and out[i - 1].text.endswith(" "):
            p = out[i - 1]
            out[i - 1] = Inline(p.text.rstrip(), p.href, p.emphasis, p.strong, p.code)
    return tuple(r for r in out if r.text)


def _same_look(a: Inline, b: Inline) -> bool:
    return (a.href, a.emphasis, a.strong, a.code) == (b.href, b.emphasis, b.strong, b.code)


def paragraph(text: str, kind: BlockKind = "paragraph") -> Block:
    return Block(kind, inline_runs([Inline(text)]))


_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "as",
        "vs",
        "via",
        "nor",
        "per",
    ]
)
_HEADING_MAX_WORDS = 12


def looks_like_heading(line: str) -> bool:
    """A short line in Title Case or capitals, not a sentence: "War and Peace.", "FULL TEXT.", "Ferry Vote"."""
    words = line.split()
    if not words or len(words) > _HEADING_MAX_WORDS or line[:1] in "“\"'‘(«-–—":
        return False
    if re.search(r"[.!?;:,](?=\s)|[!?]$", line):
        return False  # a sentence, or a line of them
    content = [w for w in words if w.lower().strip(".,:'’\"") not in _SMALL_WORDS]
    if not content:
        return False
    capital = sum(1 for w in content if w[:1].isupper() or w[:1].isdigit())
    return capital == len(content)


def from_text(text: str) -> Document:
    """Plain text → paragraphs (blank lines part them; a single newline inside one is a line break).

    A one-line paragraph in Title Case or capitals (a section name, "FULL TEXT.") is a heading.
    """
    blocks = []
    for chunk in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and looks_like_heading(lines[0]):
            blocks.append(Block("heading", inline_runs([Inline(lines[0])]), level=2))
            continue
        runs: list[Inline] = []
        for i, line in enumerate(lines):
            if i:
                runs.append(Inline("\n"))
            runs.append(Inline(line))
        blocks.append(Block("paragraph", inline_runs(runs)))
    return Document(tuple(blocks))


# --- rendering ------------------------------------------------------------------------------------------
def _join(blocks: Iterable[Block], render: Callable[[Block], str]) -> str:
    parts: list[str] = []
    prev: Block | None = None
    for block in blocks:
        text = render(block)
        if not text:
            continue
        if parts:
            tight = prev is not None and prev.kind == "item" and block.kind == "item"
            parts.append("\n" if tight else "\n\n")
        parts.append(text)
        prev = block
    return "".join(parts)


def _plain_block(block: Block) -> str:
    if block.kind in ("embed", "figure"):
        return ""
    text = block.text
    if not text:
        return ""
    if block.kind == "item":
        mark = f"{block.number}." if block.number is not None else "-"
        return "  " * block.level + f"{mark} {text}"
    return text


def _markdown_block(block: Block) -> str:
    if block.kind in ("embed", "figure"):
        return ""
    if block.kind == "table":
        return _markdown_table(block.rows)
    if block.kind == "code":
        body = block.text
        fence = "````" if "```" in body else "```"
        return f"{fence}\n{body}\n{fence}" if body else ""
    if block.kind == "heading":
        text = _markdown_inlines(tuple(Inline(" ") if i.text == "\n" else i for i in block.inlines))
        return "#" * min(max(block.level, 1), 6) + " " + " ".join(text.split()) if text.strip() else ""
    text = _markdown_inlines(block.inlines)
    if not text:
        return ""
    if block.kind == "item":
        mark = f"{block.number}." if block.number is not None else "-"
        return "  " * block.level + f"{mark} {text}"
    if block.kind == "quote":
        return "\n".join("> " + line for line in text.split("\n"))
    return text


def _markdown_table(rows: tuple[tuple[str, ...], ...]) -> str:
    if not rows:
        return ""
    width = max(len(r) for r in rows)

    def line(cells: tuple[str, ...]) -> str:
        padded = [escape(c).replace("|", "\\|") for c in cells] + [""] * (width - len(cells))
        return "| " + " | ".join(padded) + " |"

    out = [line(rows[0]), "|" + "---|" * width]
    out += [line(r) for r in rows[1:]]
    return "\n".join(out)


def _markdown_inlines(inlines: tuple[Inline, ...]) -> str:
    out: list[str] = []
    for run in inlines:
        if run.text == "\n":
            out.append("\\\n")
            continue
        lead = run.text[: len(run.text) - len(run.text.lstrip())]
        trail = run.text[len(run.text.rstrip()) :]
        core = run.text.strip()
        if not core:
            out.append(run.text)
            continue
        if run.code:
            tick = "``" if "`" in core else "`"
            piece = f"{tick}{core}{tick}"
        else:
            piece = escape(core)
            if run.emphasis and run.strong:
                piece = f"**_{piece}_**"
            elif run.strong:
                piece = f"**{piece}**"
            elif run.emphasis:
                piece = f"_{piece}_"
        if run.href:
            target = run.href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
            piece = f"[{piece}]({target})"
        out.append(lead + piece + trail)
    return _escape_line_starts("".join(out))


# Escapes only where Markdown would otherwise read the characters as syntax, so that the rendered text stays
# clean to read: "*", "_" at word edges, "`", a "]" that could close a link, "<" that could open a tag.
_INLINE_SYNTAX = re.compile(r"\\(?=[!-/:-@\[-`{-~])|[*`]|(?<![^\W_])_|_(?![^\W_])|\](?=[(\[:])|<(?=[A-Za-z/!?])")
_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[-+](?=\s)|=+\s*$|\d{1,9}(?=[.)]\s))", re.M)


def escape(text: str) -> str:
    """Text → Markdown that shows exactly that text."""
    return _INLINE_SYNTAX.sub(lambda m: "\\" + m.group(), text)


def _escape_line_starts(text: str) -> str:
    def fix(m: re.Match[str]) -> str:
        lead, mark = m.group(1), m.group(2)
        if mark[0].isdigit():
            return f"{lead}{mark}\\"  # "1998." → "1998\." is no list
        return f"{lead}\\{mark}"

    return _LINE_START.sub(fix, text)


def iter_prose(blocks: Iterable[Block]) -> Iterator[Block]:
    return (b for b in blocks if b.kind in PROSE_KINDS and b.text)
