"""Attribution: the speech verb, "according to" or colon that ties a quote span to a speaker.

After the quote: "…," said X / "…," X said / "…" — X, role / according to X. Before it: X said: "…" /
In a statement, the department said "…" / According to X, "…" / Her advice to renters: "…". In the
sentence: a speech verb with a subject (X called the ruling "…"), or the sentence's subject when a
participle leads in (X released a statement, saying "…"). "Reads" attributes only a writing ("the letter
reads"), never a sign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.article.quotes import grammar
from reader.core.article.quotes.grammar import Ref
from reader.core.article.quotes.lexicon import (
    DOCUMENT_NOUNS,
    NAMING_VERBS,
    POSSESSIVE_PRONOUNS,
    SPEECH_VERBS,
    word_set,
)
from reader.core.article.quotes.sentences import first_clause_end, last_sentence_start
from reader.core.article.quotes.spans import MASK, Pos

_PARTICIPLE = re.compile(
    r"(?:^|,)\s*(?:also\s+|later\s+)?(saying|adding|describing|calling|noting|writing|arguing|warning|telling|"
    r"explaining|insisting|declaring|asking|urging|vowing|promising|recalling|acknowledging|stating|"
    r"dubbing|labeling|labelling)\b"
)
# "the letter reads": only writings read out; "the sign read “Closed”" is a label
_DOCUMENT_VERBS = frozenset({"reads", "read", "reading"})
_POST_LEAD = re.compile(r"\s*([,—–-]*)\s*")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")
_TIGHT_TAIL = re.compile(r"(?P<tail>(?:\s+[^\s,:;" + MASK + r"]+){0,8}?)\s*(?P<punct>[,:]|—|–)?\s*$")
# speech verbs that may come before their subject ("said Sheriff Tom Hale"); "told X" never names the speaker
_INVERTIBLE = frozenset(
    v
    for v in SPEECH_VERBS
    if (v.endswith(("ed", "s")) or v in ("said", "wrote", "sang")) and v not in ("told", "tells")
)
# a clause after a quote that opens with these is narration, not an attribution
_CONJUNCTIONS = word_set("and but or yet so while although though because as whereas which who that where when")
_COMPLEMENT_STARTS = word_set("that it they he she we i there this these those")
_INVERSION_AUX = word_set("has had have would will also later then once previously again just quickly simply flatly")
_ACCORDING_PRE = re.compile(r"(?:^|,\s*|\s)according to\s+(?P<who>.+?)\s*,?\s*$", re.IGNORECASE | re.DOTALL)
_TRAILING_SPACES = " \t\n"
_LOOK_BACK = 400  # characters searched back for a sentence's start: long paragraphs stay linear


@dataclass
class Attribution:
    """Who a quote is tied to, and how: `direct` for "…," X said, not for a paraphrase around a partial."""

    ref: Ref
    direct: bool
    pos: Pos
    naming: bool = False
    side: str = "post"
    document: bool = False  # "according to the affidavit": a writing that reports someone's words


def speech_verbs(text: str, naming: bool = False) -> list[tuple[int, int, str]]:
    """Speech verbs in `text` as (start, end, verb); "according to" and "pointed out" count as one verb."""
    out: list[tuple[int, int, str]] = []
    for m in _LOWER_WORD.finditer(text):
        word = m.group()
        if word in SPEECH_VERBS or (naming and word in NAMING_VERBS) or word in _DOCUMENT_VERBS:
            out.append((m.start(), m.end(), word))
        elif word in ("according", "pointed"):
            follow = " to" if word == "according" else " out"
            if (
                text.startswith(follow, m.end())
                and not text[m.end() + len(follow) : m.end() + len(follow) + 1].isalpha()
            ):
                out.append((m.start(), m.end() + len(follow), f"{word}{follow}"))
    return out


def _inverted(rest: str) -> str | None:
    """The text after the verb of an inverted attribution ("said Sheriff Tom Hale"), if `rest` is one."""
    words = rest.split(None, 4)
    k = 0
    while k < len(words) - 1 and words[k] in _INVERSION_AUX:
        k += 1
    if k < len(words) - 1 and words[k] in _INVERTIBLE:
        return rest.split(None, k + 1)[k + 1]
    if k < len(words) - 2 and words[k] == "according" and words[k + 1] == "to":
        return rest.split(None, k + 2)[k + 2]
    return None


def after_quote(post: str, p: int, offset: int, inner_end: str) -> Attribution | None:
    clause = post[: first_clause_end(post)]
    lead = _POST_LEAD.match(clause)
    if lead is None:  # the pattern matches the empty string, so only a type checker worries
        return None
    rest = clause[lead.end() :]
    if not rest or rest[0] == MASK:
        return None
    rest = rest.split(MASK, 1)[0]
    pos = (p, offset + lead.end())
    comma_after = bool(lead.group(1))
    terminal = inner_end in ",?!—–-…" or comma_after
    if inner_end == "." and not comma_after and len(rest.split()) > 8:
        return None
    if any(d in lead.group(1) for d in "—–") and rest[:1].isupper() and not speech_verbs(rest):
        # a roundup's "“…” — Gwen Ortiz, director of the Eastside Housing Alliance"
        ref = grammar.parse_after(rest)
        if ref is not None and ref.kind in ("name", "org"):
            return Attribution(ref, direct=True, pos=pos)
    after_verb = _inverted(rest) if not rest[:1].isupper() else None
    if after_verb is not None:
        ref = grammar.parse_after(after_verb)
        parts = after_verb.split(None, 1)
        if ref is not None and ref.kind == "pronoun" and len(parts) == 2 and parts[0].isalpha():
            nxt = _LOWER_WORD.match(parts[1])
            if nxt and not grammar.ends_noun_phrase(nxt.group()):
                ref = None  # '“Evicted,” said she cried': "she" starts a clause, it is not the speaker
        if ref is not None:
            document = rest.lstrip().startswith("according") and grammar.names_document(after_verb)
            return Attribution(ref, direct=terminal, pos=pos, document=document)
    for v_start, v_end, verb in speech_verbs(rest):
        subject = rest[:v_start]
        if len(subject.split()) > 30:
            break
        if verb == "according to":
            ref = grammar.parse_after(rest[v_end:])
            if ref is not None:
                return Attribution(
                    ref,
                    direct=terminal and not subject.strip(),
                    pos=pos,
                    document=grammar.names_document(rest[v_end:]),
                )
            continue
        if not subject.strip() and verb in _INVERTIBLE:
            break  # an inverted verb that named nobody: '“Evicted,” said she cried' has no attribution
        if verb == "pointed out" or not subject.strip():
            continue
        first_word = subject.split(None, 1)[0].strip(",").casefold()
        following = rest[v_end:].split(None, 1)
        if first_word in _CONJUNCTIONS or (following and following[0].casefold() in _COMPLEMENT_STARTS):
            break  # "…,” but supporters say it will save lives: a new clause, not an attribution
        ref, whole = grammar.parse_subject(subject)
        if ref is not None and _speaks(ref, verb):
            return Attribution(ref, direct=terminal and whole, pos=(p, offset + lead.end() + v_start))
        break
    return None


def before_quote(pre: str, p: int, offset: int) -> Attribution | None:
    """Attribution before the opening mark; `pre` runs from its sentence start to the mark."""
    text = pre.rstrip(_TRAILING_SPACES)
    if not text.strip():
        return None
    am = _ACCORDING_PRE.search(text)
    if am:
        who = am.group("who")
        comma = who.find(",")
        if comma > 0 and grammar.names_document(who[:comma]):
            # "According to the affidavit, Simmons told investigators he “…”": Simmons speaks
            at = am.start("who") + comma + 1
            reporter = in_sentence(text[at:], p, offset + at)
            if reporter is not None:
                reporter.direct, reporter.naming = True, False
                return reporter
        ref = grammar.parse_after(who)
        if ref is not None:
            return Attribution(ref, direct=True, pos=(p, offset + am.start("who")), side="pre")
    verbs = speech_verbs(text, naming=True)
    speech = [v for v in verbs if v[2] not in NAMING_VERBS]
    if speech:
        v_start, v_end, _verb = speech[-1]
        tail = _TIGHT_TAIL.match(text, v_end)
        # "Kenney said," / "Kenney told reporters:" / "the department said",
        # but not "Kenney said the city would"
        if tail and (tail.group("punct") or not tail.group("tail").strip()) and text[:v_start].strip():
            ref, _whole = grammar.parse_subject(text[:v_start])
            if ref is not None and _speaks(ref, _verb):
                return Attribution(ref, direct=True, pos=(p, offset + v_start), side="pre")
    if text.endswith(":") and not verbs:
        ref = _colon_subject(text[:-1])
        if ref is not None:
            return Attribution(ref, direct=True, pos=(p, offset), side="pre")
    return in_sentence(text, p, offset, verbs)


def in_sentence(text: str, p: int, offset: int, verbs: list[tuple[int, int, str]] | None = None) -> Attribution | None:
    """A speech verb anywhere in the sentence before the quote, with its subject: "X called the plan “…”"."""
    for v_start, _v_end, verb in speech_verbs(text, naming=True) if verbs is None else verbs:
        subject = text[:v_start]
        if not subject.strip() or verb in ("according to", "pointed out"):
            continue
        ref, _whole = grammar.parse_subject(subject)
        if ref is not None and _speaks(ref, verb):
            naming = verb in NAMING_VERBS
            return Attribution(ref, direct=False, pos=(p, offset + v_start), naming=naming, side="pre")
    return None


def _speaks(ref: Ref, verb: str) -> bool:
    if verb not in _DOCUMENT_VERBS:
        return True
    return ref.kind == "desc" and grammar.head_noun(ref.text) in DOCUMENT_NOUNS


def by_participle(pre_full: str, offset: int, masked: str, p: int) -> Attribution | None:
    """In "Kehoe played it down, describing it as “…”" the speaker is the subject of the whole sentence."""
    found = list(_PARTICIPLE.finditer(pre_full))
    if not found:
        return None
    m = found[-1]
    at = offset + m.start()
    look = max(0, at - _LOOK_BACK)  # a bounded look back keeps long paragraphs linear
    start = look + last_sentence_start(masked[look:at])
    for seg in grammar.split_segments(masked[start:at])[:3]:
        ref = grammar.parse_np_start(grammar.tokens(seg))
        if ref is not None:
            if ref.kind not in ("name", "pronoun", "org"):
                return None
            naming = m.group(1) in ("describing", "calling", "dubbing", "labeling", "labelling")
            return Attribution(ref, direct=False, pos=(p, offset + start), naming=naming, side="pre")
        if not grammar.is_intro(seg):
            return None
    return None


def _colon_subject(text: str) -> Ref | None:
    """The speaker of "Her advice to renters: “…”" or "Jenna Kowalski, a teacher, put it simply: “…”"."""
    toks = grammar.tokens(text)
    if not toks:
        return None
    first = toks[0].casefold()
    if first in POSSESSIVE_PRONOUNS:
        return Ref("pronoun", POSSESSIVE_PRONOUNS[first])
    for seg in grammar.split_segments(text)[:2]:
        ref = grammar.parse_np_start(grammar.tokens(seg))
        if ref is not None and ref.kind in ("name", "pronoun", "org"):
            return ref
    return None
