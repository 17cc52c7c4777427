"""Capitalised runs as names: "Harbor City Police Commissioner Dwayne Ellis" is a title and a name, "Harbor
Gas" an organisation, "Elm Street" a place; a `Ref` is what the grammar makes of a speaker.

Capitals that name nobody are never a name: sentence openers ("Wait", "It's"), a party, a community or a
demonym alone ("Democrats", "Ohioan"), an office alone ("President"), a place with a day ("Ohio
Monday"), a subheading of four capitalised words or more with no first name. A party label before a name
("Democrat Ana Ruiz") is neither part of the name nor a role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.article.quotes.grammar.words import (
    _PREFIX_STOPS,
    AGE_NOUN,
    FIRST_NAMES,
    POSSESSIVE_END,
    is_cap,
    is_role_word,
    is_title,
    strip_possessive,
)
from reader.core.article.quotes.lexicon import (
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    HONORIFICS,
    ORG_WORDS,
    PARTY_AND_COMMUNITY,
    PLACE_NAMES,
    PLACE_WORDS,
    PRONOUNS,
    ROLE_NOUNS,
    SENTENCE_OPENERS,
    STOP_CAPS,
    SUFFIXES,
    TITLE_MODIFIERS,
    WEAK_TITLES,
    word_set,
)


@dataclass
class Ref:
    """What an attribution points at, before resolution."""

    kind: str  # "name", "org", "pronoun" or "desc"
    text: str
    role: str | None = None
    definite: bool = False  # a descriptor with "the", which may refer back to someone named earlier
    gender: str | None = None  # from an honorific: "Ms. Okonkwo" is not "Mr. Okonkwo"


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


_PARTIES = word_set("democrat republican independent libertarian democratic-socialist progressive conservative")
_PARTY_FOLLOWERS = word_set("from of representing who whose and in elected serving running")


def _party_only(body: list[str]) -> bool:
    """ "Democrat from Dayton", "Republican who represents …": a party and a place, saying nothing of a job."""
    if not body or body[0].casefold() not in _PARTIES:
        return False
    return len(body) == 1 or body[1].casefold() in _PARTY_FOLLOWERS
