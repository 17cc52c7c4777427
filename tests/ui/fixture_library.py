"""Small fixture libraries for the UI tests and snapshots: fixed dates, stored readings, hostile text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reader.core.library import Library, make_library
from reader.core.models import AuthorBio, ParsedEntry, ParsedFeed, Quote, Reaction, Reading
from reader.core.storage import Storage
from reader.paths import Paths

NOW = datetime(2026, 6, 11, 12, 0, tzinfo=UTC)

HOSTILE = ("[@click=app.quit]", "[/]", "x[/", "[bold red]x[/]", "[link=https://e.example]x[/link]")
HOSTILE_TEXT = " ".join(HOSTILE)


def clock() -> datetime:
    return NOW


@dataclass(frozen=True)
class Story:
    title: str
    hours_ago: float
    author: str | None = None
    reading: Reading | None = None
    url: str | None = None


BUDGET = Reading(
    subtitle="Council members want more time to look at a water-rate increase.",
    text=(
        "Riverside's City Council put off a vote Wednesday on the city's $412 million budget after several "
        "members balked at a 4% water-rate increase.\n\n"
        "Councilmember Paul Kenney said, “I'm not voting for a rate hike I read about for the first time on a "
        "Friday afternoon.”\n\n"
        "City Manager Lan Nguyen defended the plan. “We have 61 miles of lead lines still in the ground,” she "
        "said.\n\n"
        "The full proposal is [on the city's website](https://riverside.example/budget). A "
        "[suspicious link](javascript:alert(1)) and a [local file](file:///etc/passwd) must not open.\n\n"
        + "\n\n".join(f"Paragraph {n} of the budget story goes on about the library's Monday hours."
                      for n in range(1, 13))
        + "\n\nResidents can comment at the June 17 hearing, the clerk said."
    ),
    quotes=(
        Quote("I'm not voting for a rate hike I read about for the first time on a Friday afternoon.",
              "Paul Kenney", "councilmember for the North End"),
        Quote("We have 61 miles of lead lines still in the ground,", "Lan Nguyen", "city manager"),
        Quote("Residents can comment at the June 17 hearing", "the clerk", None),
    ),
    reactions=(
        Reaction("x", "Riverside Water Watch", "@rwaterwatch", "Rates up 4% again? Come to the hearing.",
                 "2026-06-10", "https://x.com/rwaterwatch/status/1"),
        Reaction("bluesky", "Tessa Morgan", "@tessa.bsky.social", "Council punted. Story is up.",
                 "2026-06-11", "https://bsky.app/profile/tessa.bsky.social/post/3k"),
    ),
    author_bio=AuthorBio("Tessa Morgan", "Tessa Morgan covers City Hall for the Riverside Ledger."),
)

HOSTILE_READING = Reading(
    subtitle=f"Subtitle {HOSTILE_TEXT}",
    text=(f"Body {HOSTILE_TEXT}\n\nSecond paragraph with \x1b[2J an escape and a bidi \u202e override.\n\n"
          f"“Quote {HOSTILE_TEXT}” said the speaker."),
    quotes=(Quote(f"Quote {HOSTILE_TEXT}", f"Speaker {HOSTILE[0]}", f"Role {HOSTILE[3]}"),),
    reactions=(Reaction("x", f"Author {HOSTILE[0]}", f"@h{HOSTILE[1]}", f"Post {HOSTILE_TEXT}", "2026-06-10",
                        "javascript:alert(1)"),),
    author_bio=AuthorBio(f"Bio {HOSTILE[4]}", f"Bio text {HOSTILE_TEXT}"),
)

LEDGER = [
    Story("Council delays vote on $412 million budget", 3, "Tessa Morgan", BUDGET,
          "https://riverside.example/2026/06/budget"),
    Story("Library branch may close on Mondays", 20, "Tessa Morgan",
          Reading(text="The Main Street branch would close on Mondays under the plan."),
          "https://riverside.example/2026/06/library"),
    Story("Water rates: what a 4% increase means for you", 50, "Dev Patel",
          Reading(text="A typical household would pay about $3.40 more a month."),
          "https://riverside.example/2026/06/water"),
    Story("Eastside bridge reopens after repairs", 24 * 30, "Dev Patel",
          Reading(text="The bridge reopened to traffic on Tuesday."), "https://riverside.example/2026/05/bridge"),
    Story("Schools chief announces retirement", 24 * 400, None,
          Reading(text="The superintendent will retire at the end of the school year."),
          "https://riverside.example/2025/05/schools"),
]

BEACON = [
    Story("Harbor ferry adds late-night runs", 5, "Ana Ruiz",
          Reading(text="The ferry will run until 1 a.m. on weekends.", quotes=(
              Quote("People asked for this for years.", "Ana Ruiz", None),)),
          "https://beacon.example/ferry"),
    Story("Fish market moves to Pier 9", 30, "Ana Ruiz", Reading(text="The market moves next month."),
          "https://beacon.example/market"),
]


def _entries(stories: list[Story], prefix: str) -> tuple[ParsedEntry, ...]:
    return tuple(
        ParsedEntry(
            key=f"{prefix}-{i}",
            title=s.title,
            url=s.url,
            author=s.author,
            published=NOW - timedelta(hours=s.hours_ago),
            updated=None,
            summary=None,
            content=f"<p>{s.title}</p>",
        )
        for i, s in enumerate(stories)
    )


def _store(storage: Storage, url: str, title: str, stories: list[Story], prefix: str) -> int:
    feed_id, _ = storage.add_feed(url, title)
    storage.store_feed(feed_id, ParsedFeed(title, None, _entries(stories, prefix)), etag=None, last_modified=None)
    by_title = {a.title: a.id for a in storage.articles(feed_id=feed_id)}
    for story in stories:
        if story.reading is not None:
            storage.save_reading(by_title[story.title], story.reading)
    return feed_id


def build_library(data_dir: Path, *, hostile: bool = False, empty: bool = False) -> Library:
    """A library in `data_dir` (the app's --data-dir layout): two feeds, one with an error."""
    database = Paths(data_dir, data_dir).database
    if not empty:  # written as the core writes it, then opened as the app opens it
        storage = Storage(database)
        _store(storage, "https://riverside.example/feed/", "Riverside Ledger", LEDGER, "ledger")
        beacon = _store(storage, "https://beacon.example/rss", "Harbor City Beacon", BEACON, "beacon")
        storage.set_feed_error(beacon, "HTTP 404 Not Found: the feed has moved")
        if hostile:
            story = Story(f"Title {HOSTILE_TEXT}", 1, f"Author {HOSTILE_TEXT}", HOSTILE_READING,
                          "https://hostile.example/a")
            _store(storage, "https://hostile.example/feed", f"Feed {HOSTILE[0]} {HOSTILE[2]}", [story], "hostile")
        storage.close()
    return make_library(database)


def paths_for(data_dir: Path) -> Paths:
    return Paths(data_dir, data_dir)
