"""Filter by an entity, or see its concordance."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits

from index import EntityCount
from tui.palette.base import DatelineProvider, Preloaded, highlight
from tui.safe import flat


class EntitiesProvider(DatelineProvider):
    """Filter the results by an entity (keep or exclude)."""

    _table: Preloaded[list[EntityCount]] | None = None

    async def startup(self) -> None:
        library = self.dateline.library
        if library is not None:
            self._table = Preloaded(partial(library.entities, None, None, 500))

    async def search(self, query: str) -> Hits:
        for entity in await self._table.get() if self._table is not None else []:
            name = flat(entity.name, 80)
            for exclude in (False, True):
                verb = "Exclude" if exclude else "Only"
                text = f"{verb} {entity.type.lower()}: {name}"
                score, content = highlight(self, query, text)
                if score > 0:
                    yield Hit(
                        score * (0.9 if exclude else 1.0),
                        content,
                        partial(self.main.add_filter, entity.type, entity.name, exclude),
                        text=text,
                        help="Filter the results",
                    )
            text = f"Concordance: {entity.type.lower()}: {name}"
            score, content = highlight(self, query, text)
            if score > 0:
                yield Hit(
                    score * 0.8,
                    content,
                    partial(self.main.show_concordance, entity.type, entity.name),
                    text=text,
                    help="Every mention in context, and what co-occurs with it",
                )
