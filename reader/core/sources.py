"""Who is a source: telling a named speaker from a description, one key per person, and `said:NAME` queries."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["SaidQuery", "is_named", "matches", "parse_said", "speaker_key"]

# A capitalised first word that still starts a description ("The city", "Three neighborhood associations").
_DETERMINERS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "some", "several", "many", "most", "few", "both", "all",
    "each", "every", "either", "neither", "no", "none", "another", "other", "one", "two", "three", "four", "five",
    "six", "seven", "eight", "nine", "ten", "dozens", "hundreds", "his", "her", "their", "its", "our", "my", "your",
    "such", "any",
})
_SAID = re.compile(r"""\bsaid:(?:"([^"]*)"?|'([^']*)'?|(\S*))""", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def is_named(speaker: str | None) -> bool:
    """Whether a quote's speaker names someone ("Lan Nguyen", "Harbor Gas") rather than describes them.

    The quote finder writes a description as it stands in the text, starting with a lower-case article or
    determiner ("a county spokeswoman", "the clerk", "residents"); a sentence-initial one is capitalised
    ("Three neighborhood associations"). A quote without a named speaker is not a source.
    """
    if not speaker:
        return False
    text = speaker.strip()
    if not text or not text[0].isalpha() or not text[0].isupper():
        return False
    first = text.split()[0].casefold()
    return first not in _DETERMINERS


def speaker_key(name: str) -> str:
    """One key per person across articles: case, accents, dots and spacing folded ("José  Ramírez" = "jose ramirez").

    Only the spelling is folded: a surname alone is not merged with a full name (within an article the quote
    finder already resolves surnames and titles to the full name).
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("’", "'").replace(".", " ")
    return " ".join(plain.casefold().split())


def matches(key: str, wanted: str) -> bool:
    """Whether a speaker (by key) is the person `wanted` names: the same name, or every word of it in order."""
    wanted_key = speaker_key(wanted)
    if not wanted_key:
        return False
    if key == wanted_key:
        return True
    words = key.split()
    asked = wanted_key.split()
    # Whole words, in order: "said:Nguyen" finds Lan Nguyen, "said:lan nguyen" too; "said:ngu" does not.
    return any(words[start : start + len(asked)] == asked for start in range(len(words) - len(asked) + 1))


@dataclass(frozen=True)
class SaidQuery:
    """A search split into the people it asks about (`said:NAME`) and the words left for full-text search."""

    names: tuple[str, ...]
    words: str


def parse_said(query: str) -> SaidQuery:
    """`said:"Lan Nguyen" budget` → names ("Lan Nguyen",), words "budget". `said:Nguyen` takes one word."""
    names: list[str] = []

    def take(match: re.Match[str]) -> str:
        name = next((g for g in match.groups() if g is not None), "")
        name = " ".join(name.replace("_", " ").split())
        if _WORD.search(name):
            names.append(name)
        return " "

    words = _SAID.sub(take, query)
    return SaidQuery(tuple(names), " ".join(words.split()))
