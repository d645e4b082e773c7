"""Rows 10 and 21 as an ordinary user: root ignores file modes, so CI drops privileges.

When the suite runs as root and `setpriv` exists, the CLI runs as `nobody` in a folder
that user owns; otherwise the tests in the other modules cover the rows directly.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

NOBODY = 65534
SITE = Path(sysconfig.get_paths()["purelib"])


def _interpreter() -> str:
    """A Python of this version that `nobody` can execute (ours may sit in a private folder)."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, f"/usr/bin/{version}", shutil.which(version) or ""):
        if candidate and _runs_as_nobody(candidate):
            return candidate
    return ""


def _runs_as_nobody(python: str) -> bool:
    code = "import subprocess, sys, index; subprocess.run([sys.executable, '-c', ''], check=True)"
    probe = subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
         "env", f"PYTHONPATH={REPO}:{SITE}", python, "-c", code],
        capture_output=True, text=True, cwd="/",
    )  # fmt: skip
    return probe.returncode == 0


def _can_drop_privileges() -> str | None:
    if os.geteuid() != 0:
        return "already an ordinary user: the rows run directly in the other modules"
    if shutil.which("setpriv") is None:
        return "setpriv is missing, so the suite cannot act as an ordinary user"
    if not PYTHON:
        return (
            "no Python of this version that an ordinary user can run; "
            "install one system-wide to check"
        )
    return None


PYTHON = _interpreter() if os.geteuid() == 0 and shutil.which("setpriv") else ""
SKIP_REASON = _can_drop_privileges()
pytestmark = pytest.mark.skipif(SKIP_REASON is not None, reason=SKIP_REASON or "")


@pytest.fixture
def nobody_home() -> Iterator[Path]:
    """A folder owned by `nobody` with articles and a config, outside root's private tmp."""
    folder = Path(tempfile.mkdtemp(prefix="dateline-nobody-"))
    os.chmod(folder, 0o755)
    articles = folder / "articles"
    articles.mkdir()
    for i in range(12):
        (articles / f"story{i}.txt").write_text(
            f"Story {i}\n\nHarbour story{i} text about ministers.\n", encoding="utf-8"
        )
    (folder / "config.yaml").write_text(
        f"articles: [{articles}]\nindex_dir: {folder / 'ix'}\n"
        f"bookmarks: {folder / 'b.sqlite3'}\nwatch: false\n",
        encoding="utf-8",
    )
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, NOBODY, NOBODY)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def as_nobody(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": f"{REPO}:{SITE}",
        "HOME": str(folder),
        "XDG_CACHE_HOME": str(folder / "cache"),
        "XDG_DATA_HOME": str(folder / "data"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
         PYTHON, "-m", "tui.cli", *args, "--config", str(folder / "config.yaml")],
        capture_output=True, text=True, env=env, cwd=folder, timeout=120,
    )  # fmt: skip


@pytest.mark.row(21)
def test_read_only_index_folder_as_ordinary_user(nobody_home: Path) -> None:
    built = as_nobody(nobody_home, "index", "--json")
    assert built.returncode == 0, built.stderr
    os.chmod(nobody_home / "ix", 0o555)
    found = as_nobody(nobody_home, "search", "story3", "--json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["total"] == 1
    (nobody_home / "articles" / "story0.txt").write_text("Changed\n\nNew text.\n")
    rebuilt = as_nobody(nobody_home, "index", "--full", "--json")
    report = json.loads(rebuilt.stdout)
    assert report["error"] and "permission" in report["error"].lower()
    assert "already running" not in report["error"]
    still = as_nobody(nobody_home, "search", "story3", "--json")
    assert json.loads(still.stdout)["total"] == 1


@pytest.mark.row(10)
def test_unreadable_file_is_skipped_with_its_reason_as_ordinary_user(nobody_home: Path) -> None:
    secret = nobody_home / "articles" / "secret.txt"
    secret.write_text("Secret\n\nHidden.\n")
    os.chown(secret, 0, 0)
    os.chmod(secret, 0o000)
    built = as_nobody(nobody_home, "index", "--json")
    assert built.returncode == 0, built.stderr
    report = json.loads(built.stdout)
    assert report["articles"] == 12
    reasons = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert "permission" in reasons["secret.txt"].lower()
