"""The command line end to end, through a subprocess, on a library under tmp_path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE_FEEDS

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title><link>https://t.example/</link>
{items}</channel></rss>"""
ITEM = "<item><title>{t}</title><guid>{g}</guid><link>https://t.example/{g}</link><description>{d}</description></item>"


def run(
    data: Path, *args: str, stdin: str | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=120,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"reader {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
    return proc


def as_json(proc: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(proc.stdout)


def write_feed(path: Path, title: str, items: list[tuple[str, str, str]]) -> Path:
    body = "".join(ITEM.format(t=t, g=g, d=d) for t, g, d in items)
    path.write_text(FEED.format(title=title, items=body), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("sample-lib")
    run(data, "import-opml", str(SAMPLE_FEEDS / "feeds.opml"))
    run(data, "refresh")
    return data


def test_sample_feeds_import_refresh_list(sample_library: Path) -> None:
    feeds = as_json(run(sample_library, "feeds", "--json"))
    assert len(feeds) >= 6
    for feed in feeds:
        assert set(feed) >= {"id", "title", "url", "site_url", "unread", "error"}
        assert feed["error"] is None, feed
    articles = as_json(run(sample_library, "list", "--json"))
    assert len(articles) >= 25
    for article in articles:
        assert set(article) >= {"id", "title", "feed", "url", "published", "read", "bookmarked"}
    assert len({a["id"] for a in articles}) == len(articles)


def test_second_refresh_adds_nothing(sample_library: Path) -> None:
    before = as_json(run(sample_library, "list", "--json"))
    results = as_json(run(sample_library, "refresh", "--json"))
    assert all(r["status"] in ("ok", "not_modified") and r["new"] == 0 for r in results), results
    assert as_json(run(sample_library, "list", "--json")) == before


def test_show_json_has_the_article_contract(sample_library: Path) -> None:
    first = as_json(run(sample_library, "list", "--json"))[0]
    article = as_json(run(sample_library, "show", str(first["id"]), "--json"))
    assert set(article) >= {
        "title",
        "author",
        "published",
        "url",
        "subtitle",
        "text",
        "quotes",
        "reactions",
        "author_bio",
    }
    assert article["title"] == first["title"]
    assert article["text"].strip()
    text = run(sample_library, "show", str(first["id"])).stdout
    for section in ("Quotes", "Reactions", "Author"):
        assert f"\n{section}\n" in text


def test_text_listings_show_what_the_json_holds(sample_library: Path) -> None:
    # Text is for people and JSON for scripts: the same records in the same order, one line each.
    feeds = as_json(run(sample_library, "feeds", "--json"))
    lines = run(sample_library, "feeds").stdout.splitlines()
    assert len(lines) == len(feeds)
    for feed, line in zip(feeds, lines, strict=True):
        assert line.split()[0] == str(feed["id"])
        assert f" {feed['unread']}/" in line
        assert line.endswith(f"{feed['title']}  <{feed['url']}>")
    articles = as_json(run(sample_library, "list", "--json"))
    lines = run(sample_library, "list").stdout.splitlines()
    assert len(lines) == len(articles)
    for article, line in zip(articles, lines, strict=True):
        assert line.split()[0] == str(article["id"])
        assert (line[7] == "N") is (not article["read"])
        assert line.endswith("  " + article["title"])
    sources = as_json(run(sample_library, "sources", "--json"))
    lines = run(sample_library, "sources").stdout.splitlines()
    assert sources and len(lines) == 2 * len(sources)  # the person, then the outlets quoting them
    for source, line, outlets in zip(sources, lines[0::2], lines[1::2], strict=True):
        assert line.split()[0] == str(source["quotes"])
        assert f"  {source['name']}" in line
        assert outlets.strip() == ", ".join(source["outlets"])


def test_read_and_bookmark_survive_refresh(tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "f.xml", "Town", [("One", "1", "a"), ("Two", "2", "b")])
    data = tmp_path / "lib"
    added = as_json(run(data, "add", str(feed), "--json"))
    assert added["new"] == 2
    ids = {a["title"]: a["id"] for a in as_json(run(data, "list", "--json"))}
    run(data, "bookmark", str(ids["One"]))
    run(data, "show", str(ids["Two"]), "--mark-read")
    write_feed(feed, "Town", [("Two", "2", "b edited"), ("Three", "3", "c")])  # One left the feed
    run(data, "refresh")
    listed = {a["title"]: a for a in as_json(run(data, "list", "--json"))}
    assert set(listed) == {"One", "Two", "Three"}
    assert listed["Two"]["read"] is True
    assert listed["Two"]["id"] == ids["Two"] and listed["One"]["id"] == ids["One"]
    assert [a["title"] for a in as_json(run(data, "bookmarks", "--json"))] == ["One"]
    assert {a["title"] for a in as_json(run(data, "list", "--unread", "--json"))} == {"One", "Three"}


def test_search_and_unbookmark(tmp_path: Path) -> None:
    feed = write_feed(
        tmp_path / "f.xml",
        "Town",
        [
            ("Ferry fares rise", "1", "The harbor ferry costs more."),
            ("Library hours", "2", "Open late on Thursdays."),
        ],
    )
    data = tmp_path / "lib"
    run(data, "add", str(feed))
    hits = as_json(run(data, "search", "ferry", "--json"))
    assert [h["title"] for h in hits] == ["Ferry fares rise"]
    run(data, "bookmark", str(hits[0]["id"]))
    run(data, "unbookmark", str(hits[0]["id"]))
    assert as_json(run(data, "bookmarks", "--json")) == []


def test_opml_round_trip(sample_library: Path, tmp_path: Path) -> None:
    exported = run(sample_library, "export-opml").stdout
    path = tmp_path / "out.opml"
    path.write_text(exported, encoding="utf-8")
    fresh = tmp_path / "fresh"
    run(fresh, "import-opml", str(path))
    original = {(f["url"], f["title"]) for f in as_json(run(sample_library, "feeds", "--json"))}
    copied = {(f["url"], f["title"]) for f in as_json(run(fresh, "feeds", "--json"))}
    assert copied == original


def test_remove_keeps_bookmarked_reading(tmp_path: Path) -> None:
    feed = write_feed(
        tmp_path / "f.xml", "Town", [("Keep me", "1", "<p>Body to keep.</p>"), ("Drop", "2", "x")]
    )
    data = tmp_path / "lib"
    run(data, "add", str(feed))
    keep = next(a for a in as_json(run(data, "list", "--json")) if a["title"] == "Keep me")
    run(data, "bookmark", str(keep["id"]))
    run(data, "remove", "Town")
    assert as_json(run(data, "feeds", "--json")) == []
    assert [a["title"] for a in as_json(run(data, "list", "--json"))] == ["Keep me"]
    assert "Body to keep." in as_json(run(data, "show", str(keep["id"]), "--json"))["text"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("show", "999999"), "no such article"),
        (("show", "abc"), "not an article id"),
        (("add", "/no/such/file.xml"), "no such file"),
        (("remove", "nothing-like-this"), "no such feed"),
        (("import-opml", "/no/such.opml"), "No such file"),
        (("analyze", "/no/such.html"), "No such file"),
    ],
)
def test_errors_are_one_line_without_traceback(tmp_path: Path, args: tuple[str, ...], needle: str) -> None:
    proc = run(tmp_path / "lib", *args, check=False)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert needle in lines[0]
    assert "Traceback" not in proc.stderr


def test_add_refuses_what_is_not_a_feed(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>x</title></head><body><p>No feed here</p></body></html>")
    text = tmp_path / "notes.txt"
    text.write_text("just some words\n")
    for path, needle in ((page, "names no feed"), (text, "not a feed")):
        proc = run(tmp_path / "lib", "add", str(path), check=False)
        assert proc.returncode == 1
        assert needle in proc.stderr
    assert as_json(run(tmp_path / "lib", "feeds", "--json")) == []


def test_add_discovers_feed_on_html_page(tmp_path: Path) -> None:
    write_feed(tmp_path / "feed.xml", "Found", [("One", "1", "a")])
    page = tmp_path / "index.html"
    page.write_text(
        '<html><head><link rel="alternate" type="application/rss+xml" href="feed.xml"></head>'
        "<body>home</body></html>"
    )
    added = as_json(run(tmp_path / "lib", "add", str(page), "--json"))
    assert added["title"] == "Found"
    assert added["url"].endswith("/feed.xml")


def test_invalid_opml_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline")
    proc = run(tmp_path / "lib", "import-opml", str(bad), check=False)
    assert proc.returncode == 1
    assert "invalid OPML" in proc.stderr


def test_analyze_plain_text_from_stdin(tmp_path: Path) -> None:
    story = (
        "Council delays vote\n\n"
        "The council delayed the vote on Tuesday.\n\n"
        "\u201cWe need more time to read the plan,\u201d said Council President Marisol Reyes.\n"
    )
    data = as_json(run(tmp_path / "lib", "analyze", "-", "--json", stdin=story))
    assert "delayed the vote" in data["text"]
    assert set(data) >= {
        "title",
        "author",
        "published",
        "url",
        "subtitle",
        "text",
        "quotes",
        "reactions",
        "author_bio",
    }


def test_xdg_dirs_are_used_without_data_dir(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg-data")}
    feed = write_feed(tmp_path / "f.xml", "Town", [("One", "1", "a")])
    subprocess.run(
        [sys.executable, "-m", "reader", "add", str(feed)], env=env, check=True, capture_output=True
    )
    assert (tmp_path / "xdg-data" / "localnews-reader" / "library.sqlite").is_file()
