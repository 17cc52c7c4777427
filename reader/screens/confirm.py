"""ConfirmScreen: a yes/no question about something named literally (a feed title, a web address)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reader.actions import Scope, bindings
from reader.widgets.display import safe_block


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True for yes, False for no."""

    ACTION_SCOPES: ClassVar[tuple[Scope, ...]] = ("dialog",)
    BINDINGS: ClassVar[list[BindingType]] = bindings("dialog")

    def __init__(self, question: str, detail: str, *, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self._question = question
        self._detail = detail
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self._question).stylize("bold"), classes="dialog-title")
            yield Static(safe_block(self._detail), id="confirm-detail", classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self._yes} (y)", variant="primary", id="yes")
                yield Button(f"{self._no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @property
    def detail(self) -> str:
        return str(self.query_one("#confirm-detail", Static).content)

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#yes")
    def _yes_pressed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no_pressed(self) -> None:
        self.dismiss(False)
