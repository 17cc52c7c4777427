"""parse.py's fast path: the common well-formed RSS 2.0 and Atom feeds read with pyexpat into the very dict
feedparser would make (for the fields parse.py reads); anything outside that subset returns None.

feedparser runs a Python callback for every element and every line of text, and spends most of a content-heavy
feed's parse there (about 15 ms for 30 items of 5 KB). Here expat builds a small tree with merged text and Python
walks only the fields we use: about a tenth of the time. Exactness comes from three rules:
- the bytes expat sees are the bytes feedparser's strict parser would see (its encoding rules, its XML
  declaration rewrite), so the documents that parse and the text that comes out are the same;
- each field gets feedparser's treatment (strip, URI join, mojibake and windows-1252 repair, link fixes, tag
  de-duplication, author details, date handlers) for the elements listed here, in document order;
- anything not listed (an unknown element, an xml:base, a DOCTYPE, xhtml content, a duplicated title, an
  encoding feedparser would override or warn about) makes the whole document go to feedparser.
tests/core/test_fastfeed.py holds this against feedparser on the sample feeds and feedparser's own corpus.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime
import re
import urllib.parse
from typing import Any
from xml.parsers import expat

__all__ = ["read"]


class _Unsupported(Exception):
    """Outside the subset: feedparser reads this document."""


# -- feedparser's bytes -------------------------------------------------------------------------------

_XML_PI_ENCODING = re.compile(rb'^<\?.*encoding=[\'"](.*?)[\'"].*\?>')
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*?>")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_OTHER_BOMS = (codecs.BOM_UTF32_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE)
_NON_ASCII_MARKERS = (b"\x4c\x6f\xa7\x94", b"\x00\x3c\x00\x3f", b"\x3c\x00\x3f\x00", b"\x00\x00\x00\x3c",
                      b"\x3c\x00\x00\x00")


def _content_type(line: str) -> tuple[str, str]:
    # feedparser.encodings.parse_content_type: note the MIME type is not lower-cased.
    chunks = line.split(";")
    mime = chunks[0].strip()
    charset = ""
    for chunk in chunks[1:]:
        key, _, value = chunk.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    return mime, charset


def _document(data: bytes, content_type: str | None) -> bytes:
    """What feedparser.encodings.convert_to_utf8 would hand expat, when it would decode without complaint."""
    if data[:3] == codecs.BOM_UTF8:
        data = data[3:]
        try:
            data.decode("utf-8")  # else feedparser ignores the XML declaration and guesses
        except UnicodeDecodeError:
            raise _Unsupported("a UTF-8 BOM on other bytes") from None
    elif data[:2] in _OTHER_BOMS or data[:4] in _OTHER_BOMS or data[:4] in _NON_ASCII_MARKERS:
        raise _Unsupported("a non-ASCII-compatible encoding")
    match = _XML_PI_ENCODING.match(data)
    try:
        xml_encoding = match.group(1).decode("utf-8").lower() if match else ""
    except UnicodeDecodeError:
        raise _Unsupported("undecodable XML declaration") from None
    mime, http_encoding = _content_type(content_type or "")
    if not content_type:  # parse.py passes no headers at all: feedparser goes by the document
        encoding = xml_encoding or "utf-8"
    elif mime in ("application/xml", "application/xml-dtd", "application/xml-external-parsed-entity") or (
        mime.startswith("application/") and mime.endswith("+xml")
    ):
        encoding = http_encoding or xml_encoding or "utf-8"
    elif mime in ("text/xml", "text/xml-external-parsed-entity") or (
        mime.startswith("text/") and mime.endswith("+xml")
    ):
        encoding = http_encoding or "us-ascii"
    else:
        raise _Unsupported("not an XML media type: feedparser warns")
    if encoding.lower() == "gb2312":
        encoding = "gb18030"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise _Unsupported("feedparser would override the declared encoding") from None
    declaration = "<?xml version='1.0' encoding='utf-8'?>"
    has_declaration = _XML_DECLARATION.search(text) is not None
    text = _XML_DECLARATION.sub(declaration, text) if has_declaration else declaration + "\n" + text
    doc = text.encode("utf-8")
    start = re.search(rb"<\w", doc)
    if _DTD.search(doc, 0, start.start() if start else len(doc)):
        raise _Unsupported("a DOCTYPE or entity declarations")
    return doc


# -- the tree expat builds ----------------------------------------------------------------------------

_PREFIXES = {  # namespace URI (lower-cased) → feedparser's prefix, for the namespaces this subset reads
    "http://www.w3.org/2005/atom": "",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/commentapi/": "wfw",
    "http://purl.org/rss/1.0/modules/slash/": "slash",
    "http://search.yahoo.com/mrss/": "media",
    "http://search.yahoo.com/mrss": "media",
    "http://purl.org/rss/1.0/modules/syndication/": "sy",
}
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_READ_ATTRIBUTES = {"href", "url", "uri", "rel", "type", "term", "scheme", "domain", "label", "ispermalink",
                    "mode", "src", "base", "version", "lastmod", "about", "resource"}
_WORDPRESS = "{com-wordpress:feed-additions:1}post-id"


class _Node:
    __slots__ = ("attrs", "children", "name", "text")

    def __init__(self, name: str, attrs: dict[str, str]) -> None:
        self.name = name
        self.attrs = attrs
        self.children: list[_Node] = []
        self.text: list[str] = []


def _tree(doc: bytes) -> _Node:
    top = _Node("", {})
    stack = [top]
    declared: list[tuple[str | None, str]] = []

    def start(tag: str, raw: dict[str, str]) -> None:
        uri, _, local = tag.rpartition(" ")
        if uri:
            prefix = _PREFIXES.get(uri.lower())
            name = "{" + uri + "}" + local if prefix is None else (prefix + ":" if prefix else "") + local.lower()
        else:
            name = local.lower()
        attrs: dict[str, str] = {}
        for key, value in raw.items():
            ns, _, attr = key.rpartition(" ")
            attr = attr.lower()
            if ns:
                # feedparser files a foreign attribute under its local name (thr:count → count), where it
                # could shadow one a handler reads; xml:base changes how links resolve.
                if attr in _READ_ATTRIBUTES or (ns == _XML_NS and attr != "lang"):
                    raise _Unsupported(f"attribute {key}")
                continue
            if attr in attrs or attr == "base":
                raise _Unsupported(f"attribute {attr}")
            attrs[attr] = value.lower() if attr in ("rel", "type") else value
        node = _Node(name, attrs)
        stack[-1].children.append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        stack[-1].text.append(data)

    def namespace(prefix: str | None, uri: str | None) -> None:
        declared.append((prefix, uri or ""))

    parser = expat.ParserCreate(None, " ")
    parser.buffer_text = True
    parser.buffer_size = 1 << 20
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartNamespaceDeclHandler = namespace
    try:
        parser.Parse(doc, True)
    except expat.ExpatError as exc:
        raise _Unsupported(f"not well-formed: {exc}") from None
    for prefix, uri in declared:
        # feedparser dispatches on the document's prefixes through a map; a prefix that names another
        # known namespace than usual (xmlns:dc="…content/") would send elements to other handlers.
        canonical = _PREFIXES.get(uri.lower())
        if prefix in _USED_PREFIXES and canonical != prefix:
            raise _Unsupported(f"prefix {prefix} bound to {uri}")
        if uri.lower() == "http://purl.org/rss/1.0/" or "backend.userland.com/rss" in uri.lower():
            raise _Unsupported("RSS 1.0 or userland namespace")
    if len(top.children) != 1:
        raise _Unsupported("no root element")
    return top.children[0]


_USED_PREFIXES = {"content", "dc", "wfw", "slash", "media", "sy"}


# -- feedparser's treatment of a value ----------------------------------------------------------------

_CP1252 = {
    128: "\u20ac", 130: "\u201a", 131: "\u0192", 132: "\u201e", 133: "\u2026", 134: "\u2020", 135: "\u2021",
    136: "\u02c6", 137: "\u2030", 138: "\u0160", 139: "\u2039", 140: "\u0152", 142: "\u017d", 145: "\u2018",
    146: "\u2019", 147: "\u201c", 148: "\u201d", 149: "\u2022", 150: "\u2013", 151: "\u2014", 152: "\u02dc",
    153: "\u2122", 154: "\u0161", 155: "\u203a", 156: "\u0153", 158: "\u017e", 159: "\u0178",
}
_URI_FIXER = re.compile("^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_QUERY_ENTITY = re.compile("&([A-Za-z0-9_]+);")
_HTML_TYPES = {"application/xhtml+xml", "text/html"}
_TEXT_TYPES = {"text/plain", "text/html"}  # what a content element may declare here (xhtml or base64: no)


def _urljoin(uri: str) -> str:
    # feedparser.urls._urljoin with the empty base parse.py gives it.
    uri = _URI_FIXER.sub(r"\1\3", uri)
    try:
        return urllib.parse.urljoin("", uri)
    except ValueError:
        return ""


def _repair(text: str) -> str:
    # What feedparser's pop() does to every stored value of a UTF-8 document: undo UTF-8 read as Latin-1,
    # then map the C1 range to windows-1252.
    if text.isascii():
        return text
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("iso-8859-1").decode("utf-8")
    return text.translate(_CP1252)


def _leaf(node: _Node) -> None:
    if node.children:
        raise _Unsupported(f"markup inside <{node.name}>")


def _value(node: _Node, *, resolve: bool = False) -> str:
    _leaf(node)
    text = "".join(node.text).strip()
    if resolve and text:
        text = _urljoin(text)
    return _repair(text)


def _map_type(value: str) -> str:
    value = value.lower()
    return {"text": "text/plain", "plain": "text/plain", "html": "text/html",
            "xhtml": "application/xhtml+xml"}.get(value, value)


def _content_value(node: _Node, default_type: str) -> str:
    if "mode" in node.attrs or "src" in node.attrs:
        raise _Unsupported("base64 or out-of-line content")
    if _map_type(node.attrs.get("type", default_type)) not in _TEXT_TYPES:
        raise _Unsupported("xhtml or binary content")
    return _value(node)


_TEXT_LINK = object()  # a link element whose text is the link


def _href(node: _Node) -> str | object | None:
    """feedparser's _start_link: the href a link element sets as `link`, None if it sets none, or _TEXT_LINK."""
    attrs = node.attrs
    present = [k for k in ("url", "uri", "href") if k in attrs]
    if not present:
        if attrs:
            raise _Unsupported("a text link with attributes")
        return _TEXT_LINK
    if len(present) > 1 or not attrs[present[0]]:
        raise _Unsupported("ambiguous link")
    rel = attrs.get("rel", "alternate")
    kind = attrs.get("type", "application/atom+xml" if rel == "self" else "text/html")
    if rel == "alternate" and _map_type(kind) in _HTML_TYPES:
        return _urljoin(attrs[present[0]])
    return None


def _author(node: _Node, person_max: int | None) -> str:
    """feedparser's author bookkeeping for one author element (RSS leaf or Atom person).

    parse.py caps the value feedparser's _sync_author_detail sees at `person_max` (feedparser#562).
    """
    name = email = None
    for child in node.children:
        _leaf(child)
        raw = "".join(child.text).strip()
        if child.name == "name":
            name = raw
        elif child.name == "email":
            email = raw
        elif child.name != "uri":
            raise _Unsupported(f"<{child.name}> in an author")
    text = _repair("".join(node.text).strip())
    if person_max is not None and len(text) > person_max:
        text = text[:person_max]
    if name and email:
        return f"{name} ({email})"
    return name or email or text


# -- dates: feedparser's first two handlers, in its order; the rest stay in feedparser -----------------

_TZ_RFC822 = {
    "ut": 0, "gmt": 0, "z": 0, "adt": -3, "ast": -4, "at": -4, "edt": -4, "est": -5, "et": -5, "cdt": -5,
    "cst": -6, "ct": -6, "mdt": -6, "mst": -7, "mt": -7, "pdt": -7, "pst": -8, "pt": -8, "a": -1, "n": 1,
    "m": -12, "y": 12, "met": 1, "mest": 2,
}
_TZ_W3DTF = {k: v for k, v in _TZ_RFC822.items() if k not in ("met", "mest")}
_DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
           "oct": 10, "nov": 11, "dec": 12}


def _w3dtf(datestr: str) -> Any:
    # feedparser.datetimes.w3dtf._parse_date_w3dtf (BSD-2-Clause, Kurt McKee and Mark Pilgrim), unchanged.
    if not datestr.strip():
        return None
    parts = datestr.lower().split("t")
    if len(parts) == 1:
        parts = parts[0].split()
        if len(parts) == 1:
            parts.append("00:00:00z")
    elif len(parts) > 2:
        return None
    date = parts[0].split("-", 2)
    if not date or len(date[0]) != 4:
        return None
    date.extend(["1"] * (3 - len(date)))
    try:
        year, month, day = (int(i) for i in date)
    except ValueError:
        return None
    if parts[1].endswith("z"):
        parts[1] = parts[1][:-1]
        parts.append("z")
    loc = parts[1].find("-") + 1 or parts[1].find("+") + 1 or len(parts[1]) + 1
    loc = loc - 1
    parts.append(parts[1][loc:])
    parts[1] = parts[1][:loc]
    time = parts[1].split(":", 2)
    time.extend(["0"] * (3 - len(time)))
    if parts[2][:1] in ("-", "+"):
        try:
            tzhour = int(parts[2][1:3])
            tzmin = int(parts[2][4:])
        except ValueError:
            return None
        if parts[2].startswith("-"):
            tzhour, tzmin = -tzhour, -tzmin
    else:
        tzhour, tzmin = _TZ_W3DTF.get(parts[2], 0), 0
    try:
        hour, minute, second = (int(float(i)) for i in time)
    except ValueError:
        return None
    try:
        stamp = datetime.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    try:
        return (stamp - datetime.timedelta(0, 0, 0, 0, tzmin, tzhour)).utctimetuple()
    except (OverflowError, ValueError):
        return None


def _rfc822(date: str) -> Any:
    # feedparser.datetimes.rfc822._parse_date_rfc822 (BSD-2-Clause, Kurt McKee), unchanged.
    parts = date.lower().split()
    if len(parts) < 5:
        parts.extend(("00:00:00", "0000"))
    if parts[0][:3] in _DAYS:
        parts = parts[1:]
    if len(parts) < 5:
        return None
    month = _MONTHS.get(parts[1][:3])
    try:
        day = int(parts[0])
    except ValueError:
        if _MONTHS.get(parts[0][:3]):
            try:
                day = int(parts[1])
            except ValueError:
                return None
            month = _MONTHS.get(parts[0][:3])
        else:
            return None
    if not month:
        return None
    try:
        year = int(parts[2])
    except ValueError:
        return None
    if len(parts[2]) <= 2:
        year += (1900, 2000)[year < 90]
    time_parts = parts[3].split(":")
    time_parts.extend(("0",) * (3 - len(time_parts)))
    try:
        (hour, minute, second) = (int(i) for i in time_parts)
    except ValueError:
        return None
    if parts[4].startswith("etc/"):
        parts[4] = parts[4][4:]
    if parts[4].startswith("gmt"):
        parts[4] = "".join(parts[4][3:].split(":")) or "gmt"
    if parts[4] and parts[4][0] in ("-", "+"):
        try:
            if ":" in parts[4]:
                tz_hours = int(parts[4][1:3])
                tz_minutes = int(parts[4][4:])
            else:
                tz_hours = int(parts[4][1:3])
                tz_minutes = int(parts[4][3:])
        except ValueError:
            return None
        if parts[4].startswith("-"):
            tz_hours, tz_minutes = -tz_hours, -tz_minutes
    else:
        tz_hours, tz_minutes = _TZ_RFC822.get(parts[4], 0), 0
    try:
        stamp = datetime.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    try:
        return (stamp - datetime.timedelta(0, 0, 0, 0, tz_minutes, tz_hours)).utctimetuple()
    except (OverflowError, ValueError):
        return None


def _date(value: str) -> Any:
    """feedparser.datetimes._parse_date: its first two handlers here, the others from feedparser."""
    if not value:
        return None
    for handler in (_w3dtf, _rfc822):
        try:
            parsed = handler(value)
        except (KeyError, OverflowError, ValueError, AttributeError):
            continue
        if parsed and len(parsed) == 9:
            return parsed
    from feedparser.datetimes import _parse_date  # a rare format: feedparser's other handlers decide

    return _parse_date(value)


# -- feeds and entries --------------------------------------------------------------------------------

_CONTENT_ELEMENTS = {"title", "subtitle", "description", "rights", "copyright", "summary", "content", "tagline",
                     "info"}
_RSS_CHANNEL_LEAVES = {"description", "language", "copyright", "managingeditor", "webmaster", "pubdate",
                       "lastbuilddate", "category", "generator", "docs", "cloud", "ttl", "rating",
                       "sy:updateperiod", "sy:updatefrequency", "sy:updatebase", "dc:language", "dc:rights",
                       "dc:date", "dc:publisher", "dc:creator"}
_ATOM_FEED_LEAVES = {"subtitle", "updated", "generator", "icon", "logo", "rights", "category"}
_IMAGE_CHILDREN = {"url", "title", "link", "width", "height", "description"}
_ENTRY_IGNORED_LEAVES = {"comments", "enclosure", "wfw:commentrss", "slash:comments", "media:content",
                         "media:thumbnail", "rights", _WORDPRESS}


def _check_person(node: _Node) -> None:
    for child in node.children:
        if child.name not in ("name", "email", "uri"):
            raise _Unsupported(f"<{child.name}> in <{node.name}>")
        _leaf(child)


def _feed_fields(root: _Node, *, atom: bool) -> tuple[dict[str, Any], list[_Node]]:
    feed: dict[str, Any] = {}
    items: list[_Node] = []
    link: str | None = None
    link_from_id: str | None = None
    titles = 0
    for node in root.children:
        name = node.name
        if name in _CONTENT_ELEMENTS and name not in ("title",):
            _content_value(node, "text/plain")
        if name == "title":
            titles += 1
            if titles > 1:
                raise _Unsupported("two feed titles")
            feed["title"] = _content_value(node, "text/plain")
        elif name == "link":
            href = _href(node)
            if href is _TEXT_LINK:
                link = _QUERY_ENTITY.sub(r"&\g<1>", _value(node, resolve=True))
            elif isinstance(href, str):
                link = href
        elif (name == "entry") if atom else (name == "item"):
            if node.attrs:
                raise _Unsupported("attributes on an item")
            items.append(node)
        elif atom and name == "id":
            _leaf(node)
            if "ispermalink" in node.attrs:
                raise _Unsupported("isPermaLink on an Atom id")
            if link is None and link_from_id is None:
                link_from_id = _value(node, resolve=True)
        elif atom and name in ("author", "contributor"):
            _check_person(node)
        elif name == "image" and not atom:
            for child in node.children:
                if child.name not in _IMAGE_CHILDREN:
                    raise _Unsupported(f"<{child.name}> in <image>")
                _leaf(child)
        elif name in ("skiphours", "skipdays") and not atom:
            for child in node.children:
                if child.name not in ("hour", "day"):
                    raise _Unsupported(f"<{child.name}> in <{name}>")
                _leaf(child)
        elif name in (_ATOM_FEED_LEAVES if atom else _RSS_CHANNEL_LEAVES):
            _leaf(node)
        else:
            raise _Unsupported(f"<{name}> in the feed")
    if link is not None:
        feed["link"] = link
    elif link_from_id is not None:
        feed["link"] = link_from_id
    return feed, items


def _entry(node: _Node, *, atom: bool, person_max: int | None) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    contents: list[dict[str, str]] = []
    tags: list[dict[str, str | None]] = []
    summary: str | None = None
    link: str | None = None
    guid_link: str | None = None
    seen: set[str] = set()
    authors: list[_Node] = []

    def add_tag(term: str | None, scheme: str | None, label: str | None) -> None:
        if not term and not scheme and not label:
            return
        tag = {"term": term, "scheme": scheme, "label": label}
        if tag not in tags:
            tags.append(tag)

    for child in node.children:
        name = child.name
        if name in ("title", "guid", "id", "description", "summary"):
            if name in seen:
                raise _Unsupported(f"two <{name}> in an item")
            seen.add(name)
        if name == "title":
            entry["title"] = _content_value(child, "text/plain")
        elif name == "link":
            href = _href(child)
            if href is _TEXT_LINK:
                value = _value(child, resolve=True).replace("&amp;", "&")
                link = _QUERY_ENTITY.sub(r"&\g<1>", value)
            elif isinstance(href, str):
                link = href
        elif name == ("summary" if atom else "description"):
            summary = _content_value(child, "text/plain" if atom else "text/html")
        elif name == ("content" if atom else "content:encoded"):
            contents.append({"value": _content_value(child, "text/plain" if atom else "text/html")})
        elif name == ("id" if atom else "guid"):
            is_link = child.attrs.get("ispermalink", "true") == "true"
            entry["id"] = value = _value(child, resolve=is_link)
            if is_link and link is None and guid_link is None:
                guid_link = value
        elif name in ("pubdate", "published"):
            entry["published_parsed"] = _date(_value(child))
        elif name in ("updated", "dc:date"):
            entry["updated_parsed"] = _date(_value(child))
        elif name in ("author", "dc:creator"):
            authors.append(child)
        elif name in ("category", "dc:subject"):
            add_tag(child.attrs.get("term"), child.attrs.get("scheme", child.attrs.get("domain")),
                    child.attrs.get("label"))
            value = _value(child)
            if value:
                if tags and not tags[-1]["term"]:
                    tags[-1]["term"] = value
                else:
                    add_tag(value, None, None)
        elif name == "contributor" and atom:
            _check_person(child)
        elif name in _ENTRY_IGNORED_LEAVES:
            _leaf(child)
            if name == "rights":
                _content_value(child, "text/plain")
        else:
            raise _Unsupported(f"<{name}> in an item")
    if "updated_parsed" not in entry and "published_parsed" in entry:
        entry["updated_parsed"] = entry["published_parsed"]  # FeedParserDict's fallback (feedparser#310)
    if authors:
        if len(authors) > 1 and any(a.children for a in authors):
            raise _Unsupported("several authors with details")
        for author in authors:
            _check_person(author)
        entry["author"] = _author(authors[-1], person_max)
    if link is not None:
        entry["link"] = link
    elif guid_link is not None:
        entry["link"] = guid_link
    if summary is not None:
        entry["summary"] = summary
    elif contents:
        entry["summary"] = contents[0]["value"]  # feedparser copies the first content into an absent summary
    if contents:
        entry["content"] = contents
    if tags:
        entry["tags"] = tags
    return entry


def read(data: bytes, content_type: str | None, *, person_max: int | None = None) -> dict[str, Any] | None:
    """feedparser.parse(data, response_headers=…)'s result for the fields parse.py reads, or None."""
    try:
        root = _tree(_document(data, content_type))
        if root.name == "rss":
            version = root.attrs.get("version", "")
            if len(root.children) != 1 or root.children[0].name != "channel" or root.children[0].attrs:
                raise _Unsupported("not one plain <channel>")
            feed, items = _feed_fields(root.children[0], atom=False)
            version = {"0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"}.get(
                version, "rss20" if version.startswith("2.") else "rss")
            entries = [_entry(item, atom=False, person_max=person_max) for item in items]
        elif root.name == "feed" and not root.attrs.get("version"):
            feed, items = _feed_fields(root, atom=True)
            version = "atom10"
            entries = [_entry(item, atom=True, person_max=person_max) for item in items]
        else:
            raise _Unsupported(f"root <{root.name}>")
    except _Unsupported:
        return None
    return {"bozo": False, "version": version, "feed": feed, "entries": entries}
