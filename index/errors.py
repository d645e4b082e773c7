"""Errors the core raises to clients, each carrying one plain sentence for the user."""

from __future__ import annotations


class DatelineError(Exception):
    """Base class: `str(error)` is a sentence fit to show as is."""


class ConfigError(DatelineError):
    """The config file cannot be used at all (a bad key only warns)."""


class IndexBusyError(DatelineError):
    """Another process is rebuilding the index."""


class IndexDamagedError(DatelineError):
    """The index failed verification or raised while being read: rebuild it."""


class ArticleGoneError(DatelineError):
    """The article's file was removed or replaced since it was indexed."""


class BookmarkStoreError(DatelineError):
    """The bookmark database could not be read or written; nothing was lost."""
