"""ReaderApp: wiring only: the library, settings, clock and link opener, global keys, screens and commands."""

from __future__ import annotations

import asyncio
import webbrowser
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import App
from textual.binding import BindingType
from textual.screen import Screen

from reader.actions import ActionCommands, action_ids, bindings
from reader.config import Settings, load_settings
from reader.widgets.display import Clock, local_now

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.paths import Paths

T = TypeVar("T")


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

    def __init__(
        self,
        paths: Paths,
        *,
        library: Library | None = None,
        settings: Settings | None = None,
        clock: Clock | None = None,
        opener: Callable[[str], Any] | None = None,
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
            )
            self._owns_library = True
        else:
            self._owns_library = False
        self.library = library
        self.clock: Clock = clock or local_now
        self.opener: Callable[[str], Any] = opener or open_in_browser
        self.keymap_overrides: dict[str, str] = dict(self.settings.keys)
        # Library calls from the UI run on a few long-lived threads: each thread keeps one SQLite connection.
        self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="library")

    def get_default_screen(self) -> Screen[Any]:
        from reader.screens.main import MainScreen

        return MainScreen()

    def on_mount(self) -> None:
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
        self._executor.shutdown(wait=False, cancel_futures=True)
        if self._owns_library:
            self.library.close()

    async def call_library(self, function: Callable[..., T], *args: Any) -> T:
        """Run a (possibly slow) library call off the UI thread."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, partial(function, *args))

    # -- global actions ----------------------------------------------------------------------------

    def action_help(self) -> None:
        from reader.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        elif not self.screen.is_modal:
            self.push_screen(HelpScreen())

    def action_search(self) -> None:
        from reader.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            self.screen.focus_input()
        elif not self.screen.is_modal:
            self.push_screen(SearchScreen())
