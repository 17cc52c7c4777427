"""The import contract, read from every module's source: each outside library has one home, the core is sealed.

- textual (and rich) only in the app's modules: app.py, actions.py, services.py, screens/, widgets/;
- httpx (and the HTTP stack under it) only in the core/fetch/ package, where fetching lives;
- feedparser-rs only in core/parse.py (and feedparser nowhere: it was replaced);
- sqlite3 only in the core/storage/ package;
- outside core/, only the facade (library), its models, the text-safety helpers and `analyze`'s source reader
  are imported from the core: Storage, the fetcher, the parser and the refresh engine stay private to it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "reader"
MODULES = sorted(PACKAGE.rglob("*.py"))

HOMES = {
    "textual": ("app.py", "actions.py", "services.py", "screens/", "widgets/"),
    "rich": ("app.py", "actions.py", "screens/", "widgets/"),
    "httpx": ("core/fetch/",),
    "httpcore": ("core/fetch/",),
    "h2": ("core/fetch/",),
    "feedparser_rs": ("core/parse.py",),
    "feedparser": (),
    "sqlite3": ("core/storage/",),
}
CORE_DOORS = {"reader.core.library", "reader.core.models", "reader.core.safe", "reader.core.source"}


def imported(path: Path) -> set[str]:
    """Every module name the file imports, at the top or inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def where(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def test_the_contract_sees_the_whole_package() -> None:
    assert len(MODULES) > 40 and any(where(p) == "core/fetch/__init__.py" for p in MODULES)


@pytest.mark.parametrize("path", MODULES, ids=where)
def test_each_library_is_imported_only_in_its_home(path: Path) -> None:
    relative = where(path)
    for name in imported(path):
        top = name.split(".")[0]
        if top in HOMES:
            homes = HOMES[top]
            assert relative.startswith(homes) if homes else False, f"{relative} imports {name}"


@pytest.mark.parametrize("path", [p for p in MODULES if not where(p).startswith("core/")], ids=where)
def test_outside_the_core_only_its_doors_are_used(path: Path) -> None:
    for name in imported(path):
        if name.startswith("reader.core"):
            assert name in CORE_DOORS, f"{where(path)} imports {name}: go through Library"


def test_the_app_imports_no_image_library_until_photos_are_on() -> None:
    """textual-image asks the terminal what it can draw when first imported (and Pillow is heavy): with images off
    neither is on the way to the first screen; launch.py imports textual-image itself, before the app runs."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import reader.cli, reader.launch, reader.app, reader.services\n"
        "import reader.screens.main, reader.screens.reading, reader.screens.sources, reader.screens.search\n"
        "print(sorted(m for m in ('textual_image', 'PIL') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
