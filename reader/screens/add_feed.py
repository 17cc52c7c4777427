"""AddFeedScreen: asks for a feed address, a web page (its feeds are found) or a file path."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.actions import Scope, bindings


class AddFeedScreen(ModalScreen[str | None]):
    """Dismisses with what was typed, or None when cancelled."""

    ACTION_SCOPES: ClassVar[tuple[Scope, ...]] = ("dialog",)
    BINDINGS: ClassVar[list[BindingType]] = [
        b for b in bindings("dialog") if isinstance(b, Binding) and b.action == "cancel"
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Add a feed").stylize("bold"), classes="dialog-title")
            yield Static(
                Content("A feed address, a web page that names its feed, or a file path."),
                classes="dialog-detail",
            )
            yield Input(placeholder="https://example.com/  ·  /path/to/feed.xml", id="add-feed-input")
            yield Static(Content("Enter adds · Esc cancels"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#add-feed-input", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(value or None)
