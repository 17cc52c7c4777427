"""AuthorPane: who wrote the article, from its author box, a closing italic line or the page's JSON-LD."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reader.core.models import AuthorBio
from reader.widgets.display import safe, safe_block


class AuthorPane(VerticalScroll, can_focus=True):
    """The author's name and bio; scrolls on its own."""

    DEFAULT_CSS = """
    AuthorPane {
        background: $surface;
        padding: 0 1;
        & > #author-name { text-style: bold; color: $text-secondary; }
        & > #author-text { margin-top: 0; }
        &.-empty > #author-text { color: $text-muted; text-style: italic; }
        &.-no-name > #author-name { display: none; }
    }
    """

    EMPTY = "No author bio in this article."

    def compose(self) -> ComposeResult:
        yield Static(id="author-name")
        yield Static(Content(self.EMPTY), id="author-text")

    def show(self, bio: AuthorBio | None, *, loading: bool = False) -> None:
        name = self.query_one("#author-name", Static)
        text = self.query_one("#author-text", Static)
        self.set_class(bio is None, "-empty")
        self.set_class(bio is None or not (bio.name and bio.name.strip()), "-no-name")
        if bio is None:
            name.update(Content(""))
            text.update(Content("Loading…" if loading else self.EMPTY))
            return
        name.update(safe(bio.name))
        text.update(safe_block(bio.text))

    @property
    def text(self) -> str:
        """What the pane shows, as plain text (for tests and the palette)."""
        parts = [str(self.query_one(f"#author-{part}", Static).content) for part in ("name", "text")]
        return "\n".join(p for p in parts if p)
