"""The speaker around a speech verb, commas and all: before the verb with its appositions ("Erika Almiron,
executive director of Juntos,"), after an inverted verb or "according to". Introductory phrases ("In a
post on Facebook"), time phrases ("On Tuesday") and a state after its town ("Dayton, Ohio") are no
speaker; an "according to" source may be a writing ("court records").
"""

from __future__ import annotations

import re

from reader.core.article.quotes.grammar.descriptors import (
    head_noun,
)
from reader.core.article.quotes.grammar.names import (
    Ref,
    _party_only,
    ref_from_run,
)
from reader.core.article.quotes.grammar.phrases import (
    _strip_aux_tail,
    parse_np_end,
    parse_np_start,
)
from reader.core.article.quotes.grammar.words import (
    _ARTICLES,
    _CLAUSE_WORDS,
    _NP_STOPS,
    _POSSESSIVES,
    AGE,
    FIRST_NAMES,
    POSSESSIVE_END,
    PREPOSITIONS,
    is_cap,
    is_role_word,
    split_segments,
    strip_possessive,
    tokens,
)
from reader.core.article.quotes.lexicon import (
    DOCUMENT_NOUNS,
    NAME_PARTICLES,
    PLACE_NAMES,
    SPEECH_VERBS,
    STOP_CAPS,
    word_set,
)


def appositive_role(seg: str) -> tuple[bool, str | None]:
    """Whether `seg` is an apposition after a name, and its role (None for ages and relative clauses)."""
    toks = tokens(seg)
    if not toks:
        return False, None
    low = toks[0].casefold()
    if AGE.match(toks[0]):
        return True, None
    if low in ("who", "whose", "whom", "which"):
        return True, None
    if low in ("of", "from") and len(toks) > 1 and is_cap(toks[1]) and len(toks) <= 4:
        return True, None  # "of Eastwick": where someone is from, not what they do
    if low.endswith("ing") and not is_cap(toks[0]):
        return False, None  # ", wiping down the counter": an action, not a role
    # A capitalised word is part of a name ("the Recall Brandt Committee"), not a speech verb.
    if any(t.casefold() in SPEECH_VERBS and not is_cap(t) for t in toks):
        return False, None
    if low in ("a", "an", "the", "another") or low in _POSSESSIVES:
        body = toks[1:]
        if _party_only(body):
            return True, None  # ", a Democrat from Dayton,": a party, like ", D-Ohio,", is not a role
        if not body or all(is_cap(t) or t in NAME_PARTICLES for t in body):
            return False, None  # "the Riverside Fire Company": a name, not a description
        # a role names what someone is; without a role noun only a short phrase qualifies ("a Democrat")
        if any(is_role_word(t) for t in body[:6]) or len(body) <= 3:
            return True, " ".join(seg.split()[1:])
        return False, None
    if low in PREPOSITIONS or low in _CLAUSE_WORDS:
        return False, None
    if any(is_role_word(t) for t in toks[:4]):
        if is_cap(toks[0]) and toks[0].casefold() in FIRST_NAMES:
            return False, None
        return True, seg.strip()
    return False, None


_INTRO_WORDS = PREPOSITIONS | word_set("when while asked speaking standing writing as since")


def is_intro(seg: str) -> bool:
    """An introductory phrase ("In a post on Facebook", "Asked about the delay", "Reached by phone")
    rather than a noun phrase."""
    toks = seg.split(None, 2)
    if not toks:
        return False
    first = toks[0].casefold()
    if first in _INTRO_WORDS:
        return True
    # a participle that opens the sentence: "Reached by phone,", "Speaking to reporters,"
    return len(toks) > 1 and first.endswith(("ed", "ing")) and toks[1].casefold() in PREPOSITIONS


def _ends_with_name(seg: str) -> bool:
    toks = tokens(seg)
    return bool(toks) and is_cap(toks[-1]) and toks[-1] not in STOP_CAPS


def desc_role(seg: str) -> str | None:
    """A descriptor before a name in apposition: "The store's owner", "Vance's attorney", "Another parent"."""
    toks = tokens(seg)
    while toks and (toks[0].casefold() in SPEECH_VERBS or toks[0].casefold() == "according" or toks[0] == "to"):
        toks = toks[1:]
    if not toks or len(toks) > 12:
        return None
    first = toks[0].casefold()
    if first in ("the", "a", "an", "another", "one") or first in _POSSESSIVES:
        body = toks[1:]
    elif POSSESSIVE_END.search(toks[0]) and is_cap(toks[0]) and len(toks) > 1:
        body = toks
    else:
        return None
    lowered = [t.casefold() for t in body]
    if "whose" in lowered:
        body = body[lowered.index("whose") + 1 :]  # "a firm whose managing partner, Victor Lang"
    if not body or not is_role_word(head_noun(" ".join(body))):
        return None
    if any(t.casefold() in _CLAUSE_WORDS | SPEECH_VERBS for t in body):
        return None
    return " ".join(body)


def parse_subject(text: str) -> tuple[Ref | None, bool]:
    """The speaker before a verb, with appositions: "Erika Almiron, executive director of Juntos," → name.

    Returns the reference and whether it accounts for all of `text` (only the speaker precedes the verb).
    """
    segs = [s for s in split_segments(text)]
    while segs and not segs[-1]:
        segs.pop()
    while segs and not segs[0]:
        segs.pop(0)
    if not segs:
        return None, False
    # "…, has called" / "… on Tuesday called": auxiliaries and a time phrase before the verb are no subject
    last = _strip_time_tail(_strip_aux_tail(tokens(segs[-1])))
    if len(segs) > 1 and not last:
        segs.pop()
    elif last and len(last) < len(tokens(segs[-1])):
        segs[-1] = " ".join(last)
    relative = _RELATIVE_SUBJECT.match(segs[-1]) if segs else None
    if relative is not None:
        # "…, to which Ferris replied", "…, which Mayor Lowe declared": the relative clause's subject
        ref = parse_np_end(tokens(relative.group("who")))
        if ref is not None and ref.kind in ("name", "pronoun", "org"):
            return ref, False
    i = len(segs) - 1
    if i > 0 and not text.rstrip().endswith(",") and _described_subject(segs[i]):
        # "Ruiz, a top aide said, is “ready”": an apposition is closed by a comma; this one is the subject
        ref = parse_np_end(tokens(segs[i]))
        if ref is not None and ref.kind == "desc":
            return ref, False
    # walk back over what follows a name: "Frank Russo, 45, of Eastwick," / ", executive director of Juntos,"
    # / ", who has served in Congress since 2015," / ", speaking on the House floor,"
    if i > 0 and is_state(segs[i]) and _ends_with_name(segs[i - 1]):
        i -= 1  # "Ruiz, at a diner in Dayton, Ohio, said": the state of a town, no speaker
    while i > 0 and not is_intro(segs[i - 1]):
        if _adverbial(segs[i]):
            i -= 1
            continue
        if not appositive_role(segs[i])[0]:
            break
        if not any(_ends_with_name(seg) for seg in segs[max(0, i - 3) : i]):
            if segs[i].split(None, 1)[0].casefold() in _RELATIVE_STARTS:
                i -= 1  # "The councilwoman, whose ward takes in the east side, said": the relative clause's head
            break
        i -= 1
    toks = tokens(segs[i])
    ref = parse_np_end(toks)
    if ref is None and i > 0 and _adjectives_only(segs[i - 1]):
        # "the soft-spoken, 64-year-old fisherman said": adjectives set off by a comma inside one phrase
        i -= 1
        toks = tokens(segs[i]) + toks
        ref = parse_np_end(toks)
    if i < len(segs) - 1 and (ref is None or (ref.kind == "org" and ref.text in PLACE_NAMES)):
        # "Outside the library in Millbrook, Ohio Monday, one Vance volunteer said": no name heads the
        # apposition after all
        i = len(segs) - 1
        toks = tokens(segs[i])
        ref = parse_np_end(toks)
    if ref is None:
        return None, False
    whole = i == 0
    if ref.kind == "name" and i > 0 and _ends_with_name(segs[i]) and len(toks) <= 5:
        role = desc_role(segs[i - 1])
        if role is not None:
            if ref.role is None:
                ref.role = role
            whole = i == 1
    if whole:
        # leading junk inside the segment ("But Kenney") still counts as the speaker alone
        whole = len(toks) <= 12
    return ref, whole


_RELATIVE_STARTS = word_set("who whose which")
_RELATIVE_SUBJECT = re.compile(r"^(?:[a-z]+\s+)?(?:which|whom)\s+(?P<who>(?:[A-Z][\w'’.-]*\s*){1,5}|he|she|they)$")
_TIME_NOUNS = word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan. feb. mar. apr. aug. sept. sep. oct. nov. dec. today
    yesterday tonight morning afternoon evening night week weekend month year
    """
)
_TIME_FILLERS = word_set("on in at during last this next early late earlier later that the")
_PARTICIPLE_LEAD = re.compile(r"^[a-z]+(?:ing|ly)$")


_STATE_ABBREVIATIONS = word_set(
    """
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont neb nev okla
    ore pa tenn tex va vt wash wis wyo n.h n.j n.m n.y n.c n.d s.c s.d r.i w.va d.c
    """
)


def is_state(seg: str) -> bool:
    """A state after its city: "Ohio" in "Dayton, Ohio", "Colo." in "Boulder, Colo."."""
    text = seg.strip().rstrip(".")
    return text in PLACE_NAMES or (text.casefold() in _STATE_ABBREVIATIONS and text[:1].isupper())


def _adjectives_only(seg: str) -> bool:
    """ "the soft-spoken", "a tired": an article and a word or two that describe, before a comma."""
    toks = tokens(seg)
    return (
        2 <= len(toks) <= 3
        and toks[0].casefold() in _ARTICLES
        and all(not is_cap(t) and not is_role_word(t) and t.casefold() not in _NP_STOPS for t in toks[1:])
    )


def _described_subject(seg: str) -> bool:
    """ "a top aide", "one official": someone described by an article and a role noun."""
    toks = tokens(seg)
    return 2 <= len(toks) <= 5 and toks[0].casefold() in _ARTICLES and is_role_word(toks[-1])


def is_time_phrase(toks: list[str]) -> bool:
    """A sentence-opening time phrase, not a subject: "On Tuesday", "Hours later", "Last week"."""
    words = [t.casefold() for t in toks]
    if not words or len(words) > 5:
        return False
    if words[-1] in ("later", "earlier", "ago"):
        return True
    return all(w in _TIME_NOUNS or w in _TIME_FILLERS or w.isdigit() for w in words)


def _strip_time_tail(toks: list[str]) -> list[str]:
    """Tokens without a trailing time phrase: "Rep. Gary Holcomb on Tuesday" → "Rep. Gary Holcomb"."""
    k = len(toks)
    timed = filler = False
    while k > 0:
        tok = toks[k - 1]
        low = tok.casefold()
        if low in _TIME_NOUNS:
            timed = True
            filler = filler or not is_cap(tok)  # "morning", "week"
        elif low in _TIME_FILLERS:
            filler = True
        elif not low.rstrip(",").isdigit():
            break
        k -= 1
    # "on Tuesday", "last week", but not the "May" of "Theresa May"
    return toks[:k] if timed and filler and k > 0 else toks


def _adverbial(seg: str) -> bool:
    """A comma-set phrase between a subject and its verb that names nobody: ", speaking on the House
    floor,", ", in a statement,", ", visibly shaken,"."""
    toks = tokens(seg)
    if not toks or len(toks) > 8 or is_cap(toks[0]):
        return False
    low = toks[0].casefold()
    if low in ("of", "from", "including", "like", "such", "especially", "among"):
        return False  # "of Eastwick" is an apposition; ", including Mayor Vance," names a speaker
    return low in PREPOSITIONS or bool(_PARTICIPLE_LEAD.match(low) and low not in _NP_STOPS)


def parse_after(text: str) -> Ref | None:
    """The speaker after an inverted verb or "according to": "Erika Almiron, executive director of Juntos"."""
    segs = split_segments(text)
    if not segs:
        return None
    ref = parse_np_start(tokens(segs[0]))
    if ref is None:
        return None
    if ref.kind == "desc" and len(segs) > 1:
        nxt = tokens(segs[1])
        if nxt and all(is_cap(t) or t in NAME_PARTICLES for t in nxt) and len(nxt) <= 5:
            named = ref_from_run(nxt, [])
            if named is not None and named.kind == "name":
                desc = ref.text.split()
                if desc and (desc[0].casefold() in _ARTICLES or desc[0].casefold() in _POSSESSIVES):
                    desc = desc[1:]
                named.role = named.role or " ".join(desc)
                return named
    return ref


_DOCUMENT_PLURALS = word_set("records documents papers transcripts transcript testimony filings reports")
_DOCUMENT_STOPS = PREPOSITIONS | word_set("filed obtained released reviewed seen which that who and")


def names_document(text: str) -> bool:
    """Whether an "according to" source is a writing: "the affidavit filed by Det. Sandra Moyer",
    "court records", "Moyer's affidavit" (and not "police" or "Det. Sandra Moyer")."""
    for tok in tokens(text)[:8]:
        low = strip_possessive(tok).casefold()
        if low in DOCUMENT_NOUNS or low in _DOCUMENT_PLURALS:
            return True
        if low in _DOCUMENT_STOPS:
            return False
    return False
