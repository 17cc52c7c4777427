"""Feed autodiscovery: the feeds an HTML page announces with <link rel="alternate">."""

from __future__ import annotations

from urllib.parse import urljoin

FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/xml",
    "text/xml",
}


def looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<head" in head


def discover_feeds(html: bytes, base_url: str) -> list[str]:
    """Feed URLs announced by the page, best first (RSS, Atom and JSON Feed links, then likely-looking anchors)."""
    import lxml.html  # deferred: only adding a page URL needs it

    try:
        root = lxml.html.fromstring(html[:5_000_000])
    except (ValueError, TypeError, lxml.etree.ParserError):
        return []
    found: list[str] = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            found.append(urljoin(base_url, href))
    if not found:
        for anchor in root.iter("a"):
            href = (anchor.get("href") or "").strip()
            lowered = href.lower().rstrip("/")
            if href and lowered.endswith(
                (".rss", ".atom", "/feed", "/rss", "/atom.xml", "/rss.xml", "/feed.xml", "/feed.json")
            ):
                found.append(urljoin(base_url, href))
    unique: list[str] = []
    for url in found:
        if url.startswith(("http://", "https://", "file://")) and url not in unique:
            unique.append(url)
    return unique
