"""The main screen's entity filters: keep or exclude an entity's articles, remove filters
(one chip, or all), and bring back what the last removal took away."""

from __future__ import annotations

from typing import TYPE_CHECKING

from index import SearchFilter, entity_filter
from tui.safe import flat
from tui.screens.screen_job import ScreenJob

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


class EntityFilters(ScreenJob["MainScreen"]):
    """Adds and removes the screen's filters, each change said in one notice."""

    def __init__(self, screen: MainScreen) -> None:
        super().__init__(screen)
        self._removed: list[tuple[SearchFilter, ...]] = []
        """Filters before each removal, newest last, for undo to bring back."""

    def add(self, entity_type: str, name: str, exclude: bool = False) -> None:
        """Keep (or exclude) articles mentioning an entity; replaces an opposite filter."""
        screen = self.screen
        new = entity_filter(entity_type, name, exclude)
        kept = tuple(f for f in screen.filters if (f.field, f.value) != (new.field, new.value))
        screen.filters = (*kept, new)
        verb = "Excluding" if exclude else "Only"
        screen.notify(f"{verb} articles that mention {flat(name, 60)}.", markup=False)

    def keep_only(self, kept: tuple[SearchFilter, ...]) -> None:
        """Keep only `kept` of the filters; undo brings the removed ones back."""
        screen = self.screen
        if kept == screen.filters:
            return
        self._removed.append(screen.filters)
        gone = len(screen.filters) - len(kept)
        screen.filters = kept
        noun = "filter" if gone == 1 else "filters"
        undo = screen.key_label("undo_filters", "u")
        screen.notify(f"Removed {gone} {noun} · {undo} brings it back.", markup=False)

    def clear(self) -> None:
        """Remove every entity filter (undo brings them back)."""
        if not self.screen.filters:
            self.screen.notify("No filters to clear.", markup=False)
            return
        self.keep_only(())

    def undo(self) -> None:
        """Bring back the filters as they were before the last removal."""
        if not self._removed:
            self.screen.notify("No filter removal to undo.", markup=False)
            return
        self.screen.filters = self._removed.pop()
        self.screen.notify("Filters restored.", markup=False)
