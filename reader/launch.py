"""Starting the TUI: the real library, or a throwaway demo library of the bundled sample feeds."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.paths import Paths


def prepare_demo(data_dir: Path) -> Path:
    """Subscribe a fresh library in `data_dir` to sample_feeds/ and fetch them; returns the database path."""
    from reader import paths
    from reader.core.library import make_library

    opml = paths.sample_feeds_dir() / "feeds.opml"
    if not opml.is_file():
        raise SystemExit(f"reader: the sample feeds are missing ({opml})")
    db = data_dir / "library.sqlite"
    with make_library(db) as lib:
        lib.import_opml(str(opml))
        for _ in lib.refresh_iter():
            pass
        lib.index_quotes()  # a fraction of a second for the samples: the Sources view is full from the start
    return db


def run_tui(data_dir: str | None, *, demo: bool = False, images: bool = True) -> int:
    from reader import paths

    if demo:
        with tempfile.TemporaryDirectory(prefix="reader-demo-") as tmp:
            prepare_demo(Path(tmp))
            return _run(paths.resolve(tmp), images=images)
    return _run(paths.resolve(data_dir), images=images)


def image_widget() -> type[Any]:
    """textual-image's widget for this terminal. Its first import asks the terminal what it can draw (Sixel,
    Kitty graphics, else Unicode half-blocks) and its cell size in pixels: it must run before the app reads the
    keyboard, which would swallow the replies."""
    from textual_image.widget import Image

    return Image


def _run(where: Paths, *, images: bool) -> int:
    import threading

    from reader.actions import action_ids
    from reader.config import load_settings

    settings = load_settings(where.config_file, action_ids())
    found: list[type[Any]] = []
    asking: threading.Thread | None = None
    if images and settings.images == "auto":
        # The terminal's answers (or the wait for the ones that never come: ~0.1 s where Kitty graphics are not
        # spoken) overlap with importing the app and opening the library; the app starts reading keys after.
        asking = threading.Thread(target=lambda: found.append(image_widget()), name="terminal-query", daemon=True)
        asking.start()
    from reader.app import ReaderApp

    app = ReaderApp(where, settings=settings)
    if asking is not None:
        asking.join()
        app.set_image_widget(found[0] if found else None)
    app.run()
    return 0
