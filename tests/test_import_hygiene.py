"""The headless core must never pull in the UI toolkit (a future server depends on it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

CORE_MODULES = [
    "index",
    "index.store.build",
    "index.store.rebuild",
    "index.store.engine",
    "index.search.backend",
    "index.library",
    "index.user.bookmarks",
    "index.articles.cleaning",
    "index.extract.article",
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


WRITE_SIDE = (
    "index.store.build",
    "index.search.termpool",
    "index.articles.cleaning",
    "index.extract.article",
    "index.extract.entities",
    "index.extract.quotes",
)
"""Modules only a rebuild or `extract` needs: reading must not pay for them."""


def test_opening_and_searching_loads_no_builder_or_extractor(seed_index: Path) -> None:
    code = (
        "import sys\n"
        "from index import Library, SearchRequest, load_config\n"
        f"library = Library(load_config({str(seed_index)!r}))\n"
        "library.open()\n"
        "results = library.search(SearchRequest('tariff'))\n"
        "assert results.total > 0, results\n"
        "article = library.article(results.hits[0].id)\n"
        "assert article is not None\n"
        "library.close()\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('index.'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    loaded = set(result.stdout.strip().split(","))
    assert "index.search.backend" in loaded  # the check itself sees the read path
    assert loaded.isdisjoint(WRITE_SIDE), sorted(loaded & set(WRITE_SIDE))


def test_every_public_name_resolves_to_its_module() -> None:
    import index

    names = index.__all__
    assert {"Library", "load_config", "SearchRequest", "BookmarkStore"} <= set(names)
    for name in names:
        value = getattr(index, name)
        assert value is not None, name
