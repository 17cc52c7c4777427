"""ReaderApp: wiring only: the library, settings, clock and link opener, global keys, screens and commands."""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import App
from textual.binding import BindingType
from textual.screen import Screen

from reader.actions import ActionCommands, action_ids, bindings
from reader.config import Settings, load_settings
from reader.services import Services
from reader.widgets.display import Clock, local_now

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.paths import Paths


def open_in_browser(url: str) -> None:
    """The default opener: the system browser, off the UI thread (a browser may take a while to start)."""
    import threading

    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()


class ReaderApp(App[None]):
    """The terminal reader. Tests inject a library, a clock, an opener and settings."""

    TITLE = "Local news reader"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ActionCommands}
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]  # noqa: RUF012 - Textual's declaration
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]  # noqa: RUF012 - a lead photo leaves room for text

    def __init__(
        self,
        paths: Paths,
        *,
        library: Library | None = None,
        settings: Settings | None = None,
        clock: Clock | None = None,
        opener: Callable[[str], Any] | None = None,
        image_widget: type[Any] | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings if settings is not None else load_settings(paths.config_file, action_ids())
        if library is None:
            from reader.core.library import make_library

            library = make_library(
                paths.database,
                workers=self.settings.workers,
                per_host=self.settings.per_host,
                sync=self.settings.sync,
                config_path=paths.config_file,
                cache_dir=paths.cache_dir,
                image_cache_mb=self.settings.image_cache_mb,
            )
            self._owns_library = True
        else:
            self._owns_library = False
        self._library = library
        self.services = Services(library)
        self.services.prefetch_first_screen()
        self.clock: Clock = clock or local_now
        self.opener: Callable[[str], Any] = opener or open_in_browser
        self.keymap_overrides: dict[str, str] = dict(self.settings.keys)
        # launch.py imports textual-image before the app runs (its terminal queries need the keyboard) and hands
        # over its widget class; None: images are off (config, --no-images, or a test that wants none).
        self._image_widget = image_widget
        self._show_images = image_widget is not None

    @property
    def image_widget(self) -> type[Any] | None:
        return self._image_widget

    def set_image_widget(self, widget: type[Any] | None) -> None:
        """Before run(): the drawing widget textual-image chose for this terminal (None: no photos)."""
        self._image_widget = widget
        self._show_images = widget is not None

    @property
    def show_images(self) -> bool:
        return self._show_images

    def toggle_images(self) -> bool:
        self._show_images = self._image_widget is not None and not self._show_images
        return self._show_images

    def get_default_screen(self) -> Screen[Any]:
        from reader.screens.main import MainScreen

        return MainScreen()

    def on_mount(self) -> None:
        self.services.start()
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            self.notify(f"Unknown theme {self.settings.theme!r}; using {self.theme}.", severity="warning",
                        markup=False)
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
        for problem in self.settings.problems:
            self.notify(problem, title="config.toml", severity="warning", timeout=8, markup=False)

    def on_unmount(self) -> None:
        self.services.close()
        if self._owns_library:
            self._library.close()

    @on(Services.QuotesIndexed)
    def _quotes_indexed(self, event: Services.QuotesIndexed) -> None:
        # The background index reports to the app; whichever screen shows sources hears of it.
        if self.is_running and self._screen_stack:
            self.screen.post_message(Services.QuotesIndexed(event.count))

    # -- global actions ----------------------------------------------------------------------------

    def action_help(self) -> None:
        from reader.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        elif not self.screen.is_modal:
            self.push_screen(HelpScreen())

    def action_sources(self) -> None:
        from reader.screens.sources import SourcesScreen

        if isinstance(self.screen, SourcesScreen):
            self.screen.focus_filter()
        elif not self.screen.is_modal:
            self.push_screen(SourcesScreen())

    def action_search(self) -> None:
        from reader.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            self.screen.focus_input()
        elif not self.screen.is_modal:
            self.push_screen(SearchScreen())
