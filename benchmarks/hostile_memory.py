"""Peak memory of one refresh against every hostile server at once, at real sizes and default limits.

    python benchmarks/hostile_memory.py            # default limits (30 s deadline): takes ~35 s
    python benchmarks/hostile_memory.py --quick    # a 3 s deadline, 256 MB bombs (the CI test: 2 s, 128 MB)
    python benchmarks/hostile_memory.py --near-cap # also a valid feed of 15.5 MB, just under the 16 MB cap

The servers run in this process on 127.0.0.1; the refresh runs in a child process, whose peak RSS
(VmHWM) is what is printed. Goal: under 400 MB. Exit status 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MB = 1024 * 1024
GOAL_MB = 400


def rss(title: str, *guids: str, extra: str = "") -> bytes:
    items = "".join(
        f"<item><title>{g}</title><guid>{g}</guid><link>https://news.example/{g}</link>"
        f"<description>&lt;p&gt;{g} body.&lt;/p&gt;</description></item>"
        for g in guids
    )
    return (
        f'<?xml version="1.0"?>{extra}<rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'
    ).encode()


def lazy(total: int, prefix: bytes = b"", chunk: int = 64 * 1024) -> Callable[[], Iterator[bytes]]:
    def body() -> Iterator[bytes]:
        yield prefix + b"<!--"
        sent = len(prefix) + 4
        while sent < total:
            piece = b"x" * min(chunk, total - sent)
            sent += len(piece)
            yield piece

    return body


def gzip_bomb(inflated: int) -> bytes:
    """`inflated` bytes of zeros, gzipped without ever holding them: ~1 KB on the wire per MB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * MB
    parts = [packer.compress(rss("Bomb", "BOMB")[: -len(b"</channel></rss>")] + b"<!--")]
    parts += [packer.compress(zeros) for _ in range(inflated // MB)]
    parts.append(packer.flush())
    return b"".join(parts)


def big_item_feed(size: int) -> bytes:
    from xml.sax.saxutils import escape

    paragraph = "<p>The council met on Tuesday and said \u201cwe will vote later,\u201d said Mayor Ann Lee.</p>\n"
    body = escape(paragraph * (size // len(paragraph)))
    return (
        f'<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Big</title><item><title>Big</title><guid>big</guid><link>https://news.example/big"
        f"</link><content:encoded>{body}</content:encoded></item></channel></rss>"
    ).encode()


def routes(server: object, *, near_cap: bool, bomb_mb: int = 1024) -> list[str]:
    """Every hostile behaviour of issue 5, at real sizes; returns the URLs to subscribe to."""
    from tests.httpserver import LoopbackServer, close_mid_body, reset_mid_body, trickle_headers

    assert isinstance(server, LoopbackServer)
    laughs = (
        '<!DOCTYPE rss [<!ENTITY lol0 "lol">'
        + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
        + "]>"
    )
    xxe = f'<!DOCTYPE rss [<!ENTITY f SYSTEM "file:///etc/passwd"><!ENTITY h SYSTEM "{server.url("/xxe")}">]>'
    author = "a" * (40 * 1024)
    table: dict[str, dict[str, object]] = {
        "/huge-chunked": {"body": lazy(100 * MB, rss("Huge", "H")[:-16]), "chunked": True},
        "/huge-close-delimited": {"body": lazy(100 * MB, rss("Huge", "H")[:-16])},
        "/huge-declared": {"body": lazy(100 * MB, rss("Huge", "H")[:-16]), "length": 100 * MB},
        "/gzip-bomb": {"body": gzip_bomb(bomb_mb * MB), "headers": {"Content-Encoding": "gzip"}},
        "/gzip-bomb-chunked": {
            "body": gzip_bomb(bomb_mb // 4 * MB),
            "headers": {"Content-Encoding": "gzip"},
            "chunked": True,
        },
        "/twenty-mb-item": {"body": big_item_feed(20 * MB)},
        "/trickle": {"body": rss("Slow", "S"), "trickle": 1.0},
        "/trickle-headers": {"handler": trickle_headers},
        "/redirect-loop": {"status": 302, "headers": {"Location": "/redirect-loop"}},
        "/redirect-file": {"status": 301, "headers": {"Location": "file:///etc/passwd"}},
        "/redirect-ftp": {"status": 302, "headers": {"Location": "ftp://127.0.0.1/feed"}},
        "/empty": {"body": b""},
        "/html": {
            "body": b"<!doctype html><html><body><p>no feed</p></body></html>",
            "headers": {"Content-Type": "text/html"},
        },
        "/404": {"status": 404, "body": b"not here"},
        "/410": {"status": 410},
        "/429": {"status": 429, "headers": {"Retry-After": "3600"}},
        "/503": {"status": 503, "headers": {"Retry-After": "Fri, 31 Dec 2100 23:59:59 GMT"}},
        "/reset": {"handler": reset_mid_body},
        "/short": {"handler": close_mid_body},
        "/laughs": {"body": rss("Laughs", "L", extra=laughs)},
        "/xxe": {"body": b"SECRET"},
        "/xxe-feed": {"body": rss("XXE", "X", extra=xxe)},
        "/author": {"body": rss("Author", "A").replace(b"<guid>", f"<author>{author}</author><guid>".encode())},
        "/good-1": {"body": rss("Good 1", "G1", "G2")},
        "/good-2": {"body": rss("Good 2", "G3", "G4")},
    }
    if near_cap:
        table["/near-cap"] = {"body": big_item_feed(12 * MB)}  # ~15.5 MB once escaped into the XML
    for path, route in table.items():
        server.route(path, **route)  # type: ignore[arg-type]
    # A host that answers 429/503 with Retry-After is left alone for the rest of the refresh: those two are served
    # under another name for the same loopback server, so the others are still asked.
    urls = [server.url(p).replace("127.0.0.1", "localhost") if p in ("/429", "/503") else server.url(p)
            for p in table if p != "/xxe"]
    urls.append(f"https://127.0.0.1:{server.port}/good-1")  # a TLS failure
    return urls


def _vm_hwm_kb() -> int:
    # Not ru_maxrss: Linux carries the parent's size at fork into it across exec (a 400 MB test worker would
    # read as a 400 MB refresh). VmHWM belongs to this program alone.
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def child(db: str, urls_file: str, deadline: float) -> None:
    """The refresh being measured: default limits but the deadline, every URL subscribed, one refresh."""

    from reader.core.fetch import Fetcher, FetchLimits
    from reader.core.library import make_library

    urls = json.loads(Path(urls_file).read_text())
    started = time.monotonic()
    with make_library(db, Fetcher(FetchLimits(deadline=deadline))) as library:
        for url in urls:
            library.subscribe(url)
        results = [
            {"url": r.feed_url, "status": r.status, "new": r.new, "error": r.error} for r in library.refresh_iter()
        ]
        articles = len(library.articles())
        library.index_pending()
    from reader.core.storage import Storage

    storage = Storage(db)
    integrity = storage.integrity_check()
    storage.close()
    peak = _vm_hwm_kb() / 1024
    print(
        json.dumps(
            {
                "peak_mb": round(peak, 1),
                "seconds": round(time.monotonic() - started, 2),
                "results": results,
                "articles": articles,
                "integrity": integrity,
            }
        )
    )


def measure(*, deadline: float, near_cap: bool = False, bomb_mb: int = 1024) -> dict[str, object]:
    """Serve everything, refresh in a child process, return the child's report."""
    from tests.httpserver import LoopbackServer

    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    with LoopbackServer() as server, tempfile.TemporaryDirectory(prefix="hostile-memory-") as tmp:
        urls = routes(server, near_cap=near_cap, bomb_mb=bomb_mb)
        urls_file = Path(tmp) / "urls.json"
        urls_file.write_text(json.dumps(urls))
        proc = subprocess.run(
            [sys.executable, __file__, "--child", str(Path(tmp) / "lib.sqlite"), str(urls_file), str(deadline)],
            capture_output=True,
            text=True,
            env=env,
            timeout=deadline * 4 + 120,
            cwd=ROOT,
        )
        if proc.returncode != 0:
            raise SystemExit(f"the refresh failed ({proc.returncode}): {proc.stderr}")
        report: dict[str, object] = json.loads(proc.stdout)
        report["requests"] = len(server.requests)
        return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a 3 s per-feed deadline instead of the default 30 s")
    parser.add_argument("--near-cap", action="store_true", help="also a valid 15 MB feed (just under the cap)")
    parser.add_argument("--json", action="store_true", help="print the child's whole report as JSON")
    parser.add_argument("--child", nargs=3, metavar=("DB", "URLS", "DEADLINE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], float(args.child[2]))
        return 0
    from reader.core.fetch import DEFAULT_LIMITS

    deadline = 3.0 if args.quick else DEFAULT_LIMITS.deadline
    report = measure(deadline=deadline, near_cap=args.near_cap, bomb_mb=256 if args.quick else 1024)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        results = report["results"]
        assert isinstance(results, list)
        for r in sorted(results, key=lambda r: r["url"]):
            print(f"{r['status']:<13} {r['url'].rsplit('/', 1)[-1]:<22} {r['error'] or ''}")
        print(
            f"\n{len(results)} feeds, {report['articles']} articles stored, integrity {report['integrity']}, "
            f"{report['seconds']} s (deadline {deadline:g} s)"
        )
        print(f"peak RSS of the refreshing process: {report['peak_mb']} MB (goal < {GOAL_MB} MB)")
    peak = report["peak_mb"]
    assert isinstance(peak, float | int)
    return 0 if peak < GOAL_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
