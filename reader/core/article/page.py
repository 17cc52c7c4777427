"""A full web page → its main text (trafilatura, checked and repaired), headline, dek and byline."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

from reader.core.article import dom
from reader.core.article.text import (
    clean_tree,
    fix_links,
    is_boilerplate_box,
    is_boilerplate_paragraph,
    join_url,
    plain_text,
    tidy,
    tree_to_markdown,
)

_WORD = re.compile(r"\w+")
_SHORT_WORDS = 80
# News pages have a few thousand elements (the benchmark's largest: 1,600). Far beyond that a page is broken
# or hostile, and trafilatura's fallbacks take minutes: above _BIG_TREE they are skipped, above _HUGE_TREE
# trafilatura is.
_BIG_TREE = 15_000
_HUGE_TREE = 60_000


@dataclass(frozen=True)
class PageMeta:
    """What a page says about itself, apart from its body."""

    title: str | None
    dek: str | None  # a subtitle element of the page
    description: str | None  # the page's description meta (often just the body's first sentence)
    byline: str | None


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


# --- trafilatura, the anchor -------------------------------------------------------------------------
def _trafilatura(root: HtmlElement, url: str | None, *, markdown: bool, precise: bool, fast: bool) -> str:
    """trafilatura's text of the tree ("" when it finds nothing or fails on hostile markup)."""
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a declared dependency; the fallback keeps us reading anyway
        return ""
    try:
        result = trafilatura.extract(
            copy.deepcopy(root),
            url=url,
            output_format="markdown" if markdown else "txt",
            include_comments=False,
            include_tables=True,
            include_links=markdown,
            include_formatting=markdown,
            include_images=False,
            deduplicate=False,
            favor_precision=precise,
            fast=fast,
        )
    except Exception:  # noqa: BLE001 - third-party code on hostile input: any failure means "no result"
        return ""
    return result or ""


def _fallback_markdown(root: HtmlElement, url: str | None) -> str:
    """The whole page body through html2text, chrome removed: for pages trafilatura cannot read."""
    body = copy.deepcopy(dom.body_of(root))
    for el in list(dom.iter_elements(body, "header", "footer")):
        dom.remove(el)
    clean_tree(body)
    fix_links(body, url)
    return tree_to_markdown(body)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _dress(plain: str, formatted: str) -> list[str]:
    """The plain extraction's lines, each replaced by its Markdown twin (links, emphasis, heading) if any.

    trafilatura's plain-text run is its most faithful (F1 0.964 here); with links and formatting on it
    sometimes drops the words beside a link or a whole first paragraph. So the plain run decides what the
    text is and the formatted run only how each line looks.
    """
    twins: dict[str, str] = {}
    for line in formatted.split("\n"):
        k = _key(plain_text(line))
        if k:
            twins.setdefault(k, line.strip())
    out = []
    for line in plain.split("\n"):
        if not line.strip():
            continue
        out.append(twins.get(_key(line), line.strip()))
    return out


def extract_main_text(
    root: HtmlElement,
    *,
    url: str | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    byline: str | None = None,
) -> str:
    """The page's article body as Markdown. root must already be free of embeds and the author bio."""
    size = dom.count_elements(root, _HUGE_TREE + 1)
    if size > _HUGE_TREE:
        return finish(
            _fallback_markdown(root, url).split("\n\n"), title=title, subtitle=subtitle, byline=byline, url=url
        )
    # trafilatura's justext/readability fallbacks are superlinear on giant trees: skipped there.
    fast = size > _BIG_TREE
    precise = True
    plain = _trafilatura(root, url, markdown=False, precise=True, fast=fast)
    # favor_precision now and then keeps only a stray notice; then the default mode finds the article.
    words = len(_words(plain))
    if words < _SHORT_WORDS:
        default = _trafilatura(root, url, markdown=False, precise=False, fast=fast)
        if len(_words(default)) >= 3 * max(words, 1):
            plain, precise = default, False
    if not plain.strip():
        return finish(
            _fallback_markdown(root, url).split("\n\n"), title=title, subtitle=subtitle, byline=byline, url=url
        )
    formatted = _trafilatura(root, url, markdown=True, precise=precise, fast=fast)
    lines = _dress(plain, formatted)
    lines = _expand(root, lines, url)
    return finish(lines, title=title, subtitle=subtitle, byline=byline, url=url)


_MIN_PROSE_WORDS = 12


def _signature(el: HtmlElement) -> str:
    parent = el.getparent()
    outer = f"{parent.tag}.{parent.get('class') or ''}" if parent is not None else ""
    return f"{el.tag}.{el.get('class') or ''}<{outer}"


def _near(a: HtmlElement, b: HtmlElement, levels: int = 3) -> bool:
    """Whether two containers share an ancestor within a few levels (sibling or cousin chunks)."""
    ups = set()
    el: HtmlElement | None = a
    for _ in range(levels):
        el = el.getparent() if el is not None else None
        if el is None:
            break
        ups.add(el)
    el = b
    for _ in range(levels):
        el = el.getparent() if el is not None else None
        if el is None:
            break
        if el in ups:
            return True
    return False


def _expand(root: HtmlElement, lines: list[str], url: str | None) -> list[str]:
    """Add the paragraphs trafilatura missed in sibling containers of the ones it kept.

    Some sites cut the article body into several identical containers between ad slots; trafilatura
    keeps the first and loses the rest (wired.com keeps a third of the story). Paragraphs it left out
    of a container it did read are left out on purpose and stay out.
    """
    keys = [_key(plain_text(line)) for line in lines]
    joined = " ".join(keys)
    paragraphs = []
    for p in dom.iter_elements(root, "p"):
        text = dom.text_of(p)
        if len(text) < 20 or p.getparent() is None:
            continue
        k = _key(text)
        paragraphs.append((p, k, bool(k) and k in joined))
    read: dict[str, list[HtmlElement]] = {}
    for p, _, hit in paragraphs:
        if hit and p.getparent() not in read.get(_signature(p.getparent()), []):
            read.setdefault(_signature(p.getparent()), []).append(p.getparent())
    additions: dict[int, list[str]] = {}
    last_line = -1
    for p, k, hit in paragraphs:
        if hit:
            last_line = next((j for j, lk in enumerate(keys) if k[:60] in lk), last_line)
            continue
        box = p.getparent()
        if last_line < 0:
            continue  # before the text trafilatura found: teasers and headers, not continuation chunks
        twins = read.get(_signature(box), [])
        if not twins or box in twins or not any(_near(box, t) for t in twins):
            continue
        if len(k.split()) < _MIN_PROSE_WORDS or _in_chrome(p) or _link_share(p) > 0.5:
            continue
        additions.setdefault(last_line, []).append(_paragraph_markdown(p, url))
    if not additions:
        return lines
    out = []
    for j, line in enumerate(lines):
        out.append(line)
        out.extend(additions.get(j, []))
    return out


def _in_chrome(p: HtmlElement) -> bool:
    for anc in p.iterancestors():
        if anc.tag in ("nav", "footer", "aside", "header", "form", "figure", "blockquote"):
            return True
        if (anc.get("class") or anc.get("id")) and is_boilerplate_box(anc):
            return True
    return False


def _link_share(p: HtmlElement) -> float:
    total = len(dom.text_of(p)) or 1
    return sum(len(dom.text_of(a)) for a in dom.iter_elements(p, "a")) / total


def _paragraph_markdown(p: HtmlElement, url: str | None) -> str:
    clone = copy.deepcopy(p)
    clone.tail = None
    fix_links(clone, url)
    return tree_to_markdown(clone)


# --- clean-up of the extracted Markdown --------------------------------------------------------------
_YEAR_OR_TIME = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[:h]\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_READING_TIME = re.compile(r"^(?:\d+\s*min(?:ute)?s?\s+read|(?:reading time|tempo de leitura|lesezeit)\s*:.*)$", re.I)
_LEAD_IN = re.compile(
    r"^(?:related(?:\s+\w+){0,2}\s*:|read (?:more|also|next)\b|more\s*:|also\s*:"
    r"|also on \S+\.(?:com|org|net|co\.uk|tv)\b|see also\b|you may also like"
    r"|recommended(?: for you| reading| stories| articles)?\s*:?$|leggi anche|lire aussi"
    r"|lesen sie auch|leia (?:também|mais)|filed under\b|tags?\s*:|\**tags\**$)",
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
_LIST_MARK = re.compile(r"^(?:[-*+]|\d+\.)\s+")


def _link_only(par: str) -> bool:
    """A line that is nothing but a link (or a list item that is): a related-story teaser."""
    body = _LIST_MARK.sub("", par.strip()).strip("*_ ")
    if not body.startswith("[") or not body.endswith(")"):
        return False
    linked = sum(len(m.group(1)) for m in _LINK_TEXT.finditer(body))
    return linked >= 0.8 * len(plain_text(body))


_LINK_TEXT = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")


_TRUNCATED = re.compile(r"(?:…|\.\.\.|\[(?:…|\.\.\.)\])\W{0,3}$")


def _cut_teasers(pars: list[str]) -> list[str]:
    """Cut a run of other stories' excerpts ("… traçando um plano paralelo para …") that follows the text."""
    cut = [i for i, p in enumerate(pars) if i > 0 and len(p.split()) >= 20 and _TRUNCATED.search(p)]
    if len(cut) >= 2 and len(cut) >= 0.3 * (len(pars) - cut[0]):
        return pars[: cut[0]]
    return pars


def _same_words(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    return bool(ka) and ka == kb


def finish(
    paragraphs: list[str],
    *,
    title: str | None,
    subtitle: str | None = None,
    byline: str | None = None,
    url: str | None = None,
) -> str:
    """Drop the headline, dek, kicker, date and byline above the text, and site furniture around it; tidy."""
    pars = [p.strip() for p in paragraphs if p.strip() and not _RULE_LINE.match(p.strip())]
    # The top: the headline (with any short kicker line above it), the dek, a date or byline line.
    for i in range(min(4, len(pars))):
        if len(pars[i]) > _FURNITURE_CHARS:
            break
        if (title and _same_words(plain_text(pars[i]), title)) and all(len(p.split()) <= 6 for p in pars[:i]):
            del pars[: i + 1]
            break
    while pars and len(pars[0]) <= _FURNITURE_CHARS:
        first = plain_text(pars[0])
        words = first.split()
        if (
            (subtitle and _same_words(first, subtitle))
            or (byline and _same_words(re.sub(r"^by\s+", "", first, flags=re.I), byline))
            or (len(words) <= 12 and _YEAR_OR_TIME.search(first) and not first.endswith((".", "!", "?", "”", '"')))
            or _READING_TIME.match(first)
            or _link_only(pars[0])
            or (len(words) <= 30 and _LEAD_IN.match(first))
        ):
            pars.pop(0)
        else:
            break
    pars = _cut_teasers(pars)
    # The bottom: related links, comment headings, contact and newsletter lines.
    while pars and len(pars[-1]) <= _FURNITURE_CHARS:
        last = plain_text(pars[-1])
        if (
            _link_only(pars[-1])
            or _COMMENTS_LINE.match(last)
            or (len(last.split()) <= 50 and (_CONTACT.search(last) or _LEAD_IN.match(last)))
        ):
            pars.pop()
        else:
            break
    # Anywhere: inline "Related: …" / "Read more: …" teasers and furniture paragraphs.
    kept = [
        p
        for p in pars
        if len(p) > _FURNITURE_CHARS
        or not (is_boilerplate_paragraph(p) or (len(p.split()) <= 30 and _LEAD_IN.match(plain_text(p))))
    ]
    return _safe_links(tidy("\n\n".join(kept)), url)


_MD_LINK = re.compile(r"(?<!!)\[([^\]\n]*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)")


def _safe_links(markdown: str, base_url: str | None) -> str:
    """Resolve relative link targets against the page URL; keep only http(s) and mailto links."""

    def fix(m: re.Match[str]) -> str:
        label, target = m.group(1), m.group(2)
        if not target.startswith(("http://", "https://", "mailto:")):
            joined = join_url(base_url, target) if base_url and not target.startswith("#") else None
            if not joined or not joined.startswith(("http://", "https://")):
                return label
            target = joined
        return f"[{label}]({target})"

    return _MD_LINK.sub(fix, markdown)


# --- metadata ----------------------------------------------------------------------------------------
_DEK_WORDS = frozenset(
    {
        "dek",
        "deck",
        "subtitle",
        "sub-title",
        "subheadline",
        "sub-headline",
        "subhead",
        "standfirst",
        "strapline",
        "article-summary",
        "article-dek",
        "entry-subtitle",
        "post-subtitle",
        "c-entry-summary",
        "p-dek",
    }
)
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,60}$")
_BY = re.compile(r"^\s*(?:by|written by|posted by|words by)\s*:?\s+", re.I)
_BYLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:byline|author-name|authorname|author)(?:$|[\s_-])")


def _overlap(a: str, b: str) -> float:
    wa, wb = set(_key(a).split()), set(_key(b).split())
    return len(wa & wb) / max(len(wa), len(wb)) if wa and wb else 0.0


def _headline(root: HtmlElement, article: dict[str, Any] | None) -> tuple[str | None, HtmlElement | None]:
    """The headline text, and the h1 element that shows it (None when the page has no matching h1)."""
    declared = [
        t
        for t in (
            dom.meta_content(root, "og:title"),
            dom.jsonld_str(article.get("headline")) if article else None,
            dom.meta_content(root, "twitter:title"),
        )
        if t
    ]
    title_el = root.find(".//title")
    page_title = dom.text_of(title_el) if title_el is not None else ""
    page_title = _TITLE_SUFFIX.sub("", page_title) or page_title
    h1s = [(dom.text_of(h), h) for h in dom.iter_elements(root, "h1")]
    h1s = [(t, h) for t, h in h1s if 3 <= len(t) <= 300]
    # The page's h1 is the cleanest headline when it agrees with what the page declares (a logo can be an h1).
    if declared:
        best = max(h1s, key=lambda th: _overlap(th[0], declared[0]), default=None)
        if best and _overlap(best[0], declared[0]) >= 0.5:
            return best
        return declared[0], None
    # Only a <title>, which is often a section name: an h1 of several words inside the article wins.
    for text, h in h1s:
        if _overlap(text, page_title) >= 0.5 or (len(text.split()) >= 4 and _in_article(h)):
            return text, h
    if page_title:
        return page_title, None
    return h1s[0] if h1s else (None, None)


def _in_article(el: HtmlElement) -> bool:
    return any(anc.tag in ("article", "main") for anc in el.iterancestors())


_DEK_REACH = 60  # elements after the headline where a dek can sit


def _dek(h1: HtmlElement | None) -> str | None:
    """A subtitle element just after the headline (a "subtitle" class elsewhere is some other box)."""
    if h1 is None:
        return None
    seen = 0
    starts = [h1, *list(h1.iterancestors())[:2]]
    for el in (sib for start in starts for sib in start.itersiblings()):
        for sub in dom.iter_elements(el):
            seen += 1
            if seen > _DEK_REACH:
                return None
            if sub.tag not in ("p", "h2", "div", "span", "h3"):
                continue
            if sub.get("itemprop") != "alternativeHeadline":
                cls = sub.get("class")
                if not cls or not set(cls.lower().split()) & _DEK_WORDS:
                    continue
            text = dom.text_of(sub)
            if 20 <= len(text) <= 500 and len(text.split()) >= 5:
                return text
    return None


def _byline(root: HtmlElement, article: dict[str, Any] | None, index: dict[str, dict[str, Any]]) -> str | None:
    if article:
        authors = article.get("author")
        names = []
        for a in authors if isinstance(authors, list) else [authors]:
            if isinstance(a, dict) and isinstance(a.get("@id"), str) and "name" not in a:
                a = index.get(a["@id"], a)
            name = dom.jsonld_str(a)
            if name and not name.startswith("http"):
                names.append(name)
        if names:
            return " and ".join(dict.fromkeys(names))
    meta = dom.meta_content(root, "author", "article:author", "parsely-author", "sailthru.author")
    if meta and not meta.startswith("http"):
        return meta
    for a in dom.iter_elements(root, "a"):
        if "author" in (a.get("rel") or "").lower().split():
            text = _BY.sub("", dom.text_of(a))
            if 3 <= len(text) <= 60:
                return text
    for el in dom.iter_elements(root, "span", "div", "p", "a"):
        if _BYLINE_CLASS.search(dom.class_id(el)) and not _in_furniture(el):
            text = _BY.sub("", dom.text_of(el))
            if 3 <= len(text) <= 60:
                return text
    return None


def _in_furniture(el: HtmlElement) -> bool:
    """Inside a form, footer or comment box: an "author" class there labels a commenter's name field."""
    for anc in el.iterancestors():
        if anc.tag in ("form", "footer", "aside", "nav", "label"):
            return True
        if (anc.get("class") or anc.get("id")) and is_boilerplate_box(anc):
            return True
    return False


_NOT_A_NAME = frozenset({"admin", "administrator", "editor", "staff", "webmaster", "root", "user"})


def _usable_byline(name: str | None) -> str | None:
    if not name or name.lower() in _NOT_A_NAME or name.startswith(("http", "@")):
        return None
    return name


def page_meta(root: HtmlElement, jsonld: list[dict[str, Any]]) -> PageMeta:
    """Headline, dek, description and byline, from the page's own elements, meta tags and JSON-LD."""
    article = dom.jsonld_article(jsonld)
    index = {o["@id"]: o for o in jsonld if isinstance(o.get("@id"), str)}
    description = dom.meta_content(root, "og:description", "description", "twitter:description")
    if description is None and article:
        description = dom.jsonld_str(article.get("description"))
    title, h1 = _headline(root, article)
    return PageMeta(
        title=title,
        dek=_dek(h1),
        description=description,
        byline=_usable_byline(_byline(root, article, index)),
    )
