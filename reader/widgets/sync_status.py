"""SyncStatusLine: the head of the feeds pane while sync is on: the server, the last sync, what waits, the error."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from reader.core.models import SyncStatus
from reader.widgets.display import one_line

SERVICE_NAMES = {"miniflux": "Miniflux", "greader": "Google Reader API"}


def when(moment: datetime, now: datetime) -> str:
    local = moment.astimezone(now.tzinfo)
    return local.strftime("%H:%M") if local.date() == now.date() else local.strftime("%b %d %H:%M")


class SyncStatusLine(Static):
    """Hidden without sync; the screen calls show() with the library's status (and syncing while one runs)."""

    DEFAULT_CSS = """
    SyncStatusLine {
        display: none;
        height: auto;
        max-height: 6;
        padding: 0 1;
        color: $text-muted;
        background: $panel;
        &.-on { display: block; }
        &.-error { color: $text-error; }
    }
    """

    def show(self, status: SyncStatus | None, now: datetime, *, syncing: bool = False) -> None:
        self.set_class(status is not None, "-on")
        if status is None:
            return
        name = SERVICE_NAMES.get(status.service, status.service)
        if syncing:
            head = f"⇅ {name} · syncing…"
        elif status.last_sync is not None:
            head = f"⇅ {name} · synced {when(status.last_sync, now)}"
        else:
            head = f"⇅ {name} · not synced yet"
        lines = [Content(head)]
        if status.waiting:
            lines.append(Content(f"{status.waiting} change{'s' if status.waiting != 1 else ''} to send"))
        error = status.last_error if not syncing else None
        self.set_class(bool(error), "-error")
        if error:
            error = one_line(error).removeprefix(f"{name} at {status.server}: ")  # the head names the server
            # The server's words are untrusted: Content shows them as text, never markup.
            lines.append(Content.assemble(Content("! ").stylize("bold"), Content(error)))
        self.update(Content("\n").join(lines))
