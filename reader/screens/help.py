"""HelpScreen: every action of reader/actions.py with the keys it answers to now (after remapping)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Footer, Static

from reader.actions import ACTIONS, SCOPE_TITLES, Scope, bindings, keys_label
from reader.screens.base import ReaderScreen

KEYS_WIDTH = 16


def help_text(keymap: Mapping[str, str], width: int = 100) -> Content:
    """Every action by scope: keys, what it does, and the id that config.toml's [keys] uses."""
    lines: list[Content] = [
        Content("Keys").stylize("bold $text-primary"),
        Content("Remap keys in config.toml, e.g.  [keys]  bookmark = \"B\"  (ids in grey)")
        .stylize(".help-screen--muted"),
    ]
    room = max(20, width - KEYS_WIDTH - 2)
    for scope, title in SCOPE_TITLES.items():
        actions = [a for a in ACTIONS if a.scope == scope]
        if not actions:
            continue
        lines += [Content(""), Content(title).stylize("bold $text-secondary")]
        for action in actions:
            keys = Content(f"  {keys_label(action, keymap):<{KEYS_WIDTH - 2}}").stylize("bold $text-accent")
            wrapped = textwrap.wrap(action.help or action.description, room) or [""]
            indent = " " * KEYS_WIDTH
            ident = Content(action.id).stylize(".help-screen--muted")
            for number, text in enumerate(wrapped):
                line = Content.assemble(keys if number == 0 else indent, text)
                if number == len(wrapped) - 1:
                    if line.cell_length + 2 + ident.cell_length <= width:
                        line = Content.assemble(line, "  ", ident)
                        lines.append(line)
                    else:
                        lines += [line, Content.assemble(indent, ident)]
                else:
                    lines.append(line)
    lines += [
        Content(""),
        Content("Mouse: click a feed, an article (click again to open it), a quote, a tab or a button.")
        .stylize(".help-screen--muted"),
    ]
    return Content("\n").join(lines)


class HelpScreen(ReaderScreen[None]):
    """Opened with ?; Esc, q or ? closes it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"help-screen--muted"}
    DEFAULT_CSS = """
    HelpScreen > .help-screen--muted { color: $text-muted; }
    """

    ACTION_SCOPES: ClassVar[tuple[Scope, ...]] = ("help", "nav")
    BINDINGS: ClassVar[list[BindingType]] = bindings("help", "nav")
    PANES = ("help-body",)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(id="help-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()

    def on_resize(self, event: Resize) -> None:
        text = help_text(self.reader.keymap_overrides, event.size.width - 6)
        self.query_one("#help-text", Static).update(text)

    @property
    def text(self) -> str:
        return str(self.query_one("#help-text", Static).content)

    def action_back(self) -> None:
        self.dismiss(None)
