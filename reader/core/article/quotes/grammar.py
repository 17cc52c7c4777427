"""Speaker grammar: the noun phrase that names who speaks, read around a speech verb.

Names with their titles ("Harbor City Police Commissioner Dwayne Ellis", "former Secretary of State Ana
Ruiz": an office named with "of" is one title word), appositions (", executive director of Juntos,"),
descriptors ("a spokeswoman for the district", "this source", "Only 41 percent of voters"), groups ("police",
"Republicans") and pronouns become a `Ref`; the register of people (people.py) then says who a `Ref` means.
Capitals that name nobody are never a name: sentence openers ("Wait", "It's"), a party, a community or a
demonym alone ("Democrats", "Ohioan"), an office alone ("President"), a place with a day ("Ohio
Monday"), a subheading of four capitalised words or more with no first name. A party label before a name
("Democrat Ana Ruiz") is neither part of the name nor a role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.article.quotes.lexicon import (
    ABBREVIATIONS,
    AUXILIARIES,
    DETERMINERS,
    DOCUMENT_NOUNS,
    FEMALE_NAMES,
    GROUP_NOUNS,
    HONORIFICS,
    MALE_NAMES,
    NAME_PARTICLES,
    NOT_ROLE_WORDS,
    ORG_ANAPHORS,
    ORG_WORDS,
    PARTY_AND_COMMUNITY,
    PLACE_NAMES,
    PLACE_WORDS,
    PRONOUNS,
    ROLE_NOUNS,
    SENTENCE_OPENERS,
    SPEECH_VERBS,
    STOP_CAPS,
    SUFFIXES,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    WEAK_TITLES,
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


@dataclass
class Ref:
    """What an attribution points at, before resolution."""

    kind: str  # "name", "org", "pronoun" or "desc"
    text: str
    role: str | None = None
    definite: bool = False  # a descriptor with "the", which may refer back to someone named earlier
    gender: str | None = None  # from an honorific: "Ms. Okonkwo" is not "Mr. Okonkwo"


def is_title(tok: str) -> bool:
    """A title word before a name: "Sen.", "Chief", or an office joined into one word ("Secretary of State")."""
    return tok in TITLE_HEADS or (JOIN in tok and tok.split(JOIN, 1)[0] in TITLE_HEADS)


_CAPITAL_SPEECH_VERBS = word_set("Said Says Added Asked Wrote Explained Recalled Noted")
_HEADING_WORDS = 4  # capitalised words in a row, none a first name: a heading, not a person
_WEEKDAYS = word_set("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_DEMONYM_ENDS = ("ians", "ian", "ans", "an")


def is_demonym(word: str) -> bool:
    """A people named for a place: "Ohioan", "Ohioans", "Europeans" (the stem begins a place's name)."""
    w = strip_possessive(word).rstrip(".")
    for end in _DEMONYM_ENDS:
        stem = w[: -len(end)]
        if w.endswith(end) and len(stem) >= 3 and stem[:1].isupper():
            return any(place.startswith(stem) for place in PLACE_NAMES if " " not in place)
    return False


def _titled_name(words: list[str]) -> bool:
    """A title ending in a title or role word, then two or three words that can be a name: "Council Member
    Dante Okafor", "County Board Chair Ines Vega"."""
    ends = [k for k, w in enumerate(words[:-2]) if is_title(w) or w.casefold().rstrip(".") in ROLE_NOUNS]
    return bool(ends) and 2 <= len(words) - (ends[-1] + 1) <= 3


def junk_name(words: list[str]) -> bool:
    """Whether capitalised words read as a name are nobody's: a sentence opener ("Wait", "It's"), a
    party, a community or a demonym ("Republicans", "Ohioan"), a title alone ("President"), a place
    and a day ("Ohio Monday")."""
    if not words:
        return True
    if words[-1].rstrip(".,") in _WEEKDAYS:
        return True
    # "Budget Cuts Hit Parks Hardest": a subheading in Title Case, not a name; but a title of several words
    # before a name the lexicon does not know ("Council Member Dante Okafor") is a person
    if (
        len(words) >= _HEADING_WORDS
        and not any(w.casefold().rstrip(".") in FIRST_NAMES for w in words)
        and not _titled_name(words)
    ):
        return True
    if len(words) > 1:
        return False
    word = words[0]
    bare = strip_possessive(word).rstrip(".")
    return (
        word in SENTENCE_OPENERS
        or bare in SENTENCE_OPENERS
        or bare.casefold() in PRONOUNS
        or bare in STOP_CAPS
        or bare in PARTY_AND_COMMUNITY
        or bare in _OFFICES
        or is_demonym(bare)
    )


# offices that are nobody's surname: "President" alone is a title, where "Dean" or "Judge" may be a name
_OFFICES = word_set(
    """
    President Governor Gov. Senator Sen. Representative Rep. Mayor Secretary Director Chairman Chairwoman
    Chairperson Councilman Councilwoman Councilmember Commissioner Superintendent Ambassador Congressman
    Congresswoman Prosecutor Treasurer Comptroller Administrator Lt. Sgt. Det. Dr. Prof. Rev. Capt. Gen.
    Col. Maj. Supt. Atty. Cmdr. Cpl. Del.
    """
)
_ELLIPTIC = word_set("Another Others One Some Many Most Several Both")
_ELLIPTIC_WORDS = frozenset(w.casefold() for w in _ELLIPTIC)


def _one_word_ref(word: str) -> Ref | None:
    """A capitalised word alone that speaks though it names nobody: "Another said" (another of those just
    mentioned), "Republicans argue" (a party), "Transcript:" (a writing)."""
    bare = strip_possessive(word).rstrip(".")
    if bare in _ELLIPTIC:
        return Ref("desc", bare.casefold())
    if bare.endswith("s") and (bare in PARTY_AND_COMMUNITY or is_demonym(bare)):
        return Ref("desc", bare)
    if bare.casefold() in DOCUMENT_NOUNS:
        return Ref("desc", bare.casefold())
    return None


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


# "Eighth-grader", "Nine-year-old", "Co-owner": hyphenated labels that describe a person
_HYPHEN_LABEL = re.compile(r"^(?:[a-z0-9]+-)+(?:graders?|year-old|month-old|timer|owner|founder|captain|chair)$")


def party_label(run: list[str]) -> int:
    """How many words of a capitalised run name a party before the name: "Democrat Lena Park" (1), "Senate
    Democrat Carla Nunez" (2); 0 when the run does not open with one."""
    for k, word in enumerate(run[:2]):
        if word in PARTY_AND_COMMUNITY and len(run) - k - 1 >= 1 and run[k + 1].casefold() not in _PARTIES:
            if k == 0 and len(run) < 2 or run[0].casefold() in FIRST_NAMES:
                return 0
            return k + 1 if len(run) - k - 1 >= (1 if k == 0 else 2) else 0
    return 0


def leading_label(run: list[str]) -> bool:
    """Whether a capitalised run opens with a common-noun label before a name: "Retiree Walter Gibbs".

    At a sentence start the label is capitalised and fuses with the name; it is the role, not a first
    name. A lexicon role noun needs two name words after it ("Baker Lena Fischer", not "Baker Street");
    a hyphenated label ("Eighth-grader Carver", "Nine-year-old Lucas Brandt") needs one.
    """
    if len(run) < 2:
        return False
    low = run[0].casefold()
    if low in FIRST_NAMES or not run[1][:1].isupper():
        return False
    if _HYPHEN_LABEL.match(low) or is_demonym(run[0]):
        return True  # "Eighth-grader Ana Ruiz", "Ohioan Lee Park": a label, then the name
    if len(run) < 3 or run[1] in SUFFIXES:
        return False
    # "Beekeeper Ann Cole": an agent noun outside the lexicon needs a known first name after it, so
    # "Spencer Cox Jr." keeps its first name
    return low in ROLE_NOUNS or (is_role_word(low) and run[1].casefold() in FIRST_NAMES)


def split_title(run: list[str]) -> tuple[list[str], list[str], bool]:
    """Split "Harbor City Police Commissioner Dwayne Ellis" into title, name, and whether it is an office."""
    cut = -1
    for k, tok in enumerate(run[:-1]):
        if not is_title(tok):
            continue
        is_first_name = tok.casefold() in FIRST_NAMES
        # "Coach Dean Whitaker": a first name right after a title, or "Dean Whitaker" alone, is a name
        if is_first_name and (cut >= 0 or k == len(run) - 2):
            continue
        cut = k
    if cut < 0:
        return [], run, False
    title, name = run[: cut + 1], run[cut + 1 :]
    while name and name[0] in HONORIFICS:
        name = name[1:]
    return title, name, title[-1] not in WEAK_TITLES


_DIRECTIONS = word_set("North South East West Northeast Northwest Southeast Southwest")


def run_kind(run: list[str]) -> str | None:
    """ "org" for "Harbor Gas" or "SEPTA", "place" for "Elm Street", None for what may be a person."""
    words = [strip_possessive(t) for t in run]
    if any(w in ORG_WORDS for w in words[1:]) or (len(words) == 1 and words[0] in ORG_WORDS):
        return "org"
    personal = len(words) >= 2 and words[0].casefold() in FIRST_NAMES
    if not personal and any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words):
        return "org"
    if (
        not personal
        and len(words) > 1
        and ((words[-1] in PLACE_WORDS and words[-1] not in _DIRECTIONS) or words[0] in PLACE_WORDS)
    ):
        return "place"  # "Elm Street", "West Lake"; a lone "West", or "Nina West", may be somebody's surname
    if " ".join(words) in PLACE_NAMES:
        return "place"  # "New York", "Georgia", "United States": a place, however it acts in a sentence
    return None


def role_prefix(before: list[str]) -> str | None:
    """Role words right before a name: "branch manager" Olivia Stone, "Metro Transit spokesperson" Leo."""
    if not before:
        return None
    if AGE_NOUN.match(before[-1].casefold()):
        return before[-1]
    if not is_role_word(before[-1]):
        return None
    k = len(before)
    while k > 0 and len(before) - k < 4:
        word = before[k - 1]
        low = word.casefold()
        if low in _PREFIX_STOPS or not word[:1].isalnum():
            break
        if not is_cap(word) and not is_role_word(word) and not word.replace("-", "").isalnum():
            break
        if not is_cap(word) and low.endswith("ed") and low not in TITLE_MODIFIERS and not is_role_word(word):
            break  # "Ferris joined radio host Marcy Bell": the verb ends the role
        k -= 1
    words = before[k:]
    return " ".join(words) if words else None


def name_from_run(run: list[str]) -> list[str]:
    name = [t for t in run if t not in HONORIFICS]
    if name:
        last = strip_possessive(name[-1])
        # a sentence's full stop is not part of the name; "Jr." and "Inc." keep theirs
        if last.endswith(".") and len(last) > 2 and last not in SUFFIXES and last not in ORG_WORDS:
            last = last[:-1]
        name[-1] = last
    return name


def ref_from_run(run: list[str], before: list[str]) -> Ref | None:
    """A capitalised run (with the words before it) as a named speaker, an organisation or a descriptor."""
    if len(run) == 1 and run[0].casefold() in GROUP_NOUNS:
        return Ref("desc", run[0].casefold())
    title, name, _strong = split_title(run)
    if title and name:
        lead = [w for w in before[-2:] if w.casefold() in TITLE_MODIFIERS]
        if lead and before[-1].casefold() in TITLE_MODIFIERS:
            title = [before[-1], *title]
        return Ref("name", " ".join(name_from_run(name)), role=" ".join(title))
    if title and not name:
        return Ref("desc", " ".join(title), definite=True)
    if len(run) > 2 and run[0] in _CAPITAL_SPEECH_VERBS:
        return ref_from_run(run[1:], [])  # "Said Marvin Oakes, who …": an inverted verb opening the sentence
    owner = max((k for k, t in enumerate(run[:-1]) if POSSESSIVE_END.search(t) and len(t) > 3), default=-1)
    if owner >= 0 and len(run) - owner - 1 >= 2:
        named = ref_from_run(run[owner + 1 :], [])  # "the Gazette's Irene Falk": the owner is no part of the name
        if named is not None and named.kind == "name":
            named.role = named.role or " ".join(run[: owner + 1])
            return named
    kind = run_kind(run)
    if kind == "org":
        return Ref("org", " ".join(name_from_run(run)))
    if kind == "place":
        # "Mexico said", "Ohio's secretary of state": a country or state speaks as its government
        place = " ".join(name_from_run(run))
        return Ref("org", place) if place in PLACE_NAMES else None
    size = party_label(run) or (1 if run and is_demonym(run[0]) and leading_label(run) else 0)
    if size:
        # "Democrat Ana Ruiz", "Senate Democrat Carla Nunez": a party is never a role (nor is a home)
        return Ref("name", " ".join(name_from_run(run[size:])))
    if leading_label(run):
        return Ref("name", " ".join(name_from_run(run[1:])), role=run[0])
    if len(run) == 1:
        described = _one_word_ref(run[0])
        if described is not None:
            return described
    name = name_from_run(run)
    if not name or junk_name(name):
        return None
    return Ref("name", " ".join(name), role=role_prefix(before), gender=honorific_gender(run[0]))


def honorific_gender(word: str) -> str | None:
    if word in ("Mr.", "Mr"):
        return "m"
    if word in ("Mrs.", "Ms.", "Mrs", "Ms", "Miss"):
        return "f"
    return None


def _strip_aux_tail(toks: list[str]) -> list[str]:
    while toks and toks[-1].casefold() in AUXILIARIES and not is_cap(toks[-1]):
        toks = toks[:-1]
    return toks


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


_PAST_VERBS = word_set("sent went came took made gave put got held ran won lost began led left met saw spent wrote")


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


def split_segments(text: str) -> list[str]:
    """Comma-separated segments; commas inside numbers ("1,000") do not split."""
    return [seg.strip() for seg in _SEGMENT_COMMA.split(text)]


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


_PARTIES = word_set("democrat republican independent libertarian democratic-socialist progressive conservative")
_PARTY_FOLLOWERS = word_set("from of representing who whose and in elected serving running")


def _party_only(body: list[str]) -> bool:
    """ "Democrat from Dayton", "Republican who represents …": a party and a place, saying nothing of a job."""
    if not body or body[0].casefold() not in _PARTIES:
        return False
    return len(body) == 1 or body[1].casefold() in _PARTY_FOLLOWERS


# "the governor" is the person introduced as "Gov. Helen Marchetti"
_RELATIVES = word_set("who whom whose that")


AGE_NOUN = re.compile(r"^\d{1,3}-year-old$")
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
