"""Headline, authors, published time and the body's first words: ours beside trafilatura's own, on the same pages.

    .venv/bin/python benchmarks/metadata_vs_trafilatura.py --mirror /path/to/mozilla+readability   # both sets
    .venv/bin/python benchmarks/metadata_vs_trafilatura.py --no-readability                          # ScrapingHub only

Two sets of real pages, read at run time (nothing from them is stored in this repository):
- Mozilla Readability's 130 test pages (a clone or bare git dir of github.com/mozilla/readability): title,
  byline and published time against expected-metadata.json, scored by the rules of
  ../shared/bench/readability_pages.py (imported from there). (Its expected.html keeps headlines, bylines and
  datelines in the text, so it is no gold for where the body starts);
- the ScrapingHub article-extraction benchmark (../shared/bench-data/article-extraction, 181 pages): the body's
  first six words against the hand-checked article body, and main-text F1 by the benchmark's own metric.

trafilatura's side: `trafilatura.extract_metadata` for title, author and date, `trafilatura.extract` for the
text, as a user of the library would call them. Ours: `analyze_page` in this process. It prints one line per
measure with both figures, and the pages where we lose, so that a regression shows where it is.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(SHARED / "bench"))

_WORD = re.compile(r"\w+")
OPENING_WORDS = 6


def opening(text: str | None) -> list[str]:
    return _WORD.findall(text or "")[:OPENING_WORDS]


def ours(html: str) -> dict[str, Any]:
    from reader.core.article import analyze_page

    r = analyze_page(html)
    return {"title": r.title, "author": r.author, "published": r.published, "text": r.plain}


def theirs(html: str) -> dict[str, Any]:
    import trafilatura
    from trafilatura.metadata import extract_metadata

    try:
        meta = extract_metadata(html)
    except Exception:  # noqa: BLE001 - a page trafilatura cannot read counts as nothing found
        meta = None
    text = trafilatura.extract(html) or ""
    return {
        "title": getattr(meta, "title", None),
        "author": getattr(meta, "author", None),
        "published": getattr(meta, "date", None),
        "text": text,
    }


def both(html: str) -> tuple[dict[str, Any], dict[str, Any]]:
    return ours(html), theirs(html)


def _readability_pages(mirror: str, tmp: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, html, expected metadata) for every page of the mirror."""
    import readability_pages as rp

    found = rp.extract_pages(mirror, tmp)
    if not found:
        raise SystemExit("readability pages not found: pass --mirror")
    pages_dir = Path(found[0])
    out = []
    for page in sorted(pages_dir.iterdir()):
        source, meta = page / "source.html", page / "expected-metadata.json"
        if not (source.is_file() and meta.is_file()):
            continue
        html = source.read_bytes().decode("utf-8", "replace")
        out.append((page.name, html, json.loads(meta.read_text(encoding="utf-8"))))
    return out


def _rate(rows: list[bool]) -> str:
    return f"{sum(rows) / len(rows):.3f} ({sum(rows)}/{len(rows)})" if rows else "n/a"


def score_readability(mirror: str, jobs: int, verbose: bool) -> None:
    import readability_pages as rp

    with tempfile.TemporaryDirectory() as tmp:
        pages = _readability_pages(mirror, tmp)
        with ProcessPoolExecutor(jobs) as pool:
            results = list(pool.map(both, [p[1] for p in pages], chunksize=4))
    measures: dict[str, tuple[list[bool], list[bool]]] = {}

    Judge = Callable[[dict[str, Any]], bool]

    def count(name: str, page: str, judge: Judge, a: dict[str, Any], b: dict[str, Any]) -> None:
        mine, other = judge(a), judge(b)
        rows = measures.setdefault(name, ([], []))
        rows[0].append(mine)
        rows[1].append(other)
        if verbose and other and not mine:
            print(f"  lose {name:10} {page}")

    for (name, _html, exp), (a, b) in zip(pages, results, strict=True):
        if (exp.get("title") or "").strip():
            title = exp["title"].strip()
            count("title", name, lambda r, t=title: bool(r["title"]) and rp.norm(r["title"]) == rp.norm(t), a, b)
        if (exp.get("byline") or "").strip():
            byline = exp["byline"]
            count(
                "byline",
                name,
                lambda r, y=byline: rp.either_contains(rp.norm_byline(r["author"] or ""), rp.norm_byline(y)),
                a,
                b,
            )
        if exp.get("publishedTime"):
            when = exp["publishedTime"]
            count("published", name, lambda r, w=when: rp.same_time(r["published"], w), a, b)
    print(f"Readability's test pages ({len(pages)}): ours | trafilatura")
    for name, (mine, other) in measures.items():
        print(f"  {name:10} {_rate(mine):>18} | {_rate(other)}")


def score_scrapinghub(jobs: int, verbose: bool) -> None:
    data = SHARED / "bench-data" / "article-extraction"
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = list(truth)
    pages = [gzip.decompress((data / "html" / f"{i}.html.gz").read_bytes()).decode("utf-8", "replace") for i in ids]
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(both, pages, chunksize=4))
    import extraction_f1 as metric

    mine, other = [], []
    f1_mine, f1_other = [], []
    for pid, (a, b) in zip(ids, results, strict=True):
        body = truth[pid].get("articleBody") or ""
        f1_mine.append(metric.score_page(body, a["text"]))
        f1_other.append(metric.score_page(body, b["text"]))
        gold = opening(body)
        mine.append(opening(a["text"]) == gold)
        other.append(opening(b["text"]) == gold)
        if verbose and other[-1] and not mine[-1]:
            print(f"  lose opening {pid[:12]}: ours {' '.join(opening(a['text']))!r} gold {' '.join(gold)!r}")
    print(f"ScrapingHub pages ({len(ids)}): ours | trafilatura")
    print(f"  {'opening':10} {_rate(mine):>18} | {_rate(other)}")
    for label, counts in (("ours", f1_mine), ("trafilatura", f1_other)):
        p, r, f = metric.aggregate(counts)
        print(f"  main-text F1, {label}: {f:.3f} (P {p:.3f}, R {r:.3f})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mirror", help="clone or bare git dir of github.com/mozilla/readability")
    ap.add_argument("--no-readability", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-v", "--verbose", action="store_true", help="list the pages where trafilatura wins")
    args = ap.parse_args()
    if not args.no_readability:
        if not args.mirror:
            ap.error("--mirror is needed for Readability's pages (or pass --no-readability)")
        score_readability(args.mirror, args.jobs, args.verbose)
    score_scrapinghub(args.jobs, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
