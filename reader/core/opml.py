"""OPML import and export (titles and categories kept, so an export re-imports the same)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin

from reader.core.models import Feed
from reader.core.safe import scrub


class OpmlError(Exception):
    """The file is not readable OPML."""


@dataclass(frozen=True)
class Outline:
    url: str
    title: str
    category: str | None


def parse_opml(data: bytes, base_url: str | None = None) -> list[Outline]:
    """Feed outlines, with the enclosing outline's text (or a `category` attribute) as category.

    Python's expat refuses entity-expansion bombs and never fetches external entities.
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise OpmlError(f"invalid OPML: {exc}") from exc
    if root.tag.lower() != "opml":
        raise OpmlError(f"invalid OPML: root element is <{root.tag}>, not <opml>")
    body = root.find("body")
    if body is None:
        raise OpmlError("invalid OPML: no <body>")
    found: list[Outline] = []

    def walk(node: ET.Element, category: str | None) -> None:
        for child in node.findall("outline"):
            url = (child.get("xmlUrl") or child.get("xmlurl") or "").strip()
            text = scrub(child.get("title") or child.get("text") or "").strip()
            if url:
                if base_url:
                    url = urljoin(base_url, url)
                cat = child.get("category")
                cat = scrub(cat.strip().strip("/").split(",")[0]) if cat else category
                found.append(Outline(url=url, title=text, category=cat or None))
            else:
                walk(child, text or category)

    walk(body, None)
    return found


def export_opml(feeds: list[Feed], title: str = "localnews-reader subscriptions") -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    groups: dict[str | None, ET.Element] = {}
    for feed in feeds:
        parent = body
        if feed.category:
            if feed.category not in groups:
                groups[feed.category] = ET.SubElement(
                    body, "outline", text=feed.category, title=feed.category
                )
            parent = groups[feed.category]
        attrs = {"type": "rss", "text": feed.title, "title": feed.title, "xmlUrl": feed.url}
        if feed.site_url:
            attrs["htmlUrl"] = feed.site_url
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
