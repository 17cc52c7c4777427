"""LeadPhotoView: the article's lead photo above its text, with caption and credit; a one-line placeholder while it
loads, when it is hidden, or when it cannot be shown. The drawing widget is textual-image's, chosen by the app."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from reader.core.models import LeadImage, LeadPhoto
from reader.widgets.display import safe


def open_photo(photo: LeadPhoto) -> Any:
    """The cached JPEG decoded for drawing (a PIL image): run on a library thread, never the UI thread."""
    from PIL import Image

    assert photo.path is not None
    with Image.open(photo.path) as opened:
        opened.load()
        return opened.convert("RGB")


class LeadPhotoView(Vertical):
    """Hidden until an article has a lead image; `-portrait` keeps a tall photo from filling the screen."""

    DEFAULT_CSS = """
    LeadPhotoView {
        height: auto;
        display: none;
        margin: 0 0 1 0;
        &.-shown { display: block; }
        & > .lead-photo--image { width: auto; height: auto; max-width: 64; }
        &.-portrait > .lead-photo--image { max-width: 30; }
        & > #lead-photo-status { color: $text-muted; text-style: italic; }
        & > #lead-photo-caption { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.image: LeadImage | None = None
        self.drawn: Widget | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="lead-photo-status")
        yield Static(id="lead-photo-caption")

    @property
    def status_text(self) -> str:
        return str(self.query_one("#lead-photo-status", Static).content)

    @property
    def caption_text(self) -> str:
        return str(self.query_one("#lead-photo-caption", Static).content)

    def _status(self, text: str) -> None:
        status = self.query_one("#lead-photo-status", Static)
        status.update(safe(text))
        status.display = bool(text)

    def _caption(self, image: LeadImage | None) -> None:
        parts = [p for p in ((image.caption if image else None), (f"Photo: {image.credit}" if image and
                 image.credit else None)) if p]
        caption = self.query_one("#lead-photo-caption", Static)
        caption.update(Content(" · ").join(safe(p) for p in parts) if parts else Content(""))
        caption.display = bool(parts)

    def clear(self) -> None:
        self.image = None
        self._drop_drawing()
        self.remove_class("-shown", "-portrait")

    def _drop_drawing(self) -> None:
        if self.drawn is not None:
            drawn, self.drawn = self.drawn, None
            drawn.remove()  # scheduled: the next frame no longer has it

    def show_loading(self, image: LeadImage) -> None:
        self.image = image
        self._drop_drawing()
        self._status("Loading the photo…")
        self._caption(image)
        self.add_class("-shown")

    def hidden(self, image: LeadImage, key: str) -> None:
        self.image = image
        self._drop_drawing()
        self._status(f"Photo hidden · {key} shows it")
        self._caption(None)
        self.add_class("-shown")

    def failed(self, reason: str) -> None:
        self._drop_drawing()
        self._status(f"Photo not shown: {reason}")
        self.add_class("-shown")

    def draw(self, widget_class: type[Widget], picture: Any, photo: LeadPhoto) -> None:
        """Draw the decoded photo with textual-image's widget (Kitty, Sixel or half-blocks)."""
        self._drop_drawing()
        self._status("")
        self.set_class(photo.height > photo.width, "-portrait")
        self.drawn = widget_class(picture, classes="lead-photo--image")
        self.mount(self.drawn, before=self.query_one("#lead-photo-caption"))
        self.add_class("-shown")
