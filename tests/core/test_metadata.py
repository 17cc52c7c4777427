"""What a page says about itself: the headline, the people who wrote it, the dek and the dates, each read from
every place pages put it and weighed against the others. The pages are written for these tests."""

from __future__ import annotations

import json

import pytest

from reader.core.article.authors import looks_like_person, read_byline
from reader.core.article.dates import parse_date
from reader.core.article.dom import jsonld_objects, parse_document
from reader.core.article.metadata import PageMeta, read_meta


def meta_of(head: str, body: str = "", *, url: str | None = None) -> PageMeta:
    root = parse_document(f"<html><head>{head}</head><body>{body}</body></html>")
    assert root is not None
    return read_meta(root, jsonld_objects(root), url=url)


def ld(obj: dict[str, object]) -> str:
    return f"<script type='application/ld+json'>{json.dumps(obj)}</script>"


# --- headline -------------------------------------------------------------------------------------------
def test_headline_without_the_site_name_and_in_the_declared_form() -> None:
    m = meta_of(
        "<title>Ferry service returns to Gull Point | Harbor City Beacon</title>"
        "<meta property='og:site_name' content='Harbor City Beacon'>"
        "<meta property='og:title' content='Ferry service returns to Gull Point'>",
        "<header><h1 class='site-logo'>Harbor City Beacon</h1></header>"
        "<article><h1>Ferry service returns to Gull Point</h1><p>Text.</p></article>",
    )
    assert m.title == "Ferry service returns to Gull Point"
    assert m.headline_element is not None and m.headline_element.text == "Ferry service returns to Gull Point"


def test_a_social_title_loses_to_the_headline_the_other_sources_agree_on() -> None:
    m = meta_of(
        "<title>Ferry returns to Gull Point after six-year wait - Harbor City Beacon</title>"
        "<meta property='og:title' content='You will never guess which ferry is back'>"
        "<meta name='twitter:title' content='Ferry returns to Gull Point after six-year wait'>",
        "<h1>Ferry returns to Gull Point after six-year wait</h1>",
    )
    assert m.title == "Ferry returns to Gull Point after six-year wait"


def test_jsonld_headline_and_seo_suffix() -> None:
    m = meta_of(ld({"@type": "NewsArticle", "headline": "Library levy passes by 212 votes"}) + "<title>News</title>")
    assert m.title == "Library levy passes by 212 votes"
    m = meta_of("<title>Library levy passes by 212 votes – Dunmore Daily</title>")
    assert m.title == "Library levy passes by 212 votes"
    assert meta_of(
        "<title>Dunmore Daily - Library levy passes</title>", url="https://www.dunmoredaily.com/x"
    ).title == ("Library levy passes")


def test_a_short_site_name_inside_a_longer_title_does_not_make_it_furniture() -> None:
    # A blog host's title ("Post @ Blog name :: Host ::"): the headline part holds the blog's name, so it
    # may not be taken for a "Site - Headline" prefix, which would leave the host's name as the headline.
    m = meta_of(
        "<meta property='og:site_name' content='Ana Notes'>"
        "<meta property='og:title' content='Ferry vote set @ Ana Notes :: Blogly ::'>"
        "<title>Ferry vote set @ Ana Notes :: Blogly ::</title>"
    )
    assert m.title is not None and m.title.startswith("Ferry vote set")


def test_a_social_title_that_is_only_the_site_name_is_no_headline() -> None:
    m = meta_of(
        "<meta name='application-name' content='Dunmore Daily - Local News &amp; Weather'>"
        "<meta property='og:title' content='Dunmore Daily - Local News &amp; Weather'>"
        "<meta name='twitter:title' content='Dunmore Daily - Local News &amp; Weather'>"
        "<title>Ferry crews rescue two kayakers off Gull Point</title>",
        "<h1>Ferry crews rescue two kayakers off Gull Point</h1><h1>A photo caption that runs on</h1>",
    )
    assert m.title == "Ferry crews rescue two kayakers off Gull Point"
    # ... but a site whose name is its story's headline (a one-story site, a misconfigured CMS) keeps it.
    same = "Gull Point kayak rescue"
    m = meta_of(f"<meta property='og:site_name' content='{same}'><meta property='og:title' content='{same}'>",
                f"<h1>{same}</h1>")
    assert m.title == same


def test_a_one_word_h1_is_a_logo_not_the_headline() -> None:
    m = meta_of("<title>Storm closes schools across the county</title>", "<h1>Beacon</h1><p>Text.</p>")
    assert m.title == "Storm closes schools across the county"


def test_dek_from_the_page_over_the_description_with_entities_decoded() -> None:
    m = meta_of(
        "<meta name='description' content='Parents say &amp;#8220;finally&amp;#8221;'>",
        "<h1>Storm closes schools across the county</h1><p class='article-dek'>The district will make up the "
        "days in June, the superintendent said.</p><p>Body.</p>",
    )
    assert m.dek == "The district will make up the days in June, the superintendent said."
    assert m.description == "Parents say “finally”"


def test_subtitle_class_far_from_the_headline_is_not_the_dek() -> None:
    m = meta_of(
        "",
        "<h1>Storm closes schools across the county</h1>"
        + "<p>x</p>" * 80
        + "<div class='subtitle'>Most popular stories this week on the site</div>",
    )
    assert m.dek is None


# --- authors --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Doe and John Roe | Staff writers · Updated March 3, 2024", ["Jane Doe", "John Roe"]),
        ("Words by Ines Alvarado — 4 min read", ["Ines Alvarado"]),
        ("BY TOMAS REYES, STAFF WRITER", ["TOMAS REYES"]),
        ("Keisha Grant, Ada Obi & Lou Park", ["Keisha Grant", "Ada Obi", "Lou Park"]),
        ("Par Claire Dubois (avec Marc Petit et Léa Roux)", ["Claire Dubois", "Marc Petit", "Léa Roux"]),
        ("By Dana Whitlock Harbor City Beacon reporter", ["Dana Whitlock"]),
        ("Written by Omar Haddad\nEdited by Ruth Kim", ["Omar Haddad"]),
        ("Our Metro Staff", []),
        ("E. Jean Marsh", ["E. Jean Marsh"]),
        ("De Luca Santos", ["De Luca Santos"]),
    ],
)
def test_bylines_give_names_without_by_dates_desks_or_roles(byline: str, names: list[str]) -> None:
    assert read_byline(byline) == names


def test_people_and_organisations() -> None:
    assert looks_like_person("Dana Whitlock") and looks_like_person("Mark van der Berg")
    assert not looks_like_person("Harbor City News") and not looks_like_person("Riverton")


def test_coauthors_from_jsonld_persons_through_graph_ids() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "NewsArticle", "author": [{"@id": "#p1"}, {"@id": "#p2"}]},
            {"@type": "Person", "@id": "#p1", "name": "Owen Brandt"},
            {"@type": "Person", "@id": "#p2", "name": "Sara Lind"},
        ],
    }
    m = meta_of(ld(graph))
    assert m.authors == ("Owen Brandt", "Sara Lind")
    assert m.byline == "Owen Brandt, Sara Lind"


def test_the_publisher_is_no_author_when_a_person_signs_the_piece() -> None:
    m = meta_of(
        "<meta property='og:site_name' content='Harbor City Beacon'><meta name='author' content='Harbor City Beacon'>",
        "<h1>Ferry service returns to Gull Point</h1><div class='byline'>By <a rel='author'>Hana Sato</a>"
        "<time>March 3, 2025</time></div><p>Text.</p>",
    )
    assert m.authors == ("Hana Sato",)
    alone = meta_of(
        "<meta property='og:site_name' content='Harbor City Beacon'><meta name='author' content='Harbor City Beacon'>"
    )
    assert alone.authors == ("Harbor City Beacon",)


def test_a_commenter_or_a_cms_account_is_no_author() -> None:
    m = meta_of(
        "<meta name='author' content='admin'>",
        "<p>Text.</p><form><label class='comment-author'>Name (required)</label></form>"
        "<div class='related-stories'><span class='byline'>By Carl Jensen</span></div>",
    )
    assert m.authors == ()


# --- dates ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-03-05T14:30:00-05:00", "2024-03-05T14:30:00-05:00"),
        ("2024-03-05T19:30:00.123Z", "2024-03-05T19:30:00+00:00"),
        ("2024-03-05 14:30:00 -0500", "2024-03-05T14:30:00-05:00"),
        ("2024-03-05 14:30:00", "2024-03-05T14:30:00"),
        ("2024-03-05", "2024-03-05"),
        ("20240305", "2024-03-05"),
        ("Tue, 05 Mar 2024 19:30:00 GMT", "2024-03-05T19:30:00+00:00"),
        ("1709667000", "2024-03-05T19:30:00+00:00"),
        ("1709667000000", "2024-03-05T19:30:00+00:00"),
        ("0001-01-01T00:00:00", None),
        ("2999-01-01", None),
        ("last Tuesday", None),
    ],
)
def test_structured_dates_keep_their_zone(value: str, iso: str | None) -> None:
    assert parse_date(value) == iso


def test_published_and_updated_from_every_place() -> None:
    m = meta_of(
        ld(
            {
                "@type": "NewsArticle",
                "datePublished": "2024-03-05T09:00:00-05:00",
                "dateModified": "2024-03-06T10:00:00-05:00",
            }
        )
    )
    assert (m.published, m.updated) == ("2024-03-05T09:00:00-05:00", "2024-03-06T10:00:00-05:00")
    m = meta_of("<meta property='article:published_time' content='2024-03-05T09:00:00+01:00'>")
    assert m.published == "2024-03-05T09:00:00+01:00"
    m = meta_of(
        "", "<h1>Ferry returns</h1><div class='byline'><time datetime='2024-03-05T09:00:00-08:00'>March 5</time></div>"
    )
    assert m.published == "2024-03-05T09:00:00-08:00"
    m = meta_of("", "<h1>Ferry returns</h1><p class='dateline'>Published March 5, 2024</p><p>Text of the story.</p>")
    assert m.published == "2024-03-05"


def test_image_from_jsonld_or_open_graph() -> None:
    m = meta_of(
        ld(
            {"@type": "NewsArticle", "image": {"@type": "ImageObject", "url": "/img/ferry.jpg", "caption": "The ferry"}}
        ),
        url="https://beacon.example/news/ferry",
    )
    assert (
        m.image is not None and m.image.url == "https://beacon.example/img/ferry.jpg" and m.image.caption == "The ferry"
    )
    m = meta_of("<meta property='og:image' content='javascript:alert(1)'>")
    assert m.image is None
