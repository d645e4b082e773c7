"""Shared fixtures for the app tests: a seed index built once per session, copied per test.

Tests never touch the user's config or caches: every app gets a temp config, and
XDG_CACHE_HOME / XDG_DATA_HOME point into the test's temp folder.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from index import (
    Article,
    Config,
    Entity,
    EntityCount,
    Library,
    LineKind,
    Mention,
    Quote,
    SearchRequest,
    load_config,
)
from tui.app import DatelineApp

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
_QUOTE = re.compile(r"[\"“]([^\"”\n]{8,}?)[\"”]")
_NAMES = ("Kim Yong-beom", "Koo Yun-cheol", "Koo Yoon-cheol", "Howard Lutnick", "Kim Jung-kwan")


def write_config(folder: Path, articles: Path, **extra: str) -> Path:
    """A config file whose every path is inside `folder`."""
    lines = [
        f"articles: [{articles}]",
        f"index_dir: {folder / 'ix'}",
        f"bookmarks: {folder / 'bookmarks.sqlite3'}",
        "watch: false",
        "theme: textual-dark",
    ]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    path = folder / "config.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class QuotingLibrary(Library):
    """The real library, plus stand-in quotes and people while `index.extract` is a stub.

    Only fills in what the index returned empty, so the tests keep exercising the real
    extraction as soon as it exists.
    """

    def article(self, article_id: str) -> Article | None:
        article = super().article(article_id)
        if article is None or article.quotes or article.entities:
            return article
        return _with_extraction(article)

    def entities(
        self,
        entity_type: str | None = None,
        query: SearchRequest | None = None,
        limit: int = 200,
        article_ids: tuple[str, ...] | None = None,
    ) -> list[EntityCount]:
        table = super().entities(entity_type, query, limit, article_ids)
        if table:
            return table
        results = self.search(query or SearchRequest(limit=1000))
        counts: dict[str, tuple[int, int]] = {}
        for hit in results.hits:
            article = self.article(hit.id)
            for entity in article.entities if article else ():
                articles, mentions = counts.get(entity.name, (0, 0))
                counts[entity.name] = (articles + 1, mentions + entity.count)
        rows = [EntityCount("PERSON", n, (n,), a, m) for n, (a, m) in counts.items()]
        rows.sort(key=lambda e: (-e.articles, e.name))
        return rows[:limit]

    def corpus_name(self, entity_type: str, name: str) -> str:
        real = super().corpus_name(entity_type, name)
        return "Koo Yun-cheol" if real == "Koo Yoon-cheol" else real


def _with_extraction(article: Article) -> Article:
    text = article.text
    quotes: list[Quote] = []
    for block in article.blocks:
        if block.kind is not LineKind.BODY:
            continue
        for match in _QUOTE.finditer(text, block.start, block.end):
            quotes.append(Quote(match.group(1), "full", "Kim Yong-beom", None, *match.span(1)))
    entities = []
    for name in _NAMES:
        mentions = tuple(
            Mention(m.start(), m.end(), name) for m in re.finditer(re.escape(name), text)
        )
        if mentions:
            entities.append(Entity("PERSON", name, (name,), mentions))
    return replace(article, quotes=tuple(quotes), entities=tuple(entities))


def build_index(folder: Path, articles: Path) -> Config:
    """Write a config for `articles` in `folder` and build its index (a child process)."""
    config = load_config(str(write_config(folder, articles)))
    library = Library(config)
    try:
        report = library.rebuild(full=True)
        assert report.error is None, report.error
    finally:
        library.close()
    return config


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds indexed once per session; tests copy it."""
    folder = tmp_path_factory.mktemp("seed-index")
    build_index(folder, SEEDS)
    return folder


@pytest.fixture
def app_config(
    seed_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Config]:
    """A private copy of the seed index with an empty bookmark store."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("DATELINE_CONFIG", raising=False)
    shutil.copytree(seed_index / "ix", tmp_path / "ix")
    (tmp_path / "ix").chmod(0o700)
    yield load_config(str(write_config(tmp_path, SEEDS)))


def make_app(config: Config, quoting: bool = True) -> DatelineApp:
    """A `DatelineApp` on `config` (with stand-in quotes while extraction is a stub)."""
    library = QuotingLibrary(config) if quoting else None
    return DatelineApp(config, library=library)
