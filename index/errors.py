"""Errors the core raises to clients, each carrying one plain sentence for the user."""

from __future__ import annotations

import pickle
import sqlite3
import struct
import zlib


class DatelineError(Exception):
    """Base class: `str(error)` is a sentence fit to show as is."""


class ConfigError(DatelineError):
    """The config file cannot be used at all (a bad key only warns)."""


class IndexBusyError(DatelineError):
    """Another process is rebuilding the index."""


class IndexDamagedError(DatelineError):
    """The index failed verification or raised while being read: rebuild it."""


class BookmarkStoreError(DatelineError):
    """The bookmark database could not be read or written; nothing was lost."""


class CorrectionError(DatelineError):
    """An entity fix was refused or could not be saved; the corrections file is unchanged."""


DAMAGE_ERRORS: tuple[type[BaseException], ...] = (
    zlib.error,
    struct.error,
    EOFError,
    pickle.UnpicklingError,
    OSError,
    sqlite3.DatabaseError,
)
"""What a damaged segment or store raises mid-read (turned into IndexDamagedError)."""
