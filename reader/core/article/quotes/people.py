"""The register of people: who an article names, and who a later surname, title or pronoun means."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.core.article.quotes.grammar import (
    AGE,
    AGE_NOUN,
    FIRST_NAMES,
    JOIN,
    POSSESSIVE_END,
    PREPOSITIONS,
    Ref,
    appositive_role,
    clean_token,
    desc_role,
    head_noun,
    honorific_gender,
    is_demonym,
    is_role_word,
    is_title,
    junk_name,
    leading_label,
    name_from_run,
    parse_np_start,
    party_label,
    role_prefix,
    run_kind,
    split_title,
    strip_possessive,
    tokens,
)
from reader.core.article.quotes.lexicon import (
    ABBREVIATIONS,
    AUXILIARIES,
    DOCUMENT_NOUNS,
    FEMALE_NAMES,
    GENDERED_PRONOUNS,
    GROUP_NOUNS,
    HONORIFICS,
    MALE_NAMES,
    ORG_ANAPHORS,
    ORG_WORDS,
    POSSESSIVE_PRONOUNS,
    PRONOUNS,
    SPEECH_VERBS,
    STOP_CAPS,
    SUFFIXES,
    TITLE_MODIFIERS,
    word_set,
)
from reader.core.article.quotes.spans import MASK, Pos

_SENTENCE_START = re.compile(r"(?:^|[.!?…][”\"’')\]]*\s+|[:;]\s+)$")

_SUBJECT_AFTER = re.compile(
    r"\s*(?:,[^,.;" + MASK + r"]{1,160})?,?\s+([a-z][a-z'’-]*)(?:\s+([a-z][a-z'’-]*))?(?:\s+([a-z][a-z'’-]*))?"
)

_COMMON_VERBS = word_set(
    "is was has had will would can could did does remembers wept spent led runs ran opened owns owned took "
    "takes went goes came comes made makes leads heads works worked lives lived died helped helps watched "
    "joined founded started began spoke speaks"
)

_GENDER_PRONOUN = re.compile(r"\b(?:[Hh](?:e|im|is|imself|er|ers|erself)|[Ss]he)\b")

_CAP_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’\-\u2060]*(?:\.[A-Za-z][\w'’\-\u2060]*)*\.?"  # Ortega, O'Malley, Pratt-Lewis, J., U.S.

_RUN = re.compile(
    _CAP_WORD + r"(?:\s+(?:(?:de|da|di|du|del|della|der|den|van|von|la|le|bin|ibn|al|y|dos|das)\s+)*" + _CAP_WORD + ")*"
)


def _gender_of_first(first: str) -> str | None:
    key = first.casefold().rstrip(".")
    if key in FEMALE_NAMES and key not in MALE_NAMES:
        return "f"
    if key in MALE_NAMES and key not in FEMALE_NAMES:
        return "m"
    return None


_ROUGH_SENTENCE_END = re.compile(r"[.!?][”\"’')]*\s+(?=[A-Z“\"])")

_APPOSITION_END = re.compile(r"[.!?](?=\s+[A-Z“\"]|\s*$)")

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


def _title_key(word: str) -> str:
    low = strip_possessive(word.split(JOIN, 1)[0]).casefold().rstrip(".")
    return _TITLE_EQUIVALENTS.get(low, low)


_PERSON_NOUNS = word_set("man woman teen teenager boy girl youngster retiree widow widower")


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
    anonymous: bool = False  # someone only described ("a neighbor"): a pronoun may mean them, a surname never

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


@dataclass
class Registry:
    """The people and organisations of one article, in reading order."""

    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    by_name: dict[str, Entity] = field(default_factory=dict)
    by_key: dict[str, list[Entity]] = field(default_factory=dict)
    lower_words: set[str] = field(default_factory=set)
    mid_caps: set[str] = field(default_factory=set)
    _positions: list[Pos] = field(default_factory=list)  # mirrors `mentions`, for bisecting

    def _index(self, entity: Entity) -> None:
        for key in entity.lookup_keys():
            bucket = self.by_key.setdefault(key, [])
            if not any(e is entity for e in bucket):
                bucket.append(entity)

    # -- building ----------------------------------------------------------------------------------------
    def learn_words(self, paras: list[str]) -> None:
        """Which words the article writes in lower case, and which capitalised words it writes mid-sentence,
        so that a capitalised word seen only at sentence starts ("Dogs are …") is known for a common word."""
        for text in paras:
            self.lower_words.update(_LOWER_WORD.findall(text))
            self.mid_caps.update(_MID_CAP.findall(text))

    def common_word(self, word: str) -> bool:
        """Whether a lone capitalised word is an ordinary word at a sentence's start, not a name: the
        article writes it in lower case elsewhere and never capitalised mid-sentence."""
        bare = strip_possessive(word).rstrip(".")
        return bare.casefold() in self.lower_words and bare not in self.mid_caps

    def scan(self, paras: list[str]) -> None:
        """Collect named people and organisations from the text outside quotes (quotes masked)."""
        for p, text in enumerate(paras):
            for m in _RUN.finditer(text):
                if m.group() in STOP_CAPS:
                    continue
                for s, e in _split_at_stops(m.group(), m.start()):
                    if text[s:e] not in STOP_CAPS:
                        self._scan_run(p, text, s, e)
            self._scan_descriptions(p, text)
            self._learn_gender(p, text)

    def _scan_run(self, p: int, text: str, s: int, e: int) -> None:
        raw = text[s:e].split()
        title_gender = None
        intro = False  # "For Maria Gonzalez, the new route means…": no apposition after a preposition's object
        k = 0
        while k < len(raw) and (raw[k] in STOP_CAPS or raw[k] in HONORIFICS):
            title_gender = honorific_gender(raw[k]) or title_gender
            intro = intro or raw[k].casefold() in PREPOSITIONS
            k += 1
        if k == len(raw):
            return
        if k:
            s = text.find(raw[k], s + sum(len(w) for w in raw[:k]))
        run = [w for w in (clean_token(w) for w in raw[k:]) if w]
        if not run:
            return
        after_text = text[e : e + 240]
        if len(run) == 1 and not is_title(run[0]):
            word = strip_possessive(run[0])
            if word.casefold() in GROUP_NOUNS or word.casefold() in STOP_CAPS or junk_name([run[0]]):
                return
            if self.common_word(word) and not self.by_key.get(word.casefold()):
                return  # "Dogs are …", "Readers can …": a word, capitalised because it opens a sentence
            if word in ORG_WORDS:  # "before Congress spent more": an institution
                self._add_mention((p, s), self._get_or_create(word, "org"), self._is_subject(text, s, e))
                return
            known = self.lookup_single(word, (p, s), title_gender)
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
            # "Haddad quietly admitted …": a surname acting at a sentence's start (not "Democrats voted")
            acting = self._acts(after_text) and not word.endswith(_PLURAL_PEOPLE)
            if not (title_gender or self._verb_follows(after_text) or mid_sentence_subject or acting):
                return
            if _THING_BEFORE.search(text[max(0, s - 24) : s]):
                return  # "the 5th Precinct was", "a Senate that": a thing's name, not a person's
            entity = self._get_or_create(word, "person", title_gender)
            if title_gender and entity.role is None:
                entity.role = self._apposition_after(after_text)  # "Mr. Haddad, the county auditor,"
            self._add_mention((p, s), entity, subject)
            return
        title, name, strong = split_title(run)
        before_text = text[max(0, s - 80) : s]
        subject = self._is_subject(text, s, e) and not POSSESSIVE_END.search(run[-1])
        if not (title and name):
            kind = run_kind(run)
            if kind == "org":
                self._add_mention((p, s), self._get_or_create(" ".join(name_from_run(run)), "org"), subject)
                return
            if kind == "place":
                return
        if not title and len(run) > 1:
            known_full = self.by_name.get(" ".join(name_from_run(run)).casefold())
            if known_full is not None and known_full.role is not None:
                self._add_mention((p, s), known_full, subject)  # met before, role settled
                return
        before = tokens(before_text[-60:])
        roles: list[tuple[int, str]] = []
        if title and name:
            lead = before[-1] if before and before[-1].casefold() in TITLE_MODIFIERS else None
            title_text = " ".join(([lead] if lead else []) + title)
            roles.append((0 if strong else 2, title_text))
        elif party_label(run):
            name = run[party_label(run) :]  # "Democrat Ana Ruiz": a party is never a role
        elif leading_label(run) and is_demonym(run[0]):
            name = run[1:]  # "Ohioan Lee Park": nor a home
        elif leading_label(run):
            roles.append((4, run[0]))
            name = run[1:]
        else:
            name = run
        name = name_from_run(name)
        if not name or junk_name(name):
            return
        if len(name) == 1 and not title:
            known = self.lookup_single(name[0], (p, s))
            if known is None and not (subject or title_gender):
                return
        appos = None if intro else self._apposition_after(after_text)
        if appos:
            roles.append((1, appos))
        desc = self._desc_before(before_text)
        if desc:
            roles.append((3, desc))
        prefix = role_prefix(before) if not title else None
        if prefix:
            roles.append((4, prefix))
        personal = bool(title or roles or name[0].casefold() in FIRST_NAMES or subject or title_gender)
        full = " ".join(name)
        person = self._get_or_create(full, "person") if personal else self._candidate(full)
        if person is None:
            return
        if title_gender and person.gender is None:
            person.gender = title_gender
        if roles and person.role is None:
            person.role = min(roles, key=lambda r: r[0])[1]
        if title:
            person.titles.update(_title_key(w) for w in title)
        self._add_mention((p, s), person, subject or bool(desc))

    def _scan_descriptions(self, p: int, text: str) -> None:
        """People the article only describes ("A neighbor, who asked not to be named, said …", "I asked the
        clerk"), so that a later "she said" can mean them rather than someone named further back."""
        for m in _DESCRIPTION.finditer(text):
            words = m.group("words").split()
            heads = [k for k, w in enumerate(words) if _describes_person(w.casefold())]
            if not heads or any(w.casefold() in PREPOSITIONS for w in words[: heads[-1]]):
                continue
            head = words[heads[-1]].casefold()
            end = m.start("words") + len(" ".join(words[: heads[-1] + 1]))
            if m.group().startswith(("the ", "The ")) and self._with_role(head, (p, m.start())):
                continue  # "the judge" is the judge named before, not someone new
            # "a spokeswoman for the district said": the phrase runs on to its verb, within its sentence
            window = text[m.start() : m.start() + 160]
            stop = _ROUGH_SENTENCE_END.search(window)
            ref = parse_np_start(tokens(window[: stop.start() + 1] if stop else window))
            phrase = text[m.start() : end]
            if ref is not None and ref.kind == "desc" and ref.text.startswith(phrase) and head_noun(ref.text) == head:
                last = text.find(ref.text.split()[-1], end)
                if 0 <= last < m.start() + 160:
                    end = last + len(ref.text.split()[-1])
                    phrase = ref.text
            entity = Entity(nominal(phrase), "person", gender=_noun_gender(head), anonymous=True)
            self._add_mention((p, m.start()), entity, self._is_subject(text, m.start(), end))

    def _with_role(self, head: str, pos: Pos) -> bool:
        """Whether someone named before `pos` has the role or title `head` ("judge", "senator")."""
        return self.resolve_desc(Ref("desc", "the " + head, definite=True), pos)[2] is not None

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

    def _acts(self, after: str) -> bool:
        """Whether a past-tense verb follows at once, adverbs aside: "Haddad quietly admitted"."""
        m = _SUBJECT_AFTER.match(after)
        if not m or after.lstrip()[:1] == ",":
            return False
        for word in m.groups():
            if word is None or not word.endswith("ly"):
                return word is not None and word.endswith("ed") and len(word) > 4
        return False

    def _is_subject(self, text: str, s: int, e: int) -> bool:
        verb = self._verb_after(text, e)
        if verb and (verb in SPEECH_VERBS or verb in _COMMON_VERBS or (verb.endswith("ed") and len(verb) > 3)):
            return True
        return bool(_SENTENCE_START.search(text[max(0, s - 4) : s]) or s == 0)

    @staticmethod
    def _apposition_after(after: str) -> str | None:
        after = after.lstrip()  # a blanked ", R-Ohio" leaves spaces before the next comma
        if not after.startswith(","):
            return None
        rest = after[1:]
        if not rest.strip() or rest.lstrip()[0] == MASK:
            return None
        for _ in range(3):
            end = _segment_end(rest)
            seg = rest[:end]
            is_app, role = appositive_role(seg)
            if not is_app:
                return None
            if role:
                return role
            if not AGE.match(seg.strip()) or end >= len(rest) or rest[end] != ",":
                return None
            rest = rest[end + 1 :]
        return None

    @staticmethod
    def _desc_before(before: str) -> str | None:
        stripped = before.rstrip()
        if not stripped.endswith(","):
            return None
        body = stripped[:-1]
        cut = max(body.rfind(","), body.rfind(";"), body.rfind(MASK), body.rfind(":"))
        for m in _ROUGH_SENTENCE_END.finditer(body, cut + 1):
            cut = max(cut, m.end() - 1)
        return desc_role(body[cut + 1 :])

    def _learn_gender(self, p: int, text: str) -> None:
        k = len(self.mentions) - 1
        while k >= 0 and self.mentions[k].pos[0] >= p - 1:
            if self.mentions[k].entity.gender is None and self.mentions[k].entity.kind == "person":
                break
            k -= 1
        else:
            return  # nobody named nearby is left to learn about
        for m in _GENDER_PRONOUN.finditer(text):
            if MASK in text[max(0, m.start() - 3) : m.start()]:
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
                if len(other.name.split()) == 1 and (other.gender is None or new_gender in (None, other.gender)):
                    # "Ortega said…", then "Marisol Ortega": the same person, now with a full name
                    del self.by_name[other.name.casefold()]
                    other.rename(full)
                    self.by_name[key] = other
                    if other.gender is None:
                        other.gender = _gender_of_first(parts[0])
                    self._index(other)
                    return other
                if other.first == parts[0].casefold() or other.first.rstrip(".") == parts[0].casefold().rstrip("."):
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
        since: Pos | None = None,
    ) -> list[Entity]:
        """Entities mentioned before `pos` (and not before `since`), most recent first."""
        idx = bisect.bisect_left(self._positions, pos)
        out: list[Entity] = []
        seen: set[int] = set()
        for k in range(idx - 1, max(-1, idx - 1 - limit), -1):
            mention = self.mentions[k]
            if mention.pos[0] < min_para or (since is not None and mention.pos < since):
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
        entities = self.by_key.get(key, ())
        # a surname beats a first name: "Ruiz said" is Maria Ruiz, not a "Ruiz Bakery" named since
        by_surname = any(e.kind == "person" and e.surname == key and e.last_before(pos) for e in entities)
        for entity in entities:
            if entity.kind == "person":
                hit = entity.surname == key or (entity.first == key and " " in entity.name and not by_surname)
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
                return self._named_if_known(found[0], pos)
        return None

    def _named_if_known(self, entity: Entity, pos: Pos) -> Entity:
        """A described "the clerk" is the clerk named elsewhere, when one is."""
        if entity.anonymous and entity.name.startswith("the "):
            named = self.resolve_desc(Ref("desc", entity.name, definite=True), pos)[2]
            if named is not None:
                return named
        return entity

    def resolve_desc(self, ref: Ref, pos: Pos) -> tuple[str | None, str | None, Entity | None]:
        """A descriptor's speaker: the person or organisation it names again ("the mayor" after "Mayor Dana
        Whitlock", "the department" after "the Millbrook Police Department"), else the descriptor itself
        ("a spokeswoman for the district", "police", "the statement"), which has no role of its own."""
        head = head_noun(ref.text)
        if ref.definite and head not in DOCUMENT_NOUNS:
            if AGE_NOUN.match(head):
                # "the 81-year-old said": whoever the story is about, named before or just after
                entity = self.last_subject(pos, pos[0] - 1) or self._next_person(pos)
                if entity is not None:
                    return entity.name, entity.role, entity
            people = self._recent(pos, lambda e: e.kind == "person" and e.role is not None, limit=400)
            want = _TITLE_EQUIVALENTS.get(head, head)
            for entity in people:
                words = (entity.role or "").split()
                if (words and _title_key(words[-1]) == want) or want in entity.titles:
                    return entity.name, entity.role, entity
            if head in ORG_ANAPHORS:
                # "the department" is the organisation named "… Department" just before, "the agency" a
                # "… Authority" or "… Commission", "the company" a "… Inc."
                kinds = _ANAPHOR_HEADS.get(head, frozenset()) | {head}
                for entity in self._recent(pos, lambda e: e.kind == "org", limit=400):
                    if strip_possessive(entity.name.split()[-1]).casefold().rstrip(".") in kinds:
                        return entity.name, entity.role, entity
        return nominal(ref.text), None, None

    def _next_person(self, pos: Pos) -> Entity | None:
        idx = bisect.bisect_right(self._positions, pos)
        for mention in self.mentions[idx : idx + 8]:
            if mention.pos[0] > pos[0] + 1:
                break
            if mention.entity.kind == "person" and " " in mention.entity.name:
                return mention.entity
        return None

    def mentions_between(self, first_para: int, last_para: int) -> bool:
        """Whether anyone is named in paragraphs `first_para` to `last_para` (inclusive)."""
        i = bisect.bisect_left(self._positions, (first_para, 0))
        return i < len(self._positions) and self._positions[i][0] <= last_para

    def last_subject(self, pos: Pos, min_para: int, since: Pos | None = None, orgs: bool = False) -> Entity | None:
        """The person (or, given `orgs`, the organisation) last named as a sentence's subject before `pos`
        (and, given `since`, after it)."""
        found = self._recent(
            pos, lambda e: e.kind == "person" or orgs, min_para=min_para, subject_only=True, since=since
        )
        return found[0] if found else None


# what a generic noun may stand for: the last word of an organisation's name
_ANAPHOR_HEADS = {
    "agency": word_set("authority agency commission administration bureau service office department board"),
    "department": word_set("department dept office"),
    "company": word_set("company co inc corp corporation llc ltd group holdings industries enterprises"),
    "firm": word_set("firm partners associates llp llc group"),
    "group": word_set("group coalition alliance association network project initiative fund foundation"),
    "organization": word_set("organization organisation association coalition foundation institute network"),
    "union": word_set("union workers federation local"),
    "utility": word_set("utility utilities electric energy gas power water"),
    "district": word_set("district schools"),
    "campaign": word_set("campaign"),
    "committee": word_set("committee caucus"),
    "council": word_set("council board"),
    "hospital": word_set("hospital center centre clinic health healthcare"),
    "nonprofit": word_set("foundation project fund alliance coalition network initiative"),
}
_THING_BEFORE = re.compile(r"\b(?:the|a|an|this|that|its|their|our|\d+(?:st|nd|rd|th))(?:\s+[a-z][\w-]*)?\s+$", re.I)
# "a neighbor", "the clerk", "one longtime resident": a determiner and up to three lower-case words
_DESCRIPTION = re.compile(r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother|[Tt]he)\s+(?P<words>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})")


def _describes_person(word: str) -> bool:
    return word not in GROUP_NOUNS and (is_role_word(word) or word in _PERSON_NOUNS)


_FEMALE_NOUNS = word_set(
    "woman women mother daughter wife sister grandmother aunt niece girl actress waitress widow mom "
    "granddaughter stepmother girlfriend"
)
_MALE_NOUNS = word_set(
    "man men father son husband brother grandfather uncle nephew boy widower dad grandson stepfather boyfriend"
)


def _noun_gender(head: str) -> str | None:
    if head in _FEMALE_NOUNS or head.endswith("woman"):
        return "f"
    if head in _MALE_NOUNS or (head.endswith("man") and len(head) > 4):
        return "m"
    return None


_LEADING_ARTICLE = re.compile(r"^(?:The|A|An|Another|One)\b")


def nominal(text: str) -> str:
    """A descriptor as a speaker: as written, its article in lower case ("The newspaper" → "the newspaper")."""
    words = text.split()
    while len(words) > 1 and words[-1].casefold() in ("who", "that", "which", "whom"):
        words.pop()  # "a campaign volunteer who": the person, not the start of the clause
    text = " ".join(words).rstrip(".,;:")
    return _LEADING_ARTICLE.sub(lambda m: m.group().casefold(), text)


_RUN_WORD = re.compile(r"\S+")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
# a capitalised word after a lower-case word or a comma: not at a sentence's start
_MID_CAP = re.compile(r"(?<=[a-z,] )[A-Z][a-z]+(?![\w'’-])")


def _split_at_stops(run: str, offset: int) -> list[tuple[int, int]]:
    """A run's pieces between sentence ends and after a possessive: "Monday. Ellis" and "Harbor State
    University's Lena Park" are two runs each, "Robert J. Haines" one."""
    if ". " not in run and "'s " not in run and "’s " not in run and not _PRONOUN_IN_RUN.search(run):
        return [(offset, offset + len(run))]
    pieces: list[tuple[int, int]] = []
    start = 0
    previous = ""
    for m in _RUN_WORD.finditer(run):
        word = m.group()
        bare = word.rstrip(".")
        if m.start() > start and (word in _CAPITAL_PRONOUNS or (previous.endswith(".") and word in STOP_CAPS)):
            # "in the U.S. She said": a new sentence after an abbreviation, never part of a name
            pieces.append((offset + start, offset + m.start() - 1))
            start = m.start()
        previous = word
        if m.end() < len(run) and word.endswith(("'s", "’s")) and len(word) > 3:
            pieces.append((offset + start, offset + m.end()))
            start = m.end() + 1
        elif (
            word.endswith(".")
            and m.end() < len(run)
            and len(bare) > 1
            and "." not in bare
            and not is_title(word)
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


_PLURAL_PEOPLE = ("ans", "ats", "ists", "ers", "ics", "ites")  # Americans, Democrats, Socialists, Voters
_CAPITAL_PRONOUNS = word_set("He She They It We I You")
_PRONOUN_IN_RUN = re.compile(r"\s(?:He|She|They|It|We|I|You)\b")


def _segment_end(text: str) -> int:
    """End of an apposition: the next comma, semicolon, quote mask or sentence end."""
    best = len(text)
    for ch in (",", ";", MASK, "("):
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
