"""A refresh of many feeds: parsing processes store what parsing threads store; unchanged items cost no write."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core import library as library_module
from reader.core.fetch import Fetcher, FetchLimits
from reader.core.library import Library
from reader.core.storage import Storage
from tests.httpserver import LoopbackServer

LIMITS = FetchLimits(connect_timeout=2.0, read_timeout=2.0, deadline=5.0)


def rss(n: int, *items: tuple[str, str]) -> bytes:
    body = "".join(
        f"<item><title>{title} {n}</title><guid>g{n}-{guid}</guid><link>https://t.example/{n}/{guid}</link>"
        f"<dc:creator>Reporter {n}</dc:creator><pubDate>Tue, 0{1 + int(guid) % 9} Mar 2026 10:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[<p>{title} story number {n}, with a quote.</p>\n\n<p>Second   paragraph "
        f"about the harbor&#8217;s budget.</p>]]></content:encoded></item>"
        for title, guid in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Ledger {n}</title>'
        f"<link>https://t.example/{n}/</link>{body}</channel></rss>"
    ).encode()


def open_library(path: Path, processes: int) -> Library:
    return Library(Storage(path), Fetcher(LIMITS), parse_processes=processes)


def snapshot(lib: Library) -> list[tuple[object, ...]]:
    rows = [(a.feed_title, a.title, a.url, a.author, a.published) for a in lib.articles()]
    hits = [(h.article.title, h.snippet) for h in lib.search("harbor budget")]
    return sorted(rows) + sorted(hits)


def test_parsing_processes_store_what_threads_store(
    tmp_path: Path, http_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    urls = [http_server.route(f"/f{n}", body=rss(n, ("Alpha", "1"), ("Beta", "2"), ("Gamma", "3")), etag=f'"{n}"')
            for n in range(10)]
    in_processes = []
    original = library_module._ParsePool.parse

    def counting(self: object, *args: object) -> object:
        result = original(self, *args)  # type: ignore[arg-type]
        in_processes.append(result is not None)
        return result

    monkeypatch.setattr(library_module._ParsePool, "parse", counting)
    snapshots = []
    for processes in (0, 2):
        lib = open_library(tmp_path / f"{processes}.sqlite", processes)
        try:
            for url in urls:
                lib.subscribe(url)
            results = list(lib.refresh_iter())
            assert sorted((r.status, r.new) for r in results) == [("ok", 3)] * 10
            assert [r.status for r in lib.refresh_iter()] == ["not_modified"] * 10
            snapshots.append(snapshot(lib))
        finally:
            lib.close()
    assert in_processes == [True] * 10  # the second library parsed every feed in a process
    assert snapshots[0] == snapshots[1]
    assert len(snapshots[0]) == 30 + 30


def test_unchanged_items_keep_their_reading_and_edits_replace_it(tmp_path: Path, http_server: LoopbackServer) -> None:
    url = http_server.route("/f", body=rss(1, ("Alpha", "1"), ("Beta", "2")), etag='"v1"')
    lib = open_library(tmp_path / "lib.sqlite", 0)
    try:
        lib.subscribe(url)
        list(lib.refresh_iter())
        ids = {a.title: a.id for a in lib.articles()}
        for article_id in ids.values():
            lib.article(article_id, fetch_page=False)  # made and stored on first read
        http_server.route("/f", body=rss(1, ("Alpha", "1"), ("Beta", "2"), ("Delta", "4")), etag='"v2"')
        (result,) = lib.refresh_iter()
        assert (result.status, result.new) == ("ok", 1)
        assert all(lib.storage.article_row(i)["reading"] for i in ids.values())  # not rewritten

        edited = rss(1, ("Alpha", "1"), ("Beta", "2"), ("Delta", "4")).replace(b"Beta story", b"Beta lighthouse")
        http_server.route("/f", body=edited, etag='"v3"')
        (result,) = lib.refresh_iter()
        assert (result.status, result.new) == ("ok", 0)
        assert lib.storage.article_row(ids["Alpha 1"])["reading"]
        assert lib.storage.article_row(ids["Beta 1"])["reading"] is None  # edited upstream: read again
        assert [h.article.id for h in lib.search("lighthouse")] == [ids["Beta 1"]]
    finally:
        lib.close()


def test_rows_stored_before_digests_are_compared_once(tmp_path: Path, http_server: LoopbackServer) -> None:
    url = http_server.route("/f", body=rss(1, ("Alpha", "1")), etag='"v1"')
    lib = open_library(tmp_path / "lib.sqlite", 0)
    try:
        lib.subscribe(url)
        list(lib.refresh_iter())
        (article,) = lib.articles()
        lib.article(article.id, fetch_page=False)
        with lib.storage.transaction() as tx:
            tx.execute("UPDATE articles SET digest = NULL")  # as a library from before the digest column
        http_server.route("/f", body=rss(1, ("Alpha", "1")), etag='"v2"')
        (result,) = lib.refresh_iter()
        assert (result.status, result.new) == ("ok", 0)
        row = lib.storage.article_row(article.id)
        assert row["reading"]  # same text: kept
        digests = lib.storage.known_digests(article.feed_id or 0)
        assert list(digests) == ["guid:g1-1"] and digests["guid:g1-1"]  # remembered: next time a digest decides
    finally:
        lib.close()


def test_snippets_come_on_one_line(tmp_path: Path, http_server: LoopbackServer) -> None:
    url = http_server.route("/f", body=rss(1, ("Alpha", "1")))
    lib = open_library(tmp_path / "lib.sqlite", 0)
    try:
        lib.subscribe(url)
        list(lib.refresh_iter())
        (hit,) = lib.search("paragraph")
        assert "\n" not in hit.snippet and "  " not in hit.snippet
        assert "\x02paragraph\x03" in hit.snippet
    finally:
        lib.close()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_killed_refresh_leaves_no_parsing_process(tmp_path: Path) -> None:
    script = tmp_path / "pool.py"
    script.write_text(
        "import sys, time\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})\n"
        "from reader.core.library import _ParsePool\n"
        "if __name__ == '__main__':\n"
        "    pool = _ParsePool(1)\n"
        "    pool.warm_up()\n"
        "    pool._booted.result(timeout=60)\n"
        "    print(*pool._pool._processes, flush=True)\n"
        "    time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        (worker,) = (int(pid) for pid in parent.stdout.readline().split())
    finally:
        parent.kill()  # SIGKILL: no atexit, no pool shutdown
        parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.1)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False
