"""Quote spans: which characters of which paragraphs lie between quotation marks.

Double marks (“ ” " « » „) delimit quotes; single marks (‘ ’ ') do only in a paragraph without double marks,
and only as ‘Capital … punctuation’, so apostrophes (don't, '90s, students') never open one; single marks
inside a double-quoted span belong to it. An AP-style quote left open at a paragraph's end continues when
the next paragraph reopens it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

Pos = tuple[int, int]  # (paragraph index, character offset)

MASK = "\x1e"  # stands in for every character of a quote (marks included) in the masked paragraphs
_OPENERS = "“„«"
_CLOSERS = "”»"
_DOUBLE_RE = re.compile('[“”„«»"]')
# an opening single mark needs a capital after it and a closing one punctuation before it, so
# apostrophes (don't, '90s, students') never pair up
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–]))[‘'](?=[A-Z])")
_SINGLE_CLOSE = re.compile(r"[.,!?…—][’'](?![\w])")


@dataclass
class Span:
    """One quotation between marks, possibly over several paragraphs."""

    segs: list[tuple[int, int, int]]  # (paragraph, content start, content end)
    open_mark: Pos
    close_mark: Pos | None  # None when the span ran to the end of its paragraph
    text: str = ""


def _straight_opens(s: str, i: int) -> bool:
    before = s[i - 1] if i > 0 else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    opener_ctx = before.isspace() or before in "([{—–-/" or i == 0
    closer_ctx = after.isspace() or after in ".,;:!?)]}—–-" or i + 1 == len(s)
    return opener_ctx or not closer_ctx


def _looks_opening(s: str, i: int) -> bool:
    before = s[i - 1] if i > 0 else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    return (before.isspace() or before in "([{—–-/") and not after.isspace()


def _looks_closing(s: str, i: int) -> bool:
    before = s[i - 1] if i > 0 else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-'’")


def find_spans(paras: list[str], turns: Collection[int] = ()) -> list[Span]:
    """The quotes of an article's paragraphs; a quote left open never runs on into a paragraph in
    `turns` (where a transcript gives the floor to someone new)."""
    spans: list[Span] = []
    carry: Span | None = None  # an AP-style quote left open at the end of the previous paragraph
    for p, s in enumerate(paras):
        open_at: int | None = None
        current: Span | None = None
        if carry is not None:
            lead = len(s) - len(s.lstrip())
            if lead < len(s) and s[lead] in _OPENERS + '"' and p not in turns:
                open_at = lead
                current = carry
            else:
                # not reopened: the previous paragraph's quote ends where that paragraph ended
                spans.append(carry)
            carry = None
        marks = [m.start() for m in _DOUBLE_RE.finditer(s)]
        start_idx = 0
        if current is not None and open_at is not None:
            start_idx = 1 if marks and marks[0] == open_at else 0
        inner: set[int] = set()  # marks of a quote nested inside another, set with the same marks
        for n, i in enumerate(marks):
            if n < start_idx:
                continue
            if i in inner:
                continue
            ch = s[i]
            if open_at is not None and ch == "“" and s[open_at] == "“" and _nested(s, marks, n):
                # “… what he calls “a dump” than the tower.”: the inner pair belongs to the outer quote
                inner.add(marks[n + 1])
                continue
            if open_at is None:
                # a ” set as an opener (”Fear. I am afraid…”) opens, as a “ set as a closer closes
                if (
                    ch in _OPENERS
                    or (ch == '"' and _straight_opens(s, i))
                    or (ch in _CLOSERS and _looks_opening(s, i) and not _looks_closing(s, i))
                ):
                    open_at = i
                continue
            if ch in _CLOSERS or ch == '"' or not _looks_opening(s, i) or _looks_closing(s, i):
                # a “ that sits like a closer ("… challenge,“ said Clyburn") closes
                if current is None:
                    spans.append(Span([(p, open_at + 1, i)], (p, open_at), (p, i)))
                else:
                    current.segs.append((p, open_at + 1, i))
                    current.close_mark = (p, i)
                    spans.append(current)
                    current = None
                open_at = None
            else:
                # an opener inside an open quote: the earlier mark was never closed, so that quote ends here
                if current is None:
                    spans.append(Span([(p, open_at + 1, i)], (p, open_at), None))
                else:
                    current.segs.append((p, open_at + 1, i))
                    current.close_mark = None
                    spans.append(current)
                    current = None
                open_at = i
        if open_at is not None:
            if current is None:
                current = Span([], (p, open_at), None)
            current.segs.append((p, open_at + 1, len(s)))
            current.close_mark = None
            carry = current
        if not marks:
            spans.extend(_single_spans(p, s))
    if carry is not None:
        spans.append(carry)
    for span in spans:
        parts = [paras[p][a:b].strip() for p, a, b in span.segs]
        span.text = "\n\n".join(x for x in parts if x)
    spans.sort(key=lambda sp: sp.open_mark)
    return spans


def _nested(s: str, marks: list[int], n: int) -> bool:
    """Whether the “ at `marks[n]`, inside an open “ quote, opens a quote nested in it: the next two marks
    both close, and the first of them closes a short phrase."""
    if n + 2 >= len(marks) or not _looks_opening(s, marks[n]):
        return False
    first, second = marks[n + 1], marks[n + 2]
    return (
        s[first] == "”"
        and s[second] in '”"'
        and _looks_closing(s, second)
        and first - marks[n] <= _NESTED_MAX
        and not _looks_opening(s, first)
    )


_NESTED_MAX = 80  # characters: a word or a phrase quoted inside a quote


def _single_spans(p: int, s: str) -> list[Span]:
    """‘Speech in single marks,’ when a paragraph has no double marks at all."""
    found: list[Span] = []
    pos = 0
    while True:
        opener = _SINGLE_OPEN.search(s, pos)
        if opener is None:
            return found
        closer = _SINGLE_CLOSE.search(s, opener.end() + 1)
        if closer is None:
            return found
        close = closer.end() - 1
        found.append(Span([(p, opener.end(), close)], (p, opener.start()), (p, close)))
        pos = close + 1


def intervals(spans: list[Span]) -> dict[int, list[tuple[int, int]]]:
    """Per paragraph, the sorted character ranges that quotes occupy, marks included."""
    bounds: dict[int, list[tuple[int, int]]] = {}
    for span in spans:
        for k, (p, a, b) in enumerate(span.segs):
            start = a - 1 if a > 0 and (k > 0 or (p, a - 1) == span.open_mark) else a
            end = b + 1 if span.close_mark == (p, b) else b
            bounds.setdefault(p, []).append((start, end))
    for ranges in bounds.values():
        ranges.sort()
    return bounds


def mask(paras: list[str], bounds: dict[int, list[tuple[int, int]]]) -> list[str]:
    """The paragraphs with every quote blanked out, so names inside quotes are not taken for speakers."""
    out = list(paras)
    for p, ranges in bounds.items():
        s = paras[p]
        pieces: list[str] = []
        at = 0
        for start, end in ranges:
            start = max(start, at)
            pieces.append(s[at:start])
            pieces.append(MASK * max(0, end - start))
            at = max(at, end)
        pieces.append(s[at:])
        out[p] = "".join(pieces)
    return out
