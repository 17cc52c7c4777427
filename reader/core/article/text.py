"""HTML → clean Markdown: the html2text adapter, with page chrome and boilerplate removed first."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from reader.core.article import dom
from reader.core.safe import scrub

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

_MULTI_BLANK = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.M)
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


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
    # Captioned pictures: without the picture the caption reads as a stray sentence.
    for el in list(dom.iter_elements(root, "figure")):
        if el.find(".//img") is not None or el.find(".//picture") is not None:
            dom.remove(el)
    for el in list(dom.iter_elements(root, "img", "picture")):
        dom.remove(el)
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


def fix_links(root: HtmlElement, base_url: str | None) -> None:
    """Resolve relative links against the page URL and unwrap links to other schemes (javascript:, data:)."""
    for a in list(dom.iter_elements(root, "a")):
        href = (a.get("href") or "").strip()
        if href and base_url and not href.startswith(_SAFE_SCHEMES) and not href.startswith("#"):
            try:
                href = urljoin(base_url, href)
            except ValueError:
                href = ""
        if href.startswith(_SAFE_SCHEMES):
            a.attrib.clear()
            a.set("href", href)
        else:
            # Keep the words, lose the link: an in-page anchor or a script URL is nothing to open.
            a.drop_tag()


def _converter() -> object:
    import html2text

    conv = html2text.HTML2Text()
    conv.body_width = 0  # no hard wrapping at 78 columns
    conv.unicode_snob = True  # keep curly quotes: they mark quotation boundaries
    conv.ignore_images = True  # photos are not shown in a terminal; their alt text reads as noise
    conv.ul_item_mark = "-"
    conv.emphasis_mark = "_"
    conv.inline_links = True
    conv.wrap_links = False
    conv.skip_internal_links = True
    return conv


# html2text is pure Python (about 50 µs a tag): past this many elements a tree is no article but an attack
# or a broken page, and its words are read without Markdown structure instead.
MAX_CONVERT_ELEMENTS = 20_000


def tree_to_markdown(root: HtmlElement) -> str:
    """Convert an already cleaned tree to tidy Markdown."""
    if dom.count_elements(root, MAX_CONVERT_ELEMENTS + 1) > MAX_CONVERT_ELEMENTS:
        return tidy(_block_text(root))
    try:
        html = lxml.html.tostring(root, encoding="unicode", method="html")
    except (lxml.etree.LxmlError, ValueError, RecursionError, MemoryError):
        return ""
    conv = _converter()
    try:
        md = conv.handle(html)  # type: ignore[attr-defined]
    except (RecursionError, ValueError, AssertionError, IndexError, KeyError, TypeError):
        return tidy(dom.text_of(root))
    return tidy(md)


_BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"})


def _block_text(root: HtmlElement) -> str:
    """The tree's words, a blank line at each block boundary: a linear-time stand-in for html2text."""
    parts: list[str] = []
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS:
                parts.append("\n\n")
            if el.text:
                parts.append(el.text)
        else:
            if tag in _BLOCKS:
                parts.append("\n\n")
            if el.tail and el is not root:
                parts.append(el.tail)
    return re.sub(r"[ \t]+", " ", "".join(parts))


def html_to_markdown(html: str, *, base_url: str | None = None) -> str:
    """HTML fragment or document → clean Markdown (no chrome, no boilerplate, no control characters)."""
    root = dom.parse_document(html)
    if root is None:
        return tidy(html) if "<" not in html else ""
    body = dom.body_of(root)
    clean_tree(body)
    fix_links(body, base_url)
    return tree_to_markdown(body)


def is_boilerplate_paragraph(par: str) -> bool:
    """Whether a Markdown paragraph is site furniture (share prompts, "The post … appeared first on …")."""
    if len(par) > 1500:
        return False  # furniture is short; and plain_text of a giant paragraph would cost for nothing
    plain = plain_text(par)
    if not plain or len(plain) > 400:
        return False
    if _BOILER_PARAGRAPH.match(plain):
        return True
    return len(plain) < 300 and _DONATION.search(plain) is not None and "[" in par


_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")
_MD_MARK = re.compile(r"(?:^|(?<=\s))(?:#{1,6}|>|[-*+]|\d+\\?\.)\s+|[*_`]+|\\(?=[^\w\s])")


def plain_text(markdown: str) -> str:
    """Markdown → its words (links, emphasis, heading and list marks removed), whitespace collapsed."""
    text = _MD_LINK.sub(r"\1", markdown)
    text = _MD_MARK.sub("", text)
    return dom.norm_space(text)


def tidy(md: str) -> str:
    """Strip trailing spaces, drop boilerplate paragraphs, collapse blank lines, scrub control characters."""
    md = scrub(md)
    md = _TRAILING_SPACE.sub("", md)
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", md)]
    kept = [p for p in paragraphs if p.strip() and not is_boilerplate_paragraph(p)]
    return _MULTI_BLANK.sub("\n\n", "\n\n".join(kept)).strip()


def join_url(base: str | None, href: str | None) -> str | None:
    if not href:
        return None
    try:
        return urljoin(base, href) if base else href
    except ValueError:
        return href
