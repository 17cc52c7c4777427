"""Page chrome and boilerplate: the elements and lines around an article that are not the article."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml.html import HtmlElement

from reader.core.article import dom

# Elements that never carry article prose (embeds are taken out before this, by reactions.py).
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "object",
    "embed",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "svg",
    "canvas",
    "video",
    "audio",
    "source",
    "track",
    "map",
    "link",
    "meta",
    "head",
    "title",
    "dialog",
    "nav",
    # In feeds as on pages an aside is a pull quote (which would count its quotation twice) or a related box.
    "aside",
)

# Class/id words (whole words, split on space, '-' and '_') that mark boxes around an article, not in it.
_BOILER_WORDS = frozenset(
    {
        "share",
        "shares",
        "sharing",
        "sharebar",
        "sharedaddy",
        "sharethis",
        "addtoany",
        "a2a",
        "social",
        "socials",
        "social-links",
        "newsletter",
        "newsletters",
        "signup",
        "subscribe",
        "subscription",
        "subscriptions",
        "paywall",
        "donate",
        "donation",
        "donations",
        "donor",
        "membership",
        "related",
        "relatedposts",
        "recirc",
        "recirculation",
        "more-stories",
        "readmore",
        "read-more",
        "also-read",
        "comment",
        "comments",
        "commentlist",
        "disqus",
        "respond",
        "promo",
        "promos",
        "promotion",
        "promoted",
        "sponsor",
        "sponsored",
        "advert",
        "advertisement",
        "advertising",
        "ad",
        "ads",
        "adsbygoogle",
        "dfp",
        "outbrain",
        "taboola",
        "breadcrumb",
        "breadcrumbs",
        "pullquote",
        "pull-quote",
    }
)
_CLASS_SPLIT = re.compile(r"[\s_-]+")
# Class words that look like boilerplate but belong to article bodies ("commentary", "adaptive").
_BODY_WORDS = frozenset({"article", "story", "entry", "content", "body", "post", "main", "text"})

# Paragraphs that are site furniture whatever the markup (feeds often carry them with no class at all).
_BOILER_PARAGRAPH = re.compile(
    r"""^(?:
        the\ post\ .{1,300}\ appeared\ first\ on\ .{1,200}
      | (?:share|like)\ this(?:\ (?:story|article|post))?(?:\ on\ \w+)?:?
      | share\ (?:on|via)\ (?:facebook|twitter|x|email|linkedin|whatsapp|bluesky)\b.{0,40}
      | related(?:\ (?:stories|articles|posts|content|coverage|reading))?:?
      | (?:continue|keep)\ reading.{0,80}
      | read\ (?:the\ )?(?:full|rest\ of\ the)\ (?:story|article|post).{0,80}
      | (?:follow\ us|like\ us)\ on\ .{1,80}
      | (?:sign\ up|subscribe)\ (?:for|to)\ (?:our|the|my)\ .{0,60}newsletters?\b.{0,160}
      | advertisement | advertising | sponsored(?:\ content)? | (?:skip|close)\ (?:ad|advertisement)
    )$""",
    re.I | re.X,
)
_DONATION = re.compile(
    r"\b(?:donate\ (?:now|today|here)|make\ a\ (?:tax-deductible\ )?donation|become\ a\ (?:member|subscriber|donor)"
    r"|support\ (?:our|local|independent|nonprofit|this)\ (?:journalism|news(?:room)?|reporting|work))\b",
    re.I | re.X,
)


def _class_words(el: HtmlElement) -> set[str]:
    words = set(_CLASS_SPLIT.split(dom.class_id(el)))
    # Hyphenated names in the list ("read-more") are matched on the whole class token too.
    words.update((el.get("class") or "").lower().split())
    words.update((el.get("id") or "").lower().split())
    return words


def is_boilerplate_box(el: HtmlElement) -> bool:
    """Whether the element's class/id says it is a share bar, newsletter box, related list, comments…"""
    words = _class_words(el)
    return bool(words & _BOILER_WORDS)


def clean_tree(root: HtmlElement) -> None:
    """Remove non-prose elements and boilerplate boxes from the tree, in place.

    A box whose class looks like boilerplate is kept when it holds most of the text: some themes put
    the article body itself in a container called e.g. "entry-content has-share-buttons".
    """
    for el in list(dom.iter_elements(root, *_DROP_TAGS)):
        if el is not root:
            dom.remove(el)
    # Figures stay: their pictures and captions become figure blocks, which the body text leaves out.
    drop_boilerplate_boxes(root)


def drop_boilerplate_boxes(root: HtmlElement, *, cautious: bool = False) -> None:
    """Remove share bars, newsletter boxes, donation appeals, related lists and comments, in place.

    A box whose class looks like boilerplate is kept when it holds most of the text (see clean_tree).
    `cautious` (whole pages, before trafilatura) keeps any box with a fifth of the text or three
    paragraphs: class words mislead there ("non-ad-column" holds one site's whole article).
    """
    candidates = []
    for el in dom.iter_elements(root):
        if el is root or el.tag in ("html", "body", "article", "main"):
            continue
        if (el.get("class") or el.get("id")) and is_boilerplate_box(el):
            candidates.append(el)
    if not candidates:
        return
    total = len(dom.text_of(root)) or 1
    for el in candidates:
        if el.getparent() is None or _detached(el, root):
            continue
        size = len(dom.text_of(el))
        if cautious and (size > total * 0.2 or len(el.findall(".//p")) >= 3):
            continue
        if size > total * 0.5 and (_class_words(el) & _BODY_WORDS or len(el.findall(".//p")) >= 3):
            continue
        dom.remove(el)


def _detached(el: HtmlElement, root: HtmlElement) -> bool:
    """True when an ancestor was already removed (the element no longer hangs under root)."""
    return all(anc is not root for anc in el.iterancestors())


def is_boilerplate_paragraph(text: str, *, linked: bool = True) -> bool:
    """Whether a paragraph's text is site furniture (share prompts, "The post … appeared first on …").

    `linked`: whether the paragraph holds a link (a donation appeal always points somewhere).
    """
    if not text or len(text) > 400:
        return False  # furniture is short
    if _BOILER_PARAGRAPH.match(text):
        return True
    return len(text) < 300 and linked and _DONATION.search(text) is not None


def join_url(base: str | None, href: str | None) -> str | None:
    if not href:
        return None
    try:
        return urljoin(base, href) if base else href
    except ValueError:
        return href
