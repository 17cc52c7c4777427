"""Lead-photo benchmark: the reading view's text is on screen before its photo, whatever the image server does.

    .venv/bin/python benchmarks/bench_images.py [--runs 5]

A loopback server serves a 1200x800 JPEG (an original gradient, ~100 KB) after 0, 100 ms, 500 ms and 2 s of
latency. The app (headless, textual-image's half-block widget, 160x45) opens the article; every 2 ms it looks at
what is mounted and laid out: when the article's text is there, and when the photo is drawn. Then the article is
opened again (the photo now comes from the disk cache). Reported: medians over --runs of each moment after Enter,
and whether the text ever waited for the photo (it must not). Also: decoding alone (fetch excluded) for a
1200x800 JPEG, a 4000x3000 JPEG (decoded at reduced scale) and a 3000x2000 PNG, and the 20,000x20,000 bomb refused.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from tests.httpserver import LoopbackServer  # noqa: E402
from tests.ui.test_lead_photo import TEXT, gradient, photo_library  # noqa: E402


def open_once(data: Path, library_path: Path) -> tuple[float, float]:
    """Seconds from Enter to the text laid out, and to the photo drawn."""
    from textual_image.widget import HalfcellImage

    from reader.app import ReaderApp
    from reader.config import Settings
    from reader.core.library import make_library
    from reader.paths import Paths
    from reader.screens.reading import ReadingScreen

    async def run() -> tuple[float, float]:
        lib = make_library(library_path)
        app = ReaderApp(Paths(data, data), library=lib, settings=Settings(), image_widget=HalfcellImage)
        app.animation_level = "none"
        text_at = photo_at = float("nan")
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause(0.3)
            started = time.perf_counter()
            app.simulate_key("enter")
            while time.perf_counter() - started < 20:
                await asyncio.sleep(0.002)
                screen = app.screen
                if not isinstance(screen, ReadingScreen) or not screen.is_mounted:
                    continue  # pushed, not yet composed
                if text_at != text_at and TEXT in screen.article_view.body_text:
                    text_at = time.perf_counter() - started
                drawn = screen.article_view.photo.drawn
                if drawn is not None and drawn.region.height > 0:
                    photo_at = time.perf_counter() - started
                    break
        lib.close()
        return text_at, photo_at

    return asyncio.run(run())


def decode_costs() -> None:
    from reader.core.images import decode

    cases = {}
    for label, fmt, size in (("1200x800 JPEG", "JPEG", (1200, 800)), ("4000x3000 JPEG", "JPEG", (4000, 3000)),
                             ("3000x2000 PNG", "PNG", (3000, 2000))):
        out = io.BytesIO()
        Image.effect_noise(size, 40).convert("RGB").save(out, fmt)
        cases[label] = out.getvalue()
    print("\ndecoding to the cached JPEG (at most 1600 a side), median of 5:")
    for label, data in cases.items():
        times = []
        for _ in range(5):
            started = time.perf_counter()
            decode(data, "image/" + label.split()[-1].lower())
            times.append(time.perf_counter() - started)
        print(f"  {label:16} {len(data) / 1024:7.0f} KB  {statistics.median(times) * 1000:6.1f} ms")
    from tests.core.test_images import png_header_only

    started = time.perf_counter()
    try:
        decode(png_header_only(20_000, 20_000), "image/png")
    except Exception as exc:
        print(f"  20000x20000 bomb refused in {(time.perf_counter() - started) * 1000:.1f} ms: {exc}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="reader-bench-images-"))
    picture = gradient((1200, 800))
    print(f"the photo: {len(picture) / 1024:.0f} KB JPEG, 1200x800; the app headless at 160x45, half-blocks")
    print(f"{'image latency':>14}  {'text (cold)':>11}  {'photo (cold)':>12}  {'text (cached)':>13}  "
          f"{'photo (cached)':>14}  text waited?")
    try:
        with LoopbackServer() as server:
            for delay in (0.0, 0.1, 0.5, 2.0):
                cold: list[tuple[float, float]] = []
                warm: list[tuple[float, float]] = []
                for run in range(args.runs):
                    data = root / f"d{int(delay * 1000)}-{run}"
                    path = f"/photo-{int(delay * 1000)}-{run}.jpg"
                    url = server.route(path, body=picture, headers={"Content-Type": "image/jpeg"}, delay=delay)
                    lib = photo_library(data, url)
                    lib.close()
                    cold.append(open_once(data, data / "library.sqlite"))
                    warm.append(open_once(data, data / "library.sqlite"))
                waited = any(t >= p for t, p in cold + warm)
                print(f"{delay * 1000:>11.0f} ms  "
                      f"{statistics.median(t for t, _ in cold) * 1000:>8.0f} ms  "
                      f"{statistics.median(p for _, p in cold) * 1000:>9.0f} ms  "
                      f"{statistics.median(t for t, _ in warm) * 1000:>10.0f} ms  "
                      f"{statistics.median(p for _, p in warm) * 1000:>11.0f} ms  {'YES' if waited else 'no'}",
                      flush=True)
        decode_costs()
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
