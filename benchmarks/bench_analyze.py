"""Time to read one ~10 KB article: a feed item (text, quotes, two embeds, bio) and a full page (trafilatura);
with --mirror, every one of Mozilla Readability's 130 real test pages.

    .venv/bin/python benchmarks/bench_analyze.py --mirror /path/to/mozilla+readability
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Original writing, in the shape of city-hall coverage: attributions before and after, a split quote,
# a title before a name, a later surname-only mention.
PARAGRAPHS = [
    "The Riverton City Council voted 6-3 on Tuesday night to spend $2.4 million on sidewalks along Route 9, "
    "ending a two-year dispute over whether the city or the state should pay for the work.",
    "“People have been walking in the ditch for as long as I have lived here,” said Marisol Vega, who has led "
    "the Route 9 Neighbors Association since 2019. “Tonight they finally listened.”",
    "Council President Dana Ortiz said the vote was overdue. “We waited for Harrisburg, and Harrisburg did "
    "not come,” Ortiz said. “At some point you stop waiting and you build the thing.”",
    "Opponents argued that because Route 9 is a state highway, the state transportation department should "
    "cover the cost, and that the money would be better spent on the city’s aging water mains.",
    "Councilmember Ray Holt, who voted no, called the plan “a gift to the state budget.” He said the city had "
    "already deferred $11 million in water system repairs, according to a 2023 engineering report.",
    "Public Works Director Anita Shah told the council that construction would begin in April and take about "
    "eight months. Some lanes will close during the work, she said, and buses will detour at night.",
    "“We will keep at least one lane open in each direction at all times,” Shah said, adding that the city "
    "would post a schedule online two weeks before each phase.",
    "The council also approved a $310,000 contract for snow removal and delayed a vote on a proposed parking "
    "garage downtown until its next meeting, on March 18.",
    "Residents who spoke during the three-hour meeting were mostly in favor. Several described near misses "
    "with trucks; one mother said her son now takes a longer route to school to avoid the highway.",
    "Ortiz said the city would still ask the state to reimburse part of the cost. “We are sending them the "
    "bill,” she said. “Whether they pay it is another question.”",
]
TWEET = (
    "<blockquote class='twitter-tweet'><p lang='en' dir='ltr'>Sidewalks on Route 9 passed 6-3. Two years of "
    "meetings. Thank you to every neighbor who showed up.</p>&mdash; Route 9 Neighbors (@route9neighbors) "
    "<a href='https://twitter.com/route9neighbors/status/1898000000000000001?ref_src=twsrc%5Etfw'>March 4, 2025"
    "</a></blockquote><script async src='https://platform.twitter.com/widgets.js'></script>"
)
YOUTUBE = (
    "<figure class='wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube'>"
    "<div class='wp-block-embed__wrapper'><iframe title='Riverton City Council, March 4' "
    "src='https://www.youtube.com/embed/Rv9Cc2025ab?feature=oembed' allowfullscreen></iframe></div></figure>"
)
BIO = "<p><em>Priya Natarajan covers city hall for the Riverton Ledger.</em></p>"


def fragment(target_chars: int = 10_000) -> str:
    """A feed item's content:encoded of about target_chars of text, with two embeds and a trailing bio."""
    parts: list[str] = []
    size = 0
    i = 0
    while size < target_chars:
        text = PARAGRAPHS[i % len(PARAGRAPHS)]
        parts.append(f"<p>{text}</p>")
        size += len(text)
        if i == 3:
            parts.append(TWEET)
        if i == 7:
            parts.append(YOUTUBE)
        i += 1
    return "".join(parts) + BIO


def full_page(target_chars: int = 10_000) -> str:
    """The same article inside a realistic page: head metadata, navigation, sidebar, related links, footer."""
    nav = "".join(f"<li><a href='/section/{n}'>Section {n}</a></li>" for n in range(30))
    related = "".join(f"<li><a href='/news/{n}'>Another local story number {n}</a></li>" for n in range(12))
    return (
        "<!DOCTYPE html><html><head><title>Council funds Route 9 sidewalks | Riverton Ledger</title>"
        "<meta property='og:title' content='Council funds Route 9 sidewalks after two-year fight'>"
        "<meta name='description' content='The $2.4 million plan passed 6-3.'>"
        "<meta name='author' content='Priya Natarajan'></head><body>"
        f"<header><a class='logo' href='/'>Riverton Ledger</a><nav><ul>{nav}</ul></nav></header>"
        "<main><article><h1>Council funds Route 9 sidewalks after two-year fight</h1>"
        "<p class='dek'>The $2.4 million plan passed 6-3 despite objections over who should pay.</p>"
        "<div class='byline'>By Priya Natarajan</div><div class='entry-content'>"
        f"{fragment(target_chars)}</div>"
        f"<aside class='related'><h3>Related</h3><ul>{related}</ul></aside></article></main>"
        "<footer><p>© 2025 Riverton Ledger</p></footer></body></html>"
    )


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()  # warm-up: imports, regex compilation
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1]


def readability_pages(mirror: str) -> list[tuple[str, str]]:
    """(name, html) of Mozilla Readability's test pages, read from a clone or bare git dir (never stored here)."""
    import io
    import subprocess
    import tarfile

    git_dir = mirror if (Path(mirror) / "objects").is_dir() else str(Path(mirror) / ".git")
    if (Path(mirror) / "test" / "test-pages").is_dir():
        base = Path(mirror) / "test" / "test-pages"
        return [(p.name, (p / "source.html").read_bytes().decode("utf-8", "replace")) for p in sorted(base.iterdir())]
    data = subprocess.run(
        ["git", "--git-dir", git_dir, "archive", "--format=tar", "HEAD", "test/test-pages"],
        check=True,
        capture_output=True,
    ).stdout
    pages = []
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar.getmembers():
            if member.name.endswith("/source.html"):
                handle = tar.extractfile(member)
                if handle is not None:
                    pages.append((member.name.split("/")[-2], handle.read().decode("utf-8", "replace")))
    return sorted(pages)


def bench_pages(mirror: str, runs: int) -> None:
    """Each page read `runs` times (after one warm-up read); the median of the per-page medians."""
    from reader.core.article import analyze_page

    pages = readability_pages(mirror)
    per_page = []
    for _name, html in pages:
        med, _ = median_ms(lambda html=html: analyze_page(html), runs)
        per_page.append(med)
    per_page.sort()
    print(
        f"Readability's {len(pages)} test pages: median {statistics.median(per_page):.1f} ms a page, "
        f"p90 {per_page[int(len(per_page) * 0.9) - 1]:.1f} ms, slowest {per_page[-1]:.1f} ms (goal: median <= 60 ms)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--mirror", help="a clone or bare git dir of github.com/mozilla/readability: time its 130 pages")
    ap.add_argument("--page-runs", type=int, default=5, help="reads of each Readability page")
    args = ap.parse_args(argv)

    from reader.core.article import analyze_item, analyze_page

    item_html = fragment()
    page_html = full_page()
    item = analyze_item(item_html, None, author="Priya Natarajan")
    page = analyze_page(page_html)
    print(
        f"feed item: {len(item_html) / 1024:.1f} KB HTML, {len(item.text) / 1024:.1f} KB text, "
        f"{len(item.quotes)} quotes, {len(item.reactions)} reactions, bio {'yes' if item.author_bio else 'no'}"
    )
    med, p90 = median_ms(lambda: analyze_item(item_html, None, author="Priya Natarajan"), args.runs)
    print(f"  analyze_item: median {med:.1f} ms, p90 {p90:.1f} ms over {args.runs} runs (goal <= 20 ms)")
    print(
        f"full page: {len(page_html) / 1024:.1f} KB HTML, {len(page.text) / 1024:.1f} KB text, "
        f"{len(page.quotes)} quotes, {len(page.reactions)} reactions, bio {'yes' if page.author_bio else 'no'}"
    )
    med, p90 = median_ms(lambda: analyze_page(page_html), args.runs)
    print(f"  analyze_page: median {med:.1f} ms, p90 {p90:.1f} ms over {args.runs} runs")
    if args.mirror:
        bench_pages(args.mirror, args.page_runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
