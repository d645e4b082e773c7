"""Index generations: fresh directories swapped in atomically through a CURRENT pointer.

Whoosh's `create_in` wipes the live directory first and never fsyncs, and its files are
pickles that run code when opened. So every rebuild writes a new `ix-*` directory, fsyncs
it, records a sha256 manifest, and only then replaces CURRENT. Readers verify the
manifest (and that the folder is private and ours) before Whoosh opens anything.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index.errors import IndexBusyError, IndexDamagedError

CURRENT = "CURRENT"
LOCK = "rebuild.lock"
MANIFEST = "manifest.json"
PREFIX = "ix-"
QUARANTINE = "quarantine-"
FORMAT = 2
"""Manifest format written. 2: the article store may be a base plus a delta, which code
reading format 1 would ignore (serving stale articles) and, updating, corrupt: so older
code refuses these generations and rebuilds."""
READABLE_FORMATS = frozenset({1, FORMAT})
"""Format 1 generations (one article store) are a base without a delta: still served."""
LOCK_GRACE = 0.3
"""Seconds a rebuild waits for the lock before reporting another rebuild."""


@dataclass(frozen=True, slots=True)
class Generation:
    """A verified, complete index generation ready to open."""

    path: Path
    name: str
    doc_count: int
    built_at: float


def ensure_private_dir(path: Path) -> None:
    """Create `path` (mode 0700) or refuse it when others could plant files in it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        raise IndexDamagedError(f"{path}: the index folder is a link; point index_dir elsewhere.")
    if st.st_uid != os.getuid():
        raise IndexDamagedError(
            f"{path}: the index folder belongs to another user; point index_dir elsewhere."
        )
    if st.st_mode & 0o022:
        with contextlib.suppress(OSError):
            os.chmod(path, 0o700)
        if os.lstat(path).st_mode & 0o022:
            raise IndexDamagedError(
                f"{path}: the index folder is writable by others; make it private (chmod 700)."
            )


def new_generation_dir(root: Path) -> Path:
    """A fresh, empty, private directory for the next generation."""
    name = f"{PREFIX}{time.time_ns()}-{os.getpid()}"
    path = root / name
    path.mkdir(mode=0o700)
    return path


def read_current(root: Path) -> str | None:
    """The name of the current generation, or None when there is none yet."""
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise IndexDamagedError(
            f"{root / CURRENT}: unreadable ({error}); rebuild the index."
        ) from error
    if not name.startswith(PREFIX) or "/" in name or name in (".", ".."):
        raise IndexDamagedError(f"{root / CURRENT}: does not name a generation; rebuild the index.")
    return name


def current_stamp(root: Path) -> tuple[int, int] | None:
    """A cheap change marker for CURRENT (inode, mtime), used to notice swaps."""
    try:
        st = os.stat(root / CURRENT)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_path(path: Path, directory: bool = False) -> None:
    flags = os.O_RDONLY | (os.O_DIRECTORY if directory else 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_manifest(
    gen_dir: Path,
    doc_count: int,
    extra: dict[str, object],
    previous: dict[str, object] | None = None,
) -> None:
    """fsync every file, then record size, mtime and sha256 of each in manifest.json.

    Files hard-linked unchanged from the previous generation keep their recorded hash,
    so an incremental update does not re-hash the whole index.
    """
    known: dict[str, dict[str, object]] = {}
    if previous:
        files = previous.get("files")
        if isinstance(files, dict):
            known = {k: v for k, v in files.items() if isinstance(v, dict)}
    entries: dict[str, dict[str, object]] = {}
    for path in sorted(gen_dir.iterdir()):
        if path.name == MANIFEST or path.name.endswith(".lock") or path.name.endswith("WRITELOCK"):
            continue
        if not path.is_file():
            continue
        _fsync_path(path)
        st = path.stat()
        old = known.get(path.name)
        if old and old.get("size") == st.st_size and old.get("mtime_ns") == st.st_mtime_ns:
            sha = str(old["sha256"])
        else:
            sha = _sha256(path)
        entries[path.name] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha}
    manifest = {
        "format": FORMAT,
        "generation": gen_dir.name,
        "doc_count": doc_count,
        "built_at": time.time(),
        "files": entries,
        **extra,
    }
    tmp = gen_dir / (MANIFEST + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, gen_dir / MANIFEST)
    _fsync_path(gen_dir, directory=True)


def read_manifest(gen_dir: Path) -> dict[str, object]:
    """The parsed manifest of a generation (JSON only: never a pickle)."""
    try:
        with open(gen_dir / MANIFEST, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as error:
        raise IndexDamagedError(f"{gen_dir}: manifest missing or unreadable; rebuild.") from error
    if not isinstance(data, dict) or data.get("format") not in READABLE_FORMATS:
        raise IndexDamagedError(f"{gen_dir}: manifest of an unknown format; rebuild.")
    return data


def verify(gen_dir: Path, full: bool = False) -> dict[str, object]:
    """Check a generation against its manifest before anything in it is unpickled.

    Files whose size and mtime match the manifest are trusted without re-hashing (the
    folder is private, so only a crash or disk fault could change them, and both change
    the stat); TOC files, which Whoosh unpickles first, are always hashed.
    """
    manifest = read_manifest(gen_dir)
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise IndexDamagedError(f"{gen_dir}: manifest lists no files; rebuild.")
    present = {p.name for p in gen_dir.iterdir() if p.is_file()}
    for name, entry in files.items():
        path = gen_dir / name
        if not isinstance(entry, dict) or name not in present:
            raise IndexDamagedError(f"{gen_dir.name}: {name} is missing; rebuilding the index.")
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid():
            raise IndexDamagedError(f"{gen_dir.name}: {name} is not ours; rebuilding the index.")
        if st.st_size != entry.get("size"):
            raise IndexDamagedError(f"{gen_dir.name}: {name} changed size; rebuilding the index.")
        must_hash = full or name.endswith(".toc") or st.st_mtime_ns != entry.get("mtime_ns")
        if must_hash and _sha256(path) != entry.get("sha256"):
            raise IndexDamagedError(f"{gen_dir.name}: {name} is corrupted; rebuilding the index.")
    for name in present - set(files):
        # An unlisted TOC or article store would be read without ever being checked.
        if name.endswith((".toc", ".sqlite3")):
            raise IndexDamagedError(f"{gen_dir.name}: unexpected {name}; rebuilding the index.")
    return manifest


def open_current(root: Path, attempts: int = 3) -> Generation | None:
    """Resolve and verify the current generation; None when nothing was ever built.

    Another process may swap in a new generation and prune this one while it is being
    verified: a file gone mid-check then means "read CURRENT again", not damage.
    """
    for attempt in range(attempts):
        name = read_current(root)
        if name is None:
            return None
        gen_dir = root / name
        if not gen_dir.is_dir():
            if attempt + 1 < attempts and read_current(root) != name:
                continue  # replaced (and pruned) since CURRENT was read
            raise IndexDamagedError(f"{root}: the current index generation is missing; rebuilding.")
        try:
            manifest = verify(gen_dir)
        except (FileNotFoundError, IndexDamagedError) as error:
            if attempt + 1 < attempts and read_current(root) != name:
                continue  # pruned while it was checked: the new one is current
            if isinstance(error, IndexDamagedError):
                raise
            raise IndexDamagedError(
                f"{gen_dir.name}: a file vanished while it was checked; rebuilding the index."
            ) from None
        return _generation(gen_dir, name, manifest)
    return None  # pragma: no cover - the loop returns or raises


def _generation(gen_dir: Path, name: str, manifest: dict[str, object]) -> Generation:
    """The generation a verified manifest describes."""
    doc_count = manifest.get("doc_count")
    built_at = manifest.get("built_at")
    return Generation(
        path=gen_dir,
        name=name,
        doc_count=doc_count if isinstance(doc_count, int) else 0,
        built_at=float(built_at) if isinstance(built_at, (int, float)) else 0.0,
    )


def swap_current(root: Path, gen_dir: Path) -> None:
    """Atomically make `gen_dir` the current generation."""
    tmp = root / (CURRENT + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(gen_dir.name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, root / CURRENT)
    _fsync_path(root, directory=True)


def quarantine(root: Path, name: str) -> Path | None:
    """Move a damaged generation aside (never delete evidence straight away)."""
    source = root / name
    if not source.exists():
        return None
    target = root / f"{QUARANTINE}{time.time_ns()}-{name}"
    try:
        os.replace(source, target)
    except OSError:
        return None
    return target


@contextlib.contextmanager
def rebuild_lock(root: Path) -> Iterator[None]:
    """Hold the rebuild lock, or raise IndexBusyError if another process has it.

    flock is released by the kernel when its holder dies, so a killed rebuild never
    leaves a stale lock behind.
    """
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        # `is_locked` probes the lock for an instant; a short retry keeps such a probe
        # from being mistaken for a running rebuild.
        deadline = time.monotonic() + LOCK_GRACE
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as error:
                if time.monotonic() >= deadline:
                    raise IndexBusyError(
                        "A rebuild is already running; the current index keeps serving."
                    ) from error
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)


def is_locked(root: Path) -> bool:
    """True while some process holds the rebuild lock."""
    try:
        fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def collect_garbage(root: Path, keep: tuple[str, ...]) -> list[str]:
    """Remove generations other than `keep` (call only while holding the rebuild lock)."""
    removed: list[str] = []
    quarantined = sorted(p for p in root.iterdir() if p.name.startswith(QUARANTINE))
    for path in root.iterdir():
        stale_quarantine = path in quarantined[:-1]
        if (path.name.startswith(PREFIX) and path.name not in keep) or stale_quarantine:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    for leftover in (root / (CURRENT + ".tmp"),):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    return removed


def drop_files_of_gone_generations(root: Path, prefix: str, suffix: str) -> None:
    """Remove `<prefix><generation><suffix>` files kept beside generations that are gone."""
    for stale in root.glob(f"{prefix}{PREFIX}*{suffix}"):
        if not (root / stale.name[len(prefix) : -len(suffix)]).is_dir():
            with contextlib.suppress(OSError):
                stale.unlink()


def remove_partial(root: Path) -> list[str]:
    """Remove generations a killed rebuild left half-written (call holding the rebuild lock).

    A generation without its manifest never finished; left alone, each killed rebuild
    would keep a full index's worth of disk until a later rebuild succeeded.
    """
    try:
        current = read_current(root)
    except IndexDamagedError:
        current = None  # a damaged pointer: the full rebuild that follows replaces it
    removed: list[str] = []
    for path in root.iterdir():
        if not path.name.startswith(PREFIX) or path.name == current or path.is_symlink():
            continue
        if path.is_dir() and not (path / MANIFEST).exists():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def clone_generation(
    source: Path, target: Path, copy: tuple[str, ...] = (), skip: tuple[str, ...] = ()
) -> None:
    """Fill `target` with hard links to `source`'s files (copies for files in `copy`,
    nothing for files in `skip`: their owner fills them in).

    Whoosh never rewrites a segment file, so the links are safe to share; a new commit
    writes new files and a new TOC beside them, leaving the source generation intact.
    """
    for path in source.iterdir():
        if not path.is_file() or path.name == MANIFEST or path.name.endswith("WRITELOCK"):
            continue
        if path.name in skip:
            continue
        if path.name in copy:
            shutil.copy2(path, target / path.name)
        else:
            os.link(path, target / path.name)
