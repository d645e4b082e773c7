"""The corrections file on disk: apply one edit at a time, keep the version before it.

Every change is a read-modify-write of a small YAML file, under a lock so two windows
cannot lose each other's fix, written atomically so a crash leaves the old or the new
file. The version before the last change is kept beside it (`<name>.undo`) for undo.
A hand-edited file that no longer parses is never overwritten: the fix is refused with
the sentence that names its line.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from index.errors import CorrectionError
from index.extract.corrections import EntityRules
from index.extract.rules_file import read_rules_file, render_rules
from index.user.exports import atomic_write_text

NO_UNDO_MARK = "# (there was no corrections file before this change)\n"
"""The `.undo` copy's text when the file did not exist yet: undo restores no rules."""
Edit = Callable[[EntityRules], EntityRules]


class CorrectionsStore:
    """One corrections file; `path` None means no config file is in use (nothing to edit)."""

    def __init__(self, path: str | None) -> None:
        self.path = Path(path) if path else None

    @property
    def undo_path(self) -> Path | None:
        """Where the version before the last change is kept."""
        return self.path.with_name(self.path.name + ".undo") if self.path else None

    def rules(self) -> EntityRules:
        """The file's rules now; a problem with it raises CorrectionError (its sentence)."""
        path = self._require()
        rules, problems = read_rules_file(path)
        if problems:
            raise CorrectionError(
                f"{problems[0]} Fix the file by hand (or remove it) before changing entities."
            )
        return rules

    def change(self, edit: Edit) -> tuple[EntityRules, EntityRules]:
        """Apply `edit` to the file's rules and save; returns (before, after).

        A ValueError from `edit` becomes CorrectionError; nothing is written then.
        """
        path = self._require()
        with self._locked():
            before = self.rules()
            try:
                after = edit(before)
            except ValueError as error:
                raise CorrectionError(str(error)) from None
            if after == before:
                return before, after
            old_text = _read_text(path)
            self._write(self.undo_path, NO_UNDO_MARK if old_text is None else old_text)
            self._write(path, render_rules(after))
            return before, after

    def can_undo(self) -> bool:
        """True when a change is kept to undo."""
        return self.undo_path is not None and self.undo_path.is_file()

    def undo(self) -> tuple[EntityRules, EntityRules]:
        """Put back the file as it was before the last change; returns (before, after)."""
        path = self._require()
        undo_path = self.undo_path
        assert undo_path is not None
        with self._locked():
            saved = _read_text(undo_path)
            if saved is None:
                raise CorrectionError("There is no entity change to undo.")
            before, _ = read_rules_file(path)
            self._write(path, render_rules(EntityRules()) if saved == NO_UNDO_MARK else saved)
            with contextlib.suppress(OSError):
                undo_path.unlink()
            after, _ = read_rules_file(path)
            return before, after

    def _require(self) -> Path:
        if self.path is None:
            raise CorrectionError(
                "Entity fixes are saved beside a config file, and none is in use; "
                "start Dateline with --config PATH."
            )
        return self.path

    def _write(self, path: Path | None, text: str) -> None:
        assert path is not None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, text)
        except (OSError, UnicodeEncodeError) as error:
            reason = getattr(error, "strerror", None) or type(error).__name__
            raise CorrectionError(
                f"{path}: could not save the entity fix ({reason}); nothing was changed."
            ) from None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """An exclusive lock on `<name>.lock` beside the file for one read-modify-write."""
        path = self._require()
        lock_path = path.with_name(f".{path.name}.lock")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise CorrectionError(
                f"{path}: could not save the entity fix ({error.strerror}); nothing was changed."
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


def _read_text(path: Path) -> str | None:
    """The file's text, or None when it does not exist."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise CorrectionError(f"{path}: cannot be read ({error}); nothing was changed.") from None
