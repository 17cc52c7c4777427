"""Direct quotations in an article's paragraphs, in reading order, with speaker and role.

A rule-based reader of news prose (pure Python and `re`, no model). It takes the article as plain-text
paragraphs in reading order (the caller strips markup and leaves headings, captions and embeds out; a
line break after a sentence's end inside a paragraph starts a new one) and works in passes, one module
each:

- spans.py: which characters lie between quotation marks (AP-style quotes over several paragraphs too);
- transcripts.py: interview and debate lines ("BELL: …"), quoted or not;
- people.py: the register of people and organisations named (or only described) outside the quotes,
  with titles, roles and genders, and who a later surname, title or pronoun means;
- grammar/: the speaker grammar, the noun phrase around a speech verb ("Erika Almiron, executive
  director of Juntos," / "a spokeswoman for the district" / "she"), in words, names, descriptors,
  phrases and subjects;
- attribution.py: the verb, "according to", colon or dash that ties a span to a speaker;
- judgement.py: which spans are quotations (not titles, nicknames, signs or scare quotes), whose, and
  split quotes joined;
- sentences.py and lexicon.py: sentence ends, and the word lists the rules lean on.

Output conventions:

- Every quotation is listed, in reading order, whether or not its speaker is found (then `speaker` is
  None). Four words or more between marks are a quotation unless they name a work, a sign's text or a
  slogan (Title Case, "the documentary “…”", "the banner read “…”"); a shorter phrase is one only when
  someone says it ("“Never,” she said", He called it “beyond repair.”), never a scare quote or nickname.
- `text` is the words inside the marks. Split quotes ("A," X said, "b." and "A," X said. "B.") are one
  quote, the parts joined by a space (a comma that ended a sentence becomes a period); the paragraphs of a
  multi-paragraph quote are joined by a blank line ("\\n\\n"); a trailing comma becomes a period. A quote
  repeated word for word (a pull quote) is reported once. A transcript line's text is the words after its
  label.
- `speaker` is the full name as first introduced, without title or honorific ("Dana Whitlock"), or an
  organisation's name ("Harbor Gas"). Surnames ("Whitlock said"), titles alone ("the mayor said", "the
  lieutenant said" for "Lt. Carla Benning"), possessive descriptors ("her son said" after "Her son, Marcus
  Bell"), pronouns (the nearest compatible person or organisation before them: he/she by first name,
  honorific, noun or earlier pronouns; they → person or organisation), transcript labels ("BELL:") and
  "the department/agency/company" (an organisation whose name ends in a noun of that kind) resolve to
  someone named earlier. A surname shared by several people ("Dale Pruitt … his son, Caleb Pruitt") is the
  one introduced first; the others are named by first name ("Caleb said") or in full.
- A source with no name is the speaker as written, its leading article in lower case: "a spokesperson for
  the mayor", "a Harbor Gas spokeswoman", "police", "the crowd", "this source", "another" ("Another said"),
  a share ("Only 41 percent of voters", "12 percent"), and a writing: "the statement", "the letter", "the
  complaint", "the memo", "the ad", "the clip", "the book" (a document is its own speaker, not its issuer;
  "X issued a statement saying “…”" is X's). An indefinite descriptor ("a neighbor", "one parent") is never
  resolved to a named person; a pronoun may mean it ("A neighbor said she heard shots. “…,” she said").
  "I"/"we" give None. Capitals that name nobody (a sentence opener, a place with a day, a party or demonym
  alone, a subheading) are never a speaker. A nickname set in marks inside a name ("Marisol “Mari”
  Ortega") is no quote and not part of the speaker's name. Words relayed by an outlet ("…,” Ruiz said,
  according to the Gazette) stay the speaker's; the outlet speaks only for what it reports itself.
- A partial quote inside a paraphrase is the words of the verb's subject ("Ortiz called the plan “…”",
  "Barrow warned that the crews “…”"), of the sentence's subject when no speech verb ties it ("The
  mailer promises a “…”"), of the agent of a passive question ("was asked by moderator Rosa Tan whether
  “…”"), or of whoever a sentence-closing ", says X" names. A standalone quote belongs to the person a
  paragraph ending in a colon introduces ("Vega said in a statement:"), else to someone newly named as a
  subject just before it, else continues the previous quote's speaker (across a short aside that names
  nobody: "She waits."), else the subject of its paragraph or the one before (a person or an
  organisation); a paragraph that only signs the quote before it ("— Ana Ruiz, a nurse in Dayton.") names
  its speaker.
- `role` is that person's role as first introduced, by this ranking: an office title before the name
  ("Mayor", "Council President", "state Sen."); else an apposition after it (", executive director of
  Juntos," → "executive director of Juntos"); else a rank or honour ("Sgt.", "Lt.", "Dr.", "Officer"), so
  "Lt. Carla Benning, a department spokeswoman," → "department spokeswoman" but "his partner, Officer
  Keisha Grant" → "Officer"; else a descriptor in apposition before the name ("The store's owner, Sami
  Haddad" → "store's owner"); else role words or a capitalised label before the name ("branch manager
  Olivia Stone" → "branch manager", "retired teacher Ana Ruiz" → "retired teacher",
  "Eighth-grader Destiny Carver" → "Eighth-grader"). A party and state (", R-Ohio,", "(D-Calif.)", ", a
  Democrat from Dayton,") is never a role nor a speaker; nor is a dateline ("ALBANY, N.Y. (AP) —").
  Organisations and unnamed speakers have no role.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.core.article.quotes.grammar import JOIN, join_offices
from reader.core.article.quotes.judgement import Article, judge
from reader.core.article.quotes.people import Registry
from reader.core.article.quotes.spans import MASK, Span, find_spans, intervals, mask
from reader.core.article.quotes.transcripts import Line, transcript_lines
from reader.core.models import Quote

__all__ = ["find_quotes"]

_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][A-Za-z.]{1,12}(?:\s+\d{1,2})?){0,2}\s*(?:\([^()]{1,40}\))?\s*[—–-]+\s*"
)
# a line break after a sentence's end starts a paragraph; one inside a sentence only wraps the line
_LINE_END = re.compile(r"(?<=[.!?…:;”\"’)\]])[ \t]*\n\s*")
_PAREN = re.compile(r"\([^()“”\"«»]{1,60}\)")
# a lawmaker's party and state after the name: ", R-Ohio", ", D-N.Y.", ", I-Vt.", ", DFL-Minn."
_AFFILIATION = re.compile(
    r",\s+(?:[DRI]|DFL|Ind|Dem|Rep)-(?!Day\b)[A-Z][A-Za-z]*\.?(?:\s?[A-Z][a-z]{0,3}\.)*"
    r"(?:\s(?:York|Jersey|Hampshire|Mexico|Dakota|Carolina|Virginia|Island)\b)?"
)


def find_quotes(paragraphs: Sequence[str]) -> list[Quote]:
    """Direct quotations in an article's plain-text paragraphs, in reading order."""
    paras = [" ".join(piece.replace(JOIN, "").split()) for p in paragraphs for piece in _paragraph_lines(p)]
    paras = [p for p in paras if p]
    if not paras:
        return []
    lines = transcript_lines(paras)
    spans = _with_transcript_lines(find_spans(paras, lines), paras, lines)
    # Marisol “Mari” Ortega: a nickname inside a name is neither a quote nor part of the speaker's name
    spans = _without_nicknames(spans, paras)
    if not spans:
        return []
    bounds = intervals(spans)
    # "(D., Phila.)" and other asides sit between a name and its verb: hide them from the grammar
    paras = [_PAREN.sub(_blank, s) if "(" in s else s for s in paras]
    # ", R-Ohio," names a party and a state, never a speaker or a role: hide it like an aside
    paras = [_AFFILIATION.sub(_blank_affiliation, s) if "-" in s else s for s in paras]
    # "WASHINGTON, Dec. 8 (AP) —" says where the story was filed; its capitals are nobody
    paras = [_DATELINE.sub(_blank, s) if s[:1].isupper() and s[1:2].isupper() else s for s in paras]
    # "Secretary of State Ana Ruiz": the office is one title word to the grammar
    paras = [join_offices(s) for s in paras]
    masked = mask(paras, bounds)
    for p, line in lines.items():  # a transcript's labels are read as speakers, not as names in the text
        masked[p] = MASK * line.text_start + masked[p][line.text_start :]
    registry = Registry()
    registry.learn_words(paras)
    # names after the last quote cannot speak in it (a cataphoric "the 81-year-old" looks one paragraph on)
    registry.scan(masked[: max(sp.segs[-1][0] for sp in spans) + 2])
    art = Article(paras, masked, bounds, registry, lines)
    found = art.found
    for span in spans:
        result = judge(span, art)
        if result is not None:
            found.append(result)
    quotes: list[Quote] = []
    seen: set[str] = set()
    for f in found:
        text_out = _finish(f.parts)
        key = " ".join(_WORDS.findall(text_out.casefold()))
        if text_out and key not in seen:  # a pull quote repeats a quote from the body
            seen.add(key)
            quotes.append(Quote(text_out.replace(JOIN, " "), _unjoined(f.speaker), _unjoined(f.role)))
    return quotes


_NICKNAME = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?")
_NAME_BEFORE = re.compile(r"(?:^|\s)[A-Z][\w'’-]*\.? $")


def _without_nicknames(spans: list[Span], paras: list[str]) -> list[Span]:
    """The spans without the nicknames set in marks inside a name (Marisol “Mari” Ortega); the nickname and its
    marks are blanked in `paras`, so the grammar reads the name whole ("Marisol Ortega")."""
    kept: list[Span] = []
    for span in spans:
        p, a, b = span.segs[0]
        s = paras[p]
        if (
            len(span.segs) == 1
            and span.close_mark == (p, b)
            and _NICKNAME.fullmatch(s[a:b])
            and _NAME_BEFORE.search(s, max(0, a - 40), a - 1)
            and s[b + 1 : b + 2] == " "
            and s[b + 2 : b + 3].isupper()
        ):
            paras[p] = s[: a - 1] + " " * (b + 1 - (a - 1)) + s[b + 1 :]
            continue
        kept.append(span)
    return kept


def _paragraph_lines(text: str) -> list[str]:
    """A paragraph's lines that are paragraphs of their own: a line break after a sentence's end, outside
    any quote, starts one (plain-text articles); a break inside a sentence or a quote only wraps the line."""
    if "\n" not in text:
        return [text]
    pieces: list[str] = []
    start = 0
    for m in _LINE_END.finditer(text):
        piece = text[start : m.start()]
        if piece.count("“") <= piece.count("”") and piece.count('"') % 2 == 0:
            pieces.append(piece)
            start = m.end()
    pieces.append(text[start:])
    return pieces


def _with_transcript_lines(spans: list[Span], paras: list[str], lines: dict[int, Line]) -> list[Span]:
    """The spans, with each unquoted transcript line as a span of its own; marks inside such a line (the
    speaker quoting someone) belong to the line."""
    if not lines:
        return spans
    kept = [sp for sp in spans if not _inside_line(sp, lines)]
    for p, line in lines.items():
        if not line.quoted:
            words = paras[p][line.text_start :]
            kept.append(Span([(p, line.text_start, len(paras[p]))], (p, line.text_start), None, words))
    kept.sort(key=lambda sp: sp.open_mark)
    return kept


def _inside_line(span: Span, lines: dict[int, Line]) -> bool:
    p, at = span.open_mark
    line = lines.get(p)
    return line is not None and not line.quoted and at >= line.text_start


def _unjoined(text: str | None) -> str | None:
    return text.replace(JOIN, " ") if text else text


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def _blank_affiliation(m: re.Match[str]) -> str:
    """Spaces for ", D-Calif."; the state's final stop stays when it also ends the sentence ("…, I-Vt.")."""
    text = m.group()
    nxt = m.string[m.end() : m.end() + 1]
    if text.endswith(".") and nxt not in (",", ";", ")"):
        return " " * (len(text) - 1) + "."
    return " " * len(text)


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
