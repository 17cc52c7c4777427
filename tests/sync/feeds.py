"""Small original RSS feeds for Miniflux to subscribe to, served from the tests' loopback server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

_TOPICS = (
    ("Library board weighs longer weekend hours", "Trustees heard from parents who asked for Sunday story time."),
    ("Ferry schedule shifts for the spring tides", "The early boat leaves twenty minutes sooner through April."),
    ("Bakery on Mill Street marks forty years", "Regulars lined up before dawn for the anniversary rye."),
    ("School crossing guard retires after three decades", "Students signed a banner that now hangs in the office."),
    ("Council delays vote on the harbor parking plan", "Members asked for a count of summer visitors first."),
    ("Volunteers clear the river trail after the storm", "Forty people hauled branches off the lower path."),
)
BASE_DATE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def item_title(feed: str, number: int) -> str:
    return f"{_TOPICS[number % len(_TOPICS)][0]} ({feed} #{number})"


def rss(feed: str, numbers: range | list[int], *, base_url: str = "https://news.example.org") -> bytes:
    """An RSS 2.0 feed named `feed` holding items with these numbers (newest last in the file)."""
    items = []
    for number in numbers:
        title, lede = _TOPICS[number % len(_TOPICS)]
        published = BASE_DATE + timedelta(hours=number)
        items.append(
            "<item>"
            f"<title>{escape(item_title(feed, number))}</title>"
            f"<link>{base_url}/{feed}/{number}</link>"
            f"<guid isPermaLink='false'>{feed}-{number}</guid>"
            f"<author>desk@example.org (Ruth Alvarez)</author>"
            f"<pubDate>{format_datetime(published)}</pubDate>"
            f"<description>{escape(f'<p>{lede}</p><p>Story {number} of the {title.lower()} desk.</p>')}</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(feed)} Gazette</title><link>{base_url}/{feed}</link>"
        f"<description>Local news from {escape(feed)}</description>{''.join(items)}</channel></rss>"
    ).encode()


def article_page(feed: str, number: int) -> bytes:
    """The web page of item `number`: the whole story, with a quote and its speaker, that the feed only summed up."""
    lede = _TOPICS[number % len(_TOPICS)][1]
    paragraphs = [
        lede,
        f"The {feed} desk spent the week on it. Neighbors filled the hall on Tuesday evening and stayed late.",
        "\u201cWe asked for this for years, and now it is finally on the agenda,\u201d said Marisol Vega, "
        "president of the Harbor Street Neighbors Association.",
        "A final decision is expected next month, after a second hearing and a staff report.",
    ]
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{escape(item_title(feed, number))}</title></head><body><header><nav>Home</nav></header>"
        f"<article><h1>{escape(item_title(feed, number))}</h1><p class='byline'>By Ruth Alvarez</p>{body}</article>"
        "<footer>Copyright the Gazette</footer></body></html>"
    ).encode()
