"""Golden parses of every sample feed: titles, links, authors and dates, as a reader would see them.

Regenerate after an intended change with `python tests/core/test_sample_feeds_golden.py` and read the diff.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.core.parse import parse_feed  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "sample_feeds"
GOLDEN = Path(__file__).resolve().parent / "golden"
FEEDS = sorted(p.name for p in [*SAMPLE.glob("*.xml"), *SAMPLE.glob("*.json")])


def summarise(name: str) -> dict[str, Any]:
    path = SAMPLE / name
    feed = parse_feed(path.read_bytes(), path.resolve().as_uri())
    root = SAMPLE.resolve().as_uri()

    def rel(url: str | None) -> str | None:  # golden files must not depend on the checkout's path
        return url.replace(root, "sample_feeds") if url else url

    return {
        "title": feed.title,
        "site_url": feed.site_url,
        "bozo": feed.warning is not None,
        "entries": [
            {
                "title": e.title,
                "url": rel(e.url),
                "author": e.author,
                "published": e.published.isoformat() if e.published else None,
                "has_content": bool(e.content),
            }
            for e in feed.entries
        ],
    }


@pytest.mark.parametrize("name", FEEDS)
def test_sample_feed_matches_golden(name: str) -> None:
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert summarise(name) == expected


def test_every_feed_has_a_golden_file() -> None:
    assert FEEDS and {f"{n}.json" for n in FEEDS} == {p.name for p in GOLDEN.glob("*.json")}


if __name__ == "__main__":
    for feed_name in FEEDS:
        (GOLDEN / f"{feed_name}.json").write_text(
            json.dumps(summarise(feed_name), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
