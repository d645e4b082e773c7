"""One file read, cleaned and extracted exactly as a rebuild would, without an index
(`dateline extract`). The write side is imported only when it is used."""

from __future__ import annotations

import os

from index.config import Config
from index.errors import DatelineError
from index.models import Article, SkippedFile


def extract_file(path: str, config: Config) -> tuple[Article, tuple[str, ...]]:
    """Read, clean and extract one file exactly as a rebuild would, without an index.

    Returns the article and its warnings; raises DatelineError with the reason a file
    cannot be an article.
    """
    from index.articles.loader import ArticleFile
    from index.store.build import process_file  # the write side, loaded only for this

    try:
        st = os.stat(path)
    except OSError as error:
        raise DatelineError(f"{path}: cannot be read ({error.strerror or error}).") from None
    folder, name = os.path.split(path)
    item = ArticleFile(folder, name, path, st.st_size, st.st_mtime_ns)
    result = process_file((item, config.max_file_bytes, config.entities))
    if isinstance(result, SkippedFile):
        raise DatelineError(f"{path}: {result.reason}.")
    return result, result.warnings
