"""Who is speaking: names, titles, roles, and a registry resolving surnames, pronouns and "the mayor"."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.core.article.lexicon import (
    ABBREVIATIONS,
    AUXILIARIES,
    DETERMINERS,
    DOCUMENT_NOUNS,
    FEMALE_NAMES,
    GENDERED_PRONOUNS,
    GROUP_NOUNS,
    HONORIFICS,
    MALE_NAMES,
    NAME_PARTICLES,
    NOT_ROLE_WORDS,
    ORG_ANAPHORS,
    ORG_WORDS,
    PLACE_WORDS,
    POSSESSIVE_PRONOUNS,
    PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    STOP_CAPS,
    SUFFIXES,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    WEAK_TITLES,
    word_set,
)

Pos = tuple[int, int]  # (paragraph index, character offset)

FIRST_NAMES = FEMALE_NAMES | MALE_NAMES
_ARTICLES = frozenset({"a", "an", "the", "another", "one"})
_POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my"})
_PREPOSITIONS = word_set(
    "in on at to from with by of for about into onto over under after before during as than like near "
    "inside outside against between among through across behind beyond without within via per"
)
# Words that end a noun phrase read left to right ("said a spokesperson for the mayor in a statement").
_NP_STOPS = word_set(
    "in on during after before when while as because since who whom whose which that where adding saying "
    "noting "
    "told said says and but or outside inside at about than if although though until"
)
_CLAUSE_WORDS = word_set("who whom whose which that is was are were be been being has have had")
_PREFIX_STOPS = (
    DETERMINERS
    | _PREPOSITIONS
    | SPEECH_VERBS
    | AUXILIARIES
    | word_set("and or but is was are were be been being according")
)
_AGE = re.compile(r"^\d{1,3}$")
_STRIP = "“”\"‘’'()[]{}:;!?"
_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")
_MASK = "\x1e"
_SENTENCE_START = re.compile(r"(?:^|[.!?…][”\"’')\]]*\s+|[:;]\s+)$")
_SUBJECT_AFTER = re.compile(
    r"\s*(?:,[^,.;" + _MASK + r"]{1,160})?,?\s+([a-z][a-z'’-]*)(?:\s+([a-z][a-z'’-]*))?(?:\s+([a-z][a-z'’-]*))?"
)
_COMMON_VERBS = word_set(
    "is was has had will would can could did does remembers wept spent led runs ran opened owns owned took "
    "takes went goes came comes made makes leads heads works worked lives lived died helped helps watched "
    "joined founded started began"
)
_GENDER_PRONOUN = re.compile(r"\b(?:[Hh](?:e|im|is|imself|er|ers|erself)|[Ss]he)\b")
_SEGMENT_COMMA = re.compile(r",(?!\d{3})")
_TOKEN = re.compile(
    r"[^\s“”\"‘’'()\[\]{}:;!?,](?:(?:[^\s“”\"()\[\]{}:;!?,]|,(?=\d))*[^\s“”\"‘’'()\[\]{}:;!?,])?"
)
_CAP_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’\-]*(?:\.[A-Za-z][\w'’\-]*)*\.?"  # Ortega, O'Malley, Pratt-Lewis, J., U.S.
_RUN = re.compile(
    _CAP_WORD
    + r"(?:\s+(?:(?:de|da|di|du|del|della|der|den|van|von|la|le|bin|ibn|al|y|dos|das)\s+)*"
    + _CAP_WORD
    + ")*"
)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’\-]{2,60}(?:\([^)]{1,40}\))?\s*[—–-]+\s*")


@dataclass
class Ref:
    """What an attribution points at, before resolution."""

    kind: str  # "name", "org", "pronoun" or "desc"
    text: str
    role: str | None = None
    definite: bool = False  # a descriptor with "the", which may refer back to someone named earlier
    gender: str | None = None  # from an honorific: "Ms. Okonkwo" is not "Mr. Okonkwo"


@dataclass(eq=False)
class Entity:
    """A person or organisation named in the article (compared by identity)."""

    name: str
    kind: str  # "person" or "org"
    role: str | None = None
    gender: str | None = None  # "m", "f", "n" or None
    positions: list[Pos] = field(default_factory=list)
    surname: str = field(init=False, default="")
    first: str = field(init=False, default="")
    titles: set[str] = field(default_factory=set)  # "lieutenant" for "Lt. Carla Benning": "the lieutenant"

    def __post_init__(self) -> None:
        self.rename(self.name)

    def rename(self, name: str) -> None:
        self.name = name
        parts = [p for p in name.split() if p not in SUFFIXES]
        self.surname = strip_possessive(parts[-1]).casefold() if parts else ""
        self.first = name.split()[0].casefold() if name.split() else ""

    def lookup_keys(self) -> set[str]:
        """What a one-word later mention may be: surname, first name, an organisation's first word."""
        if self.kind == "org":
            return {self.first}
        return {self.surname, self.first} if " " in self.name else {self.surname}

    def last_before(self, pos: Pos) -> Pos | None:
        i = bisect.bisect_left(self.positions, pos)
        return self.positions[i - 1] if i else None


@dataclass
class Mention:
    """An entity named (or quoted) at a position."""

    pos: Pos
    entity: Entity
    subject: bool


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


_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "eer")


def is_role_word(word: str) -> bool:
    """A noun naming what someone does: the lexicon, else an agent-noun ending (organizer, librarian)."""
    w = strip_possessive(word).casefold()
    if w in ROLE_NOUNS:
        return True
    return len(w) >= 6 and w.isalpha() and w.endswith(_AGENT_SUFFIXES) and w not in NOT_ROLE_WORDS


# "Eighth-grader", "Nine-year-old", "Co-owner": hyphenated labels that describe a person
_HYPHEN_LABEL = re.compile(r"^(?:[a-z0-9]+-)+(?:graders?|year-old|month-old|timer|owner|founder|captain|chair)$")


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
    if _HYPHEN_LABEL.match(low):
        return True
    if len(run) < 3 or run[1] in SUFFIXES:
        return False
    # "Beekeeper Ann Cole": an agent noun outside the lexicon needs a known first name after it, so
    # "Spencer Cox Jr." keeps its first name
    return low in ROLE_NOUNS or (is_role_word(low) and run[1].casefold() in FIRST_NAMES)


def _gender_of_first(first: str) -> str | None:
    key = first.casefold().rstrip(".")
    if key in FEMALE_NAMES and key not in MALE_NAMES:
        return "f"
    if key in MALE_NAMES and key not in FEMALE_NAMES:
        return "m"
    return None


def split_title(run: list[str]) -> tuple[list[str], list[str], bool]:
    """Split "Harbor City Police Commissioner Dwayne Ellis" into title, name, and whether it is an office."""
    cut = -1
    for k, tok in enumerate(run[:-1]):
        if tok not in TITLE_HEADS:
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


def _run_kind(run: list[str]) -> str | None:
    """ "org" for "Harbor Gas" or "SEPTA", "place" for "Elm Street", None for what may be a person."""
    words = [strip_possessive(t) for t in run]
    if any(w in ORG_WORDS for w in words[1:]) or (len(words) == 1 and words[0] in ORG_WORDS):
        return "org"
    personal = len(words) >= 2 and words[0].casefold() in FIRST_NAMES
    if not personal and any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words):
        return "org"
    if not personal and (words[-1] in PLACE_WORDS or words[0] in PLACE_WORDS):
        return "place"
    return None


def _role_prefix(before: list[str]) -> str | None:
    """Role words right before a name: "branch manager" Olivia Stone, "Metro Transit spokesperson" Leo."""
    if not before:
        return None
    if _AGE_NOUN.match(before[-1].casefold()):
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
        k -= 1
    words = before[k:]
    return " ".join(words) if words else None


def _name_from_run(run: list[str]) -> list[str]:
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
        return Ref("name", " ".join(_name_from_run(name)), role=" ".join(title))
    if title and not name:
        return Ref("desc", " ".join(title), definite=True)
    kind = _run_kind(run)
    if kind == "org":
        return Ref("org", " ".join(_name_from_run(run)))
    if kind == "place":
        return None
    if leading_label(run):
        return Ref("name", " ".join(_name_from_run(run[1:])), role=run[0])
    name = _name_from_run(run)
    if not name:
        return None
    return Ref("name", " ".join(name), role=_role_prefix(before), gender=_honorific_gender(run[0]))


def _honorific_gender(word: str) -> str | None:
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
    for k, tok in enumerate(toks):
        low = tok.casefold()
        if (
            low in _ARTICLES
            or low in _POSSESSIVES
            or (k == 0 and _POSSESSIVE_END.search(tok) and is_cap(tok))
        ):
            phrase = toks[k:]
            last = phrase[-1].casefold()
            if low in ("a", "an") and last in GROUP_NOUNS and len(phrase) > 2:
                return None  # "a measure critics have called": the plural is a noun phrase of its own
            if last in DETERMINERS or last in _PREPOSITIONS or last in ("and", "or", "but"):
                return None  # "an appeal or refiling the": a fragment, not a noun phrase
            if len(phrase) <= 14 and _np_before_clause(phrase[1:]):
                return Ref("desc", " ".join(phrase), definite=low == "the")
    return None


def _np_before_clause(words: list[str]) -> bool:
    """No verb in the phrase, unless it sits in a relative clause: "a woman who answered the door"."""
    for word in words:
        low = word.casefold()
        if low in _RELATIVES:
            return True
        if low in _CLAUSE_WORDS or low in SPEECH_VERBS:
            return False
    return True


def _group_from(toks: list[str]) -> Ref | None:
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
    return Ref("desc", " ".join(toks[k:]))


def parse_np_end(toks: list[str]) -> Ref | None:
    """The noun phrase ending `toks`: the subject in "… Almiron said" or "a spokesperson for X said"."""
    toks = _strip_aux_tail(toks)
    if not toks:
        return None
    last = toks[-1].casefold()
    if last in PRONOUNS or last in ("i", "we"):
        return Ref("pronoun", last)
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
        while k > 0 and len(before) - k <= 3 and (
            before[k].casefold() in ("the", "a", "an")
            or before[k].casefold() in _POSSESSIVES
            or (before[k].casefold() in TITLE_MODIFIERS and not is_cap(before[k]))  # "for the state …"
        ):
            k -= 1
        if before[k].casefold() in _PREPOSITIONS:
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
    if low in _ARTICLES or low in _POSSESSIVES:
        k = 1
        while k < len(toks) and k < 12 and toks[k].casefold() not in _NP_STOPS and toks[k] not in STOP_CAPS:
            k += 1
        phrase = toks[:k]
        inner = phrase[1:]
        lead = 0
        while lead < len(inner) and (is_cap(inner[lead]) or (lead and inner[lead] in NAME_PARTICLES)):
            lead += 1
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
            return Ref("name", " ".join(_name_from_run(phrase[r:])), role=" ".join(phrase[1:r]))
        if len(phrase) - r >= 2 and phrase[r - 1].casefold() not in _PREPOSITIONS:
            named = ref_from_run(phrase[r:], [])
            if named is not None and named.kind == "name":
                return named
        if len(phrase) > 1:
            return Ref("desc", " ".join(phrase), definite=low == "the")
        return None
    k = 0
    while k < len(toks) and k < 9:
        tok = toks[k]
        tl = tok.casefold()
        if (
            is_cap(tok)
            and tok not in STOP_CAPS
            or k > 0
            and tok in NAME_PARTICLES
            and _cap_after_particles(toks, k)
            or not is_cap(tok)
            and (
                is_role_word(tok)
                or tl in TITLE_MODIFIERS
                or _AGE_NOUN.match(tl)
                or (k + 1 < len(toks) and _role_ahead(toks, k))
            )
        ):
            k += 1
        else:
            break
    phrase = toks[:k]
    r = len(phrase)
    while r > 0 and (
        is_cap(phrase[r - 1]) or (phrase[r - 1] in NAME_PARTICLES and r > 1 and is_cap(phrase[r - 2]))
    ):
        r -= 1
    run, before = phrase[r:], phrase[:r]
    if run:
        return ref_from_run(run, before)
    if phrase and phrase[-1].casefold() in GROUP_NOUNS:
        return Ref("desc", " ".join(phrase))
    if phrase and is_role_word(phrase[-1]):
        return Ref("desc", " ".join(phrase))  # "Vance's attorney", before ", Joel Marcus'
    if not phrase and low in GROUP_NOUNS:
        return Ref("desc", low)
    return None


def ends_noun_phrase(word: str) -> bool:
    """Whether `word` may follow a complete noun phrase: a preposition or conjunction ("said he in …")."""
    return word in _NP_STOPS or word in _PREPOSITIONS


def _cap_after_particles(toks: list[str], k: int) -> bool:
    while k < len(toks) and toks[k] in NAME_PARTICLES:
        k += 1
    return k < len(toks) and is_cap(toks[k])


def _role_ahead(toks: list[str], k: int) -> bool:
    """A lowercase word belongs to a role prefix when a role noun follows within two words."""
    for tok in toks[k + 1 : k + 3]:
        if is_role_word(tok):
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
    if _AGE.match(toks[0]):
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
    if low in _PREPOSITIONS or low in _CLAUSE_WORDS:
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


_ROUGH_SENTENCE_END = re.compile(r"[.!?][”\"’')]*\s+(?=[A-Z“\"])")
_APPOSITION_END = re.compile(r"[.!?](?=\s+[A-Z“\"]|\s*$)")
# "the governor" is the person introduced as "Gov. Helen Marchetti"
_TITLE_EQUIVALENTS = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "lt": "lieutenant",
    "sgt": "sergeant",
    "det": "detective",
    "dr": "doctor",
    "supt": "superintendent",
    "atty": "attorney",
    "capt": "captain",
    "cmdr": "commander",
    "prof": "professor",
    "rev": "reverend",
    "pastor": "reverend",
    "cpl": "corporal",
    "councilmember": "councilmember",
    "councilwoman": "councilmember",
    "councilman": "councilmember",
    "councilor": "councilmember",
    "councillor": "councilmember",
    "congresswoman": "representative",
    "congressman": "representative",
    "chairwoman": "chair",
    "chairman": "chair",
    "chairperson": "chair",
    "lawmaker": "legislator",
}
_RELATIVES = word_set("who whom whose that")


def _title_key(word: str) -> str:
    low = strip_possessive(word).casefold().rstrip(".")
    return _TITLE_EQUIVALENTS.get(low, low)


_AGE_NOUN = re.compile(r"^\d{1,3}-year-old$")
_PERSON_NOUNS = word_set("man woman teen teenager boy girl youngster retiree widow widower")
_INTRO_WORDS = _PREPOSITIONS | word_set("when while asked speaking standing writing as since")


def is_intro(seg: str) -> bool:
    """An introductory phrase ("In a post on Facebook", "Asked about the delay") rather than a noun phrase."""
    toks = seg.split(None, 1)
    return bool(toks) and toks[0].casefold() in _INTRO_WORDS


def _ends_with_name(seg: str) -> bool:
    toks = tokens(seg)
    return bool(toks) and is_cap(toks[-1]) and toks[-1] not in STOP_CAPS


def _desc_role(seg: str) -> str | None:
    """A descriptor before a name in apposition: "The store's owner", "Vance's attorney", "Another parent"."""
    toks = tokens(seg)
    while toks and (
        toks[0].casefold() in SPEECH_VERBS or toks[0].casefold() == "according" or toks[0] == "to"
    ):
        toks = toks[1:]
    if not toks or len(toks) > 12:
        return None
    first = toks[0].casefold()
    if first in ("the", "a", "an", "another", "one") or first in _POSSESSIVES:
        body = toks[1:]
    elif _POSSESSIVE_END.search(toks[0]) and is_cap(toks[0]) and len(toks) > 1:
        body = toks
    else:
        return None
    lowered = [t.casefold() for t in body]
    if "whose" in lowered:
        body = body[lowered.index("whose") + 1 :]  # "a firm whose managing partner, Victor Lang"
    if not body or not is_role_word(_head_noun(" ".join(body))):
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
    i = len(segs) - 1
    # walk back over what follows a name: "Frank Russo, 45, of Eastwick," / ", executive director of Juntos,"
    # / ", who has served in Congress since 2015," / ", speaking on the House floor,"
    while i > 0 and not is_intro(segs[i - 1]):
        if _adverbial(segs[i]):
            i -= 1
            continue
        if not appositive_role(segs[i])[0]:
            break
        if not any(_ends_with_name(seg) for seg in segs[max(0, i - 3) : i]):
            break
        i -= 1
    toks = tokens(segs[i])
    ref = parse_np_end(toks)
    if ref is None:
        return None, False
    whole = i == 0
    if ref.kind == "name" and i > 0 and _ends_with_name(segs[i]) and len(toks) <= 5:
        role = _desc_role(segs[i - 1])
        if role is not None:
            if ref.role is None:
                ref.role = role
            whole = i == 1
    if whole:
        # leading junk inside the segment ("But Kenney") still counts as the speaker alone
        whole = len(toks) <= 12
    return ref, whole


_TIME_NOUNS = word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan. feb. mar. apr. aug. sept. sep. oct. nov. dec. today
    yesterday tonight morning afternoon evening night week weekend month year
    """
)
_TIME_FILLERS = word_set("on in at during last this next early late earlier later that the")
_PARTICIPLE_LEAD = re.compile(r"^[a-z]+(?:ing|ly)$")


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
    return low in _PREPOSITIONS or bool(_PARTICIPLE_LEAD.match(low) and low not in _NP_STOPS)


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
_DOCUMENT_STOPS = _PREPOSITIONS | word_set("filed obtained released reviewed seen which that who and")


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
    return _head_noun(desc)


def _head_noun(desc: str) -> str:
    words = [w.casefold() for w in strip_determiner(desc).split()]
    for k, word in enumerate(words):
        if word in _PREPOSITIONS and k > 0:
            return strip_possessive(words[k - 1])
    return strip_possessive(words[-1]) if words else ""


@dataclass
class Registry:
    """The people and organisations of one article, in reading order."""

    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    by_name: dict[str, Entity] = field(default_factory=dict)
    by_key: dict[str, list[Entity]] = field(default_factory=dict)
    _positions: list[Pos] = field(default_factory=list)  # mirrors `mentions`, for bisecting

    def _index(self, entity: Entity) -> None:
        for key in entity.lookup_keys():
            bucket = self.by_key.setdefault(key, [])
            if not any(e is entity for e in bucket):
                bucket.append(entity)

    # -- building ----------------------------------------------------------------------------------------
    def scan(self, paras: list[str]) -> None:
        """Collect named people and organisations from the text outside quotes (quotes masked)."""
        for p, text in enumerate(paras):
            dateline = _DATELINE.match(text)
            start = dateline.end() if dateline and p == 0 else 0
            for m in _RUN.finditer(text, start):
                if m.group() in STOP_CAPS:
                    continue
                for s, e in _split_at_stops(m.group(), m.start()):
                    if text[s:e] not in STOP_CAPS:
                        self._scan_run(p, text, s, e)
            self._learn_gender(p, text)

    def _scan_run(self, p: int, text: str, s: int, e: int) -> None:
        raw = text[s:e].split()
        honorific_gender = None
        intro = (
            False  # "For Maria Gonzalez, the new route means…": no apposition after a preposition's object
        )
        k = 0
        while k < len(raw) and (raw[k] in STOP_CAPS or raw[k] in HONORIFICS):
            honorific_gender = _honorific_gender(raw[k]) or honorific_gender
            intro = intro or raw[k].casefold() in _PREPOSITIONS
            k += 1
        if k == len(raw):
            return
        if k:
            s = text.find(raw[k], s + sum(len(w) for w in raw[:k]))
        run = [w for w in (clean_token(w) for w in raw[k:]) if w]
        if not run:
            return
        after_text = text[e : e + 240]
        if len(run) == 1 and run[0] not in TITLE_HEADS:
            word = strip_possessive(run[0])
            if word.casefold() in GROUP_NOUNS or word.casefold() in STOP_CAPS:
                return
            known = self.lookup_single(word, (p, s), honorific_gender)
            possessive = word != run[0]  # "Marsh's comments": Marsh is not doing anything here
            if known is not None:
                self._add_mention((p, s), known, not possessive and self._is_subject(text, s, e))
                return
            subject = self._is_subject(text, s, e)
            if run[0].isupper() and len(run[0]) >= 2 and run[0].isalpha():
                self._add_mention((p, s), self._get_or_create(word, "org"), subject)
                return
            # a lone capitalised word is a person when it speaks, has an honorific, or acts mid-sentence
            # ("Asked again, Brooks smiled"); at a sentence start it is too often "Hundreds marched"
            mid_sentence_subject = subject and s > 0 and not _SENTENCE_START.search(text[max(0, s - 4) : s])
            if not (honorific_gender or self._verb_follows(after_text) or mid_sentence_subject):
                return
            entity = self._get_or_create(word, "person", honorific_gender)
            self._add_mention((p, s), entity, subject)
            return
        title, name, strong = split_title(run)
        before_text = text[max(0, s - 80) : s]
        subject = self._is_subject(text, s, e) and not _POSSESSIVE_END.search(run[-1])
        if not (title and name):
            kind = _run_kind(run)
            if kind == "org":
                self._add_mention((p, s), self._get_or_create(" ".join(_name_from_run(run)), "org"), subject)
                return
            if kind == "place":
                return
        if not title and len(run) > 1:
            known_full = self.by_name.get(" ".join(_name_from_run(run)).casefold())
            if known_full is not None and known_full.role is not None:
                self._add_mention((p, s), known_full, subject)  # met before, role settled
                return
        before = tokens(before_text[-60:])
        roles: list[tuple[int, str]] = []
        if title and name:
            lead = before[-1] if before and before[-1].casefold() in TITLE_MODIFIERS else None
            title_text = " ".join(([lead] if lead else []) + title)
            roles.append((0 if strong else 2, title_text))
        elif leading_label(run):
            roles.append((4, run[0]))
            name = run[1:]
        else:
            name = run
        name = _name_from_run(name)
        if not name:
            return
        if len(name) == 1 and not title:
            known = self.lookup_single(name[0], (p, s))
            if known is None and not (subject or honorific_gender):
                return
        appos = None if intro else self._apposition_after(after_text)
        if appos:
            roles.append((1, appos))
        desc = self._desc_before(before_text)
        if desc:
            roles.append((3, desc))
        prefix = _role_prefix(before) if not title else None
        if prefix:
            roles.append((4, prefix))
        personal = bool(title or roles or name[0].casefold() in FIRST_NAMES or subject or honorific_gender)
        full = " ".join(name)
        person = self._get_or_create(full, "person") if personal else self._candidate(full)
        if person is None:
            return
        if honorific_gender and person.gender is None:
            person.gender = honorific_gender
        if roles and person.role is None:
            person.role = min(roles, key=lambda r: r[0])[1]
        if title:
            person.titles.update(_title_key(w) for w in title)
        self._add_mention((p, s), person, subject or bool(desc))

    def _candidate(self, full: str) -> Entity | None:
        """A two-word capitalised run we cannot yet call a person; kept so a later surname finds it."""
        key = full.casefold()
        if key in self.by_name:
            return self.by_name[key]
        entity = Entity(full, "person")
        self.by_name[key] = entity
        self.entities.append(entity)
        self._index(entity)
        return None

    @staticmethod
    def _verb_after(after: str, at: int = 0) -> str | None:
        """The first non-auxiliary word after a name and its apposition: "has since said" → said."""
        m = _SUBJECT_AFTER.match(after, at)
        if not m:
            return None
        for word in m.groups():
            if word is None:
                return None
            if word not in AUXILIARIES:
                return word
        return None

    def _verb_follows(self, after: str) -> bool:
        return self._verb_after(after) in SPEECH_VERBS

    def _is_subject(self, text: str, s: int, e: int) -> bool:
        verb = self._verb_after(text, e)
        if verb and (
            verb in SPEECH_VERBS or verb in _COMMON_VERBS or (verb.endswith("ed") and len(verb) > 3)
        ):
            return True
        return bool(_SENTENCE_START.search(text[max(0, s - 4) : s]) or s == 0)

    @staticmethod
    def _apposition_after(after: str) -> str | None:
        after = after.lstrip()  # a blanked ", R-Ohio" leaves spaces before the next comma
        if not after.startswith(","):
            return None
        rest = after[1:]
        if not rest.strip() or rest.lstrip()[0] == _MASK:
            return None
        for _ in range(3):
            end = _segment_end(rest)
            seg = rest[:end]
            is_app, role = appositive_role(seg)
            if not is_app:
                return None
            if role:
                return role
            if not _AGE.match(seg.strip()) or end >= len(rest) or rest[end] != ",":
                return None
            rest = rest[end + 1 :]
        return None

    @staticmethod
    def _desc_before(before: str) -> str | None:
        stripped = before.rstrip()
        if not stripped.endswith(","):
            return None
        body = stripped[:-1]
        cut = max(body.rfind(","), body.rfind(";"), body.rfind(_MASK), body.rfind(":"))
        for m in _ROUGH_SENTENCE_END.finditer(body, cut + 1):
            cut = max(cut, m.end() - 1)
        return _desc_role(body[cut + 1 :])

    def _learn_gender(self, p: int, text: str) -> None:
        k = len(self.mentions) - 1
        while k >= 0 and self.mentions[k].pos[0] >= p - 1:
            if self.mentions[k].entity.gender is None and self.mentions[k].entity.kind == "person":
                break
            k -= 1
        else:
            return  # nobody named nearby is left to learn about
        for m in _GENDER_PRONOUN.finditer(text):
            if _MASK in text[max(0, m.start() - 3) : m.start()]:
                continue  # "“…,” she said": the attribution itself proves nothing
            gender = GENDERED_PRONOUNS[m.group().casefold()]
            candidates: list[Entity] = []
            k = bisect.bisect_left(self._positions, (p, m.start())) - 1
            floor = k - 60  # a bounded look back: one name mentioned thousands of times stays linear
            while k >= max(0, floor) and len(candidates) < 6 and self.mentions[k].pos[0] >= p - 1:
                entity = self.mentions[k].entity
                if entity.kind == "person" and all(c is not entity for c in candidates):
                    candidates.append(entity)
                k -= 1
            if not candidates:
                continue
            compatible = [e for e in candidates if e.gender in (None, gender)]
            target = compatible[0] if compatible else candidates[0]
            if target.gender is None:
                target.gender = gender

    def _get_or_create(self, full: str, kind: str, gender: str | None = None) -> Entity:
        key = full.casefold()
        entity = self.by_name.get(key)
        if entity is not None and gender and entity.gender not in (None, gender):
            # "Mr. Okonkwo" and "Ms. Okonkwo" are two people
            key = f"{key}#{gender}"
            entity = self.by_name.get(key)
        if entity is not None:
            if entity.kind == "person" and kind == "org":
                entity.kind = "org"
                self._index(entity)
            return entity
        parts = full.split()
        if kind == "person" and len(parts) >= 2:
            surname = strip_possessive(parts[-1]).casefold()
            for other in reversed(self.by_key.get(surname, [])):
                if other.kind != "person" or other.surname != surname:
                    continue
                new_gender = _gender_of_first(parts[0])
                if len(other.name.split()) == 1 and (
                    other.gender is None or new_gender in (None, other.gender)
                ):
                    # "Ortega said…", then "Marisol Ortega": the same person, now with a full name
                    del self.by_name[other.name.casefold()]
                    other.rename(full)
                    self.by_name[key] = other
                    if other.gender is None:
                        other.gender = _gender_of_first(parts[0])
                    self._index(other)
                    return other
                if other.first == parts[0].casefold() or other.first.rstrip(".") == parts[
                    0
                ].casefold().rstrip("."):
                    self.by_name[key] = other
                    return other
        first_gender = _gender_of_first(parts[0]) if kind == "person" and len(parts) > 1 else None
        entity = Entity(full, kind, gender=gender or first_gender)
        self.by_name[key] = entity
        self.entities.append(entity)
        self._index(entity)
        return entity

    def _add_mention(self, pos: Pos, entity: Entity, subject: bool) -> None:
        mention = Mention(pos, entity, subject)
        # the scan runs in reading order, so appending is the common case
        if not self._positions or self._positions[-1] <= pos:
            self.mentions.append(mention)
            self._positions.append(pos)
        else:
            i = bisect.bisect_right(self._positions, pos)
            self.mentions.insert(i, mention)
            self._positions.insert(i, pos)
        if not entity.positions or entity.positions[-1] <= pos:
            entity.positions.append(pos)
        else:
            bisect.insort(entity.positions, pos)

    def note_speaker(self, pos: Pos, entity: Entity) -> None:
        """A resolved speaker counts as a subject mention where the attribution sits."""
        self._add_mention(pos, entity, True)

    # -- lookups ---------------------------------------------------------------------------------------
    def _recent(
        self,
        pos: Pos,
        accept: Callable[[Entity], bool],
        limit: int = 60,
        min_para: int = -1,
        subject_only: bool = False,
    ) -> list[Entity]:
        """Entities mentioned before `pos`, most recent first."""
        idx = bisect.bisect_left(self._positions, pos)
        out: list[Entity] = []
        seen: set[int] = set()
        for k in range(idx - 1, max(-1, idx - 1 - limit), -1):
            mention = self.mentions[k]
            if mention.pos[0] < min_para:
                break
            if subject_only and not mention.subject:
                continue
            entity = mention.entity
            if id(entity) not in seen and accept(entity):
                seen.add(id(entity))
                out.append(entity)
        return out

    def lookup_single(self, word: str, pos: Pos, gender: str | None = None) -> Entity | None:
        """A surname (or first name) → the entity most recently named with it (of `gender`, if given)."""
        key = strip_possessive(word).casefold()
        if not key:
            return None
        best: Entity | None = None
        best_pos: Pos = (-1, -1)
        fallback: Entity | None = None
        kin: list[Entity] = []  # people named before `pos` who share this surname
        for entity in self.by_key.get(key, ()):
            if entity.kind == "person":
                hit = entity.surname == key or (entity.first == key and " " in entity.name)
            else:
                hit = entity.name.split()[0].casefold() == key
            if not hit or (gender and entity.gender not in (None, gender)):
                continue
            last = entity.last_before(pos)
            if last is not None and entity.kind == "person" and entity.surname == key and " " in entity.name:
                kin.append(entity)
            if last is not None and last > best_pos:
                best, best_pos = entity, last
            elif entity.kind == "person" and entity.surname == key:
                fallback = entity
        if len(kin) > 1 and best is not None and best.surname == key:
            # "Dale Pruitt … his son, Caleb Pruitt": a bare "Pruitt" is the one introduced first (AP
            # style names the others by first name); "Caleb said" matched a first name, not this
            return min(kin, key=lambda e: e.positions[0])
        return best or fallback

    def lookup_name(self, name: str, pos: Pos, kind: str = "person", gender: str | None = None) -> Entity:
        parts = name.split()
        if len(parts) == 1:
            found = self.lookup_single(parts[0], pos, gender)
            if found is not None:
                return found
        key = name.casefold()
        if key in self.by_name:
            return self.by_name[key]
        if kind == "org" or len(parts) > 1:
            for entity in reversed(self.entities):
                if entity.kind == "org" and entity.name.casefold().startswith(key + " "):
                    return entity
        return self._get_or_create(name, kind, gender)

    def resolve(self, ref: Ref, pos: Pos) -> tuple[str | None, str | None, Entity | None]:
        """Speaker name, role and entity for an attribution at `pos`."""
        if ref.kind == "pronoun":
            entity = self.resolve_pronoun(ref.text, pos)
            return (entity.name, entity.role, entity) if entity else (None, None, None)
        if ref.kind in ("name", "org"):
            kind = "org" if ref.kind == "org" else "person"
            entity = self.lookup_name(ref.text, pos, kind, ref.gender)
            if entity.role is None and ref.role and entity.kind == "person":
                entity.role = ref.role
            return entity.name, entity.role, entity
        return self.resolve_desc(ref, pos)

    def resolve_pronoun(self, pronoun: str, pos: Pos) -> Entity | None:
        pronoun = POSSESSIVE_PRONOUNS.get(pronoun, pronoun)
        want = PRONOUNS.get(pronoun)
        if want is None:
            return None

        def fits(e: Entity) -> bool:
            if want == "o":
                return e.kind == "org"
            if want == "n":
                return e.kind == "org" or e.gender in (None, "n")
            return e.kind == "person" and e.gender in (None, want)

        for subject_only, window in ((True, 2), (False, 2), (False, 10_000)):
            found = self._recent(pos, fits, min_para=pos[0] - window, subject_only=subject_only)
            if found:
                return found[0]
        return None

    def resolve_desc(self, ref: Ref, pos: Pos) -> tuple[str | None, str | None, Entity | None]:
        role = strip_determiner(ref.text) or None
        if role and role.split()[0] in TITLE_HEADS and len(role.split()) == 1:
            role = role.casefold() if ref.definite else role
        head = _head_noun(ref.text)
        if head in DOCUMENT_NOUNS:
            # "the statement said": whoever was just said to have issued it, else nobody named
            issuer = self._recent(pos, lambda e: True, min_para=pos[0] - 1, subject_only=True)
            return (issuer[0].name, issuer[0].role, issuer[0]) if issuer else (None, None, None)
        if ref.definite:
            if _AGE_NOUN.match(head) or head in _PERSON_NOUNS:
                # "the 81-year-old said": whoever the story is about, named before or just after
                entity = self.last_subject(pos, pos[0] - 1) or self._next_person(pos)
                if entity is not None:
                    return entity.name, entity.role, entity
            people = self._recent(pos, lambda e: e.kind == "person" and e.role is not None, limit=400)
            want = _TITLE_EQUIVALENTS.get(head, head)
            for entity in people:
                words = [strip_possessive(w).casefold().rstrip(".") for w in (entity.role or "").split()]
                if (words and _TITLE_EQUIVALENTS.get(words[-1], words[-1]) == want) or want in entity.titles:
                    return entity.name, entity.role, entity
            if head in ORG_ANAPHORS:
                orgs = self._recent(pos, lambda e: e.kind == "org", limit=400)
                for entity in orgs:
                    if entity.name.split()[-1].casefold() == head:
                        return entity.name, entity.role, entity
                if orgs and head in (
                    "agency",
                    "company",
                    "organization",
                    "organisation",
                    "group",
                    "firm",
                    "nonprofit",
                    "utility",
                    "developer",
                ):
                    return orgs[0].name, orgs[0].role, orgs[0]
        return None, role, None

    def _next_person(self, pos: Pos) -> Entity | None:
        idx = bisect.bisect_right(self._positions, pos)
        for mention in self.mentions[idx : idx + 8]:
            if mention.pos[0] > pos[0] + 1:
                break
            if mention.entity.kind == "person" and " " in mention.entity.name:
                return mention.entity
        return None

    def last_subject(self, pos: Pos, min_para: int) -> Entity | None:
        found = self._recent(pos, lambda e: e.kind == "person", min_para=min_para, subject_only=True)
        return found[0] if found else None


_RUN_WORD = re.compile(r"\S+")


def _split_at_stops(run: str, offset: int) -> list[tuple[int, int]]:
    """A run's pieces between sentence ends: "Monday. Ellis" is two runs, "Robert J. Haines" one."""
    if ". " not in run:
        return [(offset, offset + len(run))]
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in _RUN_WORD.finditer(run):
        word = m.group()
        bare = word.rstrip(".")
        if (
            word.endswith(".")
            and m.end() < len(run)
            and len(bare) > 1
            and "." not in bare
            and word not in TITLE_HEADS
            and word not in HONORIFICS
            and word not in SUFFIXES
            and word not in ORG_WORDS
            and bare.casefold() not in ABBREVIATIONS
        ):
            pieces.append((offset + start, offset + m.end()))
            start = m.end() + 1
            while start < len(run) and run[start].isspace():
                start += 1
    pieces.append((offset + start, offset + len(run)))
    return pieces


def _segment_end(text: str) -> int:
    """End of an apposition: the next comma, semicolon, quote mask or sentence end."""
    best = len(text)
    for ch in (",", ";", _MASK, "("):
        i = text.find(ch)
        if 0 <= i < best:
            best = i
    for m in _APPOSITION_END.finditer(text, 0, best):
        head = text[max(0, m.start() - 24) : m.start()].split()
        word = head[-1] if head else ""
        if len(word) == 1 or word.casefold().rstrip(".") in ("st", "dr", "mt", "ft", "jr", "sr", "inc", "co"):
            continue
        return m.start()
    return best
