"""The Library facade against a real loopback HTTP server: refresh outcomes, identity, isolation of failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.fetch import Fetcher, FetchLimits
from reader.core.library import Library, LibraryError, make_library
from tests.httpserver import LoopbackServer

LIMITS = FetchLimits(connect_timeout=1.0, read_timeout=1.0, deadline=1.5, max_bytes=64 * 1024)


def rss(title: str, *items: tuple[str, str]) -> bytes:
    body = "".join(
        f"<item><title>{t}</title><guid>{g}</guid><link>https://t.example/{g}</link>"
        f"<description>&lt;p&gt;{t} body.&lt;/p&gt;</description></item>"
        for t, g in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'.encode()


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = make_library(tmp_path / "lib.sqlite", Fetcher(LIMITS))
    yield library
    library.close()


def refresh(lib: Library) -> dict[str, tuple[str, int, str | None]]:
    return {r.feed_url.rsplit("/", 1)[-1]: (r.status, r.new, r.error) for r in lib.refresh_iter()}


def test_200_then_304_with_validators(lib: Library, http_server: LoopbackServer) -> None:
    url = http_server.route(
        "/feed",
        body=rss("Town", ("A", "1"), ("B", "2")),
        etag='"v1"',
        last_modified="Tue, 03 Mar 2026 10:00:00 GMT",
    )
    feed, new = lib.add(url)
    assert (feed.title, new) == ("Town", 2)
    assert refresh(lib) == {"feed": ("not_modified", 0, None)}
    sent = http_server.requests_to("/feed")[-1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Tue, 03 Mar 2026 10:00:00 GMT"


def test_errors_are_per_feed_and_keep_articles(lib: Library, http_server: LoopbackServer) -> None:
    good = http_server.route("/good", body=rss("Good", ("A", "1")))
    flaky = http_server.route("/flaky", body=rss("Flaky", ("X", "9"), ("Y", "8")))
    lib.add(good)
    lib.add(flaky)
    http_server.route("/flaky", status=500, body=b"oops")
    http_server.route("/good", body=rss("Good", ("A", "1"), ("B", "2")))
    assert refresh(lib) == {"good": ("ok", 1, None), "flaky": ("error", 0, "HTTP 500 Internal Server Error")}
    flaky_feed = lib.find_feed("Flaky")
    assert flaky_feed.error == "HTTP 500 Internal Server Error"
    assert flaky_feed.total == 2  # nothing it had is lost


@pytest.mark.parametrize(
    ("route", "needle"),
    [
        ({"status": 404, "body": b"no"}, "HTTP 404"),
        ({"body": rss("Big", ("A", "1")) + b"<!--" + b"x" * 200_000 + b"-->"}, "limit"),
        ({"body": rss("Slow", ("A", "1")), "trickle": 0.2}, "timed out"),
        (
            {"body": b"<html><body>Hello</body></html>", "headers": {"Content-Type": "text/html"}},
            "not a feed",
        ),
    ],
)
def test_feed_turning_hostile(
    lib: Library, http_server: LoopbackServer, route: dict[str, object], needle: str
) -> None:
    url = http_server.route("/feed", body=rss("Town", ("A", "1")))
    feed, _ = lib.add(url)
    http_server.route("/feed", **route)  # type: ignore[arg-type]
    (result,) = list(lib.refresh_iter())
    assert result.status == "error"
    assert needle in (result.error or "")
    assert "\n" not in (result.error or "")
    assert [a.title for a in lib.articles()] == ["A"]


def test_redirect_is_followed(lib: Library, http_server: LoopbackServer) -> None:
    http_server.route("/new", body=rss("Moved", ("A", "1")))
    url = http_server.route("/old", status=301, headers={"Location": "/new"})
    feed, new = lib.add(url)
    assert (feed.title, new) == ("Moved", 1)


def test_retry_after_is_honoured(lib: Library, http_server: LoopbackServer) -> None:
    url = http_server.route("/feed", body=rss("Town", ("A", "1")))
    lib.add(url)
    http_server.route("/feed", status=429, headers={"Retry-After": "3600"})
    assert refresh(lib)["feed"][0] == "error"
    hits = http_server.hits("/feed")
    (result,) = list(lib.refresh_iter())
    assert result.status == "error" and "not asked again before" in (result.error or "")
    assert http_server.hits("/feed") == hits


def test_gone_feed_is_marked_and_left_alone(lib: Library, http_server: LoopbackServer) -> None:
    url = http_server.route("/feed", body=rss("Town", ("A", "1")))
    lib.add(url)
    http_server.route("/feed", status=410)
    list(lib.refresh_iter())
    assert lib.find_feed("Town").gone
    hits = http_server.hits("/feed")
    (result,) = list(lib.refresh_iter())
    assert "gone" in (result.error or "")
    assert http_server.hits("/feed") == hits


def test_add_autodiscovers_and_refuses_non_feeds(lib: Library, http_server: LoopbackServer) -> None:
    http_server.route("/rss.xml", body=rss("Found", ("A", "1")))
    page = http_server.route(
        "/",
        body=b'<html><head><link rel="alternate" type="application/rss+xml" '
        b'href="/rss.xml"></head><body>hi</body></html>',
        headers={"Content-Type": "text/html"},
    )
    feed, _ = lib.add(page)
    assert feed.url == http_server.url("/rss.xml")
    with pytest.raises(LibraryError, match="already subscribed"):
        lib.add(page)
    bare = http_server.route("/plain", body=b"<html><body>nothing</body></html>")
    with pytest.raises(LibraryError, match="names no feed"):
        lib.add(bare)
    missing = http_server.route("/missing", status=404)
    with pytest.raises(LibraryError, match="HTTP 404"):
        lib.add(missing)
    assert [f.title for f in lib.feeds()] == ["Found"]


def test_mark_feed_read_returns_ids_for_undo(lib: Library, http_server: LoopbackServer) -> None:
    feed, _ = lib.add(http_server.route("/feed", body=rss("Town", ("A", "1"), ("B", "2"))))
    ids = lib.mark_feed_read(feed.id)
    assert len(ids) == 2 and lib.articles(unread=True) == []
    lib.mark_read(ids, False)
    assert len(lib.articles(unread=True)) == 2


def test_page_of_a_web_feed_never_reads_local_files(
    lib: Library, http_server: LoopbackServer, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text("<html><body><p>TOP SECRET local file</p></body></html>")
    body = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Short</title>'
        f"<link>{secret.as_uri()}</link><description>Teaser.</description></item></channel></rss>"
    ).encode()
    lib.add(http_server.route("/feed", body=body))
    (summary,) = lib.articles()
    assert summary.url is None
    article = lib.article(summary.id)
    assert article is not None and "TOP SECRET" not in article.reading.text


def test_refresh_leaves_no_connection_behind(lib: Library, http_server: LoopbackServer) -> None:
    for n in range(4):
        lib.add(http_server.route(f"/f{n}", body=rss(f"Feed {n}", ("A", f"{n}"))))
    for _ in range(3):
        assert len(list(lib.refresh_iter())) == 4
    # only this thread's connection is left: each refresh's worker threads took theirs with them
    assert len(lib._storage._connections) == 1


def test_a_reading_stored_by_an_older_engine_is_made_again(lib: Library, http_server: LoopbackServer) -> None:
    import json

    from reader.core.models import READING_VERSION

    body = "<p>The council passed the budget 5-2 on Tuesday, after a three-hour hearing on library hours.</p>" * 12
    feed = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Town</title><item><title>Budget passes</title><guid>1</guid>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"
    )
    lib.add(http_server.route("/feed", body=feed.encode()))
    (summary,) = lib.articles()
    first = lib.article(summary.id)
    assert first is not None and first.reading.version == READING_VERSION
    assert first.reading.plain.startswith("The council passed the budget 5-2")
    # What the first engine stored: Markdown with escapes, no plain text, no version.
    with lib._storage.transaction() as tx:
        tx.execute(
            "UPDATE articles SET reading = ? WHERE id = ?",
            (json.dumps({"text": "Old \\[engine] text", "author": "Ann Lee"}), summary.id),
        )
    again = lib.article(summary.id)
    assert again is not None and again.reading == first.reading
