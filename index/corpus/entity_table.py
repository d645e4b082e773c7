"""Every entity row of a generation, read once and kept compact, so corpus views count
entities over any set of articles without SQL or JSON per call.

`Library.entities` used to fetch and parse every entity row on every call (0.9 s at 10k
articles, for each sidebar refresh). Here each row is three integers in flat arrays (the
corpus group it belongs to, its mentions, its spellings), an article is a slice of them,
and the totals over the whole library are computed once. Counts over part of the library
run over numpy columns of the same rows (`entity_columns.py`); a set covering most of the
library is looked up as the few articles it leaves out.
"""

from __future__ import annotations

import json
from array import array
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from index.corpus.entity_columns import EntityColumns
from index.corpus.names import CorpusNames
from index.models import EntityCount

if TYPE_CHECKING:
    from index.corpus.entity_columns import Flags

ARRAY_TYPE = "i"
"""Row arrays hold 32-bit integers: half the memory of Python's default, ample for ids."""

Totals = tuple[Counter[int], Counter[int], dict[int, set[int]]]
"""Per group: articles naming it, its mentions, its spellings."""


@dataclass
class EntityTable:
    """Entity rows by article: group, mentions and spellings of each, as integers."""

    articles: dict[str, int] = field(default_factory=dict)
    """Article id -> its position (its rows are rows[starts[p]:starts[p + 1]])."""
    starts: array[int] = field(default_factory=lambda: array(ARRAY_TYPE, [0]))
    groups: array[int] = field(default_factory=lambda: array(ARRAY_TYPE))
    mentions: array[int] = field(default_factory=lambda: array(ARRAY_TYPE))
    spellings: array[int] = field(default_factory=lambda: array(ARRAY_TYPE))
    group_names: list[tuple[str, str]] = field(default_factory=list)
    """Group id -> (type, corpus-wide name)."""
    spelling_json: list[str] = field(default_factory=list)
    """Spellings id -> the aliases as stored (JSON), parsed only when shown."""
    _totals: Totals | None = None
    _columns_cache: EntityColumns | None = field(default=None, repr=False, compare=False)
    """The rows as numpy columns (`_columns`), made on the first count over part of the
    library: ~0.6 s at 100,000 articles, numpy's import included."""

    @classmethod
    def build(
        cls, rows: Iterable[tuple[str, str, str, str, int]], names: CorpusNames
    ) -> EntityTable:
        """From (article id, type, name, aliases JSON, mentions) rows, each article's rows
        together (as `corpusdb.entity_rows` gives them), appended as they stream in."""
        table = cls()
        group_ids: dict[tuple[str, str], int] = {}
        spelling_ids: dict[str, int] = {}
        current: str | None = None
        for article_id, etype, name, aliases, count in rows:
            if article_id != current:
                if current is not None:
                    table.starts.append(len(table.groups))
                if article_id in table.articles:
                    raise ValueError(f"rows of {article_id!r} are not together")
                table.articles[article_id] = len(table.starts) - 1
                current = article_id
            key = (etype, names.row_name(etype, name, aliases))
            group = group_ids.get(key)
            if group is None:
                group = group_ids[key] = len(table.group_names)
                table.group_names.append(key)
            spelling = spelling_ids.get(aliases)
            if spelling is None:
                spelling = spelling_ids[aliases] = len(table.spelling_json)
                table.spelling_json.append(aliases)
            table.groups.append(group)
            table.mentions.append(count)
            table.spellings.append(spelling)
        if current is not None:
            table.starts.append(len(table.groups))
        return table

    def _count(self, positions: Iterable[int]) -> Totals:
        """Articles, mentions and spellings per group over the articles at `positions`
        (a plain scan: used once per table, for the whole-library totals)."""
        articles: Counter[int] = Counter()
        mentions: Counter[int] = Counter()
        spellings: dict[int, set[int]] = defaultdict(set)
        starts, groups, counts, spelled = self.starts, self.groups, self.mentions, self.spellings
        for p in positions:
            first, last = starts[p], starts[p + 1]
            articles.update(set(groups[first:last]))
            rows = zip(groups[first:last], counts[first:last], spelled[first:last], strict=True)
            for group, count, spelling in rows:
                mentions[group] += count
                spellings[group].add(spelling)
        return articles, mentions, spellings

    def _columns(self) -> EntityColumns:
        """The rows as numpy columns, made on the first count over part of the library."""
        columns = self._columns_cache
        if columns is None:
            types = [etype for etype, _ in self.group_names]
            columns = EntityColumns(self.starts, self.groups, self.mentions, self.spellings, types)
            self._columns_cache = columns
        return columns

    def totals(self) -> Totals:
        """The counts over the whole library (computed once)."""
        if self._totals is None:
            self._totals = self._count(range(len(self.starts) - 1))
        return self._totals

    def set_totals(
        self, articles: Counter[int], mentions: Counter[int], spellings: dict[int, set[int]]
    ) -> None:
        """Totals saved with the table, so loading it need not count every row again."""
        self._totals = (articles, mentions, spellings)

    def consistent(self) -> bool:
        """Whether the arrays fit together (a table read from disk may not)."""
        rows = len(self.groups)
        starts = self.starts
        return (
            len(starts) == len(self.articles) + 1
            and starts[0] == 0
            and starts[-1] == rows
            and len(self.mentions) == rows == len(self.spellings)
            and all(starts[p] <= starts[p + 1] for p in range(len(starts) - 1))
            and _within(self.groups, len(self.group_names))
            and _within(self.spellings, len(self.spelling_json))
        )

    def count(
        self, entity_type: str | None, ids: Collection[str] | None, limit: int
    ) -> list[EntityCount]:
        """Entities of `entity_type` (any if None) over the articles `ids` (all if None),
        most articles first."""
        if limit <= 0:
            return []
        total = len(self.starts) - 1
        selected: Flags | None = None
        if ids is not None:
            keys = self.articles.keys()
            if len(ids) * 2 > total:  # most of the library: look up the few left out
                left_out = keys - (ids if isinstance(ids, Set) else set(ids))
                if left_out:
                    positions = [self.articles[i] for i in left_out]
                    selected = self._columns().selection(positions, excluded=True)
            else:
                positions = [p for p in map(self.articles.get, ids) if p is not None]
                if not positions:
                    return []
                selected = self._columns().selection(positions, excluded=False)
        names = self.group_names

        def kept(articles: Counter[int]) -> list[int]:
            """The groups of the wanted type that may rank in the first `limit`."""
            wanted = [
                g
                for g, n in articles.items()
                if n > 0 and (entity_type is None or names[g][0] == entity_type)
            ]
            if len(wanted) > limit:
                cut = sorted((articles[g] for g in wanted), reverse=True)[limit - 1]
                wanted = [g for g in wanted if articles[g] >= cut]  # ties: mentions decide
            return wanted

        if selected is None:
            articles, mentions, spellings = self.totals()
            wanted = kept(articles)
        else:
            articles, mentions, spellings = self._columns().count(selected, entity_type, limit)
            wanted = list(articles)
        wanted.sort(key=lambda g: (-articles[g], -mentions[g], names[g][1]))
        table: list[EntityCount] = []
        for group in wanted[:limit]:
            aliases: set[str] = set()
            for spelling in spellings.get(group, ()):
                aliases.update(json.loads(self.spelling_json[spelling]))
            etype, name = names[group]
            table.append(
                EntityCount(etype, name, tuple(sorted(aliases)), articles[group], mentions[group])
            )
        return table


def _within(ids: array[int], size: int) -> bool:
    """Whether every id indexes a list of `size` items."""
    return not ids or (min(ids) >= 0 and max(ids) < size)
