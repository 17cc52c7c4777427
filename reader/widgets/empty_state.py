"""EmptyState: what the main screen shows before there is any subscription: how to add one."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class EmptyState(Static):
    """Says how to add a feed, import OPML, or load the sample feeds (with the keys as remapped)."""

    DEFAULT_CSS = """
    EmptyState {
        width: 1fr;
        height: 1fr;
        padding: 1 2;
        content-align: center middle;
        background: $surface;
    }
    """

    def show_keys(self, add_key: str, samples_key: str) -> None:
        lines = [
            Content("No subscriptions yet").stylize("bold $text-primary"),
            Content(""),
            Content.assemble(Content(f"{add_key:>6}").stylize("bold $text-accent"),
                             "   add a feed: a feed or web page address, or a file path"),
            Content.assemble(Content(f"{samples_key:>6}").stylize("bold $text-accent"),
                             "   load the bundled sample feeds"),
            Content(""),
            Content("From a shell:"),
            Content.assemble(Content("  reader import-opml FILE").stylize("bold"),
                             "   subscribe to the feeds of an OPML file"),
            Content.assemble(Content("  reader --demo").stylize("bold"),
                             "             try the reader on the sample feeds"),
        ]
        self.update(Content("\n").join(lines))
