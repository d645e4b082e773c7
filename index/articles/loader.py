"""Find article files under the configured folders and read them safely.

Every file is untrusted: FIFOs would block `open()`, links may point out of the folder,
files may be binary, huge or in a legacy encoding. Refusals come back as plain reasons.
"""

from __future__ import annotations

import codecs
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from index.articles.webpage import PAGE_SUFFIXES, PageError, is_page, read_page
from index.models import ArticleMeta, SkippedFile

ARTICLE_SUFFIXES = frozenset({".txt", ".md"}) | PAGE_SUFFIXES
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
"""Articles larger than this are cut at the cap (with a warning), keeping memory bounded."""
_BINARY_PROBE = 8192


@dataclass(frozen=True, slots=True)
class ArticleFile:
    """A candidate article on disk: where it is and how it looked when listed."""

    root: str
    relpath: str
    """Path relative to its root, with '/' separators: the article's stable id."""
    path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class LoadedText:
    """Decoded text of one file, with the warnings a user may want to see."""

    text: str
    warnings: tuple[str, ...]
    meta: ArticleMeta | None = None
    """A saved web page's own metadata (title, date, authors, site), which wins."""


class SkipFile(Exception):
    """Raised when a file cannot be an article; the message is the reason."""


def display_path(path: str) -> str:
    """A file name safe to store and show: undecodable bytes become U+FFFD."""
    if path.isascii():  # nothing to replace: the common case, once per file per scan
        return path
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def make_article_id(root: str, relpath: str, several_roots: bool) -> str:
    """The stable id of a file: its path in its folder, led by the folder's name when
    several folders are indexed (so two folders' "a.txt" stay apart)."""
    article_id = display_path(relpath)
    if several_roots:
        article_id = f"{display_path(os.path.basename(root))}/{article_id}"
    return article_id


def article_id_for_path(roots: tuple[str, ...], path: str) -> str | None:
    """The id a file under one of `roots` is indexed by, or None if it is under none."""
    real = os.path.realpath(path)
    for root in roots:
        root_real = os.path.realpath(root)
        if real.startswith(root_real.rstrip(os.sep) + os.sep):
            relpath = real[len(root_real.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
            return make_article_id(root_real, relpath, several_roots=len(roots) > 1)
    return None


def discover(roots: tuple[str, ...]) -> tuple[list[ArticleFile], list[SkippedFile]]:
    """List the article files under `roots`, recursively, refusing anything unsafe."""
    found: dict[str, ArticleFile] = {}
    skipped: list[SkippedFile] = []
    for root in roots:
        root_real = os.path.realpath(root)
        if not os.path.isdir(root_real):
            skipped.append(SkippedFile(display_path(root), "folder not found"))
            continue
        cut = len(root_real.rstrip(os.sep) + os.sep)
        # make_article_id, with the folder part worked out once per folder.
        led_by = make_article_id(root_real, "", several_roots=len(roots) > 1)
        for entry_path, reason, st in _walk(root_real):
            if reason is not None or st is None:
                skipped.append(SkippedFile(display_path(entry_path), reason or "unreadable"))
                continue
            # _walk yields paths joined under root_real: cutting the prefix is relpath.
            relpath = entry_path[cut:].replace(os.sep, "/")
            if _is_folder_notes(relpath):
                skipped.append(SkippedFile(display_path(entry_path), FOLDER_NOTES_REASON))
                continue
            article_id = led_by + display_path(relpath)
            found.setdefault(
                article_id,
                ArticleFile(root_real, article_id, entry_path, st.st_size, st.st_mtime_ns),
            )
    return sorted(found.values(), key=lambda f: f.relpath), skipped


@dataclass(frozen=True, slots=True)
class NamedFiles:
    """What became of the paths a watcher saw change: files to read, refusals, and the
    ids of articles whose files are gone."""

    files: list[ArticleFile]
    skipped: list[SkippedFile]
    gone: list[str]


_SCRATCH_ENDINGS = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")


def may_be_folder(path: str) -> bool:
    """Whether a changed path can be a folder (moved, removed or added with its files):
    then only a listing can say which articles came or went. A path that is gone cannot
    tell, unless its name is an editor's or a download's scratch file."""
    name = os.path.basename(path.rstrip(os.sep))
    if name.startswith((".", "#")) or name.endswith(_SCRATCH_ENDINGS):
        return False
    if os.path.isdir(path):
        return True
    return not os.path.lexists(path)


def named_files(roots: tuple[str, ...], paths: Iterable[str]) -> NamedFiles | None:
    """Check only `paths` as `discover` would check them, so an update need not list a
    library of a million files to find the one that changed.

    None when only a listing can tell: a folder came or went, or a path is a link, is
    reached through one, or lies outside every root.
    """
    real_roots = [(os.path.abspath(r), os.path.realpath(r)) for r in roots]
    found: dict[str, ArticleFile] = {}
    skipped: list[SkippedFile] = []
    gone: list[str] = []
    for path in paths:
        if not _has_article_suffix(path):
            if may_be_folder(path):
                return None  # a folder renamed, removed or added with its files
            continue  # a swap file, a log: never an article
        place = next(
            (
                (given, real)
                for given, real in real_roots
                if _inside(path, given) or _inside(path, real)
            ),
            None,
        )
        if place is None:
            return None
        given, real = place
        relpath = path[len((given if _inside(path, given) else real).rstrip(os.sep)) + 1 :]
        relpath = relpath.replace(os.sep, "/")
        if any(part.startswith(".") for part in relpath.split("/")):
            continue  # hidden, as `discover` skips it
        entry_path = os.path.join(real, *relpath.split("/"))
        article_id = make_article_id(real, relpath, several_roots=len(roots) > 1)
        try:
            st = os.lstat(entry_path)
        except FileNotFoundError:
            gone.append(article_id)
            continue
        except OSError as error:
            skipped.append(SkippedFile(display_path(entry_path), f"unreadable ({error.strerror})"))
            continue
        if not stat.S_ISREG(st.st_mode) and not stat.S_ISFIFO(st.st_mode):
            return None  # a link or a folder with an article's name: let a listing decide
        if os.path.realpath(entry_path) != entry_path:
            return None  # reached through a linked folder
        if stat.S_ISFIFO(st.st_mode):
            skipped.append(SkippedFile(display_path(entry_path), "not a regular file"))
        elif _is_folder_notes(relpath):
            skipped.append(SkippedFile(display_path(entry_path), FOLDER_NOTES_REASON))
        else:
            found[article_id] = ArticleFile(
                real, article_id, entry_path, st.st_size, st.st_mtime_ns
            )
    return NamedFiles(sorted(found.values(), key=lambda f: f.relpath), skipped, gone)


FOLDER_NOTES = frozenset({"readme", "license", "licence", "changelog", "copying", "authors"})
"""File names (any case, any article suffix) that describe a folder rather than report news."""
FOLDER_NOTES_REASON = "a folder's README or licence, not an article (rename it to index it)"


def _is_folder_notes(relpath: str) -> bool:
    """`README.TXT`, `bbc/LICENSE.md`: documentation that came with a corpus."""
    name = relpath.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0].casefold() in FOLDER_NOTES


def _walk(root: str) -> Iterator[tuple[str, str | None, os.stat_result | None]]:
    """Yield (path, None, lstat) for candidate files and (path, reason, None) for refused
    ones (the lstat is scandir's, so listing a large folder costs no second stat)."""
    seen_dirs: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
        except OSError as error:
            yield folder, f"folder unreadable ({error.strerror})", None
            continue
        if (st.st_dev, st.st_ino) in seen_dirs:
            continue
        seen_dirs.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            yield folder, f"folder unreadable ({error.strerror})", None
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = entry.path
            try:
                if entry.is_symlink():
                    target = os.path.realpath(path)
                    if not _inside(target, root):
                        yield path, "link points outside the article folder", None
                        continue
                    if os.path.isdir(target):
                        continue  # the folder is reached directly; a link to it would loop
                    if _has_article_suffix(path):
                        yield path, "link (the file it points to is read instead)", None
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                    continue
                if not _has_article_suffix(path):
                    continue
                st = entry.stat(follow_symlinks=False)
                if not stat.S_ISREG(st.st_mode):
                    yield path, "not a regular file", None
                    continue
            except OSError as error:
                yield path, f"unreadable ({error.strerror})", None
                continue
            yield path, None, st


def _has_article_suffix(path: str) -> bool:
    """os.path.splitext's extension (leading dots of the name are not one) is an
    article's; written out, as it runs for every file of every scan."""
    name = path[path.rfind(os.sep) + 1 :].lstrip(".")
    dot = name.rfind(".")
    return dot >= 0 and name[dot:].lower() in ARTICLE_SUFFIXES


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def read_article_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, bool]:
    """Read at most `max_bytes` of a regular file without ever blocking on a FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as error:
        raise SkipFile("file no longer exists") from error
    except PermissionError as error:
        raise SkipFile("permission denied") from error
    except OSError as error:
        raise SkipFile(f"unreadable ({error.strerror})") from error
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SkipFile("not a regular file")
        chunks: list[bytes] = []
        remaining = max_bytes + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as error:
        raise SkipFile(f"unreadable ({error.strerror})") from error
    finally:
        os.close(fd)
    data = b"".join(chunks)
    truncated = len(data) > max_bytes
    return data[:max_bytes], truncated


def decode_article(data: bytes, truncated: bool = False, max_bytes: int = 0) -> LoadedText:
    """Decode bytes to normalised text, trying UTF-8, UTF-16 and then cp1252.

    Raises SkipFile for binary content. Newlines become '\\n' and text becomes NFC, so
    offsets are stable and search matches whatever form the file used.
    """
    warnings: list[str] = []
    if truncated:
        warnings.append(
            f"file is larger than {max_bytes // (1024 * 1024)} MB: only the start is read"
        )
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", "replace")
    else:
        if b"\x00" in data[:_BINARY_PROBE]:
            raise SkipFile("binary file (contains NUL bytes)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            if truncated and error.start >= len(data) - 4:
                text = data[: error.start].decode("utf-8")
            else:
                text = data.decode("cp1252", "replace")
                warnings.append("not valid UTF-8: read as Windows-1252")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return LoadedText(text, tuple(warnings))


def load_text(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText:
    """Read and decode one article file (not yet sanitised for display)."""
    data, truncated = read_article_bytes(path, max_bytes)
    if is_page(path):
        try:
            page = read_page(data)
        except PageError as reason:
            raise SkipFile(str(reason)) from None
        warnings = (
            (f"page is larger than {max_bytes // (1024 * 1024)} MB: only the start is read",)
            if truncated
            else ()
        )
        return LoadedText(page.text, warnings, page.meta)
    return decode_article(data, truncated, max_bytes)
