"""OPML import/export: categories and titles round-trip; hostile OPML is refused, never expanded."""

from __future__ import annotations

import pytest

from reader.core.models import Feed
from reader.core.opml import OpmlError, export_opml, parse_opml

NESTED = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>x</title></head><body>
  <outline text="City Hall">
    <outline type="rss" text="Ledger Politics" xmlUrl="ledger.xml" htmlUrl="https://ledger.example/"/>
  </outline>
  <outline type="rss" text="Beacon" title="Harbor Beacon" xmlUrl="https://beacon.example/feed" category="/Harbor"/>
  <outline type="rss" text="Loose" xmlUrl="https://loose.example/rss"/>
</body></opml>"""


def test_nested_and_attribute_categories_and_relative_urls() -> None:
    outlines = parse_opml(NESTED, "file:///home/u/feeds.opml")
    assert [(o.url, o.title, o.category) for o in outlines] == [
        ("file:///home/u/ledger.xml", "Ledger Politics", "City Hall"),
        ("https://beacon.example/feed", "Harbor Beacon", "Harbor"),
        ("https://loose.example/rss", "Loose", None),
    ]


def test_export_round_trips() -> None:
    feeds = [
        Feed(id=1, url="https://a.example/feed", title="A & B <News>", category="City Hall"),
        Feed(id=2, url="https://c.example/rss", title="C", site_url="https://c.example/"),
    ]
    back = parse_opml(export_opml(feeds).encode())
    assert [(o.url, o.title, o.category) for o in back] == [
        ("https://a.example/feed", "A & B <News>", "City Hall"),
        ("https://c.example/rss", "C", None),
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"not xml at all",
        b"<rss><channel/></rss>",
        b"<opml version='2.0'><head/></opml>",
        b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<opml version="2.0"><body><outline text="&lol9;" xmlUrl="https://x.example/"/></body></opml>""",
    ],
)
def test_invalid_or_hostile_opml_is_refused(data: bytes) -> None:
    with pytest.raises(OpmlError, match="invalid OPML"):
        parse_opml(data)
