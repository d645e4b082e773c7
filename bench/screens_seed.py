"""What the screens probe needs before the app starts: a scratch copy of the config (so the
bench's own bookmark and history databases stay untouched), N bookmarks and a saved search
in it, all written through the public `index` API."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import yaml

SAVED_NAME = "bench saved search"
"""The saved search the palette's saved-search provider is asked for."""


def scratch_config(config_path: str) -> Path:
    """A copy of the config whose bookmark database (and the history beside it) is new."""
    data = yaml.safe_load(Path(config_path).read_text(encoding="utf-8")) or {}
    work = Path(tempfile.mkdtemp(prefix="dateline-screens-"))
    data["bookmarks"] = str(work / "bookmarks.sqlite3")
    data["watch"] = False
    out = work / "config.yaml"
    out.write_text(yaml.safe_dump(data), encoding="utf-8")
    return out


def seed(config_path: Path, bookmarks: int) -> tuple[int, str | None]:
    """Save `bookmarks` quotes (the corpus's own, repeated if it has fewer) and one saved
    search; (bookmarks saved, the commonest person's name or None)."""
    from index import Library, NewBookmark, SearchHistory, SearchRequest, load_config

    config = load_config(str(config_path))
    library = Library(config)
    try:
        library.open()
        people = library.entities("PERSON", None, 1)
        person = people[0].name if people else None
        quotes = library.quotes()[: max(bookmarks, 1)] if bookmarks else []
        paths: dict[str, str] = {}
        saved = 0
        for record in itertools.islice(itertools.cycle(quotes), bookmarks):
            path = paths.get(record.article_id)
            if path is None:
                article = library.article(record.article_id)
                path = paths[record.article_id] = article.path if article else ""
            quote = record.quote
            library.bookmarks.add(
                NewBookmark(
                    article_id=record.article_id,
                    path=path,
                    title=record.title,
                    date=record.date,
                    quote=quote.text,
                    start=quote.start,
                    end=quote.end,
                    speaker=quote.speaker,
                    speaker_desc=quote.speaker_desc,
                    source=record.source,
                )
            )
            saved += 1
        history = SearchHistory(config.history_path)
        try:
            request = SearchRequest("minister")
            history.save(SAVED_NAME, request, library.match_all(request)[0])
        finally:
            history.close()
    finally:
        library.close()
    return saved, person
