"""The headless core must never pull in the UI toolkit (a future server depends on it)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

CORE_MODULES = [
    "index",
    "index.build",
    "index.rebuild",
    "index.engine",
    "index.library",
    "index.bookmarks",
    "index.cleaning",
    "index.extract",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_neither_textual_nor_rich(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == ""


def test_python_W_error_imports_cleanly() -> None:
    code = "import whoosh.index, whoosh.analysis, index, tui.cli"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-X", "dev", "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
