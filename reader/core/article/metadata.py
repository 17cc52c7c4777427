"""What a page says about itself: headline, authors, dek, published and updated times, site name and lead image.

Each field is read from every place pages put it (JSON-LD, meta tags, the visible page) and the places are
weighed against each other: the headline is the one most of them agree on, in the form the publisher declared;
authors are people, never the publisher when a person's byline is on the page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from reader.core.article import dom
from reader.core.article.authors import person_names, read_byline
from reader.core.article.dates import parse_date, visible_date
from reader.core.models import LeadImage


@dataclass(frozen=True)
class PageMeta:
    """A page's own account of itself (None where it says nothing)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    dek: str | None = None  # a subtitle the page shows under its headline
    description: str | None = None  # the description meta (a teaser, often the body's first sentence)
    published: str | None = None  # ISO 8601, with the page's zone when it gives one
    updated: str | None = None
    site_name: str | None = None
    image: LeadImage | None = None
    headline_element: HtmlElement | None = field(default=None, compare=False, repr=False)
    headlines: tuple[str, ...] = ()  # every form of the headline the page gives (og:title, h1s, <title>…)

    @property
    def byline(self) -> str | None:
        return ", ".join(self.authors) or None


class Metas:
    """The page's meta tags by key (property, name or itemprop; space-separated lists split), raw values."""

    def __init__(self, root: HtmlElement) -> None:
        self._values: dict[str, list[str]] = {}
        for el in dom.iter_elements(root, "meta"):
            content = el.get("content")
            if content is None or not content.strip():
                continue
            keys = " ".join(filter(None, (el.get("property"), el.get("name"), el.get("itemprop"))))
            for key in keys.lower().split():
                self._values.setdefault(key, []).append(content.strip())

    def first(self, *keys: str) -> str | None:
        for key in keys:
            values = self._values.get(key)
            if values:
                return values[0]
        return None

    def all(self, key: str) -> list[str]:
        return list(self._values.get(key, ()))


# --- the headline ------------------------------------------------------------------------------------------
# Sources in the order their form is preferred when several give the same headline, with the weight of their
# vote: the publisher's declared headline (JSON-LD, Dublin Core, Parse.ly) three, the Open Graph title two,
# the other social and SEO titles and the page's h1 one each (a page of several h1s shares that one vote).
_DECLARED = ("dc:title", "dc.title", "dcterm:title", "dcterms.title", "parsely-title", "sailthru.title")
_SOCIAL = (("og:title", 2.0), ("twitter:title", 1.0), ("weibo:article:title", 1.0), ("title", 1.0))
_SEPARATORS = re.compile(r"\s+(?:[|–—·•»«:/\\]|::|-{1,2}|>)\s+|\s*_(?=\S)|\s*｜\s*|\s*\|\s*")
_PERMALINK_MARKS = re.compile(r"[\s¶#§🔗]+$")
_WORD = re.compile(r"\w+")


@dataclass
class _Candidate:
    text: str
    source: str
    weight: float
    element: HtmlElement | None = None
    forms: tuple[str, ...] = ()


def _key(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD.findall(text.casefold())]


def _agree(a: str, b: str) -> bool:
    """Whether two titles are the same headline (the same words, give or take a word in eight)."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    sa, sb = set(ka), set(kb)
    return len(sa & sb) >= 0.8 * max(len(sa), len(sb))


def _tidy_title(text: str) -> str:
    """Outer space and permalink marks gone, line breaks and tabs made spaces; other spacing kept as written."""
    text = re.sub(r"\s*[\t\n\r]+\s*", " ", text).strip()
    return _PERMALINK_MARKS.sub("", text).strip() if _PERMALINK_MARKS.search(text) else text


def _names_site(part: str, sites: set[str]) -> bool:
    key = "".join(_key(part))
    return bool(key) and any(
        key == site
        or (len(site) >= 4 and site in key and len(key) <= len(site) + min(12, len(site)))
        or (len(key) >= 4 and key in site and len(site) <= len(key) + min(12, len(key)))
        for site in sites
    )


def _without_site(title: str, others: list[str], site_names: list[str], *, seo: bool = False) -> str:
    """A title without its site-name suffix or prefix ("Headline | Site", "Site - Headline").

    A suffix goes when it names the site or when another source gives the headline without it; a prefix only
    when it names the site. An SEO title (<title>) also loses an unrecognised short last part.
    """
    parts = [p for p in _SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    sites = {"".join(_key(s)) for s in site_names if s}
    for i in range(len(parts) - 1, 0, -1):
        head = _joined_prefix(title, parts, i)
        if _names_site(title[len(head) :], sites) or any(_agree(head, o) for o in others):
            return head.strip()
    for i in range(1, len(parts)):
        tail = _joined_suffix(title, parts, i)
        if _names_site(title[: len(title) - len(tail)], sites):
            return tail.strip()
    if seo:
        head = _joined_prefix(title, parts, len(parts) - 1)
        if len(_key(head)) >= 3 and len(_key(title[len(head) :])) <= 5:
            return head.strip()
    return title


def _joined_prefix(title: str, parts: list[str], count: int) -> str:
    """The title up to (not including) the separator before parts[count]."""
    pos = 0
    for part in parts[:count]:
        pos = title.index(part, pos) + len(part)
    return title[:pos]


def _joined_suffix(title: str, parts: list[str], start: int) -> str:
    pos = 0
    for part in parts[:start]:
        pos = title.index(part, pos) + len(part)
    nxt = title.index(parts[start], pos)
    return title[nxt:]


def headline(
    root: HtmlElement, metas: Metas, article: dict[str, Any] | None, site_names: list[str]
) -> _Candidate | None:
    """The page's headline: the title most sources agree on, in the most authoritative form among them."""
    cands: list[_Candidate] = []
    if article:
        for key, weight in (("headline", 2.5), ("name", 1.0)):
            raw = article.get(key)
            value = raw if isinstance(raw, str) else dom.jsonld_str(raw)
            if value:
                cands.append(_Candidate(_tidy_title(html.unescape(value)), f"ld:{key}", weight))
    for key in _DECLARED:
        value = metas.first(key)
        if value:
            cands.append(_Candidate(_tidy_title(value), key, 3.0))
            break
    for key, weight in _SOCIAL:
        value = metas.first(key)
        if value:
            cands.append(_Candidate(_tidy_title(value), key, weight))
    title_el = root.find(".//title")
    if title_el is not None and dom.text_of(title_el):
        cands.append(_Candidate(_tidy_title(title_el.text_content()), "title", 1.0))
    h1s = [h for h in dom.iter_elements(root, "h1") if 2 <= len(dom.text_of(h)) <= 300 and not _in_chrome(h)]
    for h in h1s:
        cands.append(_Candidate(_tidy_title(dom.text_of(h)), "h1", 1.0 / len(h1s), h))
    # A title that is only the site's own name ("Yahoo News - Latest News & Headlines" as og:title) is the
    # site's, not the story's, unless the page's h1 says the same.
    sites = {"".join(_key(s)) for s in site_names if s}
    shown = {"".join(_key(c.text)) for c in cands if c.source == "h1"}
    own = {id(c) for c in cands if (k := "".join(_key(c.text))) in sites and k not in shown}
    if len(own) < len(cands):
        cands = [c for c in cands if id(c) not in own]
    if not cands:
        return None
    # Site names off every title, judged against what the other sources say.
    texts = [c.text for c in cands]
    for c in cands:
        others = [t for t in texts if t is not c.text and t != c.text]
        c.text = _without_site(c.text, others, site_names, seo=c.source == "title")
    # Votes: each candidate gathers the weight of every source that agrees with it.
    best: _Candidate | None = None
    best_score = -1.0
    for c in cands:
        if len(_key(c.text)) == 0:
            continue
        score = sum(o.weight for o in cands if _agree(c.text, o.text))
        if score > best_score + 1e-9:  # a tie goes to the source declared first
            best, best_score = c, score
    if best is None:
        return None
    cluster = [c for c in cands if _agree(best.text, c.text)]
    # The declared form (JSON-LD, meta tags, in that order) over the <title> and the h1's typography.
    chosen = cluster[0]
    element = next((c.element for c in cluster if c.element is not None), None)
    result = _Candidate(chosen.text, chosen.source, best_score, element)
    result.forms = tuple(dict.fromkeys(c.text for c in cands if c.source != "ld:name"))
    return result


def _in_chrome(el: HtmlElement) -> bool:
    for anc in el.iterancestors():
        if anc.tag in ("body", "html"):
            break
        if anc.tag in ("nav", "footer", "aside", "form"):
            return True
        cls = dom.class_id(anc)
        if cls and re.search(r"(?:^|[\s_-])(?:logo|masthead|site-title|brand|sidebar|related|promo)(?:$|[\s_-])", cls):
            return True
    return False


# --- the dek -------------------------------------------------------------------------------------------
_DEK_WORDS = frozenset(
    {
        "dek", "deck", "subtitle", "sub-title", "subheadline", "sub-headline", "subhead", "standfirst",
        "strapline", "article-summary", "article-dek", "entry-subtitle", "post-subtitle", "tagline",
    }
)  # fmt: skip
_DEK_CLASS = re.compile(r"(?:^|[\s_-])(?:dek|deck|sub-?title|sub-?head(?:line)?|standfirst|strapline)(?:$|[\s_-])")
_DEK_REACH = 60  # elements after the headline where a dek can sit


def _class_tokens(el: HtmlElement) -> set[str]:
    cls = (el.get("class") or "").lower().split()
    return set(cls) | {t for c in cls for t in re.split(r"__|--", c)}


def dek_element(h1: HtmlElement | None) -> str | None:
    """A subtitle element just after the headline (a "subtitle" class elsewhere is some other box)."""
    if h1 is None:
        return None
    seen = 0
    starts = [h1, *list(h1.iterancestors())[:3]]
    for el in (sib for start in starts for sib in start.itersiblings()):
        for sub in dom.iter_elements(el):
            seen += 1
            if seen > _DEK_REACH:
                return None
            if sub.tag not in ("p", "h2", "div", "span", "h3", "header"):
                continue
            is_dek = sub.get("itemprop") in ("alternativeHeadline", "description") or bool(
                _class_tokens(sub) & _DEK_WORDS or _DEK_CLASS.search(dom.class_id(sub))
            )
            if not is_dek:
                continue
            text = dom.text_of(sub)
            if 20 <= len(text) <= 500 and len(text.split()) >= 5:
                return text
    return None


def _decoded(text: str | None) -> str | None:
    """A meta description with entities decoded (some pages encode them twice) and spacing collapsed."""
    if not text:
        return None
    for _ in range(2):
        if "&" not in text:
            break
        text = html.unescape(text)
    return dom.norm_space(text) or None


# --- dates ---------------------------------------------------------------------------------------------
_PUBLISHED_METAS = (
    "article:published_time", "og:article:published_time", "og:published_time", "published_time",
    "article.published", "datepublished", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
    "dc.date", "dc:date", "dcterms.date", "dcterms.created", "dc.date.created", "date", "pubdate", "publishdate",
    "publish-date", "publish_date", "published_at", "citation_publication_date", "citation_date",
    "article_date_original", "original-publish-date", "bt:pubdate", "date_published", "cxenseparse:recs:publishtime",
)  # fmt: skip
_UPDATED_METAS = (
    "article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified", "dcterms.modified",
    "dc.date.modified", "last-modified", "lastmod", "updated_time", "modified_time", "article.updated",
)  # fmt: skip


def _time_elements(root: HtmlElement, prop: str) -> str | None:
    """A <time> (or any element) marked with itemprop, or a <time> in the byline area, read as a date."""
    for el in dom.iter_elements(root, "time", "meta", "span", "div", "p"):
        if el.get("itemprop") == prop:
            value = parse_date(el.get("datetime") or el.get("content") or "")
            if value:
                return value
    if prop != "datePublished":
        return None
    for el in dom.iter_elements(root, "time"):
        marks = dom.class_id(el) + " " + " ".join(dom.class_id(a) for a in list(el.iterancestors())[:3])
        if el.get("pubdate") is not None or re.search(
            r"publish|posted|dateline|byline|entry-date|post-date|meta", marks
        ):
            if re.search(r"modif|updat|comment", marks):
                continue
            value = parse_date(el.get("datetime") or "")
            if value:
                return value
    return None


def _dates(root: HtmlElement, metas: Metas, article: dict[str, Any] | None) -> tuple[str | None, str | None]:
    published = updated = None
    if article:
        published = parse_date(article.get("datePublished")) or parse_date(article.get("dateCreated"))
        updated = parse_date(article.get("dateModified"))
    for key in _PUBLISHED_METAS:
        if published:
            break
        for value in metas.all(key):
            published = parse_date(value)
            if published:
                break
    for key in _UPDATED_METAS:
        if updated:
            break
        for value in metas.all(key):
            updated = parse_date(value)
            if updated:
                break
    published = published or _time_elements(root, "datePublished")
    updated = updated or _time_elements(root, "dateModified")
    if published is None:
        published = visible_date(root)
    return published, updated


def _later(updated: str | None, published: str | None) -> bool:
    """Whether an update time says something: more than a minute after publication (or no publication time)."""
    from reader.core.article.dates import to_datetime

    if not updated:
        return False
    a, b = to_datetime(updated), to_datetime(published)
    if a is None or b is None:
        return a is not None
    if (a.tzinfo is None) != (b.tzinfo is None):
        return a.date() > b.date()
    return (a - b).total_seconds() > 60


# --- site name and lead image ----------------------------------------------------------------------------
def _site_names(
    metas: Metas, jsonld: list[dict[str, Any]], article: dict[str, Any] | None, url: str | None
) -> list[str]:
    names = [metas.first("og:site_name"), metas.first("application-name")]
    names.append(_domain_label(url))
    if article:
        names.append(dom.jsonld_str(article.get("publisher")))
    names += [
        dom.jsonld_str(o.get("name"))
        for o in jsonld
        if dom.jsonld_types(o) & {"WebSite", "Organization", "NewsMediaOrganization"}
    ]
    out = []
    for n in names:
        if n:
            n = n.lstrip("@").strip()
            if n and n not in out:
                out.append(n)
    return out


def _domain_label(url: str | None) -> str | None:
    """ "theverge" for https://www.theverge.com/…: the name most sites go by."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    from urllib.parse import urlsplit

    try:
        host = (urlsplit(url).hostname or "").split(".")
    except ValueError:
        return None
    host = [h for h in host if h not in ("www", "m", "amp", "mobile")]
    if len(host) >= 3 and len(host[-2]) <= 3:  # bbc.co.uk, abc.net.au
        return host[-3]
    return host[-2] if len(host) >= 2 else None


def _jsonld_image(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        for v in value:
            found = _jsonld_image(v)
            if found:
                return found
        return None
    if isinstance(value, dict):
        return _jsonld_image(value.get("url") or value.get("contentUrl"))
    return None


def _image(root: HtmlElement, metas: Metas, article: dict[str, Any] | None, base: str | None) -> LeadImage | None:
    from reader.core.article.boilerplate import join_url

    raw = (_jsonld_image(article.get("image")) if article else None) or metas.first(
        "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src", "parsely-image-url"
    )
    url = join_url(base, raw) if raw else None
    if not url or not url.startswith(("http://", "https://")):
        return None
    caption = credit = None
    if article and isinstance(article.get("image"), dict):
        caption = dom.jsonld_str(article["image"].get("caption"))
    figure = _figure_of(root, url, base)
    if figure is not None:
        caption, credit = caption or figure.text or None, figure.credit
    return LeadImage(url=url, caption=caption, credit=credit)


def _figure_of(root: HtmlElement, url: str, base: str | None) -> Any:
    """The page's <figure> that shows this image (same file name), as a figure block with caption and credit."""
    from reader.core.article.boilerplate import join_url
    from reader.core.article.markup import to_document

    name = url.rsplit("/", 1)[-1].split("?")[0]
    if not name:
        return None
    for fig in dom.iter_elements(root, "figure"):
        for img in dom.iter_elements(fig, "img"):
            src = join_url(base, img.get("src") or img.get("data-src") or "") or ""
            if src.rsplit("/", 1)[-1].split("?")[0] == name:
                blocks = [b for b in to_document(fig, base_url=base).blocks if b.kind == "figure"]
                return blocks[0] if blocks else None
    return None


# --- all of it --------------------------------------------------------------------------------------------
def read_meta(root: HtmlElement, jsonld: list[dict[str, Any]], *, url: str | None = None) -> PageMeta:
    """Everything the page says about itself."""
    metas = Metas(root)
    article = dom.jsonld_article(jsonld)
    index = {o["@id"]: o for o in jsonld if isinstance(o.get("@id"), str)}
    sites = _site_names(metas, jsonld, article, url)
    head = headline(root, metas, article, sites)
    h1 = head.element if head else None
    description = _decoded(
        metas.first("og:description", "description", "twitter:description", "dc.description", "dc:description")
    )
    if description is None and article:
        description = _decoded(dom.jsonld_str(article.get("description")))
    dek = dek_element(h1)
    if dek is None and article:
        alt = dom.jsonld_str(article.get("alternativeHeadline"))
        if alt and head and not _agree(alt, head.text):
            dek = _decoded(alt)
    published, updated = _dates(root, metas, article)
    authors = read_authors(root, metas, article, index, sites, h1)
    return PageMeta(
        title=head.text if head else None,
        authors=authors,
        dek=dek,
        description=description,
        published=published,
        updated=updated if _later(updated, published) else None,
        site_name=sites[0] if sites else None,
        image=_image(root, metas, article, url),
        headline_element=h1,
        headlines=head.forms if head else (),
    )


# --- authors -------------------------------------------------------------------------------------------
_AUTHOR_METAS = (
    "dc:creator", "dc.creator", "dcterm:creator", "dcterms.creator", "author", "article:author", "article:author_name",
    "og:article:author", "byl", "parsely-author", "sailthru.author", "citation_author",
)  # fmt: skip
_BYLINE_MARKS = re.compile(
    r"by-?lines?|(?:^|[\s_-])(?:author|authors|author-name|authorname|auteur|autor|writer|contributor"
    r"|reporter|creator|posted-by|article-author|entry-author|post-author)(?:s)?(?:$|[\s_-])"
)
_BYLINE_NOT = re.compile(r"comment|avatar|bio|box|follow|related|more-|share|social|widget|dropdown|menu|image|photo")


def _jsonld_people(article: dict[str, Any] | None, index: dict[str, dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(people, organisations) the JSON-LD names as the article's authors."""
    people: list[str] = []
    orgs: list[str] = []
    if not article:
        return people, orgs
    authors = article.get("author") or article.get("creator")
    for a in authors if isinstance(authors, list) else [authors]:
        if isinstance(a, dict) and isinstance(a.get("@id"), str) and "name" not in a:
            a = index.get(a["@id"], a)
        name = dom.jsonld_str(a)
        if not name or name.startswith("http"):
            continue
        kinds = dom.jsonld_types(a) if isinstance(a, dict) else set()
        if kinds & {"Organization", "NewsMediaOrganization", "Corporation"}:
            orgs.append(name)
        else:
            people.extend(person_names(name) or [])
    return people, orgs


def _visible_bylines(root: HtmlElement, h1: HtmlElement | None) -> list[list[str]]:
    """Names from byline elements, nearest the headline first."""
    found: list[tuple[int, list[str]]] = []
    order = {el: i for i, el in enumerate(dom.iter_elements(root))} if h1 is not None else {}
    anchor = order.get(h1, 0) if h1 is not None else 0
    seen: set[HtmlElement] = set()
    for el in dom.iter_elements(root):
        if el.tag in ("meta", "link", "script", "style", "body", "html", "img", "form", "input", "textarea"):
            continue
        marks = dom.class_id(el)
        rel = (el.get("rel") or "").lower()
        prop = (el.get("itemprop") or "").lower()
        if not (_BYLINE_MARKS.search(marks) or "author" in rel.split() or prop in ("author", "creator")):
            continue
        if _BYLINE_NOT.search(marks) or any(a in seen for a in el.iterancestors()) or _in_furniture(el):
            continue
        text = dom.spaced_text(el)
        if not text or len(text) > 300:
            continue
        names = _usable(read_byline(text))
        if not names:
            continue
        seen.add(el)
        distance = abs(order.get(el, 0) - anchor) if order else 0
        found.append((distance, names))
    found.sort(key=lambda t: t[0])
    return [names for _, names in found]


_BYLINE_ELSEWHERE = re.compile(r"comment|related|recirc|sidebar|widget|more-from|teaser|promo|newsletter")


def _in_furniture(el: HtmlElement) -> bool:
    """Inside a form, footer, comment box or list of other stories: an "author" class there is someone else's."""
    for anc in el.iterancestors():
        if anc.tag in ("body", "html"):
            return False
        if anc.tag in ("form", "footer", "nav", "label"):
            return True
        if (anc.get("class") or anc.get("id")) and _BYLINE_ELSEWHERE.search(dom.class_id(anc)):
            return True
    return False


def read_authors(
    root: HtmlElement,
    metas: Metas,
    article: dict[str, Any] | None,
    index: dict[str, dict[str, Any]],
    sites: list[str],
    h1: HtmlElement | None,
) -> tuple[str, ...]:
    """The people who wrote the piece: JSON-LD persons, the meta author, the visible byline; an organisation
    (the publisher, a wire service) only when no person is named."""
    people, orgs = _jsonld_people(article, index)
    people = _usable(people)
    visible = [v for v in _visible_bylines(root, h1) if all(_named(n) for n in v)]
    visible_people = [v for v in visible if any(_looks_personal(n) for n in v)]
    if people and (any(_looks_personal(p) for p in people) or not visible_people):
        return _people_first(people)
    site_keys = {"".join(_key(s)) for s in sites}
    meta_names: list[str] = []
    publisher: list[str] = []
    for key in _AUTHOR_METAS:
        for value in metas.all(key):
            if value.startswith(("http", "@")):
                continue
            names = _usable(read_byline(value))
            if names and all("".join(_key(n)) in site_keys for n in names):
                publisher = publisher or names  # the publisher named as author: only for want of anyone else
            elif names:
                meta_names = names
                break
        if meta_names:
            break
    if meta_names and any(_looks_personal(n) for n in meta_names):
        return _people_first(meta_names)
    if visible_people:
        return _people_first(visible_people[0])
    if meta_names:
        return tuple(meta_names)
    if visible:
        return tuple(visible[0])
    return tuple(orgs[:1] or publisher)


_CONNECTORS = frozenset(
    ["of", "and", "the", "for", "de", "da", "di", "del", "la", "le", "van", "von", "du", "des", "der", "den", "y", "e"]
)


def _named(name: str) -> bool:
    """A name, not a phrase: every word capitalised but connectors ("Syrian defense ministries" is a phrase)."""
    return all(not w[:1].islower() or w.lower() in _CONNECTORS for w in name.split())


def _people_first(names: list[str]) -> tuple[str, ...]:
    """The people of a byline; an outlet credited beside them ("Jo Lee, Futurism") is not an author."""
    people = [n for n in names if _looks_personal(n)]
    return tuple(dict.fromkeys(_proper_case(n) for n in (people or names)))


def _proper_case(name: str) -> str:
    """A name printed in capitals ("TOM KRISHER") as names are written; mixed case is left as it is."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 4 or not all(c.isupper() for c in letters):
        return name
    return " ".join(w if re.fullmatch(r"[IVX]+\.?|[A-Z]\.", w) else w.capitalize() for w in name.split())


_NOT_A_NAME = frozenset(
    {"admin", "administrator", "editor", "staff", "webmaster", "root", "user", "guest", "anonymous"}
)


def _usable(names: list[str]) -> list[str]:
    """Names that are no CMS account ("admin") or handle."""
    return [n for n in names if n.lower() not in _NOT_A_NAME and not n.startswith(("http", "@"))]


def _looks_personal(name: str) -> bool:
    from reader.core.article.authors import looks_like_person

    return looks_like_person(name)
