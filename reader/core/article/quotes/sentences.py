"""Where sentences and clauses end in news prose: a stop after an initial or "Sen." ends nothing."""

from __future__ import annotations

import re

from reader.core.article.quotes.lexicon import ABBREVIATIONS, NEVER_SENTENCE_END

_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENT_END = re.compile(r"[.!?…]+[)\]”\"’']*(?=\s+[^\sa-z]|\s*$)")
_CLAUSE_END = re.compile(r"[.!?…]+[)\]”\"’']*(?=\s+[^\sa-z,]|\s*$)|;")
_INITIALISM = re.compile(r"^(?:[a-z]\.)+[a-z]$")


def is_sentence_end(s: str, m: re.Match[str]) -> bool:
    if s[m.start()] != ".":
        return True
    head = s[max(0, m.start() - 24) : m.start()].split()  # the word the stop ends; a short look back is enough
    word = head[-1] if head else ""
    word = word.lstrip("(“\"‘'").casefold()
    if (len(word) == 1 and word.isalpha()) or _INITIALISM.match(word):
        return False  # an initial or initials: "Robert J. Haines", "J.D. Whitfield"
    if word in NEVER_SENTENCE_END:
        return False
    if word in ABBREVIATIONS:
        nxt = s[m.end() :].lstrip()[:1]
        return nxt.isupper() and word not in ("st", "mt", "ft")
    return True


def last_sentence_start(s: str) -> int:
    start = 0
    for m in _SENT_END.finditer(s):
        if is_sentence_end(s, m):
            start = m.end()
    return start


def first_sentence_end(s: str) -> int:
    """Where the first sentence of `s` ends (after its stop), or -1 when it runs to the end."""
    for m in _SENT_END.finditer(s):
        if is_sentence_end(s, m):
            return m.end()
    return -1


def first_clause_end(s: str) -> int:
    for m in _CLAUSE_END.finditer(s):
        if m.group() == ";" or is_sentence_end(s, m):
            return m.start()
    return len(s)


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))
