"""Transcript lines: "BELL: Let's start with the pier." — a speaker's name in capitals, a colon, the words.

Interviews and debates are printed this way, with or without quotation marks around each line. A line
counts when the article holds at least two of them (a conversation has turns); a kicker such as
"UPDATE:" or "BREAKING:" opening a paragraph is not a speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.article.quotes.lexicon import word_set

_LABEL = re.compile(
    r"^(?P<mark>[\"“]\s*)?(?P<label>[A-Z][A-Z'’.-]*[A-Z.](?:\s+[A-Z][A-Z'’.-]*[A-Z.]){0,2})\s*:\s+(?=\S)"
)
# capitalised words that open a paragraph with a colon without naming anyone who speaks
_KICKERS = word_set(
    """
    UPDATE UPDATED UPDATES CORRECTION CORRECTIONS CLARIFICATION EDITOR'S EDITOR’S EDITORS NOTE BYLINE EMAIL
    E-MAIL EXCLUSIVE BREAKING WATCH READ LOOK BOOM BUSTED PHOTO PHOTOS VIDEO RELATED SOURCE SOURCES CREDIT
    PREVIOUSLY ALSO MORE WHAT WHY HOW WHEN WHERE WHO FACT CHECK TRUTH FALSE TRUE NEWS ALERT WARNING DEVELOPING
    LIVE ANALYSIS OPINION COMMENTARY REVIEW SPOILER SPOILERS TRANSCRIPT Q A PS P.S. NB N.B. TL;DR FYI
    """
)
_MIN_LINES = 2


@dataclass
class Line:
    """One transcript line: who speaks (the label as printed) and where the words start."""

    label: str
    text_start: int
    quoted: bool


def transcript_lines(paras: list[str]) -> dict[int, Line]:
    """The paragraphs that are transcript lines, by index."""
    found: dict[int, Line] = {}
    for p, s in enumerate(paras):
        if ":" not in s[:40]:
            continue
        m = _LABEL.match(s)
        if m is None:
            continue
        label = m.group("label")
        if any(word in _KICKERS for word in label.split()):
            continue
        found[p] = Line(label, m.end(), bool(m.group("mark")))
    if len(found) < _MIN_LINES:
        return {}
    return found


def speaker_name(label: str) -> str:
    """The label as a name: "BELL" → "Bell", "MARCY BELL" → "Marcy Bell", "O'CONNOR" → "O'Connor"."""
    return " ".join(_name_case(word) for word in label.split())


def _name_case(word: str) -> str:
    out = []
    upper_next = True
    for ch in word:
        out.append(ch.upper() if upper_next else ch.lower())
        upper_next = ch in "'’-."
    return "".join(out)
