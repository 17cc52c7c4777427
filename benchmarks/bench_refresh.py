"""Refresh benchmark: `reader refresh` beside `newsboat -x reload` on the same loopback feeds, cold and warm.

    .venv/bin/python benchmarks/bench_refresh.py [--runs 3] [--feeds 100] [--items 30] [--no-newsboat]

Serves N synthetic feeds (benchmarks/feedgen.py: 30 items of ~5 KB HTML each) from threaded HTTP servers on the
loopback interface that answer ETag/Last-Modified validators with 304 and wait `--latency` (50 ms) before every
answer. Hosts are loopback addresses 127.0.0.N (the whole of 127.0.0.0/8 is loopback on Linux and never leaves
the machine). Layouts (`--layout`): `mix` (the default) is a realistic subscription list, 100 feeds over 47 hosts
(host sizes 10, 8, 6, 5, 5, 4, 4, 3, 3, 3, then 12 hosts of 2 and 25 of 1, in a seeded shuffled order; scaled
when --feeds is not 100); `one-host` puts every feed on 127.0.0.1 (a newspaper's section feeds, a feed proxy,
a sync server); `per-feed` gives each feed its own host. We send at most 6 requests to a host at once (config
`per_host`); newsboat keeps up to `reload-threads` connections, whatever the host.

Per run, for each reader, on a fresh library: a cold refresh (empty library), a warm one (every feed answers
304), and an update (every feed has moved on by one item: new ETag, one new item, 29 unchanged; the everyday
case). newsboat 2.21 forgets validators on a new cache's first reload, so its warm figure is its third reload.

Reported per measurement: wall seconds, CPU seconds (user + sys of the process and of the children it waited
for, from wait4), peak RSS of the process itself (VmHWM) and of the process with its children (sampled every
10 ms), the HTTP statuses the servers sent, and the TCP connections they accepted (in all, and the most to one
host).
Medians over the runs, then ours / newsboat ratios against the goals (wall ≤ 0.5x, CPU ≤ 2x).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import selectors
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import feedgen  # noqa: E402

LAST_MODIFIED = ("Mon, 01 Jun 2026 12:00:00 GMT", "Mon, 01 Jun 2026 13:00:00 GMT")
PAGE = os.sysconf("SC_PAGE_SIZE")


# ------------------------------------------------------------------------------------------ server


@dataclass
class FeedRoute:
    bodies: tuple[bytes, bytes]  # the feed, and the feed an hour later (one new item, the oldest gone)
    etags: tuple[str, str]


@dataclass
class Stats:
    statuses: Counter[int] = field(default_factory=Counter)
    connections: Counter[str] = field(default_factory=Counter)  # host → TCP connections accepted
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> tuple[Counter[int], Counter[str]]:
        with self.lock:
            taken, self.statuses = self.statuses, Counter()
            opened, self.connections = self.connections, Counter()
        return taken, opened


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FeedServer

    def setup(self) -> None:
        super().setup()
        stats = self.server.owner.stats
        with stats.lock:
            stats.connections[self.server.server_address[0]] += 1

    def do_GET(self) -> None:
        owner = self.server.owner
        route = owner.routes.get((self.server.server_address[1], self.path))
        time.sleep(owner.latency)  # every answer, 304s included, waits like a distant server
        version = owner.version
        if route is None:
            status, body, headers = 404, b"not found", {"Content-Type": "text/plain"}
        elif self._not_modified(route.etags[version], LAST_MODIFIED[version]):
            status, body, headers = 304, b"", {}
        else:
            status, body = 200, route.bodies[version]
            headers = {"Content-Type": "application/rss+xml; charset=utf-8"}
        if route is not None:
            headers["ETag"] = route.etags[version]
            headers["Last-Modified"] = LAST_MODIFIED[version]
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)
        with owner.stats.lock:
            owner.stats.statuses[status] += 1

    def _not_modified(self, etag: str, last_modified: str) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        return self.headers.get("If-Modified-Since") == last_modified

    def log_message(self, *args: Any) -> None:
        pass


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    owner: MultiPortServer

    def server_bind(self) -> None:  # skip the reverse DNS lookup of HTTPServer.server_bind
        import socketserver

        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[0], self.server_address[1]


class MultiPortServer:
    """Threaded HTTP servers on loopback addresses (127.0.0.1, .2, …), driven by one selector thread."""

    def __init__(self, hosts: int, latency: float) -> None:
        self.latency = latency
        self.version = 0  # 1: every feed has moved on by one item
        self.stats = Stats()
        self.routes: dict[tuple[int, str], FeedRoute] = {}
        self.servers = []
        for i in range(hosts):
            srv = FeedServer((f"127.0.0.{i + 1}", 0), Handler)
            srv.owner = self
            self.servers.append(srv)
        self._selector = selectors.DefaultSelector()
        for srv in self.servers:
            self._selector.register(srv.socket, selectors.EVENT_READ, srv)
        self._wake_r, self._wake_w = socket.socketpair()
        self._selector.register(self._wake_r, selectors.EVENT_READ, None)
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def add(self, index: int, body: bytes, later: bytes, host: int | None = None) -> str:
        srv = self.servers[(index if host is None else host) % len(self.servers)]
        host, port = srv.server_address[:2]
        path = f"/feed{index}.xml"
        tag = tuple('"' + hashlib.sha1(b).hexdigest()[:16] + '"' for b in (body, later))
        self.routes[(port, path)] = FeedRoute((body, later), tag)  # type: ignore[arg-type]
        return f"http://{host}:{port}{path}"

    def _loop(self) -> None:
        while True:
            for key, _ in self._selector.select():
                if key.data is None:
                    return
                key.data._handle_request_noblock()

    def __enter__(self) -> MultiPortServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._wake_w.send(b"x")
        self._thread.join(5)
        for srv in self.servers:
            srv.server_close()


# -------------------------------------------------------------------------------------- measuring


@dataclass
class Measure:
    wall: float
    cpu: float
    maxrss_mb: float  # the measured process's own peak (VmHWM)
    tree_rss_mb: float  # the process and its children together, sampled every 10 ms
    statuses: Counter[int]
    connections: Counter[str]  # host → connections accepted
    rc: int


def _hwm(pid: int) -> int:
    # wait4's ru_maxrss would do, but Linux counts the pre-exec image into it: the parent's size at fork
    # (this benchmark, with 16 MB of feeds in memory). VmHWM belongs to the exec'd program alone.
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _tree_rss(root: int) -> int:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return total


def run_measured(cmd: list[str], env: dict[str, str], stats: Stats) -> Measure:
    stats.take()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=READER_ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    peak = hwm = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, hwm
        while not done.wait(0.01):
            hwm = max(hwm, _hwm(proc.pid))
            peak = max(peak, _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()  # drains so a chatty child never blocks; ends when the child exits
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    if proc.returncode:
        sys.stderr.write(f"  ! {' '.join(cmd[:4])}… exited {proc.returncode}: {err.decode()[-400:]}\n")
    statuses, connections = stats.take()
    return Measure(wall, usage.ru_utime + usage.ru_stime, hwm / 2**20, max(peak, hwm) / 2**20,
                   statuses, connections, proc.returncode)


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------- readers


READER_ROOT = ROOT  # the checkout whose `reader` is measured (--reader-root: compare with another version)


def reader_command() -> list[str]:
    return [sys.executable, "-m", "reader"]  # run from READER_ROOT, so that checkout's package is the one used


def ours(
    urls: list[str], tmp: Path, env: dict[str, str], server: MultiPortServer, per_host: int | None = None
) -> dict[str, Measure]:
    data = tmp / "ours"
    if per_host is not None:  # the reader's own setting, as a user would write it
        data.mkdir(parents=True)
        (data / "config.toml").write_text(f"per_host = {per_host}\n")
    opml = tmp / "feeds.opml"
    opml.write_text(opml_text(urls))
    cmd = reader_command() + ["--data-dir", str(data)]
    subprocess.run(cmd + ["import-opml", str(opml)], env=env, cwd=READER_ROOT, check=True, stdout=subprocess.DEVNULL)
    stats = server.stats
    server.version = 0
    cold = run_measured(cmd + ["refresh"], env, stats)
    articles = _count(data / "library.sqlite", "SELECT count(*) FROM articles")
    warm = run_measured(cmd + ["refresh"], env, stats)
    server.version = 1
    update = run_measured(cmd + ["refresh"], env, stats)
    return {"cold": cold, "warm": warm, "update": update, "articles": articles}  # type: ignore[dict-item]


def newsboat(
    urls: list[str], tmp: Path, env: dict[str, str], server: MultiPortServer, threads: int
) -> dict[str, Measure]:
    home = tmp / "nb"
    home.mkdir()
    (home / "urls").write_text("".join(u + "\n" for u in urls))
    (home / "config").write_text(f"reload-threads {threads}\n")
    nb_env = {**env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "xdg-config"),
              "XDG_DATA_HOME": str(home / "xdg-data"), "XDG_CACHE_HOME": str(home / "xdg-cache")}
    cmd = ["newsboat", "-u", str(home / "urls"), "-c", str(home / "cache.db"), "-C", str(home / "config"),
           "-x", "reload"]
    stats = server.stats
    server.version = 0
    cold = run_measured(cmd, nb_env, stats)
    articles = _count(home / "cache.db", "SELECT count(*) FROM rss_item")
    second = run_measured(cmd, nb_env, stats)  # 2.21 stores the validators only now
    warm = run_measured(cmd, nb_env, stats)
    server.version = 1
    update = run_measured(cmd, nb_env, stats)
    return {"cold": cold, "second": second, "warm": warm, "update": update,  # type: ignore[dict-item]
            "articles": articles}


def ensure_newsboat() -> bool:
    if shutil.which("newsboat"):
        return True
    print("note: newsboat is not installed; trying `apt-get install -y newsboat` (needs root)")
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", "newsboat"], check=True, stdout=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"note: could not install newsboat ({exc}); measuring ours alone")
        return False
    return shutil.which("newsboat") is not None


# ------------------------------------------------------------------------------------------ report


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nb = ""
    if shutil.which("newsboat"):
        out = subprocess.run(["newsboat", "-v"], capture_output=True, text=True).stdout.splitlines()
        nb = f", {out[0].split(' - ')[0]}" if out else ""
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}{nb}"


def opml_text(urls: list[str]) -> str:
    return (
        '<?xml version="1.0"?><opml version="2.0"><head><title>bench</title></head><body>'
        + "".join(f'<outline type="rss" text="feed {i}" xmlUrl="{u}"/>' for i, u in enumerate(urls))
        + "</body></opml>\n"
    )


def serve(args: argparse.Namespace) -> int:
    bodies = feedgen.feeds(args.feeds, args.items, target=args.item_bytes)
    hosts, plan = host_plan(args.layout, args.feeds)
    with MultiPortServer(hosts, args.latency) as server:
        urls = [server.add(i, body, body, plan[i]) for i, body in enumerate(bodies)]
        Path(args.serve).write_text(opml_text(urls))
        print(f"serving {len(urls)} feeds; subscribe with: reader --data-dir DIR import-opml {args.serve}",
              flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


MIX = [10, 8, 6, 5, 5, 4, 4, 3, 3, 3] + [2] * 12 + [1] * 25  # 100 feeds over 47 hosts


def host_plan(layout: str, feeds: int) -> tuple[int, list[int]]:
    """(number of hosts, the host of each feed in subscription order)."""
    if layout == "one-host":
        return 1, [0] * feeds
    if layout == "per-feed":
        hosts = min(feeds, 254)
        return hosts, [i % hosts for i in range(feeds)]
    sizes = [max(1, round(n * feeds / 100)) for n in MIX] if feeds != 100 else MIX
    plan = [host for host, size in enumerate(sizes) for _ in range(size)][:feeds]
    plan += [len(sizes) - 1] * (feeds - len(plan))
    import random

    random.Random(47).shuffle(plan)
    return len(sizes), plan


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--feeds", type=int, default=100)
    ap.add_argument("--items", type=int, default=30)
    ap.add_argument("--item-bytes", type=int, default=5000)
    ap.add_argument("--latency", type=float, default=0.05, help="seconds the server waits before each answer")
    ap.add_argument("--threads", type=int, default=8, help="newsboat reload-threads")
    ap.add_argument("--layout", choices=("mix", "one-host", "per-feed"), default="mix",
                    help="how feeds spread over hosts (default: the 47-host mix)")
    ap.add_argument("--one-host", action="store_const", const="one-host", dest="layout",
                    help="the same as --layout one-host")
    ap.add_argument("--no-newsboat", action="store_true")
    ap.add_argument("--per-host", type=int, help="our per_host setting (config.toml); default: the reader's")
    ap.add_argument("--reader-root", type=Path, default=ROOT,
                    help="measure the reader of another checkout (e.g. an older commit, for before/after)")
    ap.add_argument("--serve", metavar="OPML", help="only serve the feeds (for profiling): write an OPML file of "
                    "them to OPML and serve until interrupted")
    args = ap.parse_args(argv)
    if args.serve:
        return serve(args)
    global READER_ROOT
    READER_ROOT = args.reader_root.resolve()

    with_nb = not args.no_newsboat and ensure_newsboat()
    print(f"machine: {machine()}")
    if READER_ROOT != ROOT:
        print(f"reader: the checkout at {READER_ROOT}")
    t0 = time.perf_counter()
    bodies = feedgen.feeds(args.feeds, args.items, target=args.item_bytes)
    later = [feedgen.next_feed(i, args.items, target=args.item_bytes) for i in range(args.feeds)]
    size = sum(map(len, bodies))
    print(f"feeds: {args.feeds} x {args.items} items, {size / 2**20:.1f} MB in all "
          f"({size / args.feeds / 1024:.0f} KB a feed; generated in {time.perf_counter() - t0:.1f} s); "
          f"latency {args.latency * 1000:.0f} ms; layout {args.layout}")
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}

    results: dict[str, dict[str, list[Measure]]] = {"ours": {}, "newsboat": {}}
    counts: dict[str, set[int]] = {"ours": set(), "newsboat": set()}
    hosts, plan = host_plan(args.layout, args.feeds)
    print(f"hosts: {hosts} (feeds per host: {sorted(Counter(plan).values(), reverse=True)})")
    with MultiPortServer(hosts, args.latency) as server:
        urls = [server.add(i, body, later[i], plan[i]) for i, body in enumerate(bodies)]
        for run in range(args.runs):
            order = ["ours", "newsboat"] if run % 2 == 0 else ["newsboat", "ours"]
            for who in order:
                if who == "newsboat" and not with_nb:
                    continue
                with tempfile.TemporaryDirectory(prefix=f"bench-{who}-") as tmp:
                    if who == "ours":
                        got: dict[str, Any] = ours(urls, Path(tmp), env, server, args.per_host)
                    else:
                        got = newsboat(urls, Path(tmp), env, server, args.threads)
                counts[who].add(got.pop("articles"))
                for phase, m in got.items():
                    results[who].setdefault(phase, []).append(m)
                    codes = " ".join(f"{n}x{code}" for code, n in sorted(m.statuses.items()))
                    conns = sum(m.connections.values())
                    most = max(m.connections.values(), default=0)
                    print(f"  run {run + 1} {who:8} {phase:6} wall {m.wall:6.2f} s  cpu {m.cpu:6.2f} s  "
                          f"rss {m.maxrss_mb:5.0f} MB (tree {m.tree_rss_mb:4.0f})  [{codes}]  "
                          f"{conns} conns (<= {most}/host)", flush=True)

    print(f"\narticles stored: ours {sorted(counts['ours'])}, newsboat {sorted(counts['newsboat'])}"
          f" (expected {args.feeds * args.items})")
    print(f"\nmedians over {args.runs} runs     wall s    CPU s   peak RSS MB (process / with children)"
          "   connections (most to one host)")
    for who in ("ours", "newsboat"):
        for phase, ms in results[who].items():
            print(f"  {who:8} {phase:6}        {med([m.wall for m in ms]):7.2f}  {med([m.cpu for m in ms]):7.2f}"
                  f"   {med([m.maxrss_mb for m in ms]):5.0f} / {med([m.tree_rss_mb for m in ms]):<5.0f}"
                  f"           {med([sum(m.connections.values()) for m in ms]):5.0f}"
                  f" ({med([max(m.connections.values(), default=0) for m in ms]):.0f})")
    # The goals: on the mix, half newsboat's wall time; on one host (latency-bound), no more than its.
    wall_goal = 1.0 if args.layout == "one-host" else 0.5
    if results["newsboat"]:
        print(f"\nours / newsboat            wall (goal <= {wall_goal})   CPU (goal <= 2.0)")
        for phase in ("cold", "warm", "update"):
            o, n = results["ours"][phase], results["newsboat"][phase]
            wall = med([m.wall for m in o]) / med([m.wall for m in n])
            cpu = med([m.cpu for m in o]) / med([m.cpu for m in n])
            print(f"  {phase:6}                   {wall:5.2f} {'ok ' if wall <= wall_goal else 'MISS'}"
                  f"           {cpu:5.2f} {'ok' if cpu <= 2.0 else 'MISS'}")
    peak = max(m.tree_rss_mb for ms in results["ours"].values() for m in ms)
    verdict = "ok" if peak <= 150 else "MISS"
    print(f"\nour peak RSS, any phase, with children: {peak:.0f} MB (goal <= 150 MB: {verdict})")
    warm = results["ours"]["warm"]
    slots = sum(min(n, args.per_host or 6) for n in Counter(plan).values())
    opened = med([sum(m.connections.values()) for m in warm])
    print(f"our warm refresh: {opened:.0f} connections for {len(plan)} feeds on {len(set(plan))} hosts "
          f"(at most {max(max(m.connections.values(), default=0) for m in warm)} to one host; "
          f"{slots} would be one per request slot; a new connection per 304 would be {len(plan)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
