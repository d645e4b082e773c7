"""Load config.yaml into frozen dataclasses, warning (never failing) on bad keys.

A bad key costs the user that key only: its default is used and a warning names the
file, line and key. YAML 1.1 traps (`no` -> False, `010` -> 8) are caught by strict type
checks: a bool is never accepted where a number or string is expected.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import stat
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import yaml

from index.errors import ConfigError
from index.extract.corrections import EntityRules, combine, parse_entity_rules
from index.extract.rules_file import default_rules_path, read_rules_file
from index.models import SortOrder
from index.yaml_reading import (
    LineLoader,
    YamlTooLarge,
    load_yaml_bounded,
)

CONFIG_ENV = "DATELINE_CONFIG"
DEFAULT_CONFIG_NAME = "config.yaml"
SORTS = tuple(SortOrder)


@dataclass(frozen=True, slots=True)
class SearchSettings:
    """Defaults for searches the user does not qualify."""

    sort: str = SortOrder.RELEVANCE
    """relevance or date."""
    limit: int = 200
    """How many results a search returns at most (the list pages further on demand)."""
    time_limit: float = 1.0
    """Seconds a search may run before it is cut short with what it found."""


@dataclass(frozen=True, slots=True)
class Config:
    """Everything Dateline reads from config.yaml, with every path made absolute."""

    articles: tuple[str, ...]
    """Folders (read recursively for .txt and .md) or single files."""
    index_dir: str
    """Private folder (mode 0700) holding the index generations."""
    bookmarks: str
    """SQLite database of bookmarks."""
    search: SearchSettings = field(default_factory=SearchSettings)
    keymap: Mapping[str, str] = field(default_factory=dict)
    """Binding id -> key(s), e.g. {"bookmark": "ctrl+b"}."""
    theme: str = "textual-dark"
    entities: EntityRules = field(default_factory=EntityRules)
    """Every correction in force: config.yaml's `entities:` section, then the corrections file."""
    entity_section: EntityRules = field(default_factory=EntityRules)
    """The `entities:` section of config.yaml alone (the corrections file is edited apart)."""
    corrections: str | None = None
    """The corrections file (`entities.yaml` beside the config by default), or None
    when no config file is in use."""
    watch: bool = True
    """Pick up added, changed and removed articles while the app runs."""
    max_file_mb: int = 5
    source: str | None = None
    """The file this was read from, or None for built-in defaults."""
    warnings: tuple[str, ...] = ()
    """One sentence per problem found while loading (file:line: key: what was done)."""

    @property
    def history_path(self) -> str:
        """Search history and saved searches: next to the bookmarks database."""
        return str(Path(self.bookmarks).with_name("history.sqlite3"))

    @property
    def library_id(self) -> str:
        """Names this set of article folders, so libraries sharing a bookmark file stay apart."""
        return library_id(self.articles)

    @property
    def max_file_bytes(self) -> int:
        """The article size cap in bytes."""
        return self.max_file_mb * 1024 * 1024


_TOP_KEYS = (
    "articles",
    "index_dir",
    "bookmarks",
    "search",
    "keymap",
    "theme",
    "entities",
    "watch",
    "max_file_mb",
    "corrections",
)
_SEARCH_KEYS = ("sort", "limit", "time_limit")

MAX_CONFIG_BYTES = 1024 * 1024
"""A config is a few lines; anything this big is a mistake or an attack, and is not parsed."""
SYSTEM_FOLDERS = frozenset(
    ("/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/media",
     "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var")
)  # fmt: skip
"""Folders Dateline never writes its index or bookmarks into (their contents are fine)."""
SYSTEM_TREES = ("/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/sbin", "/sys", "/usr")
"""Folders nothing of Dateline's may live anywhere under."""


def user_cache_dir() -> Path:
    """Per-user cache folder, where index generations live by default.

    `~/.cache/dateline` (or `$XDG_CACHE_HOME/dateline`) on Linux, as before; the platform's
    own place on macOS and Windows.
    """
    return Path(platformdirs.user_cache_dir("dateline", appauthor=False))


def user_data_dir() -> Path:
    """Per-user data folder, where the bookmark database lives by default.

    `~/.local/share/dateline` (or `$XDG_DATA_HOME/dateline`) on Linux, as before.
    """
    return Path(platformdirs.user_data_dir("dateline", appauthor=False))


def library_id(articles: tuple[str, ...]) -> str:
    """A short stable id for a set of article folders (order does not matter)."""
    digest = hashlib.sha256("\0".join(sorted(articles)).encode("utf-8", "replace")).hexdigest()
    return digest[:12]


def default_index_dir(articles: tuple[str, ...]) -> str:
    """One private index folder per set of article folders, so two libraries never mix."""
    return str(user_cache_dir() / f"index-{library_id(articles)}")


def find_config(explicit: str | None = None) -> Path | None:
    """The config file to use: --config, then $DATELINE_CONFIG, then ./config.yaml."""
    if explicit:
        return Path(explicit)
    if env := os.environ.get(CONFIG_ENV):
        return Path(env)
    local = Path.cwd() / DEFAULT_CONFIG_NAME
    return local if local.is_file() else None


class _Reader:
    """Collects warnings while checking values against their expected types."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.warnings: list[str] = []

    def warn(self, line: int | None, message: str) -> None:
        place = f"{self.where}:{line}" if line else self.where
        self.warnings.append(f"{place}: {message}")

    def check_keys(self, data: Mapping[str, Any], allowed: tuple[str, ...], prefix: str) -> None:
        lines = data.get("__lines__", {})
        for key in data:
            if key == "__lines__" or key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f' (did you mean "{prefix}{close[0]}"?)' if close else ""
            self.warn(lines.get(key), f'unknown key "{prefix}{key}" ignored{hint}.')

    def get(
        self,
        data: Mapping[str, Any],
        key: str,
        kind: type | tuple[type, ...],
        default: Any,
        prefix: str = "",
    ) -> Any:
        if key not in data or data[key] is None:
            return default
        value = data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        accepted = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
        if float in kinds and isinstance(value, int) and not isinstance(value, bool):
            value, accepted = float(value), True
        if not accepted:
            names = " or ".join(_type_name(k) for k in kinds)
            self.warn(
                data.get("__lines__", {}).get(key),
                f'"{prefix}{key}" should be {names}, not {value!r}; using the default {default!r}.',
            )
            return default
        return value


def _type_name(kind: type) -> str:
    return {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "a mapping",
    }.get(kind, kind.__name__)


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read config from `path` (or the usual places); missing file -> defaults."""
    config_path = find_config(os.fspath(path) if path is not None else None)
    if config_path is None:
        return _build({}, base=Path.cwd(), where="defaults", source=None, extra=())
    where = str(config_path)
    raw_bytes = _read_config(config_path, where)
    extra: list[str] = []
    try:
        text = _decode(raw_bytes)
        data = load_yaml_bounded(text, LineLoader)
    except YamlTooLarge as error:
        extra.append(f"{where}: {error}; using the built-in defaults.")
        data = {}
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        extra.append(f"{where}{line}: {problem}; using the built-in defaults.")
        data = {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        extra.append(f"{where}: the file should be a mapping of keys; using the built-in defaults.")
        data = {}
    return _build(
        data, base=config_path.resolve().parent, where=where, source=where, extra=tuple(extra)
    )


def _read_config(config_path: Path, where: str) -> bytes:
    """The config file's bytes; a sentence (ConfigError) for a missing, odd or huge file."""
    try:
        st = config_path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise ConfigError(f"{where}: is a folder; give the config file itself (config.yaml).")
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError(f"{where}: is not a regular file; give a config.yaml file.")
        if st.st_size > MAX_CONFIG_BYTES:
            raise ConfigError(
                f"{where}: is {st.st_size // 1024:,} KB, too big for a config file "
                f"(at most {MAX_CONFIG_BYTES // 1024:,} KB); check you named the right file."
            )
        with open(config_path, "rb") as handle:
            return handle.read(MAX_CONFIG_BYTES + 1)[:MAX_CONFIG_BYTES]
    except FileNotFoundError as error:
        raise ConfigError(f"{where}: config file not found; create it or drop --config.") from error
    except OSError as error:
        raise ConfigError(f"{where}: cannot read the config file ({error.strerror}).") from error


def unsafe_place(path: str, want: str) -> str | None:
    """Why `path` must not hold Dateline's index (`want="folder"`) or bookmarks ("file").

    None when it is fine. System folders, devices and other people's files are refused:
    an index cleanup deletes `ix-*` folders and a database writes `-journal` files beside
    itself, so `/etc` or `/dev/null` would be damaged.
    """
    if path in SYSTEM_FOLDERS or any(path.startswith(tree + "/") for tree in SYSTEM_TREES):
        return "is a system folder"
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot be checked ({error.strerror})"
    if want == "folder" and not stat.S_ISDIR(st.st_mode):
        return "is not a folder"
    if want == "file" and stat.S_ISDIR(st.st_mode):
        return "is a folder, not a database file"
    if want == "file" and not stat.S_ISREG(st.st_mode):
        return "is a device or special file, not a database file"
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return "belongs to another user"
    return None


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _resolve(base: Path, value: str) -> str:
    return str((base / os.path.expanduser(value)).resolve())


def _build(
    data: Mapping[str, Any], base: Path, where: str, source: str | None, extra: tuple[str, ...]
) -> Config:
    reader = _Reader(where)
    reader.warnings.extend(extra)
    reader.check_keys(data, _TOP_KEYS, "")

    articles_raw = data.get("articles")
    articles: list[str] = []
    if isinstance(articles_raw, str):
        articles = [articles_raw]
    elif isinstance(articles_raw, list) and all(isinstance(a, str) for a in articles_raw):
        articles = list(articles_raw)
    elif articles_raw is not None:
        reader.warn(
            data.get("__lines__", {}).get("articles"),
            '"articles" should be a folder or a list of folders; using "seeds".',
        )
    if not articles:
        articles = ["seeds"]
    article_paths = tuple(dict.fromkeys(_resolve(base, a) for a in articles))
    home = str(Path.home().resolve())
    for article_path in article_paths:
        if article_path in ("/", home):
            what = "the whole machine" if article_path == "/" else "your whole home folder"
            raise ConfigError(
                f'{where}: "articles" is {article_path}, {what}; set it to the folder that '
                "holds your articles."
            )

    index_dir = reader.get(data, "index_dir", str, None)
    index_path = _resolve(base, index_dir) if index_dir else default_index_dir(article_paths)
    if index_dir and os.path.islink(os.path.abspath(base / os.path.expanduser(index_dir))):
        reader.warn(
            data.get("__lines__", {}).get("index_dir"),
            '"index_dir" is a link to another folder, where index files (which run code '
            "when opened) could be planted; using the private default instead.",
        )
        index_path = default_index_dir(article_paths)
    for article_path in article_paths:
        if index_path == article_path or index_path.startswith(article_path.rstrip("/") + "/"):
            reader.warn(
                data.get("__lines__", {}).get("index_dir"),
                '"index_dir" is inside an article folder, where anyone who can add an '
                "article could plant index files; using the private default instead.",
            )
            index_path = default_index_dir(article_paths)
    if index_dir and (why := unsafe_place(index_path, "folder")):
        reader.warn(
            data.get("__lines__", {}).get("index_dir"),
            f'"index_dir" {index_path} {why}; using the private default instead '
            "(set index_dir to a folder of your own).",
        )
        index_path = default_index_dir(article_paths)
    bookmarks = reader.get(data, "bookmarks", str, None)
    bookmarks_path = (
        _resolve(base, bookmarks) if bookmarks else str(user_data_dir() / "bookmarks.sqlite3")
    )
    if bookmarks and (why := unsafe_place(bookmarks_path, "file")):
        line = data.get("__lines__", {}).get("bookmarks")
        raise ConfigError(
            f'{where}{f":{line}" if line else ""}: "bookmarks" {bookmarks_path} {why}; '
            "set it to a file of your own, such as ~/bookmarks.sqlite3."
        )

    search_raw = reader.get(data, "search", dict, {})
    search = SearchSettings()
    if search_raw:
        reader.check_keys(search_raw, _SEARCH_KEYS, "search.")
        sort = reader.get(search_raw, "sort", str, search.sort, "search.")
        if sort not in SORTS:
            reader.warn(
                search_raw.get("__lines__", {}).get("sort"),
                f'"search.sort" should be relevance or date, not {sort!r}; using relevance.',
            )
            sort = SortOrder.RELEVANCE
        limit = reader.get(search_raw, "limit", int, search.limit, "search.")
        if not 1 <= limit <= 10_000:
            reader.warn(
                search_raw.get("__lines__", {}).get("limit"),
                f'"search.limit" should be between 1 and 10000; using {search.limit}.',
            )
            limit = search.limit
        time_limit = reader.get(search_raw, "time_limit", float, search.time_limit, "search.")
        time_limit = min(max(time_limit, 0.05), 10.0)
        search = SearchSettings(sort=sort, limit=limit, time_limit=time_limit)

    keymap_raw = reader.get(data, "keymap", dict, {})
    keymap: dict[str, str] = {}
    for key, value in keymap_raw.items():
        if key == "__lines__":
            continue
        if isinstance(key, str) and isinstance(value, str) and value.strip():
            bad = [k for k in value.split(",") if not valid_key(k.strip())]
            if bad:
                reader.warn(
                    keymap_raw.get("__lines__", {}).get(key),
                    f'"keymap.{key}": {bad[0].strip()!r} is not a key Dateline can bind '
                    '(use e.g. "ctrl+b", "f5", "x" or "slash"); the default key is kept.',
                )
                continue
            keymap[key] = ",".join(k.strip() for k in value.split(","))
        else:
            reader.warn(
                keymap_raw.get("__lines__", {}).get(key),
                f'"keymap.{key}" should map a binding id to keys such as "ctrl+b"; ignored.',
            )

    theme = reader.get(data, "theme", str, "textual-dark")
    watch = reader.get(data, "watch", bool, True)
    max_file_mb = reader.get(data, "max_file_mb", int, 5)
    if not 1 <= max_file_mb <= 1024:
        reader.warn(
            data.get("__lines__", {}).get("max_file_mb"),
            '"max_file_mb" should be between 1 and 1024; using 5.',
        )
        max_file_mb = 5

    entities_raw = data.get("entities")
    entity_rules, entity_warnings = parse_entity_rules(
        _strip_lines(entities_raw) if entities_raw is not None else None, where
    )
    reader.warnings.extend(entity_warnings)
    corrections_raw = reader.get(data, "corrections", str, None)
    default_corrections = default_rules_path(source)
    corrections = (
        _resolve(base, corrections_raw)
        if corrections_raw
        else (str(default_corrections) if default_corrections else None)
    )
    if corrections_raw and corrections and (why := unsafe_place(corrections, "file")):
        reader.warn(
            data.get("__lines__", {}).get("corrections"),
            f'"corrections" {corrections} {why}; using entities.yaml beside the config.',
        )
        corrections = str(default_corrections) if default_corrections else None
    all_rules = entity_rules
    if corrections is not None:
        file_rules, file_warnings = read_rules_file(corrections)
        reader.warnings.extend(file_warnings)
        all_rules = combine(entity_rules, file_rules)

    return Config(
        articles=article_paths,
        index_dir=index_path,
        bookmarks=bookmarks_path,
        search=search,
        keymap=keymap,
        theme=theme,
        entities=all_rules,
        entity_section=entity_rules,
        corrections=corrections,
        watch=watch,
        max_file_mb=max_file_mb,
        source=source,
        warnings=tuple(reader.warnings),
    )


_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_KEY_NAMES = frozenset(
    ("enter", "escape", "tab", "space", "backspace", "delete", "insert", "home", "end",
     "pageup", "pagedown", "up", "down", "left", "right", "slash", "backslash", "at", "minus",
     "plus", "underscore", "newline", *(f"f{n}" for n in range(1, 13)))
)  # fmt: skip


def valid_key(spec: str) -> bool:
    """True for a key a terminal sends and the footer can show: `ctrl+b`, `f5`, `x`, `slash`.

    Function keys past F12 are missing from most keyboards; anything with markup,
    spaces or unknown names is refused, so a typo cannot silently unbind a command.
    """
    parts = spec.split("+")
    *modifiers, base = parts
    if not base or any(m not in _MODIFIERS for m in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    if base in _KEY_NAMES:
        return True
    if not base.replace("_", "").isalpha() or not base.islower():
        return False
    try:
        unicodedata.lookup(base.replace("_", " "))  # Textual names keys after characters
    except KeyError:
        return False
    return True


def _strip_lines(value: Any) -> Any:
    """Drop the line bookkeeping before handing a section to another parser."""
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__lines__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value
