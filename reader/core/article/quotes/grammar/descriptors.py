"""A speaker described rather than named: descriptors ("a spokeswoman for the district", "this source"),
groups ("police", "Republicans") and shares of a group ("Only 41 percent of voters"); the noun a
descriptor is about, and whether it names someone or something that says things.
"""

from __future__ import annotations

import re

from reader.core.article.quotes.grammar.names import (
    _ELLIPTIC_WORDS,
    Ref,
    is_demonym,
)
from reader.core.article.quotes.grammar.words import (
    _ARTICLES,
    _CLAUSE_WORDS,
    _POSSESSIVES,
    _PREFIX_STOPS,
    AGE_NOUN,
    POSSESSIVE_END,
    PREPOSITIONS,
    is_cap,
    is_role_word,
    strip_possessive,
)
from reader.core.article.quotes.lexicon import (
    DETERMINERS,
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    ORG_ANAPHORS,
    PARTY_AND_COMMUNITY,
    ROLE_NOUNS,
    SPEECH_VERBS,
    STOP_CAPS,
    word_set,
)


def _desc_from(toks: list[str]) -> Ref | None:
    if not toks:
        return None
    last = toks[-1].casefold()
    for k, tok in enumerate(toks):
        low = tok.casefold()
        if low in _ARTICLES or low in _POSSESSIVES or (k == 0 and POSSESSIVE_END.search(tok) and is_cap(tok)):
            if low in ("a", "an") and last in GROUP_NOUNS and len(toks) - k > 2:
                return None  # "a measure critics have called": the plural is a noun phrase of its own
            if last in DETERMINERS or last in PREPOSITIONS or last in ("and", "or", "but"):
                return None  # "an appeal or refiling the": a fragment, not a noun phrase
            # only a short phrase is a descriptor; slicing just those keeps long sentences linear
            if len(toks) - k <= 14 and _np_before_clause(toks[k + 1 :]):
                return Ref("desc", " ".join(toks[k:]), definite=low == "the" or low in _POSSESSIVES)
    return None


def _np_before_clause(words: list[str]) -> bool:
    """No verb in the phrase, unless it sits in a relative clause: "a woman who answered the door" (not "the
    campaign distanced itself from a volunteer who …", whose verb comes first)."""
    relative = any(w.casefold() in _RELATIVES for w in words)
    for k, word in enumerate(words):
        low = word.casefold()
        if low in _RELATIVES:
            return True
        if low in _CLAUSE_WORDS or low in SPEECH_VERBS or (relative and k and _verb_after_noun(word, words[k - 1])):
            return False
    return True


def _group_from(toks: list[str]) -> Ref | None:
    if len(toks) >= 2 and toks[-1].casefold() == "percent" and toks[-2].replace(".", "").isdigit():
        k = len(toks) - 2  # "and 12 percent said": a share of those just asked
        while k > 0 and len(toks) - k < 5 and toks[k - 1].casefold() in _SHARE_LEADS - _ARTICLES_AND_PREPS:
            k -= 1
        return Ref("desc", " ".join(toks[k:]))
    if not toks or toks[-1].casefold() not in GROUP_NOUNS:
        return None
    k = len(toks) - 1
    while k > 0 and len(toks) - k < 3:
        prev = toks[k - 1]
        if prev.casefold() in _PREFIX_STOPS or prev.casefold() in STOP_CAPS or not prev.isalpha():
            break
        k -= 1
    if k < len(toks) - 1 and k > 0 and toks[k - 1].casefold() in ("a", "an"):
        k += 1  # "a measure critics have called": "a measure" is its own noun phrase
    return Ref("desc", " ".join(toks[_share_start(toks, k) :]))


# "41 percent of", "a majority of", "six in 10": a share of a group speaks as that share
_SHARES = word_set("percent majority minority half third quarter fifth plurality most many some all none few")
_SHARE_LEADS = word_set("only about nearly just roughly almost some fully barely a an the in of than more fewer less")
_ARTICLES_AND_PREPS = word_set("a an the in of")
_SHARE_ALONE = re.compile(r"^(?:(?:only|about|nearly|just|roughly|almost|some|fully|barely) )*\d[\d.]* percent$", re.I)


def _share_start(toks: list[str], k: int) -> int:
    """Where a share of the group at `k` begins: "Just 41 percent of likely voters", "Six in 10 voters"."""
    if k >= 2 and toks[k - 1].casefold() == "of":
        share = toks[k - 2].casefold()
        if share in _SHARES or share.rstrip("%").isdigit():
            m = k - 2
            while m > 0 and k - m < 6 and (toks[m - 1].casefold() in _SHARE_LEADS or toks[m - 1].rstrip("%").isdigit()):
                m -= 1
            return m
    if k >= 3 and toks[k - 2].casefold() == "in" and toks[k - 1].isdigit():
        return k - 3  # "six in 10 voters"
    return k


def _verb_after_noun(tok: str, prev: str) -> bool:
    """Whether `tok`, after a noun, is the verb of a clause: "candidate sent", "Committee released",
    "ad claims" (a speech verb, or a past form after a capitalised word or a noun that heads phrases)."""
    if is_cap(tok):
        return False
    low = tok.casefold()
    if low in SPEECH_VERBS or low in _PAST_VERBS:
        return True
    noun = strip_possessive(prev).casefold()
    return low.endswith("ed") and (is_cap(prev) or noun in _HEAD_NOUNS or noun.rstrip("s") in _HEAD_NOUNS)


_PAST_VERBS = word_set("sent went came took made gave put got held ran won lost began led left met saw spent wrote")


# words that open a relative clause ("a woman who answered the door")
_RELATIVES = word_set("who whom whose that")


_SPEAKING_THINGS = word_set(
    """
    man woman person people crowd audience voter voters poll polls source sources city town county state
    village borough township country government kingdom nation republic account feed page voice voice-over
    narrator textbook
    """
)


_HEAD_NOUNS = DOCUMENT_NOUNS | ORG_ANAPHORS | GROUP_NOUNS | ROLE_NOUNS | _SPEAKING_THINGS


def can_speak(desc: str) -> bool:
    """Whether a descriptor names someone or something that says things: a role, a group, an organisation,
    a writing ("a spokeswoman", "officials", "the agency", "the ad"), not "the plan" or "the majority"."""
    if desc in _ELLIPTIC_WORDS or desc in PARTY_AND_COMMUNITY or is_demonym(desc):
        return True  # "another" (of those just named), "Republicans", "Ohioans"
    if _SHARE_ALONE.match(desc):
        return True  # "12 percent said": a share of those asked
    head = head_noun(desc)
    if head.endswith("s") and len(head) > 3 and head[:-1] in ORG_ANAPHORS | DOCUMENT_NOUNS | _SPEAKING_THINGS:
        head = head[:-1]  # "the groups", "the ads"
    return (
        is_role_word(head)
        or bool(AGE_NOUN.match(head))
        or head in GROUP_NOUNS
        or head in DOCUMENT_NOUNS
        or head in ORG_ANAPHORS
        or head in _SPEAKING_THINGS
    )


def strip_determiner(text: str) -> str:
    words = text.split()
    if words and (words[0].casefold() in _ARTICLES or words[0].casefold() in _POSSESSIVES):
        words = words[1:]
    return " ".join(words)


def head_noun(desc: str) -> str:
    """The noun a descriptor is about: "spokesperson" in "a spokesperson for the mayor"."""
    words = [strip_possessive(w.casefold()) for w in strip_determiner(desc).split()]
    for k, word in enumerate(words):
        if word == "of" and k > 0 and (words[k - 1] in _SHARES or words[k - 1].rstrip("%").isdigit()):
            continue  # "41 percent of voters", "most of the crowd": the group is the head
        if (word in PREPOSITIONS or word in _RELATIVES or word == "which") and k > 0:
            return words[k - 1]
        if k > 0 and word.endswith("ed") and words[k - 1] in _HEAD_NOUNS:
            return words[k - 1]  # "a report released last year found": the noun before the participle
    return words[-1] if words else ""
