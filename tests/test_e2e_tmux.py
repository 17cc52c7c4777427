"""End to end: the real app in a real terminal (tmux): open an article, bookmark it, search, quit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.core.library import make_library
from tests.ui.fixture_library import build_library, paths_for

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

ROOT = Path(__file__).resolve().parent.parent


class Terminal:
    """One tmux server of our own (its own socket, so it gets this test's environment)."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20)
        return result.stdout

    def start(self, command: str, width: int = 160, height: int = 45) -> None:
        # COLUMNS and LINES (pytest may set them) would override the terminal's real size.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
        subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d", "-s", "e2e",
                        "-x", str(width), "-y", str(height), command], check=True, timeout=20, cwd=ROOT, env=env)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "e2e", key)
            time.sleep(0.15)

    def text(self) -> str:
        return self.tmux("capture-pane", "-t", "e2e", "-p")

    def alive(self) -> bool:
        return subprocess.run(["tmux", "-L", self.socket, "has-session", "-t", "e2e"],
                              capture_output=True, timeout=20).returncode == 0

    def wait_for(self, condition: Callable[[str], bool], what: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.text()
            if condition(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"waited {timeout}s for {what}; the screen showed:\n{screen}")

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=20)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(f"reader-e2e-{os.getpid()}-{time.monotonic_ns()}")
    yield term
    term.kill()


def test_read_bookmark_search_and_quit_in_a_real_terminal(tmp_path: Path, terminal: Terminal) -> None:
    data = tmp_path / "library"
    build_library(data).close()
    log = tmp_path / "exit-status"
    terminal.start(f"{sys.executable} -m reader --data-dir {data}; echo $? > {log}")

    screen = terminal.wait_for(lambda s: "All articles (7)" in s, "the main screen")
    assert "Council delays vote on $412 million budget" in screen
    assert "! Harbor City Beacon" in screen or "!Harbor City Beacon" in screen

    terminal.keys("Enter")
    screen = terminal.wait_for(lambda s: "Quotes (3)" in s and "put off a vote Wednesday" in s, "the article")
    assert "Reactions (2)" in screen and "@rwaterwatch" in screen
    assert "Tessa Morgan covers City Hall" in screen

    terminal.keys("b")
    terminal.wait_for(lambda s: "★ bookmarked" in s, "the bookmark")

    terminal.keys("Escape")
    terminal.wait_for(lambda s: "All articles (7)" in s, "back on the main screen")
    terminal.keys("/")
    terminal.wait_for(lambda s: "Search every stored article" in s, "the search box")
    terminal.keys("f", "e", "r", "r", "y", "Enter")
    screen = terminal.wait_for(lambda s: "1 result for “ferry”" in s, "the search results")
    assert "Harbor ferry adds late-night runs" in screen

    terminal.keys("Enter")
    terminal.wait_for(lambda s: "ferry will run until 1 a.m." in s, "the search result opened")
    terminal.keys("Escape", "Escape")
    terminal.wait_for(lambda s: "All articles (7)" in s, "back on the main screen")
    terminal.keys("q")
    deadline = time.monotonic() + 15
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert log.read_text().strip() == "0"

    with make_library(paths_for(data).database) as lib:
        bookmarked = [a.title for a in lib.articles(bookmarked=True)]
        read = {a.title for a in lib.articles() if a.read}
    assert bookmarked == ["Council delays vote on $412 million budget"]
    assert read == {"Council delays vote on $412 million budget", "Harbor ferry adds late-night runs"}
