"""Sources: quotes stored per article, one person across articles, roles apart, said:NAME, the background index."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.core import library as library_module
from reader.core import reading as reading_module
from reader.core.library import Library, make_library
from reader.core.models import ParsedEntry, ParsedFeed, Quote, Reading
from reader.core.sources import is_named, matches, parse_said, speaker_key
from reader.core.storage import Storage

NOW = datetime(2026, 6, 11, 12, 0, tzinfo=UTC)


def test_a_named_speaker_is_a_source_a_description_is_not() -> None:
    for name in ("Lan Nguyen", "Harbor Gas", "José Ramírez", "Élodie Marchand", "J.D. Whitfield", "Okafor"):
        assert is_named(name), name
    for description in ("a county spokeswoman", "the clerk", "residents", "one longtime resident",
                        "Three neighborhood associations", "The city", "A spokeswoman for the mayor", "", None,
                        "  ", "“quoted”"):
        assert not is_named(description), description


def test_one_key_per_person_whatever_the_spelling() -> None:
    assert speaker_key("José  Ramírez") == speaker_key("jose ramirez") == "jose ramirez"
    assert speaker_key("J.D. Whitfield") == speaker_key("J. D. Whitfield")
    assert speaker_key("Dana O’Neil") == speaker_key("Dana O'Neil")
    assert speaker_key("Lan Nguyen") != speaker_key("Nguyen")  # a surname alone is not merged with a full name


def test_said_names_a_person_by_whole_words() -> None:
    assert matches("lan nguyen", "Lan Nguyen") and matches("lan nguyen", "nguyen") and matches("lan nguyen", "LAN")
    assert not matches("lan nguyen", "ngu") and not matches("lan nguyen", "Nguyen Lan") and not matches("x", "")
    assert parse_said('said:"Lan Nguyen" budget vote').names == ("Lan Nguyen",)
    assert parse_said('said:"Lan Nguyen" budget vote').words == "budget vote"
    assert parse_said("water said:Kenney").names == ("Kenney",)
    assert parse_said("said:Paul_Kenney").names == ("Paul Kenney",)
    assert parse_said("said:'Ana Ruiz' SAID:Okafor").names == ("Ana Ruiz", "Okafor")
    assert parse_said("said: nothing").names == () and parse_said("said:").words == ""


def _library(tmp_path: Path, feeds: dict[str, list[tuple[str, float, tuple[Quote, ...]]]]) -> Library:
    """A library whose articles (title, hours ago, quotes) are read (their readings stored, as opening them does)."""
    storage = Storage(tmp_path / "lib.sqlite")
    for feed_title, stories in feeds.items():
        feed_id, _ = storage.add_feed(f"https://{feed_title.lower().replace(' ', '')}.example/feed", feed_title)
        entries = tuple(
            ParsedEntry(key=title, title=title, url=f"https://x.example/{i}", author=None,
                        published=NOW - timedelta(hours=hours), updated=None, summary=None, content=f"<p>{title}</p>")
            for i, (title, hours, _) in enumerate(stories)
        )
        storage.store_feed(feed_id, ParsedFeed(feed_title, None, entries), etag=None, last_modified=None)
        ids = {a.title: a.id for a in storage.articles(feed_id=feed_id)}
        for title, _, quotes in stories:
            storage.save_reading(ids[title], Reading(text=title, quotes=quotes))
    storage.close()
    return make_library(tmp_path / "lib.sqlite")


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    return _library(tmp_path, {
        "Riverside Ledger": [
            ("Budget delayed", 3, (
                Quote("Not on a Friday afternoon.", "Paul Kenney", "councilmember"),
                Quote("We have 61 miles of lead lines.", "Lan Nguyen", "city manager"),
                Quote("Comment at the hearing.", "the clerk", None),
            )),
            ("Campaign launch", 400, (Quote("We will win the Eastside.", "Mia Torres", "campaign spokesperson"),)),
        ],
        "Harbor Beacon": [
            ("Ferry runs late", 5, (
                Quote("People asked for this.", "Mia Torres", "press secretary to the mayor"),
                Quote("Finally.", "a rider", None),
            )),
            ("Pipes again", 30, (Quote("The pipes are old.", "LAN NGUYEN", "City Manager"),
                                 Quote("And they leak.", "Lan Nguyen", "city manager"))),
        ],
    })


def test_sources_count_each_person_once_with_every_role_and_outlet(lib: Library) -> None:
    sources = {s.name: s for s in lib.sources()}
    assert set(sources) == {"Paul Kenney", "Lan Nguyen", "Mia Torres"}  # "the clerk", "a rider": no sources
    lan = sources["Lan Nguyen"]
    assert lan.quotes == 3
    assert lan.roles == ("city manager",)  # "City Manager" is the same role
    assert set(lan.outlets) == {"Riverside Ledger", "Harbor Beacon"}
    assert lan.last_quoted == NOW - timedelta(hours=3)
    mia = sources["Mia Torres"]
    # A spokesperson who later became a press secretary keeps both roles, the latest first.
    assert mia.roles == ("press secretary to the mayor", "campaign spokesperson")
    assert mia.outlets == ("Harbor Beacon", "Riverside Ledger")
    assert [s.name for s in lib.sources()][0] == "Lan Nguyen"  # most quoted first
    assert [s.name for s in lib.sources(order="recent")][0] in ("Paul Kenney", "Lan Nguyen")
    assert lib.count_sources() == 3


def test_sources_filter_by_feed_date_and_limit(lib: Library) -> None:
    beacon = lib.find_feed("Harbor Beacon")
    by_feed = {s.name: s.quotes for s in lib.sources(feed_id=beacon.id)}
    assert by_feed == {"Lan Nguyen": 2, "Mia Torres": 1}
    recent = {s.name for s in lib.sources(since=NOW - timedelta(hours=10))}
    assert recent == {"Paul Kenney", "Lan Nguyen", "Mia Torres"}
    assert {s.name for s in lib.sources(since=NOW - timedelta(hours=4))} == {"Paul Kenney", "Lan Nguyen"}
    limited = lib.sources(limit=1)
    assert len(limited) == 1 and limited[0].name == "Lan Nguyen" and limited[0].roles == ("city manager",)


def test_quotes_of_one_person_newest_first_with_their_article(lib: Library) -> None:
    quotes = lib.quotes(speaker="Lan Nguyen")
    assert [q.text for q in quotes] == ["We have 61 miles of lead lines.", "The pipes are old.", "And they leak."]
    assert quotes[0].title == "Budget delayed" and quotes[0].feed_title == "Riverside Ledger"
    assert [q.text for q in lib.quotes(speaker="nguyen")] == [q.text for q in quotes]  # a surname finds them
    assert lib.quotes(speaker="Nobody Here") == []
    assert len(lib.quotes()) == 8  # every quote, named or not
    beacon = lib.find_feed("Harbor Beacon")
    assert {q.text for q in lib.quotes(feed_id=beacon.id, limit=2)} <= {"People asked for this.", "Finally.",
                                                                           "The pipes are old.", "And they leak."}


def test_said_finds_the_articles_quoting_someone(lib: Library) -> None:
    hits = lib.search('said:"Lan Nguyen"')
    assert [h.article.title for h in hits] == ["Budget delayed", "Pipes again"]
    assert "\x02Lan Nguyen\x03" in hits[0].snippet and "lead lines" in hits[0].snippet
    assert [h.article.title for h in lib.search("said:torres ferry")] == ["Ferry runs late"]
    assert [h.article.title for h in lib.search("said:Torres said:Nguyen")] == []  # nobody quoted both
    assert lib.search("said:Nobody") == []
    assert lib.search("said:clerk") == []  # a description is not a source


def test_removing_a_feed_removes_its_quotes(lib: Library) -> None:
    lib.remove(lib.find_feed("Harbor Beacon").id)
    sources = {s.name: s for s in lib.sources()}
    assert sources["Lan Nguyen"].quotes == 1 and "Harbor Beacon" not in sources["Lan Nguyen"].outlets


def _unread_library(tmp_path: Path, count: int) -> Library:
    storage = Storage(tmp_path / "lib.sqlite")
    feed_id, _ = storage.add_feed("https://x.example/feed", "X")
    body = "<p>“We open on Monday,” said Rosa Delgado, the owner. “Come hungry.”</p>"
    entries = tuple(
        ParsedEntry(key=f"k{i}", title=f"Story {i}", url=None, author=None, published=NOW - timedelta(hours=i),
                    updated=None, summary=None, content=body)
        for i in range(count)
    )
    storage.store_feed(feed_id, ParsedFeed("X", None, entries), etag=None, last_modified=None)
    storage.close()
    return make_library(tmp_path / "lib.sqlite")


def test_new_articles_wait_for_the_background_index_then_are_sources(tmp_path: Path) -> None:
    lib = _unread_library(tmp_path, 60)
    assert lib.pending_quotes() == 60 and lib.sources() == []
    seen: list[int] = []
    assert lib.index_quotes(progress=seen.append) == 60
    assert seen == [25, 50, 60] and lib.pending_quotes() == 0
    [rosa] = lib.sources()
    assert rosa.name == "Rosa Delgado" and rosa.quotes == 60 and rosa.roles == ("owner",)
    # The background index never stores a reading (opening the article makes and keeps that).
    assert lib._storage.article(1).reading_json is None  # type: ignore[union-attr]


def test_the_index_stops_when_cancelled_and_the_next_run_goes_on(tmp_path: Path) -> None:
    import threading

    lib = _unread_library(tmp_path, 60)
    cancel = threading.Event()
    lib.index_quotes(cancel=cancel, progress=lambda done: cancel.set())
    assert 0 < lib.pending_quotes() < 60
    lib.index_quotes()
    assert lib.pending_quotes() == 0 and lib.sources()[0].quotes == 60


def test_a_new_quote_finder_reads_again_what_it_stored_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lib = _unread_library(tmp_path, 3)
    lib.index_quotes()
    assert lib.pending_quotes() == 0
    newer = library_module.READING_VERSION + 1
    monkeypatch.setattr(library_module, "READING_VERSION", newer)
    monkeypatch.setattr(reading_module, "READING_VERSION", newer)
    assert lib.pending_quotes() == 3
    assert lib.index_quotes() == 3 and lib.pending_quotes() == 0
    assert lib.sources()[0].quotes == 3  # replaced, not added to


def test_an_article_edited_upstream_is_read_again_for_quotes(tmp_path: Path) -> None:
    lib = _unread_library(tmp_path, 1)
    lib.index_quotes()
    storage = lib._storage
    feed = lib.find_feed("X")
    edited = ParsedEntry(key="k0", title="Story 0", url=None, author=None, published=NOW, updated=NOW,
                         summary=None, content="<p>“We open on Tuesday,” said Ana Ruiz.</p>")
    storage.store_feed(feed.id, ParsedFeed("X", None, (edited,)), etag=None, last_modified=None)
    assert lib.pending_quotes() == 1
    lib.index_quotes()
    assert [s.name for s in lib.sources()] == ["Ana Ruiz"]


def test_opening_an_article_stores_its_quotes(tmp_path: Path) -> None:
    lib = _unread_library(tmp_path, 2)
    article = lib.article(1)
    assert article is not None and article.reading.quotes
    assert lib.pending_quotes() == 1  # the other one still waits
    assert lib.sources()[0].name == "Rosa Delgado"


# -- the list's next unread article, in one query ------------------------------------------------


def test_next_unread_and_positions_follow_the_list_order(tmp_path: Path) -> None:
    lib = _unread_library(tmp_path, 8)
    rows = lib.articles()
    lib.mark_read([rows[1].id, rows[2].id, rows[4].id])
    assert lib.next_unread(rows[0].id, 1) == (3, lib.summary(rows[3].id))
    assert lib.next_unread(rows[3].id, 1) == (5, lib.summary(rows[5].id))
    assert lib.next_unread(rows[3].id, -1) == (0, lib.summary(rows[0].id))
    assert lib.next_unread(rows[0].id, -1) is None
    assert lib.next_unread(rows[7].id, 1) is None
    assert lib.next_unread(None, 1) == (0, lib.summary(rows[0].id))  # an empty cursor: from the top
    assert [lib.position(r.id) for r in rows] == list(range(8))
    assert lib.position(rows[0].id, bookmarked=True) is None
    lib.bookmark(rows[5].id)
    lib.bookmark(rows[6].id)
    assert lib.position(rows[6].id, bookmarked=True) == 1
    assert lib.next_unread(rows[5].id, 1, bookmarked=True) == (1, lib.summary(rows[6].id))


def test_next_unread_is_one_query_on_a_big_list(tmp_path: Path) -> None:
    lib = _unread_library(tmp_path, 3000)
    rows = lib.articles()
    lib.mark_feed_read(None)
    lib.mark_read([rows[2999].id], False)
    statements: list[str] = []
    conn = lib._storage.conn
    conn.set_trace_callback(statements.append)
    try:
        found = lib.next_unread(rows[0].id, 1)
    finally:
        conn.set_trace_callback(None)
    assert found is not None and found[0] == 2999
    queries = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert len(queries) == 2 and queries[0].startswith("SELECT 1 FROM articles WHERE id")  # it exists; then one


def test_a_library_from_before_the_quote_index_is_read_for_quotes(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "old.sqlite"
    shutil.copy(Path(__file__).resolve().parents[1] / "data" / "library-v1.sqlite", copy)
    lib = make_library(copy)
    try:
        total = lib.count_articles()
        assert total and lib.pending_quotes() == total
        assert lib.index_quotes() == total and lib.pending_quotes() == 0
        assert all(s.quotes > 0 and s.name[0].isupper() for s in lib.sources())
    finally:
        lib.close()


def test_a_feed_that_changes_its_name_shows_the_new_one_on_everything_it_brought(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "lib.sqlite")
    feed_id, _ = storage.add_feed("https://ledger.example/feed", "Riverside Ledger")

    def entry(title: str) -> ParsedEntry:
        return ParsedEntry(key=title, title=title, url=f"https://ledger.example/{title}", author=None,
                           published=NOW, updated=None, summary=None, content=f"<p>{title}</p>")

    storage.store_feed(feed_id, ParsedFeed("Riverside Ledger", None, (entry("Budget"),)), etag=None,
                       last_modified=None)
    budget = storage.articles(feed_id=feed_id)[0].id
    storage.save_reading(budget, Reading(text="Budget", quotes=(Quote("Not on a Friday.", "Paul Kenney", None),)))
    storage.store_feed(feed_id, ParsedFeed("The Riverside Ledger-Courier", None, (entry("Budget"), entry("Ferry"))),
                       etag=None, last_modified=None)
    assert {a.feed_title for a in storage.articles(feed_id=feed_id)} == {"The Riverside Ledger-Courier"}
    storage.close()
    lib = make_library(tmp_path / "lib.sqlite")
    try:
        assert [s.outlets for s in lib.sources()] == [("The Riverside Ledger-Courier",)]
        assert [q.feed_title for q in lib.quotes(speaker="Paul Kenney")] == ["The Riverside Ledger-Courier"]
    finally:
        lib.close()
