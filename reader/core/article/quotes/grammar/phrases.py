"""The noun phrase at either end of a stretch of words: the subject that ends "… Almiron said" or "a
spokesperson for X said", the speaker that starts "said Sheriff Tom Hale" or "according to police".
"""

from __future__ import annotations

from reader.core.article.quotes.grammar.descriptors import (
    _PAST_VERBS,
    _desc_from,
    _group_from,
    _verb_after_noun,
    head_noun,
)
from reader.core.article.quotes.grammar.names import (
    _ELLIPTIC_WORDS,
    Ref,
    name_from_run,
    ref_from_run,
)
from reader.core.article.quotes.grammar.words import (
    _ARTICLES,
    _NP_STOPS,
    _POSSESSIVES,
    _PREFIX_STOPS,
    _QUANTIFIERS,
    AGE_NOUN,
    POSSESSIVE_END,
    PREPOSITIONS,
    is_cap,
    is_role_word,
    strip_possessive,
)
from reader.core.article.quotes.lexicon import (
    AUXILIARIES,
    DETERMINERS,
    GROUP_NOUNS,
    HONORIFICS,
    NAME_PARTICLES,
    ORG_WORDS,
    PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    STOP_CAPS,
    TITLE_MODIFIERS,
    word_set,
)


def _strip_aux_tail(toks: list[str]) -> list[str]:
    while toks and toks[-1].casefold() in AUXILIARIES and not is_cap(toks[-1]):
        toks = toks[:-1]
    return toks


def parse_np_end(toks: list[str]) -> Ref | None:
    """The noun phrase ending `toks`: the subject in "… Almiron said" or "a spokesperson for X said"."""
    toks = _strip_aux_tail(toks)
    if not toks:
        return None
    last = toks[-1].casefold()
    if last in PRONOUNS or last in ("i", "we"):
        return Ref("pronoun", last)
    if last in _ELLIPTIC_WORDS and last not in ("one", "some", "most", "all", "both"):
        return Ref("desc", last)  # "Yet another said": another of those just mentioned
    i = len(toks)
    while i > 0:
        tok = toks[i - 1]
        if is_cap(tok) or (tok in NAME_PARTICLES and 1 < i < len(toks) and is_cap(toks[i - 2])):
            i -= 1
        else:
            break
    i = _extend_org_run(toks, i)
    run = toks[i:]
    j = 0
    while j < len(run) - 1 and (run[j] in STOP_CAPS and run[j] not in HONORIFICS):
        j += 1
    only_stop = j == len(run) - 1 and run[j] in STOP_CAPS and run[j].casefold() not in GROUP_NOUNS
    run = [] if only_stop else run[j:]
    before = toks[:i]
    if run and before:
        # the run is a preposition's object: "a spokeswoman for the Harbor City School District",
        # "Nicole Brunet of the Bicycle Coalition"; the speaker is the phrase's head, not the object
        k = len(before) - 1
        while (
            k > 0
            and len(before) - k <= 3
            and (
                before[k].casefold() in ("the", "a", "an")
                or before[k].casefold() in _POSSESSIVES
                or (before[k].casefold() in TITLE_MODIFIERS and not is_cap(before[k]))  # "for the state …"
            )
        ):
            k -= 1
        if before[k].casefold() in PREPOSITIONS and before[k].casefold() not in _SUBORDINATORS:
            head = parse_np_end(before[:k]) if k > 0 and len(toks) <= 24 else None
            if head is not None and head.kind == "name":
                return head
            if head is not None and head.kind == "desc" and is_role_word(head_noun(head.text)):
                return _desc_from(toks) or head
            if k == len(before) - 1:
                return _desc_from(toks) or _group_from(toks)
    if run:
        ref = ref_from_run(run, before)
        if ref is not None:
            if before and ref.kind == "org" and before[-1].casefold() == "the":
                return ref
            if ref.kind == "desc" and before and before[-1].casefold() == "the":
                ref.definite = True
            return ref
    return _desc_from(toks) or _group_from(toks)


# words that are prepositions or open a clause: in "Cole posted after Ruiz insisted", Ruiz insists
_SUBORDINATORS = word_set("after before since until as while when because though although once if unless")
_ORG_CONNECTORS = frozenset({"of", "and", "&", "for", "on"})


def _extend_org_run(toks: list[str], i: int) -> int:
    """Where a capitalised run ending `toks` at `i` starts when it is an organisation's name with "of" or
    "and" in it: "Office of Management and Budget", "Department of Parks and Recreation"."""
    k = i
    start = i
    while k >= 2 and toks[k - 1] in _ORG_CONNECTORS and is_cap(toks[k - 2]) and i - k < 12:
        end = k - 1
        k = end
        while k > 0 and is_cap(toks[k - 1]) and toks[k - 1] not in STOP_CAPS:
            k -= 1
        if any(strip_possessive(t) in ORG_WORDS for t in toks[k:end]):
            start = k  # a head with an organisation word in it: not "Nicole Brunet" of the Coalition
    return start


def parse_np_start(toks: list[str]) -> Ref | None:
    """The noun phrase that starts `toks`: the speaker in "said Sheriff Tom Hale" or "according to police"."""
    if not toks:
        return None
    low = toks[0].casefold()
    if low in PRONOUNS:
        return Ref("pronoun", low)
    if low in _ARTICLES or low in _POSSESSIVES or (low in _QUANTIFIERS and len(toks) > 1 and not is_cap(toks[1])):
        k = 1
        while k < len(toks) and k < 12 and toks[k].casefold() not in _NP_STOPS and toks[k] not in STOP_CAPS:
            if k >= 2 and (_verb_after_noun(toks[k], toks[k - 1]) or _present_verb(toks, k)):
                break  # "The council candidate mailed a flyer", "The union ad claims": the verb ends the phrase
            if toks[k] == "to" and k + 1 < len(toks) and not is_cap(toks[k + 1]) and toks[k + 1] not in DETERMINERS:
                break  # "a neighbor to ask for help": an infinitive, where "an aide to the senator" goes on
            k += 1
        phrase = toks[:k]
        inner = phrase[1:]
        lead = 0
        while lead < len(inner) and (is_cap(inner[lead]) or (lead and inner[lead] in NAME_PARTICLES)):
            lead += 1
        if lead == 1 and low in ("a", "an", "one", "another"):
            # "one Republican involved in the planning", "a Democrat": a person described, not named
            return Ref("desc", " ".join(phrase))
        if lead and (lead == len(inner) or inner[lead] in ("of", "from", "at")):
            # "the Rev. Mark Tyler of Mother Bethel AME Church": the name is the leading capitalised run
            ref = ref_from_run(inner[:lead], [])
            if ref is not None:
                if ref.kind == "desc":
                    ref.definite = low == "the"
                return ref
        # "the mayor's spokesperson Joe Smith", "a frustrated Angela Pierce"
        r = len(phrase)
        while r > 1 and is_cap(phrase[r - 1]):
            r -= 1
        if r < len(phrase) and is_role_word(phrase[r - 1]):
            return Ref("name", " ".join(name_from_run(phrase[r:])), role=" ".join(phrase[1:r]))
        if len(phrase) - r >= 2 and phrase[r - 1].casefold() not in PREPOSITIONS:
            named = ref_from_run(phrase[r:], [])
            if named is not None and named.kind == "name":
                return named
        if len(phrase) - r == 1 and r >= 2 and all(not is_cap(w) and not is_role_word(w) for w in phrase[1:r]):
            # "an angry Ferris", "the embattled Ruiz": a name after words that only describe
            named = ref_from_run(phrase[r:], [])
            if named is not None and named.kind == "name" and phrase[r - 1].casefold() not in PREPOSITIONS:
                return named
        if len(phrase) > 1:
            return Ref("desc", " ".join(phrase), definite=low == "the" or low in _POSSESSIVES)
        return None
    k = 0
    while k < len(toks) and k < 9:
        tok = toks[k]
        tl = tok.casefold()
        if (
            is_cap(tok)
            and (tok not in STOP_CAPS or (tok in HONORIFICS and k + 1 < len(toks) and is_cap(toks[k + 1])))
            or k > 0
            and tok in NAME_PARTICLES
            and _cap_after_particles(toks, k)
            or not is_cap(tok)
            and (
                is_role_word(tok)
                or tl in TITLE_MODIFIERS
                or AGE_NOUN.match(tl)
                or (k + 1 < len(toks) and _role_ahead(toks, k) and not _verb_after_name(toks, k))
            )
        ):
            k += 1
        else:
            break
    phrase = toks[:k]
    r = len(phrase)
    while r > 0 and (is_cap(phrase[r - 1]) or (phrase[r - 1] in NAME_PARTICLES and r > 1 and is_cap(phrase[r - 2]))):
        r -= 1
    run, before = phrase[r:], phrase[:r]
    if not run:
        described = _described_name(toks)
        if described is not None:
            return described
    if run:
        return ref_from_run(run, before)
    if phrase and phrase[-1].casefold() in GROUP_NOUNS:
        return Ref("desc", " ".join(phrase))
    if phrase and is_role_word(phrase[-1]):
        return Ref("desc", " ".join(phrase))  # "Vance's attorney", before ", Joel Marcus'
    if not phrase and low in GROUP_NOUNS:
        return Ref("desc", low)
    return None


def _verb_after_name(toks: list[str], k: int) -> bool:
    """Whether the lower-case word after a name is its verb: "Dana Whitlock answered a resident's …"."""
    low = toks[k].casefold()
    return k > 0 and is_cap(toks[k - 1]) and (low in SPEECH_VERBS or low.endswith("ed") or low in _PAST_VERBS)


def _described_name(toks: list[str]) -> Ref | None:
    """A full name after a few words that describe the person, AP style, without commas: "retired
    teacher Ana Ruiz", "undecided Democratic voter Lena Park", "political scientist Omar
    Haddad". The name is the last run of two capitalised words or more before a stop word."""
    k = 0
    best: tuple[int, int] | None = None
    while k < len(toks) and k < 8:
        if is_cap(toks[k]):
            end = k
            while end < len(toks) and is_cap(toks[end]) and toks[end] not in STOP_CAPS:
                end += 1
            if end - k >= 2:
                best = (k, end)
            k = max(end, k + 1)
            continue
        low = toks[k].casefold()
        if (
            low in _PREFIX_STOPS
            or low in _NP_STOPS
            or low.endswith(("ing", "ly"))
            or not low.replace("-", "").isalpha()
        ):
            break
        k += 1
    if best is None or best[0] == 0:
        return None
    ref = ref_from_run(toks[best[0] : best[1]], toks[: best[0]])
    if ref is None or ref.kind != "name":
        return None
    ref.role = ref.role or " ".join(toks[: best[0]])
    return ref


_OBJECT_STARTS = DETERMINERS | word_set("that to these those some all every no")


def _present_verb(toks: list[str], k: int) -> bool:
    """Whether `toks[k]`, after a noun, is a verb in the present ("The mailer slams the …", "The flyer
    shows Ruiz", "the budget promises to"): a word in -s after a noun and before an object, a name or a quote."""
    tok, prev = toks[k], toks[k - 1].casefold()
    low = tok.casefold()
    if is_cap(tok) or not low.isalpha() or len(low) < 4 or not low.endswith("s") or low.endswith(("ss", "us", "is")):
        return False
    if prev in _OBJECT_STARTS or prev in PREPOSITIONS or prev in _QUANTIFIERS or POSSESSIVE_END.search(toks[k - 1]):
        return False  # "the ads", "her remarks", "the group's members"
    if k + 1 >= len(toks):
        return is_cap(toks[k - 1])  # "the Harbor Club lists “…”", but "the building's lease rules": a noun
    nxt = toks[k + 1]
    return nxt.casefold() in _OBJECT_STARTS or is_cap(nxt) or not nxt[:1].isalnum()


def trailing_name(toks: list[str]) -> Ref | None:
    """The name or personal pronoun that ends `toks`, whatever comes before it: "video of Ferris"."""
    if toks and toks[-1].casefold() in PRONOUNS:
        return Ref("pronoun", toks[-1].casefold())
    k = len(toks)
    while k > 0 and is_cap(toks[k - 1]) and toks[k - 1] not in STOP_CAPS:
        k -= 1
    if k == len(toks):
        return None
    ref = ref_from_run(toks[k:], toks[:k])
    if ref is not None and ref.kind == "desc" and ref.text[:1].isupper():
        return ref  # "a third of Republicans saying": a party or a community, named by its capitals
    return ref if ref is not None and ref.kind in ("name", "org") else None


def ends_noun_phrase(word: str) -> bool:
    """Whether `word` may follow a complete noun phrase: a preposition or conjunction ("said he in …")."""
    return word in _NP_STOPS or word in PREPOSITIONS


def _cap_after_particles(toks: list[str], k: int) -> bool:
    while k < len(toks) and toks[k] in NAME_PARTICLES:
        k += 1
    return k < len(toks) and is_cap(toks[k])


def _role_ahead(toks: list[str], k: int) -> bool:
    """A lowercase word belongs to a role prefix when a role noun follows within three words: "top foreign
    policy aide Jake Sullivan"."""
    for tok in toks[k + 1 : k + 4]:
        if strip_possessive(tok).casefold() in ROLE_NOUNS:
            return True
        if is_cap(tok):
            return False
    return False
