"""Site furniture around an article body: the headline, dek, byline, dateline and captions repeated above it,
"skip to" links, share counts and form labels, related-story teasers, comment and newsletter lines below it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from reader.core.article.boilerplate import is_boilerplate_paragraph
from reader.core.article.document import Block, Document

_WORD = re.compile(r"\w+")
_YEAR_OR_TIME = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[:h]\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_READING_TIME = re.compile(r"^(?:\d+\s*min(?:ute)?s?\s+read|(?:reading time|tempo de leitura|lesezeit)\s*:.*)$", re.I)
_LEAD_IN = re.compile(
    r"^(?:related(?:\s+\w+){0,2}\s*:|read (?:more|also|next)\b|more\s*:|also\s*:"
    r"|also on \S+\.(?:com|org|net|co\.uk|tv)\b|see also\b|you may also like"
    r"|recommended(?: for you| reading| stories| articles)?\s*:?$|leggi anche|lire aussi"
    r"|lesen sie auch|leia (?:também|mais)|filed under\b|tags?\s*:|tags$)",
    re.I,
)
# Chrome that sits above an article in the page's text order.
_CHROME = re.compile(
    r"^(?:skip to (?:main )?(?:content|navigation|article|search)|jump to\b|menu|search|close|open menu|toggle"
    r"|sign (?:in|up)|log ?in|subscribe(?: now)?|home|share(?: this)?(?: (?:article|story|on \w+))?|tweet|email|print"
    r"|comments?|listen(?: to (?:this )?(?:article|story))?(?: \d+ min)?|advertisement|ad|loading|save|copy link"
    r"|[\d.,]+\s*[km]?\s*(?:shares?|comments?|views?|reads?)|(?:facebook|twitter|x|linkedin|whatsapp|reddit|email)"
    r"(?:\s+(?:facebook|twitter|x|linkedin|whatsapp|reddit|email|pinterest))*"
    r"|(?:first|last) name|e-?mail(?: address)?|your (?:name|email)|required|optional|submit|go)\W*$"
    r"|^.{0,80}\b(?:click here|tap here|turn on (?:push )?notifications|enable notifications|download (?:our|the) app"
    r"|we use cookies|cookie policy|accept (?:all )?cookies)\b.{0,200}$",
    re.I,
)
_CREDIT_LINE = re.compile(
    r"^\(?(?:photo|image|picture|illustration|graphic|video|file photo|credit)s?\b.{0,120}$"
    r"|^\(?(?:AP|Getty Images|Reuters|AFP|EPA|Shutterstock)(?:\s+photo)?\b.{0,80}\)?$"
    r"|.{0,120}\((?:AP|Getty|Reuters|AFP|EPA)\b[^)]{0,60}\)$",
    re.I,
)
_CONTACT = re.compile(
    r"\bfollow (?:us|him|her|them|me|[A-Z][\w.]+)\b.{0,60}\b(?:twitter|facebook|instagram|bluesky|threads|linkedin)\b"
    r"|\bmay be reached at\b|\breach (?:the )?(?:reporters?|writers?|authors?)\b|\bhave a tip\?|\bgot a tip\?"
    r"|\bnewsletters?\b.{0,80}\b(?:sign up|subscrib|inbox|delivered)|\b(?:sign up|subscribe)\b.{0,80}\bnewsletters?\b"
    r"|\bshare (?:it|this)(?: story| article)? with a friend\b|\blike this (?:story|article)\?",
    re.I,
)
_COMMENTS_LINE = re.compile(
    r"^(?:\d+\s+)?(?:comments?|leave a (?:comment|reply)|tell us what you think.*|discuss)$", re.I
)
_FURNITURE_CHARS = 1000  # headlines, datelines, teasers and share prompts are all shorter than this
_RULE_LINE = re.compile(r"^[#\s*=~-]*$")  # not "___": AP's section break, and words to the scorer
_TRUNCATED = re.compile(r"(?:…|\.\.\.|\[(?:…|\.\.\.)\])\W{0,3}$")
_BY = re.compile(r"^\s*(?:by|written by|posted by|words by|par|von|por)\s*:?\s+", re.I)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _same_words(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    ka, kb = _key(a), _key(b)
    return bool(ka) and ka == kb


def _same_headline(text: str, headlines: tuple[str, ...]) -> bool:
    """The headline again, in any of the forms the page gives it (give or take a word in eight)."""
    words = set(_key(text).split())
    if not words or len(text) > 400:
        return False
    for h in headlines:
        other = set(_key(h).split())
        if other and len(words & other) >= 0.8 * max(len(words), len(other)):
            return True
    return False


@dataclass(frozen=True)
class Context:
    """What is known of the article apart from its body: what repeats above the body is furniture."""

    title: str | None = None
    dek: str | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    headline_element: HtmlElement | None = field(default=None, compare=False)
    other_headlines: tuple[str, ...] = ()  # the headline as the page's other sources give it
    # A page's headline can be worded apart from its title (og:title and h1); a feed item's title is exact.
    fuzzy_headline: bool = True

    def is_byline(self, text: str) -> bool:
        if len(text) > 300:
            return False
        bare = _BY.sub("", text)
        if bare != text and len(bare.split()) <= 12:
            return True  # "By Jane Doe, Staff Writer"
        names = [n for n in self.authors if n]
        if not names:
            return False
        k = _key(bare)
        return all(_key(n) in k for n in names) and len(k.split()) <= len(" ".join(names).split()) + 8

    @property
    def headlines(self) -> tuple[str, ...]:
        texts = [self.title] if self.title else []
        if self.headline_element is not None:
            texts.append(" ".join(self.headline_element.text_content().split()))
        return tuple(texts) + self.other_headlines

    def is_headline(self, text: str) -> bool:
        if self.fuzzy_headline:
            return _same_headline(text, self.headlines)
        return any(_same_words(text, h) for h in self.headlines)

    def is_furniture_text(self, text: str) -> bool:
        """Whether a line only repeats the headline, the dek, the byline or a dateline."""
        words = text.split()
        return (
            self.is_headline(text)
            or _same_words(text, self.dek)
            or self.is_byline(text)
            or (
                len(words) <= 12
                and _YEAR_OR_TIME.search(text) is not None
                and not text.endswith((".", "!", "?", "”", '"'))
            )
        )


def _link_only(block: Block) -> bool:
    """A line that is nothing but a link (or a list item that is): a related-story teaser."""
    return block.kind in ("paragraph", "item", "heading") and block.linked_share >= 0.8


def _cut_teasers(blocks: list[Block]) -> list[Block]:
    """Cut a run of other stories' excerpts ("… traçando um plano paralelo para …") that follows the text."""
    cut = [i for i, b in enumerate(blocks) if i > 0 and len(b.text.split()) >= 20 and _TRUNCATED.search(b.text)]
    if len(cut) >= 2 and len(cut) >= 0.3 * (len(blocks) - cut[0]):
        return blocks[: cut[0]]
    return blocks


def _top_furniture(block: Block, context: Context) -> bool:
    text = block.text
    words = text.split()
    return (
        context.is_furniture_text(text)
        or _same_words(text, context.description)
        and block.kind == "heading"
        or _READING_TIME.match(text) is not None
        or _link_only(block)
        or (len(words) <= 30 and _LEAD_IN.match(text) is not None)
        or (len(words) <= 50 and _CHROME.match(text) is not None)
        or (len(words) <= 30 and _CREDIT_LINE.match(text) is not None)
    )


def finish(document: Document, context: Context) -> Document:
    """Drop the furniture above and below the body, and the boilerplate lines within it."""
    blocks = [b for b in document.blocks if b.kind == "embed" or (b.text and not _RULE_LINE.match(b.text))]
    # The top: the headline (with any short kicker line above it), then dek, byline, dates, captions, chrome.
    for i in range(min(4, len(blocks))):
        if len(blocks[i].text) > _FURNITURE_CHARS:
            break
        if context.is_headline(blocks[i].text) and all(len(b.text.split()) <= 6 for b in blocks[:i]):
            del blocks[: i + 1]
            break
    # A top-level heading before any prose is the headline, however the page words it elsewhere.
    if blocks and blocks[0].kind == "heading" and blocks[0].level == 1:
        blocks.pop(0)
    while blocks and blocks[0].kind != "embed" and len(blocks[0].text) <= _FURNITURE_CHARS:
        if _top_furniture(blocks[0], context):
            blocks.pop(0)
        else:
            break
    blocks = _cut_teasers(blocks)
    # The bottom: related links, comment headings, contact and newsletter lines.
    while blocks and blocks[-1].kind != "embed" and len(blocks[-1].text) <= _FURNITURE_CHARS:
        last = blocks[-1].text
        if (
            _link_only(blocks[-1])
            or _COMMENTS_LINE.match(last)
            or (len(last.split()) <= 50 and (_CONTACT.search(last) or _LEAD_IN.match(last)))
        ):
            blocks.pop()
        else:
            break
    # Anywhere: inline "Related: …" / "Read more: …" teasers and furniture paragraphs.
    kept = [
        b
        for b in blocks
        if b.kind in ("embed", "figure", "table")
        or len(b.text) > _FURNITURE_CHARS
        or not (
            is_boilerplate_paragraph(b.text, linked=b.linked_share > 0)
            or (len(b.text.split()) <= 30 and _LEAD_IN.match(b.text))
        )
    ]
    return Document(tuple(kept))
