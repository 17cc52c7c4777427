"""Embedded posts: found per platform, read field by field, removed from the text, never duplicated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.core.article import analyze_html, analyze_item
from reader.core.article.dom import body_of, parse_document
from reader.core.article.reactions import extract_reactions, platform_of_url
from reader.core.models import Reaction

GOLD = json.loads((Path(__file__).parent.parent / "gold" / "reactions.json").read_text(encoding="utf-8"))


def _reactions(html: str) -> list[Reaction]:
    return list(analyze_html(html).reactions)


@pytest.mark.parametrize("case", GOLD, ids=[c["id"] for c in GOLD])
def test_gold_case(case: dict[str, Any]) -> None:
    reading = analyze_html(case["html"])
    got = [(r.platform, r.handle) for r in reading.reactions]
    assert got == [(g["platform"], g["handle"]) for g in case["reactions"]], case["note"]
    # The embed is gone from the body: no signature line, no "View on …" widget text, no post URL.
    for r in reading.reactions:
        assert r.url is None or r.url not in reading.text
    assert "View on" not in reading.text and "A post shared by" not in reading.text
    assert "(@" not in reading.text  # the "— Name (@handle)" signature line went with the post


def test_gold_covers_every_platform_and_negatives() -> None:
    platforms = {r["platform"] for case in GOLD for r in case["reactions"]}
    assert platforms == {"x", "bluesky", "mastodon", "instagram", "threads", "tiktok", "facebook", "youtube"}
    assert sum(1 for case in GOLD if not case["reactions"]) >= 3
    assert len(GOLD) >= 20


def test_x_fields() -> None:
    (r,) = _reactions(GOLD[0]["html"])
    assert r.platform == "x"
    assert r.author == "Dana Whitfield"
    assert r.handle == "@danawrides"
    assert r.text is not None and r.text.startswith("Route 14 is getting cut again")
    assert r.date == "March 4, 2025"
    assert r.url == "https://twitter.com/danawrides/status/1723456789012345678"  # no ?ref_src


def test_x_loader_script_and_wrapper_are_removed() -> None:
    root = parse_document(
        "<p>Before.</p><div class='embed-wrap'><blockquote class='twitter-tweet'><p>Hi</p>&mdash; A (@a) "
        "<a href='https://twitter.com/a/status/1'>May 1, 2024</a></blockquote>"
        "<script async src='https://platform.twitter.com/widgets.js'></script></div><p>After.</p>"
    )
    assert root is not None
    body = body_of(root)
    assert [r.handle for r in extract_reactions(body)] == ["@a"]
    assert body.find(".//script") is None
    assert body.find(".//div") is None  # the wrapper was left empty, so it went too
    assert [p.text for p in body.iter("p")] == ["Before.", "After."]


def test_bluesky_fields() -> None:
    (r,) = _reactions(GOLD[5]["html"])
    assert (r.author, r.handle) == ("Priya Natarajan", "@priyanreports.bsky.social")
    assert r.text == "The library branch on Grove Street stays open on Sundays after all. Small wins count."
    assert r.url == "https://bsky.app/profile/did:plc:abcd1234efgh5678/post/3lbq2xyzabc2k"
    assert r.date == "November 20, 2024 at 9:14 AM"


def test_mastodon_fields() -> None:
    (r,) = _reactions(GOLD[7]["html"])
    assert r.handle == "@transitnerd@mastodon.social"
    assert r.url == "https://mastodon.social/@transitnerd/113812367434361223"
    (old,) = _reactions(GOLD[8]["html"])
    assert old.url == "https://social.coop/@riverbikecoalition/112233445566778899"


def test_instagram_fields() -> None:
    (new,) = _reactions(GOLD[10]["html"])
    assert (new.author, new.handle, new.url) == (
        "Eastside Farmers Market",
        "@eastsidemarket",
        "https://www.instagram.com/p/C3xYz12AbCd/",
    )
    (old,) = _reactions(GOLD[11]["html"])
    assert old.text == "Opening night at the new skate park. Thanks to everyone who showed up!"
    assert old.date == "2023-09-02T01:15:00+00:00"


def test_threads_and_tiktok_fields() -> None:
    (t,) = _reactions(GOLD[12]["html"])
    assert (t.handle, t.url) == ("@harborschools", "https://www.threads.net/@harborschools/post/C8kLmNoPqRs")
    (k,) = _reactions(GOLD[13]["html"])
    assert k.handle == "@northside.bakery"
    assert k.text == "Last batch before the flood repairs close us for a week #smallbusiness"
    assert k.url == "https://www.tiktok.com/@northside.bakery/video/7301234567890123456"


def test_facebook_fields() -> None:
    (post,) = _reactions(GOLD[14]["html"])
    assert (post.author, post.date) == ("Riverton Fire Department", "Monday, May 6, 2024")
    assert post.text == "Burn ban lifted as of 8am Monday. Please still keep a hose nearby."
    (plugin,) = _reactions(GOLD[15]["html"])
    assert plugin.url == "https://www.facebook.com/HarborCountySheriff/posts/pfbid0xyz789"


def test_youtube_urls_and_titles() -> None:
    reactions = _reactions(GOLD[18]["html"])
    assert [r.url for r in reactions] == [
        "https://www.youtube.com/watch?v=Zz9Yy8Xx7Ww",
        "https://www.youtube.com/watch?v=Qq1Ww2Ee3Rr",
    ]
    assert [r.text for r in reactions] == ["Full council meeting, March 4", "Bus plan explained"]
    (generic,) = _reactions(GOLD[17]["html"])
    assert generic.text is None  # "YouTube video player" is no title


def test_lazy_loaded_youtube_iframe() -> None:
    html = "<p>x</p><iframe data-src='https://www.youtube.com/embed/AbCdEfGhIjK' src='about:blank'></iframe>"
    assert [r.url for r in _reactions(html)] == ["https://www.youtube.com/watch?v=AbCdEfGhIjK"]


def test_wrapper_gives_one_reaction_not_two() -> None:
    html = GOLD[2]["html"] + GOLD[19]["html"]
    assert [r.platform for r in _reactions(html)] == ["x", "youtube"]


def test_document_order_across_platforms() -> None:
    assert [r.platform for r in _reactions(GOLD[22]["html"])] == ["x", "bluesky", "youtube"]


def test_feed_item_content_keeps_embeds_feedparser_would_strip() -> None:
    # data-* attributes and iframes reach us because feed content is parsed with lxml, not sanitized.
    reading = analyze_item(GOLD[5]["html"], "A short summary.")
    assert [r.platform for r in reading.reactions] == ["bluesky"]


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://twitter.com/a/status/1", "x"),
        ("https://x.com/a/status/1?s=20", "x"),
        ("https://bsky.app/profile/a.bsky.social/post/3abc", "bluesky"),
        ("https://mastodon.social/@a/1234567", "mastodon"),
        ("https://www.instagram.com/p/AbC/", "instagram"),
        ("https://www.threads.net/@a/post/AbC", "threads"),
        ("https://www.tiktok.com/@a/video/123", "tiktok"),
        ("https://www.facebook.com/page/posts/123", "facebook"),
        ("https://youtu.be/AbCdEfGhIjK", "youtube"),
        ("https://medium.com/@writer/a-post-1a2b3c", None),
        ("https://example.org/news/2024/story", None),
    ],
)
def test_platform_of_url(url: str, platform: str | None) -> None:
    assert platform_of_url(url) == platform


def test_all_fields_are_scrubbed() -> None:
    html = (
        "<blockquote class='twitter-tweet'><p>Hi \u202e there &#x1b;[2J</p>&mdash; Bad\u0007 Name (@bad) "
        "<a href='https://twitter.com/bad/status/9'>Jan 1, 2025</a></blockquote>"
    )
    (r,) = _reactions(html)
    for value in (r.author, r.text, r.date, r.url):
        assert value is not None
        assert "\x1b" not in value and "\u202e" not in value and "\x07" not in value


def test_rendered_embeds_keep_their_post_id() -> None:
    by_id = {c["id"]: c for c in GOLD}
    (tweet,) = _reactions(by_id["r031"]["html"])
    assert tweet.url == "https://twitter.com/i/status/1854321098765432101" and tweet.handle is None
    (bsky,) = _reactions(by_id["r033"]["html"])
    assert bsky.url == "https://bsky.app/profile/did:plc:abcd1234efgh5678/post/3kgullpt2xyz"
    (tiktok,) = _reactions(by_id["r034"]["html"])
    assert tiktok.url == "https://www.tiktok.com/embed/v2/7301234567890123456" and tiktok.text == "Ferry ride at dawn"
    (insta,) = _reactions(by_id["r035"]["html"])
    assert insta.url == "https://www.instagram.com/p/C1gUllPt9xY/"


def test_signature_author_survives_dashes_in_the_post() -> None:
    (r,) = _reactions(next(c for c in GOLD if c["id"] == "r037")["html"])
    assert r.author == "Gull Point Residents - Assn"
    assert r.text == "Ferry stays! A 3-2 vote - finally - after six months of asking."
    assert r.date == "November 12, 2025"


def test_feed_item_keeps_the_place_of_each_embed() -> None:
    from reader.core.article.markup import to_document

    root = parse_document(next(c for c in GOLD if c["id"] == "r037")["html"])
    assert root is not None
    body = body_of(root)
    reactions = extract_reactions(body, mark=True)
    doc = to_document(body, embeds=reactions)
    assert [b.kind for b in doc.blocks] == ["paragraph", "embed", "paragraph"]
    assert doc.blocks[1].reaction == reactions[0]
    assert "(@" not in doc.markdown() and "3-2 vote" not in doc.plain()
