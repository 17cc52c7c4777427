"""The only feed-parser import (feedparser-rs): feed bytes → our ParsedFeed, never the library's objects.

RSS 0.9x/1.0/2.0, Atom and JSON Feed 1.0/1.1 are parsed by feedparser-rs (Rust, ~15x faster than feedparser on
feedparser's own corpus). It is strict where real feeds are not, so three repairs run before it, each only when
the document needs it:
- the bytes become UTF-8 (BOMs, UTF-16/32, the HTTP charset, the XML declaration), which it cannot do itself;
- bare ampersands and HTML named entities (`&nbsp;`, which XML does not define) become XML-safe, where it would
  drop the item or leave `&nbsp;` in the text;
- a document that is not well-formed, or that carries raw markup inside an RSS text element (feedparser-rs keeps
  only the first text node of `<description><p>one</p><p>two</p></description>`), goes through libxml2's
  recovering parser first, which turns that markup into the element's escaped text.
What was repaired is said in the feed's warning: bozo is a warning, not a failure.
"""

from __future__ import annotations

import calendar
import codecs
import hashlib
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from reader.core.models import ParsedEntry, ParsedFeed
from reader.core.safe import scrub

__all__ = ["ParseError", "parse_feed"]

_TITLE_MAX = 1000
_EMAIL_NAME = re.compile(r"^[^\s@()]+@[^\s@()]+\s*\((.+)\)$")


class ParseError(Exception):
    """The bytes are not a feed (an HTML page, an empty or undecodable document)."""


# -- the DOCTYPE: nothing is ever expanded but short literal entities ---------------------------------------

_DOCTYPE = re.compile(rb"<!DOCTYPE\b", re.IGNORECASE)
_ELEMENT = re.compile(rb"<[A-Za-z_]")
_DTD_TOKEN = re.compile(rb'"[^"]*"|\'[^\']*\'|<!--.*?-->|[\[\]>]', re.DOTALL)
# Literal general entities only, short, naming no other entity: what real feeds declare ("tag:example.com,").
_SAFE_ENTITY = re.compile(rb'<!ENTITY\s+([A-Za-z_][\w.-]{0,63})\s+"(&#\w{1,8};|[^&%"<]{0,64})"\s*>')


def _without_doctype(data: bytes) -> tuple[bytes, dict[bytes, bytes]]:
    """The document without its DOCTYPE, and the short literal entities it declared (expanded by _entities).

    feedparser-rs expands no entity a DOCTYPE declares (a billion laughs is inert), but it also leaves the
    `&tag;` a real feed declared in the text; those few are expanded by us, once, with no nesting.
    """
    root = _ELEMENT.search(data)
    doctype = _DOCTYPE.search(data, 0, root.start() if root else len(data))
    if doctype is None:
        return data, {}  # no DOCTYPE in the prolog
    depth = 0
    subset_start = subset_end = None
    for token in _DTD_TOKEN.finditer(data, doctype.end()):
        mark = token.group()
        if mark == b"[":
            depth += 1
            if depth == 1:
                subset_start = token.start()
        elif mark == b"]" and depth:
            depth -= 1
            if depth == 0:
                subset_end = token.end()
        elif mark == b">" and depth == 0:
            declared: dict[bytes, bytes] = {}
            if subset_start is not None and subset_end is not None:
                declared = {m.group(1): m.group(2) for m in _SAFE_ENTITY.finditer(data, subset_start, subset_end)}
            return data[: doctype.start()] + data[token.end() :], declared
    return data[: doctype.start()], {}  # a DOCTYPE that never ends swallows the document: nothing to parse


# -- bytes → UTF-8 ------------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
# "<?" in the wide encodings, for documents without a BOM (XML 1.0 appendix F).
_WIDE_MARKERS = (
    (b"\x00\x00\x00\x3c", "utf-32-be"),
    (b"\x3c\x00\x00\x00", "utf-32-le"),
    (b"\x00\x3c\x00\x3f", "utf-16-be"),
    (b"\x3c\x00\x3f\x00", "utf-16-le"),
)
_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?\?>")
_DECLARED_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]{1,40})", re.IGNORECASE)
_UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}
_LATIN1_NAMES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "iso_8859-1", "windows-1252", "cp1252"}


def _to_utf8(data: bytes, content_type: str | None) -> tuple[bytes, str | None]:
    """The document as UTF-8 with a matching (or no) XML declaration, and what went wrong on the way, if anything.

    The encoding is the BOM's, else the HTTP charset (RFC 7303: it wins for XML media types), else the XML
    declaration's, else UTF-8. Undecodable bytes become U+FFFD, and the feed says so in its warning.
    """
    encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], name
            break
    else:
        for marker, name in _WIDE_MARKERS:
            if data.startswith(marker):
                encoding = name
                break
    if encoding is None and content_type:
        charset = _HTTP_CHARSET.search(content_type)
        encoding = charset.group(1) if charset else None
    declaration = _XML_DECLARATION.match(data[:1024]) if encoding is None or encoding.startswith("utf-8") else None
    if encoding is None and declaration is not None:
        named = _DECLARED_ENCODING.search(declaration.group())
        encoding = named.group(1).decode("ascii") if named else None
    encoding = (encoding or "utf-8").lower()
    if encoding == "gb2312":
        encoding = "gb18030"  # what every GB2312 feed really is
    elif encoding in _LATIN1_NAMES:
        encoding = "cp1252"  # as browsers read it (WHATWG): curly quotes in 0x80-0x9F, not C1 controls
    if encoding in _UTF8_NAMES or encoding == "utf-8-sig":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return _reencode(data.decode("utf-8", "replace")), "invalid UTF-8 bytes replaced"
        named = _DECLARED_ENCODING.search(declaration.group()) if declaration is not None else None
        if named is not None and named.group(1).decode("ascii").lower() not in _UTF8_NAMES:
            return _reencode(data.decode("utf-8")), None  # a declaration naming another encoding must go
        return data, None
    try:
        text = data.decode(encoding)
        problem = None
    except LookupError:
        text, problem = data.decode("utf-8", "replace"), f"unknown encoding {encoding}; read as UTF-8"
    except UnicodeDecodeError:
        if encoding == "cp1252":  # the five bytes windows-1252 leaves undefined: latin-1 reads them all
            text, problem = data.decode("latin-1"), None
        else:
            text, problem = data.decode(encoding, "replace"), f"bytes invalid in {encoding} replaced"
    return _reencode(text), problem


def _reencode(text: str) -> bytes:
    text = text.removeprefix("\ufeff")
    declaration = re.match(r"^\s*<\?xml[^>]*?\?>", text)
    if declaration:
        text = text[declaration.end() :]
    return ('<?xml version="1.0" encoding="utf-8"?>' + text).encode("utf-8", "surrogatepass")


# -- repairs ------------------------------------------------------------------------------------------------

_AMPERSAND = re.compile(rb"&(?!#[0-9]{1,8};|#[xX][0-9a-fA-F]{1,8};)([A-Za-z][A-Za-z0-9._-]{0,63};)?")
_XML_ENTITIES = {b"amp;", b"lt;", b"gt;", b"quot;", b"apos;"}
_CDATA = re.compile(rb"<!\[CDATA\[.*?\]\]>", re.DOTALL)


def _entities(data: bytes, declared: dict[bytes, bytes]) -> bytes:
    """Bare `&` → `&amp;`; HTML's named entities → character references; a DOCTYPE's literal entities expanded.

    CDATA sections are left as they are (nothing in them is markup). The growth is bounded: each replacement
    is at most 64 bytes for a reference of at least 3.
    """
    if b"&" not in data:
        return data
    from html.entities import html5

    def fix(match: re.Match[bytes]) -> bytes:
        name = match.group(1)
        if name is None:
            return b"&amp;"
        if name in _XML_ENTITIES:
            return match.group()
        if name[:-1] in declared:
            return declared[name[:-1]]
        chars = html5.get(name.decode("ascii"))
        if chars is None:
            return b"&amp;" + name  # an unknown entity: shown as written, never expanded
        return "".join(f"&#{ord(c)};" for c in chars).encode("ascii")

    parts = []
    last = 0
    for cdata in _CDATA.finditer(data):
        parts.append(_AMPERSAND.sub(fix, data[last : cdata.start()]))
        parts.append(cdata.group())
        last = cdata.end()
    parts.append(_AMPERSAND.sub(fix, data[last:]))
    return b"".join(parts)


# An RSS text element whose content starts with a tag that is not its own end tag or a CDATA section.
_RAW_MARKUP = re.compile(
    rb"<(title|description|content:encoded|summary|subtitle)(?:\s[^>]*)?>\s*[^<]{0,4096}<(?!/\1\s*>|!\[CDATA\[)",
)
_TEXT_ELEMENTS = {"title", "description", "encoded", "summary", "subtitle", "content"}


def _recovered(data: bytes) -> bytes | None:
    """The document after libxml2's recovering parser, with raw markup in RSS text elements turned to text.

    None when there is nothing it can recover. Entities are not resolved and nothing is loaded from the network.
    """
    import lxml.etree as etree  # deferred: only broken documents need it

    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    atom = isinstance(root.tag, str) and etree.QName(root).localname == "feed"
    for element in () if atom else list(root.iter()):  # Atom's inline markup is typed xhtml, which parses as it is
        if not isinstance(element.tag, str) or not len(element):
            continue
        if etree.QName(element).localname.lower() not in _TEXT_ELEMENTS:
            continue
        inner = (element.text or "") + "".join(
            etree.tostring(child, encoding="unicode", with_tail=True) for child in element
        )
        for child in list(element):
            element.remove(child)
        element.text = _XMLNS.sub("", inner)
    return bytes(etree.tostring(root, encoding="utf-8", xml_declaration=True))


_XMLNS = re.compile(r'\sxmlns(?::\w+)?="[^"]*"')


def _links(data: bytes) -> tuple[str | None, list[str | None]]:
    """(the feed's link, each item's link) as the document writes them, read with lxml.

    feedparser-rs blanks every absolute link to a loopback or private address (its guard against server-side
    request forgery, which cannot be turned off). A reader asks for nothing from a link until its person opens
    it, and feeds on a home server or an intranet link there; so where it blanked a link we read it ourselves.
    """
    import lxml.etree as etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None, []
    if root is None:
        return None, []

    def local(element: Any) -> str:
        return etree.QName(element).localname.lower() if isinstance(element.tag, str) else ""

    def link_of(parent: Any) -> str | None:
        for child in parent:
            if local(child) != "link":
                continue
            href = child.get("href")
            if href is None:
                return (child.text or "").strip() or None
            if child.get("rel", "alternate") == "alternate":
                return href.strip() or None
        return None

    top = root
    for child in root:
        if local(child) == "channel":
            top = child
    items = [e for e in root.iter() if local(e) in ("item", "entry")]
    return link_of(top), [link_of(item) for item in items]


# -- feedparser-rs → our models -----------------------------------------------------------------------------


def _time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _plain(value: Any, limit: int | None = None) -> str:
    """A single-line plain string from a feed field (titles may carry tags or entities)."""
    if not isinstance(value, str):
        return ""
    text: str = value[:100_000]
    if "<" in text or "&" in text:
        from html import unescape

        text = unescape(re.sub(r"<[^>]*>", "", text))
    text = " ".join(scrub(text).split())
    return text[:limit] if limit else text


def _content(entry: Any) -> str | None:
    """The longest content block, as HTML (a plain-text block, JSON Feed's content_text, becomes paragraphs)."""
    best: Any = None
    for item in entry.content or ():
        candidate = getattr(item, "value", None)
        if isinstance(candidate, str) and candidate and (best is None or len(candidate) > len(best.value)):
            best = item
    if best is None:
        return None
    value = str(best.value)
    if (getattr(best, "type", None) or "").lower() in ("text/plain", "text"):
        from html import escape

        paragraphs = (p.strip() for p in re.split(r"\n\s*\n", value))
        return "\n".join(f"<p>{escape(p, quote=False)}</p>".replace("\n", "<br>") for p in paragraphs if p)
    return value


_ABSOLUTE = re.compile(r"https?://[^\s/?#\[\]@\\]+(?:[/?#][^\s\\]*)?", re.ASCII)


def _join(base: str, link: str) -> str | None:
    """urljoin, except that a malformed link ("http://[::1") is dropped instead of failing the feed."""
    if _ABSOLUTE.fullmatch(link):
        return link  # already absolute and plain: what urljoin would give, without its cost (most links)
    try:
        return urljoin(base, link)
    except ValueError:
        return None


def _openable(link: str, base: str | None) -> bool:
    if link.startswith(("http://", "https://")):
        return True
    # A local feed may link to local pages (the offline demo); a feed from the web never names local files.
    return link.startswith("file://") and bool(base) and str(base).startswith("file://")


def _json_ids(data: bytes) -> list[str | None]:
    """Each JSON Feed item's id as a string: feedparser-rs drops ids that are numbers, which feeds do send."""
    import json

    try:
        items = json.loads(data).get("items")
    except (ValueError, AttributeError):
        return []
    if not isinstance(items, list):
        return []
    return [
        str(item["id"]) if isinstance(item, dict) and isinstance(item.get("id"), int | float | str) else None
        for item in items
    ]


_IMAGE_SUFFIX = re.compile(r"\.(?:jpe?g|png|gif|webp)(?:[?#]|$)", re.IGNORECASE)


def _is_image(kind: Any, medium: Any, url: str) -> bool:
    if isinstance(kind, str) and kind:
        return kind.lower().startswith("image/")
    if isinstance(medium, str) and medium:
        return medium.lower() == "image"
    return _IMAGE_SUFFIX.search(url) is not None


def _image(entry: Any, base: str | None) -> str | None:
    """The lead image the item names: its largest image media:content, else media:thumbnail, else an image
    enclosure (address only: what it shows is fetched when the article is read, within the fetch limits)."""
    candidates: list[tuple[int, str]] = []
    for item in getattr(entry, "media_content", None) or ():
        url = getattr(item, "url", None)
        if isinstance(url, str) and url.strip() and _is_image(item.type, item.medium, url):
            try:
                width = int(item.width or 0)
            except (TypeError, ValueError):
                width = 0
            candidates.append((width, url.strip()))
    if candidates:
        found: str | None = max(candidates, key=lambda c: c[0])[1]
    else:
        thumbs = [t.url.strip() for t in getattr(entry, "media_thumbnail", None) or ()
                  if isinstance(t.url, str) and t.url.strip()]
        enclosures = [e.href.strip() for e in getattr(entry, "enclosures", None) or ()
                      if isinstance(e.href, str) and e.href.strip() and _is_image(e.type, None, e.href)]
        found = next(iter(thumbs or enclosures), None)
    if not found or len(found) > 2000:
        return None
    link = _join(base, found) if base else found
    return scrub(link) if link and _openable(link, base) else None


def _entry(
    entry: Any, base: str | None, blanked_link: str | None = None, json_id: str | None = None
) -> ParsedEntry | None:
    title = _plain(entry.title, _TITLE_MAX)
    link = entry.link or blanked_link
    if isinstance(link, str) and base:
        link = _join(base, link.strip())
    if link and not _openable(link, base):
        link = None  # e.g. a `tag:` id where a link should be
    summary = entry.summary or None
    content = _content(entry)
    if content and summary and content.strip() == summary.strip():
        summary = None
    guid = entry.id or json_id
    if guid:
        key = "guid:" + guid.strip()[:2000]
    elif link:
        key = "link:" + link
    else:
        digest = hashlib.sha256(f"{title}\0{summary or ''}\0{content or ''}".encode("utf-8", "replace"))
        key = "hash:" + digest.hexdigest()
    if not title and not summary and not content and not link:
        return None
    names = [n for n in (_plain(getattr(a, "name", None), 200) for a in (entry.authors or ())[:10]) if n]
    if len(dict.fromkeys(names)) > 1:  # co-authors (JSON Feed authors, several Atom authors): every name
        names = list(dict.fromkeys(names))
        author: str | None = ", ".join(names[:-1]) + " and " + names[-1]
    else:
        author = _plain(entry.author, 300) or None
    if author:
        # RSS <author> is "email (Name)"; a reader wants the name.
        match = _EMAIL_NAME.match(author)
        author = match.group(1).strip() if match else author
    return ParsedEntry(
        key=key,
        title=title or "(untitled)",
        url=scrub(link) if link else None,
        author=author,
        published=_time(entry.published_parsed) or _time(entry.updated_parsed),
        updated=_time(entry.updated_parsed),
        summary=summary,
        content=content,
        image=_image(entry, base),
    )


def _parse(data: bytes) -> Any:
    import feedparser_rs  # deferred: start-up never needs it

    return feedparser_rs.parse(data, sanitize_html=False, resolve_relative_uris=False)


def _is_json(data: bytes, content_type: str | None) -> bool:
    if content_type and "json" in content_type.lower():
        return True
    return data.lstrip()[:1] == b"{"


def _parse_xml(data: bytes, content_type: str | None, problems: list[str]) -> tuple[bytes, Any]:
    """(the bytes finally parsed, feedparser-rs's result), repairing only what the first parse shows broken."""
    data, declared = _without_doctype(data)
    data, problem = _to_utf8(data, content_type)
    if problem:
        problems.append(problem)
    if declared:
        data = _entities(data, declared)
    parsed = _parse(data)
    if parsed.bozo and b"&" in data:
        repaired = _entities(data, declared)
        if repaired != data:
            again = _parse(repaired)
            if len(again.entries) >= len(parsed.entries):
                problems.append(str(parsed.bozo_exception or "malformed feed"))
                data, parsed = repaired, again
    if parsed.bozo or (not parsed.version.startswith("atom") and _RAW_MARKUP.search(data)):
        recovered = _recovered(data)
        again = _parse(recovered) if recovered is not None else None
        if again is not None and len(again.entries) >= len(parsed.entries) and (again.version or not parsed.version):
            if parsed.bozo:  # raw markup in a description is common and was never a warning
                problems.append(str(parsed.bozo_exception or "malformed feed"))
            parsed = again
    return data, parsed


def parse_feed(data: bytes, url: str | None = None, content_type: str | None = None) -> ParsedFeed:
    """Parse feed bytes fetched by our own client. bozo is a warning, not a failure."""
    if not data or not data.strip():
        raise ParseError("empty document")
    problems: list[str] = []
    if _is_json(data, content_type):
        parsed = _parse(data)
    else:
        data, parsed = _parse_xml(data, content_type, problems)
    version = parsed.version or ""
    ids: list[str | None] = []
    if version.startswith("json") and any(not x.id for x in parsed.entries):
        ids = _json_ids(data)
    links: tuple[str | None, list[str | None]] | None = None
    if not version.startswith("json") and (parsed.feed.link == "" or any(x.link == "" for x in parsed.entries)):
        links = _links(data)
    entries = [
        e
        for e in (
            _entry(
                x,
                url,
                links[1][i] if links and i < len(links[1]) and x.link == "" else None,
                ids[i] if i < len(ids) else None,
            )
            for i, x in enumerate(parsed.entries)
        )
        if e is not None
    ]
    if not version and not entries:
        reason = " ".join(str(parsed.bozo_exception or "").split())
        raise ParseError("not a feed" + (f" ({scrub(reason)[:200]})" if reason else ""))
    if parsed.bozo:
        problems.append(str(parsed.bozo_exception or "malformed feed"))
    site = parsed.feed.link or (links[0] if links else None)
    if isinstance(site, str) and url:
        site = _join(url, site)
    warning = "; ".join(dict.fromkeys(" ".join(p.split()) for p in problems if p.strip())) or None
    return ParsedFeed(
        title=_plain(parsed.feed.title, _TITLE_MAX) or (url or "Untitled feed"),
        site_url=scrub(site) if site else None,
        entries=tuple(entries),
        warning=scrub(warning)[:300] if warning else None,
    )
