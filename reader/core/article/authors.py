"""Bylines as pages print them → the names of the people who wrote the piece.

"By Jane Doe and John Roe | Staff writers · Updated March 3, 2024" gives ["Jane Doe", "John Roe"]: the "By",
the desk, the dates and the roles are not part of anyone's name.
"""

from __future__ import annotations

import re

_LEAD = re.compile(
    r"^\s*(?:(?i:(?:written|posted|published|reported|words|story|text|reporting|photos?|updated)\s+by|by|par|von"
    r"|por|door|autor|auteur|authors?|byline|reporter)|di|av|af|de)\s*[:.]?\s+"
)
_MONTHS = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sept?(?:ember|\.)?"
    r"|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?"
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
    r"|januar|februar|märz|juni|juli|oktober|dezember"
)
_WEEKDAYS = r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
# Where the names stop: a date, a time, an "Updated", a separator before the desk, an e-mail, a handle.
_STOP = re.compile(
    rf"\s*(?:\b(?:{_WEEKDAYS})\b,?\s+(?:\d|{_MONTHS})|\b(?:{_MONTHS})\s+\d|\b\d{{1,2}}\.?\s+(?:{_MONTHS})\b"
    r"|\b(?:edited|photos?|photographs|illustrations?|graphics?|video|additional reporting|contributing)\s+by\b"
    r"|\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}:\d\d\b|\b(?:updated|published|posted|last modified|modified"
    r"|mis à jour|publié|actualizado|aktualisiert)\b|\b\d+\s+(?:min(?:ute)?s?|hours?|hrs?|days?)\b"
    r"|\s[|·•]\s?|\s[—–-]\s|\S+@\S+\.\w+|@\w|\bfollow\b|\bemail\b|\bcontact\b)",
    re.I,
)
_SPLIT = re.compile(
    r"\s*(?:,|;|(?<=[a-z]{2})\.\s+(?=[A-Z])|\s&\s|\s\+\s|\b(?i:and|und|et|with|avec|mit)\b"
    r"|\b(?:y|e|og|en|con|com)\b)\s*"
)
_PAREN = re.compile(r"\(([^()]{1,120})\)")
_PARTICLES = frozenset(
    [
        "de",
        "da",
        "di",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "le",
        "la",
        "du",
        "dos",
        "das",
        "bin",
        "ibn",
        "al",
        "el",
        "st.",
        "st",
        "ter",
        "ten",
        "y",
        "e",
        "mac",
    ]
)
_ROLE_WORDS = frozenset(
    [
        "reporter",
        "reporters",
        "editor",
        "editors",
        "correspondent",
        "correspondents",
        "writer",
        "writers",
        "columnist",
        "columnists",
        "staff",
        "contributor",
        "contributors",
        "contributing",
        "producer",
        "producers",
        "journalist",
        "journalists",
        "journaliste",
        "photographer",
        "photographers",
        "freelance",
        "freelancer",
        "intern",
        "interns",
        "analyst",
        "critic",
        "chief",
        "senior",
        "associate",
        "special",
        "bureau",
        "desk",
        "team",
        "staffer",
        "technologist",
        "director",
        "manager",
        "fellow",
        "professor",
        "researcher",
        "host",
        "anchor",
    ]
)
_ORG_WORDS = frozenset(
    [
        "news",
        "times",
        "post",
        "press",
        "media",
        "inc",
        "inc.",
        "llc",
        "ltd",
        "co.",
        "corp",
        "group",
        "network",
        "magazine",
        "journal",
        "daily",
        "weekly",
        "herald",
        "tribune",
        "gazette",
        "chronicle",
        "observer",
        "guardian",
        "telegraph",
        "review",
        "online",
        "radio",
        "tv",
        "television",
        "channel",
        "agency",
        "service",
        "services",
        "associated",
        "reuters",
        "afp",
        "ap",
        "upi",
        "bloomberg",
        "contributors",
        "foundation",
        "developers",
        "society",
        "institute",
        "university",
        "department",
        "council",
        "company",
        "wire",
        "wires",
        "newsroom",
        "editorial",
        "blog",
    ]
)
_NOT_FIRST = frozenset(
    ["our", "the", "a", "an", "from", "for", "with", "this", "staff"]
)  # "Our Foreign Staff" is a desk
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.\-]*|[A-Z]\.(?:[A-Z]\.)*|\w+['’]\w+)$")
_MAX_NAME_TOKENS = 5


def _tokens(text: str) -> list[str]:
    return text.split()


def looks_like_person(name: str) -> bool:
    """Two to five capitalised words (particles and initials allowed), no organisation or role word."""
    toks = _tokens(name)
    if not 2 <= len(toks) <= _MAX_NAME_TOKENS:
        return False
    if any(ch.isdigit() for ch in name):
        return False
    if toks[0].lower() in _NOT_FIRST:
        return False
    caps = 0
    for tok in toks:
        low = tok.lower().strip(".,")
        if low in _ORG_WORDS or low in _ROLE_WORDS:
            return False
        if low in _PARTICLES:
            continue
        if not _NAME_TOKEN.match(tok):
            return False
        caps += 1
    return caps >= 2


def _trim_role(part: str) -> str | None:
    """A name with the role or desk printed after it cut off ("Jane Doe Staff Writer" → "Jane Doe")."""
    toks = _tokens(part)
    low = [t.lower().strip(".,:") for t in toks]
    role_at = next((i for i, t in enumerate(low) if t in _ROLE_WORDS or t in _ORG_WORDS), None)
    if role_at is None:
        return part
    if not any(t in _ROLE_WORDS for t in low) and len(toks) <= _MAX_NAME_TOKENS:
        return part  # an organisation's name ("BBC News", "The Associated Press"), kept for want of a person
    if role_at == 0:
        return None
    keep = 2
    if len(toks) > 2 and (low[1] in _PARTICLES or re.match(r"^[A-Z]\.$", toks[1])):
        keep = 3
    keep = min(keep, role_at)
    name = " ".join(toks[:keep])
    return name if keep >= 2 and looks_like_person(name) else None


def read_byline(text: str) -> list[str]:
    """The names in a byline, in order; [] when the text names nobody."""
    text = " ".join(text.split())
    if not text or len(text) > 300:
        return []
    # "Martin Dupont (avec Jeanne Roy et Paul Lee)": the co-authors in brackets join the list.
    extra: list[str] = []
    for m in list(_PAREN.finditer(text)):
        inner = m.group(1).strip()
        lead = re.match(r"^(?:avec|with|and|mit|con|com|y|et)\s+", inner, re.I)
        if lead:
            extra.append(inner[lead.end() :])
            text = text[: m.start()] + text[m.end() :]
    previous = None
    while previous != text:
        previous = text
        text = _LEAD.sub("", text)
    stop = _STOP.search(text)
    if stop:
        text = text[: stop.start()]
    text = text.strip(" ,;:|·•—–-/")
    names: list[str] = []
    for chunk in [text, *extra]:
        for part in _SPLIT.split(chunk):
            part = part.strip(" ,;:|·•—–-/.") if not part.endswith(".") or len(part) < 3 else part.strip(" ,;:|·•—–-/")
            part = _LEAD.sub("", part).strip()
            if not part:
                continue
            name = _trim_role(part)
            if name is None:
                if names:
                    break  # "Jane Doe, Senior Staff Writer": the role ends the list
                continue
            if len(_tokens(name)) > _MAX_NAME_TOKENS or not any(c.isalpha() for c in name):
                if names:
                    break
                continue
            names.append(name)
    return list(dict.fromkeys(names))


def person_names(value: str) -> list[str]:
    """A structured author name (JSON-LD, a meta tag) as one or more names."""
    names = read_byline(value)
    return names or ([value.strip()] if value.strip() else [])
