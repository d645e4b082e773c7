"""The one way tests write a config file: every path inside the test's own folder."""

from __future__ import annotations

from pathlib import Path


def write_config(folder: Path, articles: Path | list[Path], extra: str = "") -> Path:
    """config.yaml in `folder` for the given article folder(s), with the index and the
    bookmarks beside it, no watcher and a fixed theme (snapshots stay stable); `extra` is
    more YAML appended as is."""
    roots = articles if isinstance(articles, list) else [articles]
    path = folder / "config.yaml"
    path.write_text(
        "articles:\n"
        + "".join(f"  - {str(root)!r}\n" for root in roots)
        + f"index_dir: {str(folder / 'ix')!r}\n"
        f"bookmarks: {str(folder / 'bookmarks.sqlite3')!r}\n"
        "watch: false\n"
        "theme: textual-dark\n"
        f"{extra}",
        encoding="utf-8",
    )
    return path
