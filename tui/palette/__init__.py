"""Command palette providers, one module each: articles, entities, saved searches, commands."""

from tui.palette.articles import ArticlesProvider
from tui.palette.commands import CommandsProvider
from tui.palette.entities import EntitiesProvider
from tui.palette.saved import SavedSearchesProvider

__all__ = ["ArticlesProvider", "CommandsProvider", "EntitiesProvider", "SavedSearchesProvider"]
