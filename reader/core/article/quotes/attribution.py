"""Attribution: the speech verb, "according to", colon or dash that ties a quote span to a speaker.

After the quote: "…," said X / "…," X said / "…" — X, role / according to X / per X / "…," read the
statement / "…," a far cry from last spring, says X / "…" on the roads, the memo stated / a paragraph that
only signs it ("— Ana Ruiz, Dayton."). Before it: X said: "…" / In a statement, the department said "…" /
According to X, "…" / Per X, "…" / Because of the map, explained X, "…" / Her advice to renters: "…" /
Readers agree - Nadia Brooks: "…" / More from X: "…" / a paragraph ending "Vega said:". In the sentence: the
speech verb nearest the quote with its subject (X called the ruling "…"), an inverted aside (The trouble,
says X, a planner, is that "…"), the subject of the clause a participle hangs on (X said, adding, "…"; X
released a statement, saying "…"; Calling it "…," though, X voted for it), the sentence's subject when
nothing else ties the quote (The mailer promises a "…"), a passive's agent (was asked by X whether "…").
A verb after a possessive or an article is a noun ("her remarks"); "reads" attributes only a writing ("the
letter reads"), never a sign. A clause after a quote that ended its sentence and runs, with a comma, into
the next quote introduces that one ('"Can we move it?" Cole writes back, "Only on Friday."'); "X said yes" attributes
nothing.
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
    STOP_CAPS,
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
_POST_LEAD = re.compile(r"\s*([,—–―-]*)\s*")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")
# a word right after a possessive or a determiner is a noun: "her remarks", "Ginsburg's comments"
_NOUN_SLOT = re.compile(
    r"(?:\b(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur|[Mm]y|[Yy]our|[Tt]hese|[Tt]hose|[Aa]n?)|\w['’]s?)\s+$"
)
_TIGHT_TAIL = re.compile(r"(?P<tail>(?:\s+[^\s,:;" + MASK + r"]+){0,8}?)\s*(?P<punct>[,:]|—|–)?\s*$")
# speech verbs that may come before their subject ("said Sheriff Tom Hale"); "told X" never names the speaker
_INVERTIBLE = frozenset(
    v
    for v in SPEECH_VERBS
    if (v.endswith(("ed", "s")) or v in ("said", "wrote", "sang")) and v not in ("told", "tells")
)
# verbs of speech in two words: "according to", "pointed out", "went on", "shot back", "chimed in"
_PHRASAL = {
    word: re.compile(rf"\s+({particle})\b")
    for word, particle in (
        ("according", "to"),
        ("pointed", "out"),
        ("points", "out"),
        # "went on, “…”", "went on to say", "went on about", but not "the council goes on break"
        ("went", r"on(?=\s*(?:[,:—–]|to\s|about\b|$))"),
        ("goes", r"on(?=\s*(?:[,:—–]|to\s|about\b|$))"),
        ("shot", "back"),
        ("fired", "back"),
        ("fires", "back"),
        ("hit", "back"),
        ("chimed", "in"),
        ("cut", "in"),
        ("cuts", "in"),
        ("weighed", "in"),
        ("summed", "up"),
        ("spoke", "up|out"),
        ("lashed", "out"),
        ("put", "it"),
        ("puts", "it"),
    )
}
# a clause after a quote that opens with these is narration, not an attribution
_CONJUNCTIONS = word_set("and but or yet so while although though because as whereas which who that where when")
_CAPITAL_PRONOUNS = word_set("He She They It We I")
_COMPLEMENT_STARTS = word_set("that it they he she we i there this these those yes no nothing")
_INVERSION_AUX = word_set("has had have would will also later then once previously again just quickly simply flatly")
_ACCORDING_PRE = re.compile(
    r"(?:(?:^|,\s*|\s)according to\s+(?P<who>.+?)|^[Pp]er\s+(?P<short>[^,]+?))\s*,?\s*$", re.IGNORECASE | re.DOTALL
)
_TRAILING_SPACES = " \t\n"
_COLON_SOURCE = re.compile(r"(?:\s[-—–―]+\s*|\b[Ff]rom\s+)(?P<who>[^-—–―:,;]{2,80})$")
_COLON_FROM = re.compile(r"\b[Ff]rom\s+(?P<who>[^-—–―:,;]{2,80})$")
_LEAD_ADVERBS = word_set(
    "but and so yet still now then also meanwhile however instead later earlier indeed plus though too again here"
)
_PASSIVE_AGENT = re.compile(
    r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?(?:asked|questioned|pressed|told|described|called|labeled|"
    r"labelled|dubbed|branded|criticized|criticised|quoted|urged)\b[^,;]{0,40}?\bby\s+(?P<who>[^,;]{2,80})"
)
_LOOK_BACK = 400  # characters searched back for a sentence's start: long paragraphs stay linear
_RELATIVE_OPENERS = word_set("which who whose where when")


@dataclass
class Attribution:
    """Who a quote is tied to, and how: `direct` for "…," X said, not for a paraphrase around a partial."""

    ref: Ref
    direct: bool
    pos: Pos
    side: str = "post"
    document: bool = False  # "according to the affidavit": a writing that reports someone's words


def speech_verbs(text: str, naming: bool = False) -> list[tuple[int, int, str]]:
    """Speech verbs in `text` as (start, end, verb); "according to" and "pointed out" count as one verb."""
    out: list[tuple[int, int, str]] = []
    for m in _LOWER_WORD.finditer(text):
        word = m.group()
        if word in SPEECH_VERBS or (naming and word in NAMING_VERBS) or word in _DOCUMENT_VERBS:
            if _NOUN_SLOT.search(text, max(0, m.start() - 12), m.start()):
                continue  # "Ginsburg's comments", "the remarks", "his claims": a noun, not a verb
            out.append((m.start(), m.end(), word))
        elif word in _PHRASAL:
            follow = _PHRASAL[word].match(text, m.end())
            if follow is not None:
                out.append((m.start(), follow.end(), f"{word} {follow.group(1)}"))
    return out


def _inverted(rest: str) -> str | None:
    """The text after the verb of an inverted attribution ("said Sheriff Tom Hale"), if `rest` is one."""
    words = rest.split(None, 4)
    k = 0
    while k < len(words) - 1 and words[k] in _INVERSION_AUX:
        k += 1
    if k < len(words) - 1 and words[k] in _INVERTIBLE:
        return rest.split(None, k + 1)[k + 1]
    if k < len(words) - 1 and words[k] in ("read", "reads"):
        after = rest.split(None, k + 1)[k + 1]
        if grammar.names_document(after):
            return after  # '“…,” read the statement.': a writing read out, never a sign
    if k < len(words) - 2 and words[k] == "according" and words[k + 1] == "to":
        return rest.split(None, k + 2)[k + 2]
    if k == 0 and len(words) > 1 and words[0] == "per":
        return rest.split(None, 1)[1]  # '“…,” per the building's lease rules.': "according to", in short
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
    if inner_end in ".?!" and rest.split(None, 1)[0] in _CAPITAL_PRONOUNS:
        return None  # '“… see you Tuesday!” She added that …': a new sentence, not an attribution
    pos = (p, offset + lead.end())
    comma_after = bool(lead.group(1))
    terminal = inner_end in ",?!—–-…" or comma_after
    if inner_end == "." and not comma_after and len(rest.split()) > 8:
        return None
    if any(d in lead.group(1) for d in "—–―") and rest[:1].isupper() and not speech_verbs(rest):
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
            document = rest.lstrip().startswith(("according", "per ")) and grammar.names_document(after_verb)
            return Attribution(ref, direct=terminal, pos=pos, document=document)
    if after_verb is None and not rest[:1].isupper():
        late = _late_inversion(rest)
        if late is not None:
            return Attribution(late, direct=terminal, pos=pos)
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
        if verb in ("pointed out", "points out") or not subject.strip():
            continue
        first_word = subject.split(None, 1)[0].strip(",").casefold()
        following = rest[v_end:].split(None, 1)
        if first_word == "as" and len(rest[v_end:].split()) <= 4 and len(subject.split()) > 1:
            # "…,” as the state's housing guide puts it.": the source, in an aside that ends the sentence
            subject = subject.split(None, 1)[1]
            first_word = subject.split(None, 1)[0].casefold()
        complement = bool(following) and following[0].strip(",.;:").casefold() in _COMPLEMENT_STARTS
        if complement and grammar.is_time_phrase(grammar.tokens(" ".join(rest[v_end:].split()[:2]))):
            complement = False  # "wrote this morning": a time, not a clause of the verb's own
        if first_word in _CONJUNCTIONS or complement:
            break  # "…,” but supporters say it will save lives: a new clause, not an attribution
        if _clause_follows(rest[v_end:]):
            break  # "…,” a prosecutor said the two cases were different: the verb has words of its own
        if first_word.endswith("ing") and subject[:1].islower():
            break  # "…,” claiming that the primary states …: a participle goes on with the sentence
        ref, whole = _after_quote_subject(subject)
        if ref is not None and _speaks(ref, verb):
            return Attribution(ref, direct=terminal and whole, pos=(p, offset + lead.end() + v_start))
        break
    return None


_SIGNATURE = re.compile(r"^\s*[-—–―]+\s*(?P<who>[A-Z][^“”\"]{1,120})$")
_SIGNATURE_WORDS = 16


def signature(para: str, p: int) -> Attribution | None:
    """A paragraph that only signs the quote before it: "— Ana Ruiz, a nurse in Dayton." (a roundup)."""
    m = _SIGNATURE.match(para)
    if m is None or len(para.split()) > _SIGNATURE_WORDS:
        return None
    ref = grammar.parse_after(m.group("who"))
    if ref is None or ref.kind not in ("name", "org"):
        return None
    return Attribution(ref, direct=True, pos=(p, m.start("who")))


def _late_inversion(rest: str) -> Ref | None:
    """An inverted attribution that ends the sentence the quote began: '“…,” a far cry from last spring,
    says Rosa Delane, who chairs the planning board.' (only a name or someone who can speak)."""
    at = rest.rfind(", ")
    for _ in range(_LATE_COMMAS):  # the attribution closes the sentence: only its last few commas matter
        if at <= 0:
            break
        tail = rest[at + 2 : at + 2 + _LATE_WINDOW]
        after_verb = _inverted(tail)
        ref = grammar.parse_after(after_verb) if after_verb is not None else _closing_subject(tail)
        if ref is not None and (ref.kind in ("name", "org") or (ref.kind == "desc" and grammar.can_speak(ref.text))):
            return ref
        at = rest.rfind(", ", 0, at)
    return None


def _closing_subject(tail: str) -> Ref | None:
    """The speaker of a plain attribution that closes the sentence: ", the memo stated" (its subject and
    verb, and at most a few words after the verb: "the lawsuit says in its opening pages")."""
    verbs = speech_verbs(tail)
    if len(verbs) != 1 or verbs[0][2] in _DOCUMENT_VERBS:
        return None
    v_start, v_end, verb = verbs[0]
    after, before = tail[v_end:].split(), tail[:v_start].split()
    if len(after) > 4 or verb.endswith("ing") or not before or before[0].casefold() in _CONJUNCTIONS:
        return None  # '…,” and Cole vowed to …': a clause of its own
    if tail[:v_start].rstrip().endswith(","):
        return None  # "…, a retired driver, said": an apposition closed by its comma, not a subject
    if after and (after[0].casefold() in ("to", "that") or after[0].casefold() in _COMPLEMENT_STARTS):
        return None
    ref, whole = grammar.parse_subject(tail[:v_start])
    return ref if whole and ref is not None and ref.kind != "pronoun" else None


_LATE_COMMAS = 4
_LATE_WINDOW = 200
_FINITE = word_set("is was are were has had have would will could can should did does do may might must")


def _clause_follows(after_verb: str) -> bool:
    """Whether a speech verb is followed by a clause of its own ("said the two cases were different"),
    rather than by the end of the attribution ("said Tuesday", "said in a statement")."""
    words = [w.strip(",.;:") for w in after_verb.split(None, 6)[:6]]
    if not words or words[0].casefold() in grammar.PREPOSITIONS or after_verb.lstrip()[:1] in (",", ".", ";", ":"):
        return False
    return any(w in _FINITE for w in words[1:5])  # lower case only: "told Bloomberg in May" has no verb


def _after_quote_subject(subject: str) -> tuple[Ref | None, bool]:
    """The speaker that opens the clause after a quote, and whether only it (and its appositions) comes
    before the verb: "Anne Richards, assistant secretary of state for population, refugees and migration,"
    is Anne Richards, however many commas the apposition holds."""
    segs = grammar.split_segments(subject)
    if len(segs) > 1:
        lead = grammar.parse_np_start(grammar.tokens(segs[0]))
        if lead is not None and lead.kind in ("name", "org", "pronoun"):
            named = grammar.parse_subject(subject)[0]
            if named is None or named.kind != "name" or lead.kind != "name":
                return lead, True
    return grammar.parse_subject(subject)


def before_quote(pre: str, p: int, offset: int) -> Attribution | None:
    """Attribution before the opening mark; `pre` runs from its sentence start to the mark."""
    text = pre.rstrip(_TRAILING_SPACES)
    if not text.strip():
        return None
    am = _ACCORDING_PRE.search(text)
    if am:
        group = "who" if am.group("who") else "short"
        who, who_at = am.group(group), am.start(group)
        comma = who.find(",")
        if comma > 0 and grammar.names_document(who[:comma]):
            # "According to the affidavit, Simmons told investigators he “…”": Simmons speaks
            at = who_at + comma + 1
            reporter = in_sentence(text[at:], p, offset + at)
            if reporter is not None:
                reporter.direct = True
                return reporter
        ref = grammar.parse_after(who)
        if ref is not None:
            return Attribution(ref, direct=True, pos=(p, offset + who_at), side="pre")
    verbs = speech_verbs(text, naming=True)
    speech = [v for v in verbs if v[2] not in NAMING_VERBS]
    if speech:
        v_start, v_end, _verb = speech[-1]
        tail = _TIGHT_TAIL.match(text, v_end)
        # "Kenney said," / "Kenney told reporters:" / "the department said",
        # but not "Kenney said the city would"
        if tail and tail.group("punct") and _verb in _INVERTIBLE and tail.group("tail").strip():
            # "Given the calendar, explained Ruiz, “…”": an inverted attribution before the quote
            named = grammar.parse_after(tail.group("tail"))
            if named is not None and named.kind in ("name", "org"):
                return Attribution(named, direct=True, pos=(p, offset + v_start), side="pre")
        if tail and (tail.group("punct") or not tail.group("tail").strip()) and text[:v_start].strip():
            ref = _subject_of_verb(text, v_start, _verb)
            if ref is not None and _speaks(ref, _verb, before=True):
                return Attribution(ref, direct=True, pos=(p, offset + v_start), side="pre")
    if text.endswith(":") and not verbs:
        ref = _colon_subject(text[:-1])
        if ref is not None:
            return Attribution(ref, direct=True, pos=(p, offset), side="pre")
    return in_sentence(text, p, offset, verbs)


def in_sentence(text: str, p: int, offset: int, verbs: list[tuple[int, int, str]] | None = None) -> Attribution | None:
    """A speech verb anywhere in the sentence before the quote, with its subject: "X called the plan “…”"."""
    # the verb nearest the quote is the one whose words they are: "Moyer wrote that Simmons told her he “…”"
    for v_start, v_end, verb in reversed(speech_verbs(text, naming=True) if verbs is None else verbs):
        subject = text[:v_start]
        if not subject.strip() or verb in ("according to", "pointed out", "points out"):
            continue
        if verb in _INVERTIBLE and subject.rstrip().endswith(",") and subject.rstrip()[-2:-1] not in (MASK, "”"):
            # "The trouble with the plan, says Ana Ruiz, a planner, is that it “…”": an inverted aside, the
            # name set off by commas
            segs = grammar.split_segments(text[v_end:])
            toks = grammar.tokens(segs[0]) if len(segs) > 1 else []
            if toks and all(grammar.is_cap(t) for t in toks):
                named = grammar.parse_after(segs[0])
                if named is not None and named.kind == "name":
                    return Attribution(named, direct=False, pos=(p, offset + v_start), side="pre")
        ref = _subject_of_verb(text, v_start, verb)
        if ref is not None and _speaks(ref, verb, before=True):
            return Attribution(ref, direct=False, pos=(p, offset + v_start), side="pre")
    return None


def _subject_of_verb(text: str, v_start: int, verb: str, hops: int = 1) -> Ref | None:
    """Who does the speaking verb at `v_start`: the noun phrase before it ("Kenney said"), except that a
    participle after a comma or a preposition ("Ferris answered in kind, telling reporters", "by saying")
    speaks for the subject of the clause it hangs on, or of the sentence."""
    before = text[:v_start]
    if ";" in before:
        before = before[before.rindex(";") + 1 :]  # "…; one member called it “…”": a clause of its own
    if verb.endswith("ing"):
        words = before.split()
        while words and words[-1].endswith("ly"):
            words.pop()
        last = words[-1].casefold() if words else ""
        if not words or last.endswith(",") or last in grammar.PREPOSITIONS or last in ("and", "then"):
            # "…, Haddad said, adding, “…”" and "tweeting that … and asking, “…”": the clause the participle
            # hangs on has a speech verb of its own, whose subject speaks (one hop back, in a bounded look
            # back); else the sentence's subject
            look = max(0, len(before) - _LOOK_BACK)
            earlier = [
                (a + look, b + look, v)
                for a, b, v in speech_verbs(before[look:])
                if v not in ("according to", "pointed out", "points out")
            ]
            stripped = before.rstrip().rstrip(",").rstrip()
            if (
                hops > 0
                and earlier
                and (
                    # "Haddad said, adding, “…”", "Haddad wrote this morning, adding that …"
                    (last.endswith(",") and len(stripped[earlier[-1][1] :].split()) <= _ADVERB_WORDS)
                    or (last == "and" and earlier[-1][2].endswith("ing"))  # "tweeting that … and asking, “…”"
                )
            ):
                ref = _subject_of_verb(before, earlier[-1][0], earlier[-1][2], hops - 1)
                if ref is not None and (ref.kind != "desc" or grammar.can_speak(ref.text)):
                    return ref
            attr = _opening_subject(before, 0, 0)
            return attr.ref if attr is not None else None
        # "video of Ferris saying", "with the mayor shouting": whoever stands right before the participle,
        # unless a place or a medium ("replied on the town's page writing")
        close = grammar.trailing_name(grammar.tokens(" ".join(words[-6:])))
        if close is not None and not _after_place_preposition(words, close):
            return close
        ref = grammar.parse_subject(before)[0]
        if ref is not None and ref.kind == "desc" and grammar.head_noun(ref.text) in DOCUMENT_NOUNS:
            # "The union issued a statement saying “…”": the one who issued it speaks
            attr = _opening_subject(before, 0, 0)
            if attr is not None and attr.ref.kind in ("name", "org", "pronoun"):
                return attr.ref
        return ref
    return grammar.parse_subject(before)[0]


_ADVERB_WORDS = 3  # "this week", "on Tuesday": between a verb and the comma before its participle
_PLACE_PREPOSITIONS = word_set("on in at via into onto through over under")


def _after_place_preposition(words: list[str], ref: Ref) -> bool:
    """Whether the name before a participle is a place or a medium: "replied on the town's page writing"."""
    size = len(ref.text.split())
    return len(words) > size and words[-size - 1].casefold() in _PLACE_PREPOSITIONS


def _speaks(ref: Ref, verb: str, before: bool = False) -> bool:
    """Whether the subject of a speech verb can say things. Before a quote, where the grammar reaches
    further, a descriptor must name someone who can ("the June vote said" is a misreading); and
    "reads" attributes only a writing ("the letter reads"), never a sign."""
    if before and ref.kind == "desc" and not grammar.can_speak(ref.text):
        return False
    if verb not in _DOCUMENT_VERBS:
        return True
    return ref.kind == "desc" and grammar.head_noun(ref.text) in DOCUMENT_NOUNS


def by_participle(pre_full: str, offset: int, masked: str, p: int) -> Attribution | None:
    """In "Kehoe played it down, describing it as “…”" the speaker is the subject of the whole sentence."""
    found = list(_PARTICIPLE.finditer(pre_full))
    if not found:
        return None
    m = found[-1]
    attr = sentence_subject(masked, p, offset + m.start())
    if attr is None or (attr.ref.kind == "desc" and not grammar.can_speak(attr.ref.text)):
        return None
    return attr


def after_opening_participle(pre: str, post: str, p: int, offset: int, inner_end: str = "") -> Attribution | None:
    """In 'Calling the plan “a mess,” though, Ruiz voted for it' the quote sits in a participle clause that
    opens the sentence: its speaker is the subject of the main clause after it (after the comma that ends
    the clause, inside the marks or after them)."""
    m = _PARTICIPLE.match(pre.lstrip().casefold())
    if m is None or m.start(1) != 0 or ("," not in post and inner_end != ","):
        return None
    comma = -1 if inner_end == "," and "," not in post.split(None, 1)[0] else post.index(",")
    if comma > 60 or first_clause_end(post[: comma + 1]) < comma:
        return None
    attr = _opening_subject(post[comma + 1 :], p, offset + comma + 1)
    if attr is None or attr.ref.kind == "pronoun" and attr.ref.text in ("i", "we"):
        return None
    return attr


def sentence_subject(masked: str, p: int, at: int) -> Attribution | None:
    """The subject of the sentence that runs up to `at`: the speaker of a partial quote no verb ties to
    anyone ("Barrow warned that the crews “…”", "The mailer promises a “…”", "In a jab at Ruiz, she
    called for …"). Introductory phrases are stepped over; a descriptor speaks only when it names someone who
    can (a role, a group, an organisation, a writing), not "The plan" or "The vast majority"."""
    look = max(0, at - _LOOK_BACK)  # a bounded look back keeps long paragraphs linear
    start = look + last_sentence_start(masked[look:at])
    return _opening_subject(masked[start:at], p, start)


def _opening_subject(text: str, p: int, start: int) -> Attribution | None:
    """The noun phrase a sentence opens with, introductory phrases aside; `start` is where `text` begins."""
    agent = _PASSIVE_AGENT.search(text)
    if agent is not None:
        # "Ferris was asked by moderator Rosa Tan whether …": the one asking speaks
        ref = grammar.parse_np_start(grammar.tokens(agent.group("who")))
        if ref is not None and ref.kind in ("name", "org"):
            return Attribution(ref, direct=False, pos=(p, start + agent.start("who")), side="pre")
    after_named_intro = False
    for seg in grammar.split_segments(text)[:4]:
        toks = grammar.tokens(seg)
        while toks and (toks[0].casefold() in _LEAD_ADVERBS or toks[0].casefold().endswith("ly")):
            toks = toks[1:]  # "But", "Specifically", "Still"
        if not toks or grammar.is_intro(" ".join(toks)) or grammar.is_time_phrase(toks):
            after_named_intro = bool(toks) and grammar.is_cap(toks[-1]) and toks[-1] not in STOP_CAPS
            continue
        if after_named_intro and (grammar.appositive_role(seg)[0] or grammar.is_state(seg)):
            # "Introduced by Marta Quinn, the county clerk, Vance said": the apposition names the intro's person;
            # "In Boulder, Colo., Vance said": the state of the intro's town
            after_named_intro = False
            continue
        if toks[0].casefold().endswith("ing") or toks[0].casefold() in _RELATIVE_OPENERS:
            continue  # "Acknowledging that …,", "Speaking to reporters,", ", which is set for May,": no subject
        ref = grammar.parse_np_start(toks)
        if ref is None or (ref.kind == "desc" and not grammar.can_speak(ref.text)):
            return None
        return Attribution(ref, direct=False, pos=(p, start), side="pre")
    return None


def introduced(masked: str, p: int) -> Attribution | None:
    """The speaker named by a paragraph that ends in a colon and so introduces the next: "Vega said:"."""
    text = masked.rstrip(_TRAILING_SPACES)
    if not text.endswith(":"):
        return None
    look = max(0, len(text) - _LOOK_BACK)
    start = look + last_sentence_start(text[look:-1])
    return before_quote(text[start:], p, start)


def _colon_subject(text: str) -> Ref | None:
    """The speaker of "Her advice to renters: “…”" or "Jenna Kowalski, a teacher, put it simply: “…”"."""
    toks = grammar.tokens(text)
    if not toks:
        return None
    first = toks[0].casefold()
    if first in POSSESSIVE_PRONOUNS:
        return Ref("pronoun", POSSESSIVE_PRONOUNS[first])
    # a roundup's "Readers agree - Nadia Brooks:" and "More from the report:" name the source last
    # "… that week - More from Ruiz and Cole:" — the one the words come from, not the dash's headline
    tail = _COLON_FROM.search(text[-120:]) or _COLON_SOURCE.search(text[-120:])
    if tail is not None:
        ref = grammar.parse_np_start(grammar.tokens(tail.group("who")))
        if ref is not None and (ref.kind in ("name", "org") or grammar.can_speak(ref.text)):
            return ref
    for seg in grammar.split_segments(text)[:3]:
        if grammar.is_intro(seg) or grammar.is_state(seg):
            continue  # "After a week in Boulder, Colo., the candidate summed it up:"
        ref = grammar.parse_np_start(grammar.tokens(seg))
        if ref is not None and (ref.kind in ("name", "pronoun", "org") or grammar.can_speak(ref.text)):
            return ref
    return None
