"""Synthetic local-news feeds and libraries for the benchmarks: deterministic, realistic in shape and size.

Text is drawn from a Zipf-distributed vocabulary (common English words first, then local-news words, names
and made-up words), so word frequencies look like real prose and search queries hit realistic posting lists.
Feeds look like WordPress RSS 2.0 (CDATA, content:encoded, dc:creator, typographic entities) or Atom.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape


def _words(text: str) -> list[str]:
    return text.split()


COMMON = _words(
    """
the of and to a in is that for it as was with be by on not he this are or his from at which but have an
they you were her she there been one all we their has would when if so no will more what up out about
who its into them can said then some could two time other only new these my first over did like than
most made after also many before must through back years where much your way well down should because
each just those people how too little state good very make world still own see men work long get here
between both life being under never day same another know while last might us great old year off come
since against go came right used take three states himself few house use during without again place
around however home small found thought went say part once general high upon school every does got
united left number course war until always away something fact though water less public put think
almost hand enough far took head yet government system better set told nothing night end why called
didn't eyes find going look asked later knew point next program city business give group toward young
days let room president side social given present several order national possible rather second face
per among form important often things looking early white case john become large big need four within
felt along children saw best church ever least power development light thing seemed family interest
want members others mind country area done turned although open god service problem certain kind began
thus different door help means sense whole matter perhaps itself york times law human line above name
example action company hands local show whether five history gave today either act feet across taken
past quite anything having seen death experience body word half really week field am car words already
themselves information tell together college shall money period held keep sure probably free seems real
behind cannot political air question office making brought whose special major heard problems federal
became study ago moment available known result street economic boy position reason change south board
individual job areas society west close turn love community true court force full seem am policy
"""
)

LOCAL = _words(
    """
council mayor budget school board district county commissioners police sheriff fire department housing
zoning permit residents neighborhood downtown library park transit bus route water sewer rates tax levy
bond election ballot candidate vote hearing ordinance development developer apartment rent eviction
tenant landlord shelter homeless clinic hospital nurse teacher students superintendent principal
enrollment graduation football basketball stadium festival parade museum theater restaurant business
owner manager employees union strike contract salary pension audit lawsuit judge jury trial verdict
sentence arrest charges prosecutor defense attorney officer officers chief deputy crash highway bridge
road construction repair flood storm snow heat wildfire smoke drought farm harvest market grocery
pharmacy church pastor volunteers nonprofit grant funding program services families children seniors
veterans immigrants refugees language interpreter broadband internet airport port ferry rail station
trail river lake beach harbor dock pier warehouse factory plant jobs layoffs wages inflation prices
gasoline electricity utility outage crews contractor inspection report survey data census population
growth decline closure reopening renovation expansion proposal amendment commission committee meeting
agenda minutes testimony public comment petition protest rally march coalition advocates organizers
spokesperson statement interview reporter editor newsroom newspaper radio station podcast
"""
)

FIRST = _words(
    """
Maria James Linda Robert Patricia Michael Jennifer David Elizabeth William Barbara Richard Susan Joseph
Jessica Thomas Sarah Carlos Ana Luis Sofia Wei Mei Jin Priya Arjun Fatima Omar Aisha Kwame Amara Chidi
Nguyen Lan Minh Hana Kenji Yuki Erika Tessa Paul Dolores Rafael Marisol Ibrahim Leila Dmitri Olga
"""
)
LAST = _words(
    """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez
Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker
Hall Rivera Campbell Mitchell Carter Roberts Okafor Mensah Patel Shah Kim Park Tanaka Almiron Kenney
Morgan Osei Haddad Kowalski Novak Ivanova Lindqvist
"""
)
ROLES = [
    role.strip()
    for role in """
mayor|city manager|council member|police chief|school superintendent|county commissioner|executive
director of the housing coalition|spokesperson for the water district|owner of a downtown bakery|
president of the teachers union|a longtime resident|fire chief|district attorney|principal of Lincoln
High School|director of the food bank|chair of the planning commission|state representative|pastor of
Grace Church|organizer with the tenants union|manager of the transit agency
""".replace("\n", " ").split("|")
]
TOWNS = _words(
    """
Riverside Harbor-City Northgate Cedar-Valley Eastside Millbrook Fairview Oak-Hill Lakeshore Pine-Ridge
Brookfield Westport Greenwood Ashland Clearwater Springdale Maple-Grove Stonebridge Bayview Elmwood
"""
)

_ONSETS = _words("b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr qu r s sh sl st str t th tr v w wh y z")
_VOWELS = _words("a e i o u ai ea ee oo ou ie ay")
_CODAS = _words("b ck d ft g l ll m n nd ng nk nt p r rd rn rt s sh ss st t th x")


@dataclass
class Vocabulary:
    """A ranked word list and its Zipf cumulative weights (rank r has weight 1 / r**s)."""

    words: list[str]
    cum_weights: list[float]

    @classmethod
    def build(cls, size: int = 40_000, s: float = 1.07, seed: int = 7) -> Vocabulary:
        rng = random.Random(seed)
        words: list[str] = []
        seen: set[str] = set()

        def add(word: str) -> None:
            if word not in seen:
                seen.add(word)
                words.append(word)

        for word in COMMON:
            add(word)
        local = LOCAL + [w.lower() for w in TOWNS] + [n.lower() for n in FIRST + LAST]
        rng.shuffle(local)
        for word in local:
            add(word)
        while len(words) < size:  # made-up words stand in for the long tail of a real vocabulary
            syllables = rng.choice((1, 2, 2, 2, 3, 3))
            word = "".join(
                rng.choice(_ONSETS) + rng.choice(_VOWELS) + (rng.choice(_CODAS) if rng.random() < 0.4 else "")
                for _ in range(syllables)
            )
            if len(word) >= 3:
                add(word)
        cum = list(itertools.accumulate(1.0 / (rank**s) for rank in range(1, len(words) + 1)))
        return cls(words, cum)

    def sample(self, rng: random.Random, n: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=n)

    def sentence(self, rng: random.Random, lo: int = 8, hi: int = 24) -> str:
        words = self.sample(rng, rng.randint(lo, hi))
        words[0] = words[0].capitalize()
        return " ".join(words) + rng.choice(".....?!")


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _town(rng: random.Random) -> str:
    return rng.choice(TOWNS).replace("-", " ")


def _feed_town(index: int) -> tuple[str, str]:
    town = TOWNS[index % len(TOWNS)].replace("-", " ")
    return town, f"{town.lower().replace(' ', '')}{index}.example"


def _typographic(text: str) -> str:
    # What WordPress sends: numeric entities for apostrophes (the entity pass is part of the work).
    return text.replace("'", "&#8217;")


def article_html(rng: random.Random, vocab: Vocabulary, target: int = 5000) -> str:
    """One article body of about `target` bytes: paragraphs with links and emphasis, quotes, a blockquote."""
    parts: list[str] = []
    size = 0
    quotes = rng.choice((1, 2, 2, 3))
    n = 0
    while size < target - 300:
        n += 1
        sentences = [vocab.sentence(rng) for _ in range(rng.randint(2, 5))]
        if rng.random() < 0.5:
            i = rng.randrange(len(sentences))
            words = sentences[i].split(" ")
            j = rng.randrange(len(words))
            slug = "-".join(vocab.sample(rng, 4))
            site = _town(rng).lower().replace(" ", "")
            words[j] = f'<a href="https://{site}news.example/2026/05/{slug}/">{words[j]}</a>'
            sentences[i] = " ".join(words)
        if rng.random() < 0.2:
            sentences[0] = f"<strong>{sentences[0]}</strong>"
        if rng.random() < 0.15:
            sentences[-1] = f"<em>{sentences[-1]}</em>"
        if quotes and n > 1 and rng.random() < 0.35:
            quotes -= 1
            said = vocab.sentence(rng, 10, 22).rstrip(".?!")
            who = person(rng)
            role = rng.choice(ROLES).strip()
            para = f"&#8220;{said},&#8221; said {who}, {role}. " + " ".join(sentences[:2])
        elif n > 2 and rng.random() < 0.08:
            para = f"<blockquote><p>{vocab.sentence(rng, 15, 35)} {vocab.sentence(rng)}</p></blockquote>"
            parts.append(para)
            size += len(para)
            continue
        else:
            para = " ".join(sentences)
        para = f"<p>{_typographic(para)}</p>"
        parts.append(para)
        size += len(para) + 1
    if rng.random() < 0.1:
        handle = rng.choice(LAST).lower() + str(rng.randint(1, 99))
        parts.append(
            f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{vocab.sentence(rng)}</p>&mdash; '
            f"{person(rng)} (@{handle}) <a href=\"https://twitter.com/{handle}/status/{rng.randint(10**17, 10**18)}\">"
            f"May 3, 2026</a></blockquote>"
        )
    if rng.random() < 0.3:
        parts.append(f"<p><em>{person(rng)} covers {rng.choice(LOCAL)} for the {_town(rng)} Ledger.</em></p>")
    return "\n".join(parts)


@dataclass(frozen=True)
class Item:
    guid: str
    title: str
    link: str
    author: str
    published: datetime
    categories: tuple[str, ...]
    summary: str
    content: str


def items(
    index: int, count: int, *, target: int = 5000, seed: int = 1, first: int = 0, vocab: Vocabulary | None = None
) -> list[Item]:
    """The items of feed `index` (newest first), numbered from `first` (a lower number is a newer item)."""
    vocab = vocab or _default_vocab()
    rng = random.Random(seed * 1_000_003 + index)
    _, host = _feed_town(index)
    start = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    result = []
    for i in range(first, first + count):
        title_words = vocab.sample(rng, rng.randint(5, 12))
        title = " ".join(title_words).capitalize()
        slug = "-".join(title_words[:6])
        result.append(
            Item(
                guid=f"https://{host}/?p={index * 100_000 + i}",
                title=title,
                link=f"https://{host}/2026/06/{slug}/",
                author=person(rng),
                published=start - timedelta(hours=i * 5 + index),
                categories=tuple(rng.sample(LOCAL, 2)),
                summary=vocab.sentence(rng, 20, 40),
                content=article_html(rng, vocab, target),
            )
        )
    return result


def rss(index: int, feed_items: Sequence[Item]) -> bytes:
    town, host = _feed_town(index)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"\t<title>{town} Ledger &#8211; Feed {index}</title>",
        f'\t<atom:link href="https://{host}/feed/" rel="self" type="application/rss+xml" />',
        f"\t<link>https://{host}/</link>",
        f"\t<description>Independent news for {town} since 19{10 + index % 90}</description>",
        "\t<language>en-US</language>",
        "\t<generator>https://wordpress.org/?v=6.8.1</generator>",
    ]
    for it in feed_items:
        cats = "".join(f"\t\t<category><![CDATA[{c.title()}]]></category>\n" for c in it.categories)
        out.append(
            "\t<item>\n"
            f"\t\t<title>{escape(it.title)}</title>\n"
            f"\t\t<link>{it.link}</link>\n"
            f"\t\t<dc:creator><![CDATA[{it.author}]]></dc:creator>\n"
            f"\t\t<pubDate>{format_datetime(it.published)}</pubDate>\n"
            f"{cats}"
            f'\t\t<guid isPermaLink="false">{it.guid}</guid>\n'
            f"\t\t<description><![CDATA[{it.summary}]]></description>\n"
            f"\t\t<content:encoded><![CDATA[{it.content}]]></content:encoded>\n"
            "\t</item>"
        )
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out).encode("utf-8")


def atom(index: int, feed_items: Sequence[Item]) -> bytes:
    town, host = _feed_town(index)
    updated = feed_items[0].published.isoformat() if feed_items else "2026-06-01T00:00:00+00:00"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{town} Public Radio &#8211; Feed {index}</title>",
        f'  <link href="https://{host}/" />',
        f"  <id>tag:{host},2026:feed</id>",
        f"  <updated>{updated}</updated>",
    ]
    for it in feed_items:
        cats = "".join(f'    <category term="{c}" />\n' for c in it.categories)
        out.append(
            "  <entry>\n"
            f"    <title>{escape(it.title)}</title>\n"
            f'    <link href="{it.link}" />\n'
            f"    <id>{it.guid}</id>\n"
            f"    <published>{it.published.isoformat()}</published>\n"
            f"    <updated>{it.published.isoformat()}</updated>\n"
            f"    <author><name>{it.author}</name></author>\n"
            f"{cats}"
            f'    <summary type="html">{escape(it.summary)}</summary>\n'
            f'    <content type="html">{escape(it.content)}</content>\n'
            "  </entry>"
        )
    out += ["</feed>", ""]
    return "\n".join(out).encode("utf-8")


def feed(index: int, count: int = 30, *, target: int = 5000, seed: int = 1) -> bytes:
    """Feed document `index`: one in five is Atom, the rest WordPress-style RSS 2.0."""
    feed_items = items(index, count, target=target, seed=seed)
    return atom(index, feed_items) if index % 5 == 4 else rss(index, feed_items)


def feeds(n: int = 100, count: int = 30, *, target: int = 5000, seed: int = 1) -> list[bytes]:
    return [feed(i, count, target=target, seed=seed) for i in range(n)]


def next_feed(index: int, count: int = 30, *, target: int = 5000, seed: int = 1) -> bytes:
    """Feed `index` an hour later: one new item on top, the oldest gone, the rest unchanged (a daily refresh)."""
    newest = items(index, 1, target=target, seed=seed + 7919, first=-1)
    feed_items = newest + items(index, count - 1, target=target, seed=seed)
    return atom(index, feed_items) if index % 5 == 4 else rss(index, feed_items)


_VOCAB: Vocabulary | None = None


def _default_vocab() -> Vocabulary:
    global _VOCAB
    if _VOCAB is None:
        _VOCAB = Vocabulary.build()
    return _VOCAB


def library_rows(
    n: int, n_feeds: int = 200, *, words: tuple[int, int] = (40, 900), seed: int = 3
) -> Iterator[tuple[int, str, str, str, datetime, str]]:
    """(feed index, key, title, author, published, plain text) for a synthetic library of `n` articles.

    Lengths are skewed as a real library's are (many summaries and short items, some long reads; mean about
    a third of the way from `words[0]` to `words[1]`). For speed, text is cut from a long Zipf-distributed
    word stream at random places rather than drawn word by word: term frequencies stay Zipfian.
    """
    vocab = _default_vocab()
    rng = random.Random(seed)
    pool = vocab.sample(rng, 2_000_000)
    start = datetime(2026, 6, 1, tzinfo=UTC)
    lo, hi = words
    for i in range(n):
        f = i % n_feeds
        title_at = rng.randrange(len(pool) - 12)
        title = " ".join(pool[title_at : title_at + rng.randint(5, 12)]).capitalize()
        length = int(lo + (hi - lo) * rng.random() ** 2)
        parts = []
        while length > 0:
            take = min(length, rng.randint(20, 120))
            at = rng.randrange(len(pool) - take)
            parts.append(" ".join(pool[at : at + take]))
            length -= take
        yield f, f"guid:{f}-{i}", title, person(rng), start - timedelta(minutes=7 * i), ". ".join(parts)


NOMINAL = ["a county spokeswoman", "the clerk", "residents", "one longtime resident", "a neighbor", "police",
           "a spokesperson for the district", "the mayor's office", "critics", "one parent"]


def synthetic_quotes(
    n_articles: int, *, seed: int = 5, people: int = 6000
) -> Iterator[list[tuple[str, str | None, str | None]]]:
    """For each of `n_articles` articles, its quotes as (text, speaker, role): 0-5 a story (1.9 on average), a
    quarter of them from a nominal source ("a county spokeswoman", not a source), the named ones from a pool of
    `people` local names drawn Zipf-like (a police chief is quoted far more than a resident), each with the role
    the story gave them (a person keeps one or two roles across stories)."""
    vocab = _default_vocab()
    rng = random.Random(seed)
    pool = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" + (f" {rng.choice(LAST)}" if i % 3 == 0 else "")
            for i in range(people)]
    pool = list(dict.fromkeys(pool))
    roles = {name: [rng.choice(ROLES).strip(), rng.choice(ROLES).strip()] for name in pool}
    weights = list(itertools.accumulate(1.0 / (rank**0.9) for rank in range(1, len(pool) + 1)))
    for _ in range(n_articles):
        quotes: list[tuple[str, str | None, str | None]] = []
        for _ in range(rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4, 5))):
            text = vocab.sentence(rng, 8, 30)
            if rng.random() < 0.25:
                quotes.append((text, rng.choice(NOMINAL), None))
            else:
                name = rng.choices(pool, cum_weights=weights, k=1)[0]
                quotes.append((text, name, roles[name][0 if rng.random() < 0.8 else 1]))
        yield quotes


def add_quotes(storage: object, version: int, *, batch: int = 2000) -> int:
    """Store synthetic quotes for every article of a benchmark library through Storage.store_quotes (as the
    quote index does), marked as read by engine `version`; returns how many quotes."""
    from reader.core.models import Quote

    ids = [row[0] for row in storage.conn.execute("SELECT id FROM articles ORDER BY id")]  # type: ignore[attr-defined]
    done = 0
    pending: list[tuple[int, list[Quote], int]] = []
    for article_id, quotes in zip(ids, synthetic_quotes(len(ids)), strict=True):
        pending.append((article_id, [Quote(t, s, r) for t, s, r in quotes], version))
        done += len(quotes)
        if len(pending) == batch:
            storage.store_quotes(pending)  # type: ignore[attr-defined]
            pending = []
    if pending:
        storage.store_quotes(pending)  # type: ignore[attr-defined]
    return done
