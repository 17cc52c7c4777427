"""Judgement: which quote spans are quotations, whose, and which quote a span continues.

A span is a quotation when directly attributed ("…," she said); or when it holds four words or more and
is not a title, a slogan or a sign's text; or, shorter, when a speech verb in its sentence ties it to
someone and it ends that sentence, unless a determiner makes it part of a noun phrase (a "welcoming
city.") or it is a Title Case name (dubbed "Project Harbor."). Its speaker comes from its attribution,
else from the sentence around it or the paragraphs before (see the package docstring); a quote that
nobody can be found for is still listed, with no speaker. Quotes joined by "and" or a comma share the
attribution after the last of them ('Potholes are "a menace" and "a drain," Marsh said'); a second quote
joins the first only when the same attribution sits between them. An attribution that names a
capitalised word the article otherwise writes in lower case ("Dogs are …") names nobody.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from reader.core.article.quotes import attribution, grammar
from reader.core.article.quotes.attribution import Attribution
from reader.core.article.quotes.grammar import Ref
from reader.core.article.quotes.lexicon import DOCUMENT_NOUNS, SPEECH_VERBS, WORK_NOUNS, word_set
from reader.core.article.quotes.people import Entity, Registry
from reader.core.article.quotes.sentences import first_sentence_end, last_sentence_start, word_count
from reader.core.article.quotes.spans import Span
from reader.core.article.quotes.transcripts import Line, speaker_name

_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TITLE_SMALL = word_set("a an the of and or in on at to for with by from as vs nor but is")
_TRAILING_SPACES = " \t\n"
_LOOK_BACK = 400  # characters searched back for a sentence's start: long paragraphs stay linear
# what a sign, a banner or a cap says is a label, not a quotation: 'The banner read “Welcome home.”'
_CARRIER = re.compile(
    r"\b(?:signs?|banners?|placards?|posters?|billboards?|marquee|t-shirts?|shirts?|hats?|caps|buttons?|"
    r"stickers?|plaques?|jerseys?|mugs?)\b[^.!?]{0,80}?\b(?:read|reads|reading|said|says|saying|bore|bearing)\b"
    r"[\s,:]*$",
    re.IGNORECASE,
)
_FULL_QUOTE_WORDS = 4  # shorter quoted phrases are labels and scare quotes unless someone says them
_ASIDE_WORDS = 8  # "She waits.": a paragraph this short between two quotes does not change the speaker
_SAME_ATTRIBUTION_WORDS = 2  # "said", "also said": the words between one attribution's two sightings
# what someone's quoted words may be called: Whitlock's “…” pledge
_SAYINGS = word_set(
    "promise pledge vow line slogan mantra comment comments remark remarks claim claims statement question "
    "warning threat boast quip retort motto catchphrase refrain message words answer response plea"
)
_POSSESSOR = re.compile(r"(?<![\w'’])(?P<who>[A-Z][\w.-]*(?: [A-Z][\w.-]*){0,2})['’]s? $")


@dataclass
class Found:
    """A quotation found so far: its parts (a split quote has several), speaker and role."""

    span: Span
    parts: list[str]
    speaker: str | None
    role: str | None
    para: int
    last_span: Span
    attribution: Attribution | None = None
    entity: Entity | None = field(default=None, repr=False)


@dataclass
class Article:
    """What judging one span needs to see of the whole article."""

    paras: list[str]
    masked: list[str]  # quotes blanked out
    bounds: dict[int, list[tuple[int, int]]]
    registry: Registry
    transcript: dict[int, Line] = field(default_factory=dict)  # paragraphs that are "NAME: words" lines
    found: list[Found] = field(default_factory=list)
    starts: dict[int, list[int]] = field(default_factory=dict)  # per paragraph, sorted, for bisecting
    ends: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for p, ranges in self.bounds.items():
            self.starts[p] = [a for a, _ in ranges]
            self.ends[p] = sorted(b for _, b in ranges)


def _neighbours(art: Article, p: int, start: int, end: int) -> tuple[int, int]:
    """Where paragraph `p`'s previous quote ends before `start`, and where its next begins after `end`."""
    ends = art.ends.get(p, [])
    starts = art.starts.get(p, [])
    i = bisect.bisect_right(ends, start)
    j = bisect.bisect_left(starts, end)
    return (ends[i - 1] if i else 0), (starts[j] if j < len(starts) else -1)


def judge(span: Span, art: Article) -> Found | None:
    paras, registry, found = art.paras, art.registry, art.found
    text = span.text
    if not text.strip():
        return None
    first_p, open_idx = span.open_mark
    line = art.transcript.get(first_p)
    if line is not None and open_idx <= line.text_start:
        return _transcript_turn(span, line, art)
    last_p, _a, last_end = span.segs[-1]
    close_idx = span.close_mark[1] if span.close_mark is not None else last_end
    s_first, s_last = paras[first_p], paras[last_p]

    prev_end, _ = _neighbours(art, first_p, open_idx, open_idx + 1)
    pre_full = s_first[prev_end:open_idx]
    sent_start = last_sentence_start(pre_full)
    pre = pre_full[sent_start:]
    pre_offset = prev_end + sent_start
    sentence_initial = not pre.strip()

    post_start = close_idx + 1 if span.close_mark is not None else len(s_last)
    _, next_start = _neighbours(art, last_p, post_start - 1, post_start)
    post = s_last[post_start : next_start if next_start >= 0 else len(s_last)]
    inner = text.rstrip()
    inner_end = inner[-1] if inner else ""

    words = word_count(text)

    post_attr = _usable(attribution.after_quote(post, last_p, post_start, inner_end) if post.strip() else None, art)
    if post_attr is None and not post.strip() and last_p + 1 < len(paras):
        post_attr = _usable(attribution.signature(paras[last_p + 1], last_p + 1), art)  # “…” / "— Ana Ruiz, Dayton."
    if post_attr is not None and _introduces_next(inner_end, post, s_last, next_start):
        post_attr = None  # '“Can we move it?” Ruiz writes back, “Only on Friday.”': Ruiz says the second, not the first
    if post_attr is not None and post_attr.document and pre.strip():
        # 'Simmons told investigators he "…," according to the affidavit filed by Det. Moyer': the words
        # are Simmons's; the document (and whoever filed it) only reports them
        reporter = attribution.before_quote(pre, first_p, pre_offset)
        if reporter is not None and not (
            reporter.ref.kind == "desc" and grammar.head_noun(reporter.ref.text) in DOCUMENT_NOUNS
        ):
            reporter.direct = post_attr.direct
            post_attr = reporter
    previous = found[-1] if found else None
    if (
        previous is not None
        and _continues(previous, first_p, prev_end, sent_start, pre_full)
        and not (post_attr is not None and post_attr.direct)
    ):
        # "A," X said, "b." — and "A," says X, 88, who …, "b." — one quote around its attribution
        _join(previous, span, text)
        return None
    # a direct attribution after the quote settles it, except for the second half of a split quote
    pre_attr = (
        None
        if post_attr is not None and post_attr.direct
        else _usable(attribution.before_quote(pre, first_p, pre_offset), art)
    )

    if pre_attr is None and post_attr is None and not sentence_initial:
        pre_attr = _usable(attribution.by_participle(pre_full, prev_end, art.masked[first_p], first_p), art)
        if pre_attr is None and sent_start == 0 and prev_end > 0:
            # a second quote in one sentence: "X called the plan “reckless” and “a betrayal of …”"
            masked = art.masked[first_p]
            look = max(0, open_idx - _LOOK_BACK)
            start = look + last_sentence_start(masked[look:open_idx])
            pre_attr = _usable(attribution.in_sentence(masked[start:open_idx], first_p, start), art)
    if pre_attr is None and post_attr is None and span.close_mark is not None and not sentence_initial:
        # 'Describing the plan as “a mess,” Ruiz voted for it anyway': the main clause's subject
        pre_attr = _usable(
            attribution.after_opening_participle(pre, art.masked[last_p][post_start:], last_p, post_start, inner_end),
            art,
        )
    if pre_attr is None and post_attr is None and span.close_mark is not None and last_p == first_p:
        # '“…” and “…,” Marsh said': quotes joined by "and" share the attribution after the last of them
        post_attr = _shared_attribution(art, last_p, close_idx)
    if pre_attr is None and post_attr is None and words >= _FULL_QUOTE_WORDS and not sentence_initial:
        # 'Ortiz never lived down Whitlock's “no new taxes, not one dime” pledge': the owner's words
        owner = _POSSESSOR.search(s_first, max(0, open_idx - 60), open_idx)
        noun = post.split(None, 1)[0].strip(".,;:").casefold() if post.strip() else ""
        if owner is not None and noun in _SAYINGS:
            ref = grammar.parse_np_end(grammar.tokens(owner.group("who")))
            if ref is not None and ref.kind in ("name", "org"):
                pre_attr = _usable(Attribution(ref, False, (first_p, owner.start("who")), "pre"), art)
    if pre_attr is None and post_attr is None and words >= _FULL_QUOTE_WORDS:
        if not sentence_initial:
            pre_attr = _usable(attribution.sentence_subject(art.masked[first_p], first_p, open_idx), art)
        elif prev_end == 0 and not pre_full.strip() and first_p > 0:
            # 'Vega said in a statement:' ends the paragraph before the one the quote opens
            pre_attr = _usable(attribution.introduced(art.masked[first_p - 1], first_p - 1), art)

    attr: Attribution | None = None
    if post_attr is not None and post_attr.direct:
        attr = post_attr
    elif pre_attr is not None:
        attr = pre_attr
    elif post_attr is not None:
        attr = post_attr

    direct = attr is not None and attr.direct
    # a title after "the documentary" stays a title unless someone plainly says it: "“Never,” she said"
    if not (direct and attr is not None and attr.side == "post" and inner_end in ",?!") and _after_work_noun(
        s_first[max(0, open_idx - 60) : open_idx]
    ):
        return None
    if not direct and _CARRIER.search(pre[-160:]):
        return None
    if _title_like(text) and (not direct or _object_of_preposition(s_first[max(0, open_idx - 24) : open_idx])):
        return None  # 'on this week's episode of “Harbor City Tonight,” Ferris said' names a show

    if attr is not None:
        ok = attr.direct or words >= _FULL_QUOTE_WORDS
        if not ok and attr.side == "pre":
            # a short complement that ends the sentence: 'She called the plan "a recipe for disaster."',
            # 'He said he was "beyond proud."'; not a term inside a noun phrase ('a "welcoming city."')
            ok = (
                _closes_sentence(inner, post)
                and not _determiner_before(s_first[max(0, open_idx - 24) : open_idx])
                and not _names_a_thing(inner)
            )
        if ok:
            # the second half of "A," X said, "b." shares the first half's attribution
            if (
                previous is not None
                and attr.side == "pre"
                and previous.attribution is not None
                and previous.attribution.pos[0] == attr.pos[0]
                and previous.last_span.close_mark is not None
                and previous.last_span.close_mark[0] == first_p
                and previous.attribution.side == "post"
                and pre_offset == previous.last_span.close_mark[1] + 1
                # the attribution sits between the two halves, not before an earlier part
                and previous.attribution.pos[1] > previous.last_span.close_mark[1]
                # and it is the same one: not '“…,” Cole posted after Ruiz insisted that “…”'
                and len(paras[first_p][previous.attribution.pos[1] : attr.pos[1]].split()) <= _SAME_ATTRIBUTION_WORDS
            ):
                _join(previous, span, text)
                return None
            speaker, role, entity = registry.resolve(attr.ref, attr.pos)
            if entity is not None:
                registry.note_speaker(attr.pos, entity)
            if attr.ref.kind == "pronoun" and attr.ref.text in ("i", "we"):
                speaker, role = None, None
            return Found(span, [text], speaker, role, first_p, span, attr, entity)
        return None

    # no attribution of its own: someone named as a subject since the quote before speaks next
    close = previous.last_span.close_mark if previous is not None else None
    since = (first_p, 0)
    if close is not None and close[0] == first_p:
        # not the sentence that attributes the quote before: "…,” Brooks said after the Owls rallied. “…”
        end = first_sentence_end(s_first[close[1] + 1 : open_idx])
        since = (first_p, close[1] + 1 + end) if end >= 0 else (first_p, open_idx)
    newcomer = registry.last_subject((first_p, open_idx), first_p, since=since) if sentence_initial else None
    if (
        previous is not None
        and newcomer in (None, previous.entity)
        and sentence_initial
        and close is not None
        and close[0] == first_p
        and previous.attribution is not None
    ):
        _join(previous, span, text)
        return None
    if words < _FULL_QUOTE_WORDS:
        return None
    # four words or more between marks are somebody's words, even when nobody is named for them
    if newcomer is not None:
        return Found(span, [text], newcomer.name, newcomer.role, first_p, span, None, newcomer)
    if (
        previous is not None
        and previous.speaker is not None
        and (
            previous.para >= first_p - 1
            # “…,” Beltran said. / She waits. / “…”: a short aside that names nobody keeps the speaker
            or (
                previous.para == first_p - 2
                and sentence_initial
                and prev_end == 0
                and word_count(paras[first_p - 1]) <= _ASIDE_WORDS
                and not registry.mentions_between(first_p - 1, first_p - 1)
            )
        )
    ):
        return Found(span, [text], previous.speaker, previous.role, first_p, span, None, previous.entity)
    entity = registry.last_subject((first_p, open_idx), first_p - 1, orgs=True)
    if entity is None:
        return Found(span, [text], None, None, first_p, span)
    return Found(span, [text], entity.name, entity.role, first_p, span, None, entity)


_COORDINATION = re.compile(r"[\s,]*(?:(?:and|or|but|nor|as well as|then)\b[\s,]*)?")
_CLOSING_MARKS = "”\"»’'"
_SHARED_HOPS = 3


def _shared_attribution(art: Article, p: int, close_idx: int) -> Attribution | None:
    """The direct attribution after the last of a run of quotes joined by "and", "or" or a comma, given
    to the first: 'Potholes are “a menace” and “a drain on the county,” Marsh said.'"""
    para, starts, ranges = art.paras[p], art.starts.get(p, []), art.bounds.get(p, [])
    at = close_idx + 1
    for _ in range(_SHARED_HOPS):
        j = bisect.bisect_left(starts, at)
        if j >= len(ranges):
            return None
        start, end = ranges[j]
        gap = para[at:start]
        if not gap.strip() or len(gap) > 20 or not _COORDINATION.fullmatch(gap) or para[end - 1] not in _CLOSING_MARKS:
            return None
        following = starts[j + 1] if j + 1 < len(starts) else len(para)
        found = attribution.after_quote(para[end:following], p, end, para[end - 2])
        if found is not None:
            return Attribution(found.ref, direct=False, pos=found.pos, side=found.side)
        at = end
    return None


def _introduces_next(inner_end: str, post: str, para: str, next_start: int) -> bool:
    """Whether the words after a quote that ended its sentence open a new one that introduces the next
    quote: '“Can we move it?” Ruiz writes back, “Only on Friday.”' (a comma or colon, then a capital)."""
    if next_start < 0 or inner_end not in ".?!" or not post.lstrip()[:1].isupper():
        return False
    if not post.rstrip().endswith((",", ":")) or 0 <= first_sentence_end(post) < len(post.rstrip()):
        return False  # '“…?” Cole writes to Ruiz. She responds, “…”': Cole's sentence ended first
    return para[next_start + 1 : next_start + 2].isupper()


def _usable(attr: Attribution | None, art: Article) -> Attribution | None:
    """An attribution, unless it names a lone capitalised word that is an ordinary word at a sentence's
    start ("Dogs are “…”") and nobody the article names."""
    if attr is None or attr.ref.kind not in ("name", "org") or " " in attr.ref.text:
        return attr
    word = attr.ref.text
    if attr.ref.kind == "org" and not (word.isupper() and len(word) > 3):
        return attr  # only a word in capitals ("COULD") may be an ordinary word set loud, not initials
    if art.registry.common_word(word) and art.registry.lookup_single(word, attr.pos) is None:
        low = word.casefold()
        if grammar.can_speak(low) or (low.endswith("s") and grammar.is_role_word(low[:-1])):
            # "Respondents said": people described by a plural noun, capitalised as the sentence opens
            return Attribution(Ref("desc", word.casefold()), attr.direct, attr.pos, attr.side, attr.document)
        return None
    return attr


def _transcript_turn(span: Span, line: Line, art: Article) -> Found:
    """A transcript line's words, spoken by the name in its label (as the article names that person)."""
    p, a, b = span.segs[0]
    parts = [art.paras[p][max(a, line.text_start) : b].strip()]
    parts += [art.paras[q][x:y].strip() for q, x, y in span.segs[1:]]
    text = "\n\n".join(part for part in parts if part)
    speaker, role, entity = art.registry.resolve(Ref("name", speaker_name(line.label)), (p, 0))
    return Found(span, [text], speaker, role, p, span, Attribution(Ref("name", line.label), True, (p, 0)), entity)


_WORK_LINKS = word_set("as the a an his her their its our new latest first called titled entitled")
_DETERMINER_BEFORE = word_set("a an the this that these those its their his her our my your so-called")


def _names_a_thing(inner: str) -> bool:
    """A Title Case name in the marks, its article aside: dubbed "Project Harbor.", call it "the Bottom."."""
    words = inner.rstrip(".!?’'").split(None, 1)
    if len(words) == 2 and words[0].casefold() in ("the", "a", "an"):
        return _title_like(words[1])
    return _title_like(" ".join(words))


def _closes_sentence(inner: str, post: str) -> bool:
    """Whether a quote ends its sentence: the stop inside the marks ("…proud.") or right after them."""
    end = inner.rstrip("’'\"” ")
    return end[-1:] in (".", "!", "?") or post.lstrip(_TRAILING_SPACES)[:1] in (".", "!", "?")


def _object_of_preposition(before: str) -> bool:
    """Whether the word before an opening mark is a preposition or an article: "a broadcast of “…”"."""
    words = before.split()
    return bool(words) and (words[-1] in grammar.PREPOSITIONS or words[-1].casefold() in ("the", "a", "an"))


def _determiner_before(before: str) -> bool:
    """Whether the word before an opening mark makes the quote part of a noun phrase: a "welcoming city"."""
    words = before.split()
    return bool(words) and words[-1].casefold() in _DETERMINER_BEFORE


def _continues(previous: Found, p: int, prev_end: int, sent_start: int, gap: str) -> bool:
    """Whether a span resumes the previous quote across its attribution, in one unbroken sentence."""
    close = previous.last_span.close_mark
    attribution = previous.attribution
    if close is None or close[0] != p or attribution is None or attribution.side != "post":
        return False
    if prev_end != close[1] + 1 or sent_start != 0 or not (close[1] < attribution.pos[1] < close[1] + 1 + len(gap)):
        return False
    return gap.rstrip().endswith((",", ":", "—", "–"))


def _join(previous: Found, span: Span, text: str) -> None:
    previous.parts.append(("\n" if span.segs[0][0] != previous.last_span.segs[-1][0] else "") + text)
    previous.last_span = span
    return None


def _title_like(text: str) -> bool:
    """Title Case, as names of works, slogans and signs are written: "A City That Works", "Threads: A
    History of the Mills." (a final stop or comma too, from three words on)."""
    stripped = text.strip()
    words = _WORDS.findall(stripped)
    if not words or (stripped[-1:] in ".,;:…!" and len(words) < 3):
        return False
    content = [w for k, w in enumerate(words) if k == 0 or w.casefold() not in _TITLE_SMALL]
    return all(w[0].isupper() or w[0].isdigit() for w in content)


def _after_work_noun(pre_full: str) -> bool:
    """Whether the quote names a work or a label: 'the documentary “…”', 'known as “…”' (a capitalised
    word is a name, not a noun: "Dr. Paul Song “…”")."""
    raw = [w.strip(",.:;()") for w in pre_full.split()[-2:]]
    if raw and raw[-1][:1].isupper():
        return False
    words = [w.casefold() for w in raw]
    if not words:
        return False
    if words[-1] in SPEECH_VERBS or pre_full.rstrip().endswith((",", ":")):
        return False
    if words[-1] in WORK_NOUNS:
        return True
    # "known as “…”", "dubbed the “…”", "his new album “…”"; but not "the project would “…”"
    return len(words) == 2 and words[0] in WORK_NOUNS and words[-1] in _WORK_LINKS
