"""Words as the speaker grammar reads them: tokens without the marks around them ("Sgt." and "O'Malley"
intact), comma-separated segments, capitals, possessives, the words that name a role, and the word classes
the rules share. An office named with "of" is one title word: "former Secretary of State Ana Ruiz" reads
as a title and a name.
"""

from __future__ import annotations

import re

from reader.core.article.quotes.lexicon import (
    ABBREVIATIONS,
    AUXILIARIES,
    DETERMINERS,
    FEMALE_NAMES,
    HONORIFICS,
    MALE_NAMES,
    NOT_ROLE_WORDS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    SUFFIXES,
    TITLE_HEADS,
    word_set,
)

FIRST_NAMES = FEMALE_NAMES | MALE_NAMES
_ARTICLES = frozenset({"a", "an", "the", "another", "one", "this", "these"})
# words that open a noun phrase the way an article does: "several neighborhood groups", "many voters"
_QUANTIFIERS = frozenset(
    {"several", "many", "some", "most", "few", "both", "all", "two", "three", "four", "five", "numerous", "various"}
)
_POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my"})
PREPOSITIONS = word_set(
    "in on at to from with by of for about into onto over under after before during as than like near "
    "inside outside against between among through across behind beyond without within via per alongside amid "
    "despite toward towards upon beside besides throughout regarding concerning"
)
# Words that end a noun phrase read left to right ("said a spokesperson for the mayor in a statement").
_NP_STOPS = word_set(
    "in on during after before when while as because since who whom whose which that where adding saying "
    "noting "
    "told said says and but or outside inside at about than if although though until is was are were has "
    "have had will would can could should does did"
)
_CLAUSE_WORDS = word_set("who whom whose which that is was are were be been being has have had")
_PREFIX_STOPS = (
    DETERMINERS
    | PREPOSITIONS
    | SPEECH_VERBS
    | AUXILIARIES
    | word_set("and or but is was are were be been being according who whom whose which that")
)
AGE = re.compile(r"^\d{1,3}$")
_STRIP = "“”\"‘’'()[]{}:;!?"
POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")
_SEGMENT_COMMA = re.compile(r",(?!\d{3})")
_TOKEN = re.compile(
    r"[^\s“”\"‘’'()\[\]{}:;!?,](?:(?:[^\s“”\"()\[\]{}:;!?,]|,(?=\d))*[^\s“”\"‘’'()\[\]{}:;!?,])?"
    r"(?:(?<=[sS])['’](?![\w'’]))?"  # "Reyes’ newsletter": a plural or s-final possessive keeps its mark
)


# joins the words of an office named with "of" ("Secretary of State") into one title word
JOIN = "\u2060"
_OFFICE = re.compile(r"\b(?P<head>[A-Z][a-z]+) of (?:the )?(?P<caps>[A-Z][\w'’.-]*(?: (?:[A-Z][\w'’.-]*|and|&)){0,7})")
# departments a secretary heads, named by one word: "Secretary of State Ruiz" names Ruiz by surname
_ONE_WORD_OFFICES = word_set("State Defense Labor Commerce Energy Education Agriculture Transportation Treasury Staff")


def join_offices(text: str) -> str:
    """`text` with each office named with "of" written as one title word, its length kept: "Former
    Secretary of State Ana Ruiz" reads as a title and a name, "Chief of Staff Leo Park" too."""
    return _OFFICE.sub(_join_office, text) if " of " in text else text


def _join_office(m: re.Match[str]) -> str:
    if m.group("head") not in TITLE_HEADS:
        return m.group()
    words = m.group("caps").split(" ")
    for k, word in enumerate(words):
        # the office ends at a sentence's stop ("… Secretary of State. He said") and at a title of its own
        # ("Speaker of the House Rep. Ann Cole")
        if k and (word in TITLE_HEADS or word in HONORIFICS):
            words = words[:k]
            break
        initial = len(word) == 2 or word in SUFFIXES or word.rstrip(".").casefold() in ABBREVIATIONS
        if word.endswith(".") and not initial:
            words = words[: k + 1]
            break
    office = len(words) - len(_office_name(words))
    if office <= 0:
        return m.group()
    end = m.start("caps") + len(" ".join(words[:office]))
    return m.string[m.start() : end].replace(" ", JOIN) + m.string[end : m.end()]


def _office_name(words: list[str]) -> list[str]:
    """The name after an office's words: "State Ana M. Ruiz" → "Ana M. Ruiz"; none in "Homeland Security"."""
    for k in range(1, len(words) - 1):
        if words[k].casefold() in FIRST_NAMES and words[k - 1].casefold() not in FIRST_NAMES:
            return words[k:]
    if len(words) >= 3:
        take = 3 if len(words[-2]) == 2 and words[-2].endswith(".") or words[-1] in SUFFIXES else 2
        return words[-take:] if len(words) > take else []
    if len(words) == 2 and words[0] in _ONE_WORD_OFFICES:
        return words[1:]
    return []


def is_title(tok: str) -> bool:
    """A title word before a name: "Sen.", "Chief", or an office joined into one word ("Secretary of State")."""
    return tok in TITLE_HEADS or (JOIN in tok and tok.split(JOIN, 1)[0] in TITLE_HEADS)


def clean_token(tok: str) -> str:
    return tok.strip(_STRIP).rstrip(",")


def tokens(text: str) -> list[str]:
    """Words without the quote marks, brackets and punctuation around them ("Sgt." and "O'Malley" intact)."""
    return _TOKEN.findall(text)


def is_cap(tok: str) -> bool:
    return bool(tok) and tok[0].isupper()


def strip_possessive(tok: str) -> str:
    if len(tok) > 2:
        if tok.endswith(("'s", "’s")):
            return tok[:-2]
        if tok.endswith(("'", "’")):
            return tok[:-1]
    return tok


_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "eer", "ee", "man", "woman", "person")


def is_role_word(word: str) -> bool:
    """A noun naming what someone does: the lexicon, else an agent-noun ending (organizer, librarian)."""
    w = strip_possessive(word).casefold()
    if w in ROLE_NOUNS:
        return True
    # the suffix says nothing of a capitalised word: "Denver", "Walker", "Trent"
    return (
        not word[:1].isupper()
        and len(w) >= 6
        and w.isalpha()
        and w.endswith(_AGENT_SUFFIXES)
        and not w.endswith(("ment", "ness", "ance", "ence"))  # repayment, statement: things, not people
        and w not in NOT_ROLE_WORDS
    )


def split_segments(text: str) -> list[str]:
    """Comma-separated segments; commas inside numbers ("1,000") do not split."""
    return [seg.strip() for seg in _SEGMENT_COMMA.split(text)]


AGE_NOUN = re.compile(r"^\d{1,3}-year-old$")
