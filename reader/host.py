"""What screens and widgets need from the app, as a Protocol: they type against this, never against ReaderApp."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from reader.config import Settings
    from reader.paths import Paths
    from reader.services import Services
    from reader.widgets.display import Clock


class Host(Protocol):
    """The reader app as its screens see it."""

    paths: Paths
    settings: Settings
    services: Services
    clock: Clock
    opener: Callable[[str], Any]
    keymap_overrides: dict[str, str]

    @property
    def image_widget(self) -> type[Any] | None:
        """The textual-image widget class that draws lead photos, or None when images are off."""
        ...

    @property
    def show_images(self) -> bool:
        """Whether lead photos are shown now (the image key toggles it for the session)."""
        ...

    def toggle_images(self) -> bool:
        """Show or hide lead photos; returns whether they are shown now."""
        ...
