"""Feed parsers side by side: ours (parse.py on feedparser-rs) against feedparser and the old fastfeed path.

    .venv/bin/python benchmarks/bench_parsers.py                        # ours alone
    .venv/bin/python benchmarks/bench_parsers.py --old-root /tmp/base --old-python /tmp/fpenv/bin/python

`--old-root` is a checkout from before feedparser-rs (e.g. `git archive 37d370c | tar -x -C /tmp/base`), and
`--old-python` a Python with feedparser 6 installed (the project no longer depends on it): then that checkout's
`parse_feed(fast=False)` (feedparser as it was configured: no sanitizer, no relative-URI pass, person fields
capped) and `parse_feed(fast=True)` (fastfeed's expat path, feedparser for everything outside it) are measured
beside ours, each in its own process.

Data: the sample feeds; feedparser's own corpus (2,107 files, shared/bench-data/feedparser-corpus); the refresh
benchmark's 100 feeds x 30 items (17 MB, benchmarks/feedgen.py); hostile documents (entity bombs, a 40 KB author
in eight disguises, a 20 MB item). Printed: CPU seconds per data set (the median of --repeat runs), CPU time and
peak RSS growth per hostile document, and a differential over the corpus: for every file, the fields we store
(feed title and site, and per entry key, title, link, author, published, summary, content) compared with
feedparser's.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "bench-data" / "feedparser-corpus"
_HEADER = re.compile(rb"^Header:\s*Content-type:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
KB, MB = 1024, 1024 * 1024


def corpus() -> list[tuple[str, bytes, str | None]]:
    if not CORPUS.is_dir():
        return []
    out = []
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name not in ("README.md", "LICENSE")):
        data = path.read_bytes()
        match = _HEADER.search(data[:2000])
        out.append((path.relative_to(CORPUS).as_posix(), data, match.group(1).decode("latin-1") if match else None))
    return out


def samples() -> list[tuple[str, bytes, str | None]]:
    folder = ROOT / "sample_feeds"
    return [(p.name, p.read_bytes(), None) for p in sorted(folder.glob("*")) if p.suffix in (".xml", ".json")]


def bench_feeds() -> list[tuple[str, bytes, str | None]]:
    sys.path.insert(0, str(HERE))
    import feedgen

    return [(f"feed{i}", body, "application/rss+xml") for i, body in enumerate(feedgen.feeds(100, 30, target=5000))]


def _rss(items: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Hostile</title><link>https://news.example/</link>{items}</channel></rss>"
    ).encode()


def hostile() -> list[tuple[str, bytes, str | None]]:
    decls = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' if i else '<!ENTITY lol0 "lol">' for i in range(10))
    big = "x" * 60_000
    a = "a" * (40 * KB)
    authors = {
        "plain": f"<author>{a}</author>",
        "cdata": f"<author><![CDATA[{a}]]></author>",
        "comment-first": f"<author><!-- x -->{a}</author>",
        "pi-first": f"<author><?x y?>{a}</author>",
        "tag-first": f"<author><b></b>{a}</author>",
        "split-cdata": "<author>" + "".join(f"<![CDATA[{'a' * 1000}]]>" for _ in range(40)) + "</author>",
        "dc-creator-cdata": f"<dc:creator><![CDATA[{a}]]></dc:creator>",
        "email-like": f"<author>{a}@{'b' * 100}.com</author>",
    }
    paragraph = "<p>The council met on Tuesday and said \u201cwe will vote later.\u201d " + "word " * 30 + "</p>\n"
    from html import escape

    docs = [
        ("billion laughs", _rss("<item><title>&lol9;</title><description>&lol9;</description></item>",
                                f"<!DOCTYPE rss [{decls}]>")),
        ("quadratic blowup", _rss("<item><title>q</title><description>" + "&big;" * 5000 + "</description></item>",
                                  f'<!DOCTYPE rss [<!ENTITY big "{big}">]>')),
    ]
    docs += [(f"40 KB author ({name})", _rss(f"<item><title>t</title><guid>1</guid>{body}</item>"))
             for name, body in authors.items()]
    body = paragraph * (20 * MB // len(paragraph))
    docs.append(("20 MB item", _rss(f"<item><title>Huge</title><guid>h</guid><content:encoded>{escape(body)}"
                                    "</content:encoded></item>")))
    return [(name, data, None) for name, data in docs]


# ------------------------------------------------------------------------------------------- worker


def _fields(parsed: Any) -> list[Any]:
    def iso(value: Any) -> str | None:
        return value.isoformat() if value else None

    def text(value: str | None) -> str | None:
        return value.strip() if value else value

    return [parsed.title, parsed.site_url, [
        [e.key, e.title, e.url, e.author, iso(e.published), text(e.summary), text(e.content)] for e in parsed.entries
    ]]


def _reset_peak() -> int:
    try:
        with open("/proc/self/clear_refs", "w") as f:  # resets VmHWM to the current RSS (Linux)
            f.write("5")
    except OSError:
        pass
    return _hwm()


def _hwm() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * KB
    return 0


def worker(mode: str, repeat: int) -> None:
    from reader.core.parse import ParseError, parse_feed

    def parse(data: bytes, url: str, content_type: str | None) -> Any:
        if mode == "ours":
            return parse_feed(data, url, content_type)
        return parse_feed(data, url, content_type, fast=mode == "fastfeed")  # type: ignore[call-arg]

    sets = {"sample feeds": samples(), "corpus": corpus(), "refresh benchmark feeds": bench_feeds()}
    parse(b'<rss version="2.0"><channel><title>warm</title></channel></rss>', "https://x.example/", None)
    report: dict[str, Any] = {"sets": {}, "hostile": {}, "diff": {}}
    for name, docs in sets.items():
        times = []
        for _ in range(repeat):
            started = time.process_time()
            for doc_name, data, content_type in docs:
                with contextlib.suppress(ParseError):
                    parse(data, f"https://feeds.example/{doc_name}", content_type)
            times.append(time.process_time() - started)
        report["sets"][name] = {"files": len(docs), "cpu": statistics.median(times)}
    for doc_name, data, content_type in corpus():
        try:
            report["diff"][doc_name] = _fields(parse(data, f"https://feeds.example/{doc_name}", content_type))
        except ParseError:
            report["diff"][doc_name] = None
    for doc_name, data, content_type in hostile():
        base = _reset_peak()
        started = time.process_time()
        try:
            parsed = parse(data, "https://news.example/feed", content_type)
            outcome = f"{len(parsed.entries)} entries, longest field {max(len(str(x)) for x in _fields(parsed)[2][0])}"
        except ParseError as exc:
            outcome = f"refused: {exc}"
        report["hostile"][doc_name] = {"cpu": time.process_time() - started, "rss": (_hwm() - base) / MB,
                                       "outcome": outcome[:80]}
    json.dump(report, sys.stdout)


# ---------------------------------------------------------------------------------------------- main


def run(python: str, root: Path, mode: str, repeat: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run([python, __file__, "--worker", mode, "--repeat", str(repeat)], env=env, cwd=root,
                         capture_output=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def differential(reference: dict[str, Any], other: dict[str, Any]) -> tuple[int, Counter[str]]:
    same = 0
    fields: Counter[str] = Counter()
    names = ("key", "title", "link", "author", "published", "summary", "content")
    for doc, ref in reference.items():
        got = other.get(doc)
        if ref == got:
            same += 1
            continue
        if ref is None or got is None:
            fields["refused by one, a feed to the other"] += 1
            continue
        if ref[0] != got[0]:
            fields["feed title"] += 1
        if ref[1] != got[1]:
            fields["feed link"] += 1
        if len(ref[2]) != len(got[2]):
            fields["number of entries"] += 1
            continue
        for name in {names[i] for a, b in zip(ref[2], got[2], strict=True) for i in range(7) if a[i] != b[i]}:
            fields[f"entry {name}"] += 1
    return same, fields


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--old-root", type=Path, help="a checkout from before feedparser-rs (has fastfeed.py)")
    ap.add_argument("--old-python", default=sys.executable, help="a Python with feedparser installed")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, args.repeat)
        return 0
    results = {"ours (feedparser-rs)": run(sys.executable, ROOT, "ours", args.repeat)}
    if args.old_root:
        results["feedparser"] = run(args.old_python, args.old_root.resolve(), "feedparser", args.repeat)
        results["fastfeed + feedparser"] = run(args.old_python, args.old_root.resolve(), "fastfeed", args.repeat)
    print(f"CPU seconds, median of {args.repeat} runs")
    names = list(results)
    print(f"  {'data set':28}" + "".join(f"{n:>24}" for n in names))
    for data_set, info in results[names[0]]["sets"].items():
        print(f"  {data_set + ' (' + str(info['files']) + ')':28}"
              + "".join(f"{results[n]['sets'][data_set]['cpu']:>24.3f}" for n in names))
    print("\nhostile documents: CPU ms / peak RSS growth MB / outcome")
    for doc in results[names[0]]["hostile"]:
        print(f"  {doc}")
        for n in names:
            h = results[n]["hostile"][doc]
            print(f"    {n:24} {h['cpu'] * 1000:8.1f} ms {h['rss']:7.1f} MB  {h['outcome']}")
    if "feedparser" in results:
        reference = results["feedparser"]["diff"]
        print(f"\ndifferential over the corpus ({len(reference)} files), against feedparser:")
        for n in names:
            if n == "feedparser":
                continue
            same, fields = differential(reference, results[n]["diff"])
            print(f"  {n}: the stored fields are the same in {same} files; they differ in {len(reference) - same}")
            for field, count in fields.most_common():
                print(f"      {field}: {count} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
