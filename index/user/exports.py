"""Where exports go and how every file Dateline writes lands: whole, or not at all.

A plain `open(path, "w")` truncates the target before the new text exists; a crash, a
full disk or an encoding error then leaves an empty file where the old one was. Every
write here goes to a temporary file in the same folder and is renamed into place.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from index.errors import DatelineError

EXPORT_STEM = "dateline-bookmarks"


class ExportError(DatelineError):
    """An export could not be written; the target is unchanged."""


def atomic_write_text(path: str | os.PathLike[str], text: str, mode: int = 0o644) -> None:
    """Write `text` (UTF-8) to `path` via a temporary file in the same folder and a rename.

    Raises OSError or UnicodeEncodeError with the target untouched and no temporary file
    left behind.
    """
    target = Path(path)
    data = text.encode("utf-8")  # fails before anything is touched
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def default_export_dir() -> Path:
    """The user's documents folder (XDG), else ~/Documents, else the home folder.

    Never the current folder: it is often a source checkout the export would pollute.
    """
    xdg = os.environ.get("XDG_DOCUMENTS_DIR")
    candidates = [Path(os.path.expanduser(xdg))] if xdg else []
    candidates.append(Path.home() / "Documents")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return Path.home()


def free_name(path: Path) -> Path:
    """`path`, or `name-2.ext`, `name-3.ext`, … : the first that does not exist yet."""
    if not os.path.lexists(path):
        return path
    for number in range(2, 10_000):
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        if not os.path.lexists(candidate):
            return candidate
    raise ExportError(f"{path.parent}: too many exports named {path.stem}; tidy the folder.")


def default_export_path(extension: str, stem: str = EXPORT_STEM) -> Path:
    """A new file in the export folder: `dateline-bookmarks.md`, then `-2`, `-3`…"""
    return free_name(default_export_dir() / f"{stem}.{extension}")


def write_export(path: str | os.PathLike[str], text: str, force: bool = False) -> Path:
    """Write an export to `path` atomically; refuse to replace an existing file unless `force`.

    Returns the path written. Raises ExportError (one sentence) with the target unchanged.
    """
    target = Path(os.path.expanduser(os.fspath(path)))
    if target.is_dir():
        raise ExportError(f"{target}: is a folder; give a file name such as {EXPORT_STEM}.md.")
    if os.path.lexists(target) and not force:
        raise ExportError(
            f"{target}: already exists; choose another name or add --force to replace it."
        )
    try:
        atomic_write_text(target, text)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportError(f"{target}: cannot write it ({reason}); nothing was changed.") from None
    except UnicodeEncodeError:
        raise ExportError(
            f"{target}: the export holds characters that cannot be saved; nothing was changed."
        ) from None
    return target


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 bookmark`, `2 bookmarks` (`nouns` for irregular plurals: query, queries)."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {nouns or noun + 's'}"
