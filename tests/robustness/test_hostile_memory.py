"""One refresh against every hostile server at once stays under 400 MB (benchmarks/hostile_memory.py --quick)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import hostile_memory  # noqa: E402  (a benchmark script, importable by path)


def test_refresh_against_every_hostile_server_stays_under_400_mb() -> None:
    # Real sizes (100 MB bodies, a 20 MB item; gzip bombs of 128 and 32 MB, all far over the 16 MB cap) and
    # default limits but a 3 s deadline; the refresh runs in a child process, whose VmHWM is the peak.
    report = hostile_memory.measure(deadline=3.0, bomb_mb=128)
    results = {
        ("tls-" if r["url"].startswith("https:") else "") + r["url"].rsplit("/", 1)[-1]: r
        for r in report["results"]  # type: ignore[union-attr]
    }
    seen = {name: (r["status"], r["error"]) for name, r in results.items()}
    assert report["peak_mb"] < hostile_memory.GOAL_MB, report["peak_mb"]
    assert report["integrity"] == "ok"
    assert report["seconds"] < 60, (report["seconds"], seen)  # type: ignore[operator]  # ~5 s: the 3 s deadline
    ok = {name for name, r in results.items() if r["status"] == "ok"}
    assert ok == {"good-1", "good-2", "laughs", "xxe-feed", "author"}, seen
    assert len(results) == 25 and "TLS" in results["tls-good-1"]["error"], seen
    assert report["articles"] == 7, seen  # the good feeds' four items and one from each harmless document
    for name, r in results.items():
        if r["status"] == "error":
            assert r["error"] and "\n" not in r["error"], name
