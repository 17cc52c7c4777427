"""RefreshProgress: feeds done of total and the feed just finished while a refresh runs; entries pulled while a
sync with the feed server runs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, ProgressBar

from reader.widgets.display import one_line


class RefreshProgress(Horizontal):
    """Hidden until a refresh starts; the screen toggles `-active`."""

    DEFAULT_CSS = """
    RefreshProgress {
        height: 1;
        display: none;
        background: $panel;
        padding: 0 1;
        &.-active { display: block; }
        & > ProgressBar { width: auto; margin-right: 2; }
        & > #refresh-label { width: 1fr; color: $text-muted; }
    }
    """

    def compose(self) -> ComposeResult:
        yield ProgressBar(total=1, show_eta=False, id="refresh-bar")
        yield Label(id="refresh-label", markup=False)

    @property
    def bar(self) -> ProgressBar:
        return self.query_one("#refresh-bar", ProgressBar)

    @property
    def label(self) -> Label:
        return self.query_one("#refresh-label", Label)

    @property
    def text(self) -> str:
        return str(self.label.content)

    def start(self, total: int) -> None:
        self.bar.update(total=max(1, total), progress=0)
        self.label.update(Content(f"Refreshing 0 of {total} feeds…  (Esc cancels)"))
        self.add_class("-active")

    def advance(self, done: int, total: int, feed_title: str) -> None:
        self.bar.update(total=max(1, total), progress=done)
        self.label.update(Content(f"Refreshed {done} of {total} · {one_line(feed_title)}  (Esc cancels)"))

    def syncing(self, service: str, done: int = 0, total: int | None = None) -> None:
        if total:
            self.bar.update(total=max(1, total), progress=min(done, total))
            text = f"Syncing with {service}: {done:,} of {total:,} pulled  (Esc cancels)"
        else:
            self.bar.update(total=None)
            text = f"Syncing with {service}…  (Esc cancels)"
        self.label.update(Content(text))
        self.add_class("-active")

    def cancelling(self) -> None:
        self.label.update(Content("Cancelling the refresh…"))

    def finish(self) -> None:
        self.remove_class("-active")
