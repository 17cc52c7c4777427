"""The core and the command line never import Textual or Rich (start-up time, and a clean contract)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    ["reader.core.library", "reader.core.article", "reader.core.fetch", "reader.cli", "reader.core.source"],
)
def test_module_imports_no_ui_toolkit(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
