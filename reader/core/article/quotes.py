"""Direct quotations in an article's text, in reading order, with speaker and role.

A rule-based reader of news prose (pure Python and `re`, no model), in four passes:

1. Paragraphs. Split on blank lines; Markdown links, images, emphasis and escapes are stripped; headings
   and the leftovers of social embeds (a "— Name (@handle) date" line and the post text above it,
   block-quoted posts, Instagram "A post shared by …") are dropped.
2. Spans. Double marks (“ ” " « » „) delimit quotes; single marks (‘ ’ ') do only in a paragraph without
   double marks, and only as ‘Capital … punctuation’, so apostrophes (don't, '90s, students') never open
   one; single marks inside a double-quoted span belong to it. An AP-style quote left open at a
   paragraph's end continues when the next paragraph reopens it.
3. Speakers. Capitalised runs outside quotes feed a registry (speakers.py) of people and organisations
   with titles, appositions and genders. Each span is attributed from the clause after it ("…," said X /
   "…," X said / "…" — X, role / according to X) or before it (X said: "…" / In a statement, the
   department said "…" / According to X, "…" / Her advice to renters: "…"), else from a speech verb with
   a subject in the same sentence (a partial quote: X called the ruling "…"), or from the sentence's
   subject when a participle leads in (X released a statement, saying "…"). "Reads" attributes only a
   writing ("the letter reads"), never a sign. The subject is the noun phrase before the verb: appositions,
   relative clauses (", who has served in Congress since 2015,"), participles (", speaking on the floor,"),
   time phrases ("on Tuesday") and a party/state tag (", R-Ohio," / "(D-N.Y.)") are stepped over, and a
   preposition's object is never the subject ("a spokeswoman for the Harbor City School District said").
   When "according to" names a writing (the affidavit filed by Det. X, court records) and the sentence
   reports someone's words ("Simmons told investigators he “…”"), the speaker is that someone.
4. Judgement. A span is a quotation when directly attributed; or attributed in its sentence and at least
   four words long (six, with a named speaker, after a naming verb such as "called"); or, however short,
   attributed in its sentence and ending it (She called the plan "a recipe for disaster." / Vance
   described the cuts as "devastating." / He said he was "beyond proud."), unless a determiner makes it
   part of a noun phrase (a "welcoming city.") or it is a Title Case name (dubbed "Project Harbor.");
   or a sentence of five or more words standing alone, which continues the speaker of the previous quote
   or the person the paragraph (or the one before) is about. Short partials inside a sentence (called the
   plan "reckless" and left) stay labels. Titles of works (after "documentary", "song", "so-called",
   "known as" …, or Title Case without attribution), scare quotes and nicknames are not quotations.

Output conventions:

- `text` is the words inside the marks. Split quotes ("A," X said, "b." and "A," X said. "B.") are one
  quote, the parts joined by a space (a comma that ended a sentence becomes a period); the paragraphs of a
  multi-paragraph quote are joined by a blank line ("\\n\\n"); a trailing comma becomes a period. A quote
  repeated word for word (a pull quote) is reported once.
- `speaker` is the full name as first introduced, without title or honorific ("Dana Whitlock"), or an
  organisation's name ("Harbor Gas"). Surnames ("Whitlock said"), titles alone ("the mayor said", "the
  lieutenant said" for "Lt. Carla Benning"), pronouns (he/she by first name, honorific or earlier
  pronouns; they → person or organisation), "the department/union/agency" and "the statement said"
  resolve to someone named earlier. A surname shared by several people ("Dale Pruitt … his son, Caleb
  Pruitt") is the one introduced first; the others are named by first name ("Caleb said") or in full.
- `role` is that person's role as first introduced, by this ranking: an office title before the name
  ("Mayor", "Council President", "state Sen."); else an apposition after it (", executive director of
  Juntos," → "executive director of Juntos"); else a rank or honour ("Sgt.", "Lt.", "Dr.", "Officer"), so
  "Lt. Carla Benning, a department spokeswoman," → "department spokeswoman" but "his partner, Officer
  Keisha Grant" → "Officer"; else a descriptor in apposition before the name ("The store's owner, Sami
  Haddad" → "store's owner"); else role words or a capitalised label before the name ("branch manager
  Olivia Stone" → "branch manager", "Eighth-grader Destiny Carver" → "Eighth-grader", "Retiree Walter
  Gibbs" → "Retiree"). A party and state (", R-Ohio,", "(D-Calif.)", ", a Democrat from Dayton,") is
  never a role nor a speaker. Organisations have no role.
- An unnamed speaker ("a spokesperson for the mayor", "police", "the school district" when no district is
  named) gives speaker None and the descriptor, without its article, as role. An indefinite descriptor ("a
  spokeswoman for the district", "a neighbor", "one parent") is never resolved to a named person; a
  definite one ("the spokeswoman said") is, when someone was introduced with that role. "I"/"we" give
  None, None.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from reader.core.article import speakers
from reader.core.article.lexicon import (
    ABBREVIATIONS,
    DOCUMENT_NOUNS,
    NAMING_VERBS,
    NEVER_SENTENCE_END,
    POSSESSIVE_PRONOUNS,
    SPEECH_VERBS,
    WORK_NOUNS,
    word_set,
)
from reader.core.article.speakers import Entity, Pos, Ref, Registry
from reader.core.models import Quote

__all__ = ["find_quotes"]

_MASK = "\x1e"
_OPENERS = "“„«"
_CLOSERS = "”»"
_DOUBLE_RE = re.compile('[“”„«»"]')
_SPLIT_PARAS = re.compile(r"\n[ \t]*\n+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_BLOCKQUOTE = re.compile(r"^\s{0,3}>\s?", re.MULTILINE)
_LIST_MARK = re.compile(r"^\s*(?:[*+\-]|\d{1,3}[.)])\s+", re.MULTILINE)
# bounded, bracket-free parts keep these linear on "[[[[…" input
_IMAGE = re.compile(r"!\[[^\[\]]{0,500}\]\((?:[^()\s]|\([^()\s]{0,300}\)){0,2000}(?:\s+\"[^\"]{0,300}\")?\)")
_LINK = re.compile(r"\[([^\[\]]{0,500})\]\((?:[^()\s]|\([^()\s]{0,300}\)){0,2000}(?:\s+\"[^\"]{0,300}\")?\)")
_REF_LINK = re.compile(r"\[([^\[\]]{1,500})\]\[[^\[\]]{0,100}\]")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>\s]+>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_STRONG = re.compile(r"\*\*|__")
_EMPH = re.compile(r"(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")
_SIGNATURE = re.compile(r"^[—–-]{1,2}\s*[^\n]{0,120}\(@[\w.@-]{1,60}\)")
_POST_SHARED = re.compile(r"^A post shared by\b", re.IGNORECASE)
_VIEW_POST = re.compile(r"^\W*View this (?:post|profile) on Instagram", re.IGNORECASE)
_SOCIAL_URL = re.compile(
    r"pic\.twitter\.com/|\bt\.co/|twitter\.com/\w+/status|x\.com/\w+/status|bsky\.app/profile"
)
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENT_END = re.compile(r"[.!?…]+[)\]”\"’']*(?=\s+[^\sa-z]|\s*$)")
_CLAUSE_END = re.compile(r"[.!?…]+[)\]”\"’']*(?=\s+[^\sa-z,]|\s*$)|;")

# an opening single mark needs a capital after it and a closing one punctuation before it, so
# apostrophes (don't, '90s, students') never pair up
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–]))[‘'](?=[A-Z])")
_SINGLE_CLOSE = re.compile(r"[.,!?…—][’'](?![\w])")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\w) +([,.;:](?=\s|$))")
_PAREN = re.compile(r"\([^()“”\"«»]{1,60}\)")
# a lawmaker's party and state after the name: ", R-Ohio", ", D-N.Y.", ", I-Vt.", ", DFL-Minn."
_AFFILIATION = re.compile(
    r",\s+(?:[DRI]|DFL|Ind|Dem|Rep)-(?!Day\b)[A-Z][A-Za-z]*\.?(?:\s?[A-Z][a-z]{0,3}\.)*"
    r"(?:\s(?:York|Jersey|Hampshire|Mexico|Dakota|Carolina|Virginia|Island)\b)?"
)
_PARTICIPLE = re.compile(
    r"(?:^|,)\s*(?:also\s+|later\s+)?(saying|adding|describing|calling|noting|writing|arguing|warning|telling|"
    r"explaining|insisting|declaring|asking|urging|vowing|promising|recalling|acknowledging|stating|"
    r"dubbing|labeling|labelling)\b"
)
# "the letter reads": only writings read out; "the sign read “Closed”" is a label
_DOCUMENT_VERBS = frozenset({"reads", "read", "reading"})
_INITIALISM = re.compile(r"^(?:[a-z]\.)+[a-z]$")
_POST_LEAD = re.compile(r"\s*([,—–-]*)\s*")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")
_TIGHT_TAIL = re.compile(r"(?P<tail>(?:\s+[^\s,:;" + _MASK + r"]+){0,8}?)\s*(?P<punct>[,:]|—|–)?\s*$")
# speech verbs that may come before their subject ("said Sheriff Tom Hale"); "told X" never names the speaker
_INVERTIBLE = frozenset(
    v
    for v in SPEECH_VERBS
    if (v.endswith(("ed", "s")) or v in ("said", "wrote", "sang")) and v not in ("told", "tells")
)
# a clause after a quote that opens with these is narration, not an attribution
_CONJUNCTIONS = word_set(
    "and but or yet so while although though because as whereas which who that where when"
)
_COMPLEMENT_STARTS = word_set("that it they he she we i there this these those")
_INVERSION_AUX = word_set(
    "has had have would will also later then once previously again just quickly simply flatly"
)
_ACCORDING_PRE = re.compile(r"(?:^|,\s*|\s)according to\s+(?P<who>.+?)\s*,?\s*$", re.IGNORECASE | re.DOTALL)
_TITLE_SMALL = word_set("a an the of and or in on at to for with by from as vs nor but is")
_TRAILING_SPACES = " \t\n"
_LOOK_BACK = 400  # characters searched back for a sentence's start: long paragraphs stay linear


@dataclass
class _Para:
    text: str
    blockquote: bool = False


@dataclass
class _Span:
    segs: list[tuple[int, int, int]]  # (paragraph, content start, content end)
    open_mark: Pos
    close_mark: Pos | None  # None when the span ran to the end of its paragraph
    text: str = ""


@dataclass
class _Attribution:
    ref: Ref
    direct: bool
    pos: Pos
    naming: bool = False
    side: str = "post"
    document: bool = False  # "according to the affidavit": a writing that reports someone's words


@dataclass
class _Article:
    """What judging one span needs to see of the whole article."""

    paras: list[str]
    masked: list[str]  # quotes blanked out
    bounds: dict[int, list[tuple[int, int]]]
    registry: Registry
    found: list[_Found] = field(default_factory=list)
    starts: dict[int, list[int]] = field(default_factory=dict)  # per paragraph, sorted, for bisecting
    ends: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for p, ranges in self.bounds.items():
            self.starts[p] = [a for a, _ in ranges]
            self.ends[p] = sorted(b for _, b in ranges)


@dataclass
class _Found:
    span: _Span
    parts: list[str]
    speaker: str | None
    role: str | None
    para: int
    last_span: _Span
    attribution: _Attribution | None = None
    entity: Entity | None = field(default=None, repr=False)


# -- 1. paragraphs ---------------------------------------------------------------------------------
def _clean_inline(text: str) -> str:
    # each pass only where its marker occurs: most paragraphs have no Markdown at all
    if "[" in text:
        text = _IMAGE.sub("", text)
        text = _LINK.sub(r"\1", text)
        text = _REF_LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub("", text)
    if "*" in text or "_" in text:
        text = _STRONG.sub("", text)
        text = _EMPH.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    text = " ".join(text.split())
    # html2text leaves "**Tasha Greene** , a librarian": the space would hide the apposition
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text) if " ," in text or " ." in text else text


def _paragraphs(text: str) -> list[_Para]:
    raw_chunks = [c for c in _SPLIT_PARAS.split(text.replace("\r\n", "\n")) if c.strip()]
    chunks: list[_Para] = []
    for chunk in raw_chunks:
        lines = chunk.strip("\n").split("\n")
        if chunk.lstrip().startswith(">") and all(
            _BLOCKQUOTE.match(line) or not line.strip() for line in lines
        ):
            inner = _BLOCKQUOTE.sub("", chunk)
            if (
                _SIGNATURE.search(inner.replace("\n", " ").strip())
                or any(_SIGNATURE.match(line.strip()) for line in inner.split("\n"))
                or _SOCIAL_URL.search(inner)
            ):
                continue  # a block-quoted social post
            for sub in _SPLIT_PARAS.split(inner):
                if sub.strip():
                    chunks.append(_Para(sub, blockquote=True))
        else:
            chunks.append(_Para(chunk))
    out: list[_Para] = []
    in_instagram = False
    for para in chunks:
        stripped = para.text.strip()
        lead = stripped[:1]
        # the cheap first-character tests spare most paragraphs the regexes
        if lead in "#-*_" and (_HEADING.match(stripped) or _RULE.match(stripped)):
            continue
        if "/" in stripped and _SOCIAL_URL.search(stripped):
            continue
        body = _LIST_MARK.sub("", stripped) if (lead in "*+-" or lead.isdigit()) else stripped
        cleaned = _clean_inline(body)
        lead = cleaned[:1]
        if lead in "—–-" and (_SIGNATURE.match(stripped) or _SIGNATURE.match(cleaned)):
            if out and not out[-1].blockquote:
                out.pop()  # the post text that sat above its credit line
            continue
        if lead in "VvAa":
            if _VIEW_POST.match(cleaned):
                in_instagram = True
                continue
            if _POST_SHARED.match(cleaned):
                if not in_instagram and out:
                    out.pop()
                in_instagram = False
                continue
        if in_instagram:
            continue
        if cleaned:
            out.append(_Para(cleaned, para.blockquote))
    return out


# -- 2. quote spans --------------------------------------------------------------------------------
def _straight_opens(s: str, i: int) -> bool:
    before = s[i - 1] if i > 0 else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    opener_ctx = before.isspace() or before in "([{—–-/" or i == 0
    closer_ctx = after.isspace() or after in ".,;:!?)]}—–-" or i + 1 == len(s)
    return opener_ctx or not closer_ctx


def _spans(paras: list[str]) -> list[_Span]:
    spans: list[_Span] = []
    carry: _Span | None = None  # an AP-style quote left open at the end of the previous paragraph
    for p, s in enumerate(paras):
        open_at: int | None = None
        current: _Span | None = None
        if carry is not None:
            lead = len(s) - len(s.lstrip())
            if lead < len(s) and s[lead] in _OPENERS + '"':
                open_at = lead
                current = carry
            else:
                # not reopened: the previous paragraph's quote ends where that paragraph ended
                spans.append(carry)
            carry = None
        marks = [m.start() for m in _DOUBLE_RE.finditer(s)]
        start_idx = 0
        if current is not None and open_at is not None:
            start_idx = 1 if marks and marks[0] == open_at else 0
        for i in marks[start_idx:]:
            ch = s[i]
            if open_at is None:
                if ch in _OPENERS or (ch == '"' and _straight_opens(s, i)):
                    open_at = i
                continue
            if ch in _CLOSERS or ch == '"':
                if current is None:
                    spans.append(_Span([(p, open_at + 1, i)], (p, open_at), (p, i)))
                else:
                    current.segs.append((p, open_at + 1, i))
                    current.close_mark = (p, i)
                    spans.append(current)
                    current = None
                open_at = None
            elif ch in _OPENERS:
                # an opener inside an open quote: the earlier mark was never closed; start again here
                if current is not None:
                    spans.append(current)
                    current = None
                open_at = i
        if open_at is not None:
            if current is None:
                current = _Span([], (p, open_at), None)
            current.segs.append((p, open_at + 1, len(s)))
            current.close_mark = None
            carry = current
        if not marks:
            spans.extend(_single_spans(p, s))
    if carry is not None:
        spans.append(carry)
    for span in spans:
        parts = [paras[p][a:b].strip() for p, a, b in span.segs]
        span.text = "\n\n".join(x for x in parts if x)
    spans.sort(key=lambda sp: sp.open_mark)
    return spans


def _single_spans(p: int, s: str) -> list[_Span]:
    """‘Speech in single marks,’ when a paragraph has no double marks at all."""
    found: list[_Span] = []
    pos = 0
    while True:
        opener = _SINGLE_OPEN.search(s, pos)
        if opener is None:
            return found
        closer = _SINGLE_CLOSE.search(s, opener.end() + 1)
        if closer is None:
            return found
        close = closer.end() - 1
        found.append(_Span([(p, opener.end(), close)], (p, opener.start()), (p, close)))
        pos = close + 1


def _intervals(spans: list[_Span]) -> dict[int, list[tuple[int, int]]]:
    """Per paragraph, the sorted character ranges that quotes occupy, marks included."""
    bounds: dict[int, list[tuple[int, int]]] = {}
    for span in spans:
        for k, (p, a, b) in enumerate(span.segs):
            start = a - 1 if a > 0 and (k > 0 or (p, a - 1) == span.open_mark) else a
            end = b + 1 if span.close_mark == (p, b) else b
            bounds.setdefault(p, []).append((start, end))
    for ranges in bounds.values():
        ranges.sort()
    return bounds


def _mask(paras: list[str], bounds: dict[int, list[tuple[int, int]]]) -> list[str]:
    """The paragraphs with every quote blanked out, so names inside quotes are not taken for speakers."""
    out = list(paras)
    for p, ranges in bounds.items():
        s = paras[p]
        pieces: list[str] = []
        at = 0
        for start, end in ranges:
            start = max(start, at)
            pieces.append(s[at:start])
            pieces.append(_MASK * max(0, end - start))
            at = max(at, end)
        pieces.append(s[at:])
        out[p] = "".join(pieces)
    return out


# -- 3. attribution --------------------------------------------------------------------------------
def _is_sentence_end(s: str, m: re.Match[str]) -> bool:
    if s[m.start()] != ".":
        return True
    head = s[
        max(0, m.start() - 24) : m.start()
    ].split()  # the word the stop ends; a short look back is enough
    word = head[-1] if head else ""
    word = word.lstrip("(“\"‘'").casefold()
    if (len(word) == 1 and word.isalpha()) or _INITIALISM.match(word):
        return False  # an initial or initials: "Robert J. Haines", "J.D. Whitfield"
    if word in NEVER_SENTENCE_END:
        return False
    if word in ABBREVIATIONS:
        nxt = s[m.end() :].lstrip()[:1]
        return nxt.isupper() and word not in ("st", "mt", "ft")
    return True


def _last_sentence_start(s: str) -> int:
    start = 0
    for m in _SENT_END.finditer(s):
        if _is_sentence_end(s, m):
            start = m.end()
    return start


def _first_clause_end(s: str) -> int:
    for m in _CLAUSE_END.finditer(s):
        if m.group() == ";" or _is_sentence_end(s, m):
            return m.start()
    return len(s)


def _word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def _title_like(text: str) -> bool:
    stripped = text.strip()
    if not stripped or stripped[-1] in ".,;:…":
        return False
    words = _WORDS.findall(stripped)
    if not words:
        return False
    content = [w for k, w in enumerate(words) if k == 0 or w.casefold() not in _TITLE_SMALL]
    return all(w[0].isupper() or w[0].isdigit() for w in content)


def _after_work_noun(pre_full: str) -> bool:
    words = [w.strip(",.:;()").casefold() for w in pre_full.split()[-2:]]
    if not words:
        return False
    if words[-1] in SPEECH_VERBS or pre_full.rstrip().endswith((",", ":")):
        return False
    if words[-1] in WORK_NOUNS:
        return True
    # "known as “…”", "dubbed the “…”", "his new album “…”"; but not "the project would “…”"
    return len(words) == 2 and words[0] in WORK_NOUNS and words[-1] in _WORK_LINKS


def _verbs(text: str, naming: bool = False) -> list[tuple[int, int, str]]:
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


def _post_attribution(post: str, p: int, offset: int, inner_end: str) -> _Attribution | None:
    clause = post[: _first_clause_end(post)]
    lead = _POST_LEAD.match(clause)
    if lead is None:  # the pattern matches the empty string, so only a type checker worries
        return None
    rest = clause[lead.end() :]
    if not rest or rest[0] == _MASK:
        return None
    rest = rest.split(_MASK, 1)[0]
    pos = (p, offset + lead.end())
    comma_after = bool(lead.group(1))
    terminal = inner_end in ",?!—–-…" or comma_after
    if inner_end == "." and not comma_after and len(rest.split()) > 8:
        return None
    if any(d in lead.group(1) for d in "—–") and rest[:1].isupper() and not _verbs(rest):
        # a roundup's "“…” — Gwen Ortiz, director of the Eastside Housing Alliance"
        ref = speakers.parse_after(rest)
        if ref is not None and ref.kind in ("name", "org"):
            return _Attribution(ref, direct=True, pos=pos)
    after_verb = _inverted(rest) if not rest[:1].isupper() else None
    if after_verb is not None:
        ref = speakers.parse_after(after_verb)
        parts = after_verb.split(None, 1)
        if ref is not None and ref.kind == "pronoun" and len(parts) == 2 and parts[0].isalpha():
            nxt = _LOWER_WORD.match(parts[1])
            if nxt and not speakers.ends_noun_phrase(nxt.group()):
                ref = None  # '“Evicted,” said she cried': "she" starts a clause, it is not the speaker
        if ref is not None:
            document = rest.lstrip().startswith("according") and speakers.names_document(after_verb)
            return _Attribution(ref, direct=terminal, pos=pos, document=document)
    for v_start, v_end, verb in _verbs(rest):
        subject = rest[:v_start]
        if len(subject.split()) > 30:
            break
        if verb == "according to":
            ref = speakers.parse_after(rest[v_end:])
            if ref is not None:
                return _Attribution(
                    ref,
                    direct=terminal and not subject.strip(),
                    pos=pos,
                    document=speakers.names_document(rest[v_end:]),
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
        ref, whole = speakers.parse_subject(subject)
        if ref is not None and _speaks(ref, verb):
            return _Attribution(ref, direct=terminal and whole, pos=(p, offset + lead.end() + v_start))
        break
    return None


def _pre_attribution(pre: str, p: int, offset: int) -> _Attribution | None:
    """Attribution before the opening mark; `pre` runs from its sentence start to the mark."""
    text = pre.rstrip(_TRAILING_SPACES)
    if not text.strip():
        return None
    am = _ACCORDING_PRE.search(text)
    if am:
        who = am.group("who")
        comma = who.find(",")
        if comma > 0 and speakers.names_document(who[:comma]):
            # "According to the affidavit, Simmons told investigators he “…”": Simmons speaks
            at = am.start("who") + comma + 1
            reporter = _sentence_attribution(text[at:], p, offset + at)
            if reporter is not None:
                reporter.direct, reporter.naming = True, False
                return reporter
        ref = speakers.parse_after(who)
        if ref is not None:
            return _Attribution(ref, direct=True, pos=(p, offset + am.start("who")), side="pre")
    verbs = _verbs(text, naming=True)
    speech = [v for v in verbs if v[2] not in NAMING_VERBS]
    if speech:
        v_start, v_end, _verb = speech[-1]
        tail = _TIGHT_TAIL.match(text, v_end)
        # "Kenney said," / "Kenney told reporters:" / "the department said",
        # but not "Kenney said the city would"
        if tail and (tail.group("punct") or not tail.group("tail").strip()) and text[:v_start].strip():
            ref, _whole = speakers.parse_subject(text[:v_start])
            if ref is not None and _speaks(ref, _verb):
                return _Attribution(ref, direct=True, pos=(p, offset + v_start), side="pre")
    if text.endswith(":") and not verbs:
        ref = _colon_subject(text[:-1])
        if ref is not None:
            return _Attribution(ref, direct=True, pos=(p, offset), side="pre")
    return _sentence_attribution(text, p, offset, verbs)


def _sentence_attribution(
    text: str, p: int, offset: int, verbs: list[tuple[int, int, str]] | None = None
) -> _Attribution | None:
    """A speech verb anywhere in the sentence before the quote, with its subject: "X called the plan “…”"."""
    for v_start, _v_end, verb in _verbs(text, naming=True) if verbs is None else verbs:
        subject = text[:v_start]
        if not subject.strip() or verb in ("according to", "pointed out"):
            continue
        ref, _whole = speakers.parse_subject(subject)
        if ref is not None and _speaks(ref, verb):
            naming = verb in NAMING_VERBS
            return _Attribution(ref, direct=False, pos=(p, offset + v_start), naming=naming, side="pre")
    return None


def _speaks(ref: Ref, verb: str) -> bool:
    if verb not in _DOCUMENT_VERBS:
        return True
    return ref.kind == "desc" and speakers.head_noun(ref.text) in DOCUMENT_NOUNS


def _participle_attribution(pre_full: str, offset: int, masked: str, p: int) -> _Attribution | None:
    """In "Kehoe played it down, describing it as “…”" the speaker is the subject of the whole sentence."""
    found = list(_PARTICIPLE.finditer(pre_full))
    if not found:
        return None
    m = found[-1]
    at = offset + m.start()
    look = max(0, at - _LOOK_BACK)  # a bounded look back keeps long paragraphs linear
    start = look + _last_sentence_start(masked[look:at])
    for seg in speakers.split_segments(masked[start:at])[:3]:
        ref = speakers.parse_np_start(speakers.tokens(seg))
        if ref is not None:
            if ref.kind not in ("name", "pronoun", "org"):
                return None
            naming = m.group(1) in ("describing", "calling", "dubbing", "labeling", "labelling")
            return _Attribution(ref, direct=False, pos=(p, offset + start), naming=naming, side="pre")
        if not speakers.is_intro(seg):
            return None
    return None


def _colon_subject(text: str) -> Ref | None:
    """The speaker of "Her advice to renters: “…”" or "Jenna Kowalski, a teacher, put it simply: “…”"."""
    toks = speakers.tokens(text)
    if not toks:
        return None
    first = toks[0].casefold()
    if first in POSSESSIVE_PRONOUNS:
        return Ref("pronoun", POSSESSIVE_PRONOUNS[first])
    for seg in speakers.split_segments(text)[:2]:
        ref = speakers.parse_np_start(speakers.tokens(seg))
        if ref is not None and ref.kind in ("name", "pronoun", "org"):
            return ref
    return None


# -- 4. assembly -----------------------------------------------------------------------------------
def _finish(parts: list[str]) -> str:
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not out:
            out = part
            continue
        sep = "\n\n" if part.startswith("\n") else " "
        if out.endswith(",") and part[:1].isupper():
            out = out[:-1] + "."
        out = f"{out}{sep}{part}"
    if out.endswith(","):
        out = out[:-1] + "."
    return out


def find_quotes(text: str) -> list[Quote]:
    """Direct quotations in `text` (Markdown or plain text, blank-line paragraphs), in reading order."""
    paras = [para.text for para in _paragraphs(text)]
    if not paras:
        return []
    spans = _spans(paras)
    if not spans:
        return []
    bounds = _intervals(spans)
    # "(D., Phila.)" and other asides sit between a name and its verb: hide them from the grammar
    paras = [_PAREN.sub(_blank, s) if "(" in s else s for s in paras]
    # ", R-Ohio," names a party and a state, never a speaker or a role: hide it like an aside
    paras = [_AFFILIATION.sub(_blank_affiliation, s) if "-" in s else s for s in paras]
    masked = _mask(paras, bounds)
    registry = Registry()
    # names after the last quote cannot speak in it (a cataphoric "the 81-year-old" looks one paragraph on)
    registry.scan(masked[: max(sp.segs[-1][0] for sp in spans) + 2])
    art = _Article(paras, masked, bounds, registry)
    found = art.found
    for span in spans:
        result = _judge(span, art)
        if result is not None:
            found.append(result)
    quotes: list[Quote] = []
    seen: set[str] = set()
    for f in found:
        text_out = _finish(f.parts)
        key = " ".join(_WORDS.findall(text_out.casefold()))
        if text_out and key not in seen:  # a pull quote repeats a quote from the body
            seen.add(key)
            quotes.append(Quote(text_out, f.speaker, f.role))
    return quotes


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def _blank_affiliation(m: re.Match[str]) -> str:
    """Spaces for ", D-Calif."; the state's final stop stays when it also ends the sentence ("…, I-Vt.")."""
    text = m.group()
    nxt = m.string[m.end() : m.end() + 1]
    if text.endswith(".") and nxt not in (",", ";", ")"):
        return " " * (len(text) - 1) + "."
    return " " * len(text)


def _neighbours(art: _Article, p: int, start: int, end: int) -> tuple[int, int]:
    """Where paragraph `p`'s previous quote ends before `start`, and where its next begins after `end`."""
    ends = art.ends.get(p, [])
    starts = art.starts.get(p, [])
    i = bisect.bisect_right(ends, start)
    j = bisect.bisect_left(starts, end)
    return (ends[i - 1] if i else 0), (starts[j] if j < len(starts) else -1)


def _judge(span: _Span, art: _Article) -> _Found | None:
    paras, registry, found = art.paras, art.registry, art.found
    text = span.text
    if not text.strip():
        return None
    first_p, open_idx = span.open_mark
    last_p, _a, last_end = span.segs[-1]
    close_idx = span.close_mark[1] if span.close_mark is not None else last_end
    s_first, s_last = paras[first_p], paras[last_p]

    prev_end, _ = _neighbours(art, first_p, open_idx, open_idx + 1)
    pre_full = s_first[prev_end:open_idx]
    sent_start = _last_sentence_start(pre_full)
    pre = pre_full[sent_start:]
    pre_offset = prev_end + sent_start
    sentence_initial = not pre.strip()

    post_start = close_idx + 1 if span.close_mark is not None else len(s_last)
    _, next_start = _neighbours(art, last_p, post_start - 1, post_start)
    post = s_last[post_start : next_start if next_start >= 0 else len(s_last)]
    inner = text.rstrip()
    inner_end = inner[-1] if inner else ""

    words = _word_count(text)

    post_attr = _post_attribution(post, last_p, post_start, inner_end) if post.strip() else None
    if post_attr is not None and post_attr.document and pre.strip():
        # 'Simmons told investigators he "…," according to the affidavit filed by Det. Moyer': the words
        # are Simmons's; the document (and whoever filed it) only reports them
        reporter = _pre_attribution(pre, first_p, pre_offset)
        if reporter is not None and not (
            reporter.ref.kind == "desc" and speakers.head_noun(reporter.ref.text) in DOCUMENT_NOUNS
        ):
            reporter.direct = post_attr.direct
            reporter.naming = False
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
        None if post_attr is not None and post_attr.direct else _pre_attribution(pre, first_p, pre_offset)
    )

    if pre_attr is None and post_attr is None and not sentence_initial:
        pre_attr = _participle_attribution(pre_full, prev_end, art.masked[first_p], first_p)
        if pre_attr is None and sent_start == 0 and prev_end > 0:
            # a second quote in one sentence: "X called the plan “reckless” and “a betrayal of …”"
            masked = art.masked[first_p]
            look = max(0, open_idx - _LOOK_BACK)
            start = look + _last_sentence_start(masked[look:open_idx])
            pre_attr = _sentence_attribution(masked[start:open_idx], first_p, start)

    attr: _Attribution | None = None
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
    if not direct and _title_like(text):
        return None

    if attr is not None:
        if attr.direct:
            ok = True
        elif attr.naming:
            # "critics call it a …" labels; "Lowe called the ruling …" quotes
            ok = words >= 6 and attr.ref.kind in ("name", "pronoun", "org")
        else:
            ok = words >= 4
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
            ):
                _join(previous, span, text)
                return None
            speaker, role, entity = registry.resolve(attr.ref, attr.pos)
            if entity is not None:
                registry.note_speaker(attr.pos, entity)
            if attr.ref.kind == "pronoun" and attr.ref.text in ("i", "we"):
                speaker, role = None, None
            return _Found(span, [text], speaker, role, first_p, span, attr, entity)
        return None

    # no attribution of its own
    sentence_like = sentence_initial and (inner_end in ".?!…" or (span.close_mark is None and words >= 5))
    if (
        previous is not None
        and sentence_initial
        and previous.last_span.close_mark is not None
        and previous.last_span.close_mark[0] == first_p
        and previous.attribution is not None
        and words >= 1
    ):
        _join(previous, span, text)
        return None
    if not sentence_like or words < 5:
        return None
    if previous is not None and previous.para >= first_p - 1 and previous.speaker is not None:
        return _Found(span, [text], previous.speaker, previous.role, first_p, span, None, previous.entity)
    if previous is not None and previous.para >= first_p - 1 and previous.role is not None:
        # the unnamed speaker of the quote before ("a spokeswoman for the district") goes on speaking
        return _Found(span, [text], None, previous.role, first_p, span, None, None)
    entity = registry.last_subject((first_p, open_idx), first_p - 1)
    if entity is None:
        return None
    return _Found(span, [text], entity.name, entity.role, first_p, span, None, entity)


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


def _determiner_before(before: str) -> bool:
    """Whether the word before an opening mark makes the quote part of a noun phrase: a "welcoming city"."""
    words = before.split()
    return bool(words) and words[-1].casefold() in _DETERMINER_BEFORE


def _continues(previous: _Found, p: int, prev_end: int, sent_start: int, gap: str) -> bool:
    """Whether a span resumes the previous quote across its attribution, in one unbroken sentence."""
    close = previous.last_span.close_mark
    attribution = previous.attribution
    if close is None or close[0] != p or attribution is None or attribution.side != "post":
        return False
    if (
        prev_end != close[1] + 1
        or sent_start != 0
        or not (close[1] < attribution.pos[1] < close[1] + 1 + len(gap))
    ):
        return False
    return gap.rstrip().endswith((",", ":", "—", "–"))


def _join(previous: _Found, span: _Span, text: str) -> None:
    previous.parts.append(("\n" if span.segs[0][0] != previous.last_span.segs[-1][0] else "") + text)
    previous.last_span = span
    return None
