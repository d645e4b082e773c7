"""Entity fixes asked for in the sidebar: ask what is missing (a new name, a type, the
alias to split off), then save the fix and run its update in a thread worker.

The sidebar only says what the user wants; this asks the follow-up question in a modal
and talks to the library. When the update lands the main screen is told the index
changed, so it searches again and the sidebar shows the corrected entities.
"""

from __future__ import annotations

import contextlib
from functools import partial
from typing import Any

from textual.notifications import SeverityLevel
from textual.screen import Screen

from index import ENTITY_TYPES, DatelineError, EntityCount, EntityFix, FixKind, Library
from tui.messages import IndexOpened
from tui.safe import flat
from tui.screens.choice_form import ChoiceForm
from tui.screens.rename_form import RenameForm
from tui.services import services

TYPE_ORDER = ("PERSON", "ORG", "PLACE", "INITIATIVE", "MONEY", "PERCENT", "DATE")
"""The types offered by `Y`, commonest first."""


def request_fix(screen: Screen[Any], kind: str, entities: tuple[EntityCount, ...]) -> None:
    """Start the fix `kind` on `entities` (asking for a name, type or alias first)."""
    if kind == FixKind.UNDO:
        _run(screen, EntityFix(FixKind.UNDO))
        return
    if not entities:
        return
    entity = entities[0]
    name = flat(entity.name, 60)
    if kind == FixKind.MERGE:
        other = entities[-1]
        if other.type != entity.type:
            screen.notify(
                f"Only entities of one type can be merged ({entity.type}, {other.type}); "
                "change a type first (Y).",
                severity="warning",
                markup=False,
            )
            return
        _run(screen, EntityFix(FixKind.MERGE, (entity.name, other.name), entity.type))
    elif kind == FixKind.IGNORE:
        _run(screen, EntityFix(FixKind.IGNORE, (entity.name,), entity.type))
    elif kind == FixKind.RENAME:

        def renamed(new: str | None) -> None:
            if new:
                _run(screen, EntityFix(FixKind.RENAME, (entity.name,), entity.type, new))

        screen.app.push_screen(RenameForm(entity.name), renamed)
    elif kind == FixKind.RETYPE:
        types = [t for t in TYPE_ORDER if t in ENTITY_TYPES]

        def retyped(new: str | None) -> None:
            if new and new != entity.type:
                _run(screen, EntityFix(FixKind.RETYPE, (entity.name,), entity.type, new))

        screen.app.push_screen(ChoiceForm(f"Type of {name}", types, entity.type), retyped)
    elif kind == FixKind.SPLIT:
        aliases = [a for a in entity.aliases if a != entity.name]
        if not aliases:
            screen.notify(f"{name} has no other alias to split off.", markup=False)
            return

        def chosen(alias: str | None) -> None:
            if alias:
                _run(screen, EntityFix(FixKind.SPLIT, (entity.name,), entity.type, alias))

        screen.app.push_screen(ChoiceForm(f"Split an alias off {name}", aliases), chosen)


def _run(screen: Screen[Any], fix: EntityFix) -> None:
    """Save and apply `fix` off the UI thread."""
    library = services(screen.app).library
    if library is None:
        screen.notify("The index is still opening; try again in a moment.", markup=False)
        return
    screen.notify("Saving the entity fix and updating the index…", markup=False, timeout=2)
    screen.run_worker(
        partial(_apply, screen, library, fix),
        thread=True,
        group="entity_fix",
        exit_on_error=False,
    )


def _apply(screen: Screen[Any], library: Library, fix: EntityFix) -> None:
    """Worker body: the fix, its update, then one notice and a fresh search."""
    app = screen.app
    try:
        result = library.correct_entities(fix)
    except DatelineError as error:
        _notify(screen, str(error), "error")
        return
    except Exception as error:  # the reader must survive anything a fix does
        _notify(screen, f"The entity fix failed ({type(error).__name__}).", "error")
        return
    report = result.report
    if report.error:
        _notify(screen, f"{result.message} Saved; the update failed: {report.error}", "warning")
    else:
        noun = "article" if report.updated == 1 else "articles"
        _notify(screen, f"{result.message} ({report.updated} {noun} updated.)", "information")
    if not app.is_running:
        return
    screen.post_message(IndexOpened(library.status()))


def _notify(screen: Screen[Any], text: str, severity: SeverityLevel) -> None:
    """A one-line toast from the worker thread (untrusted names: never markup)."""
    # call_later, not call_from_thread: it posts a message, so it cannot hang this worker
    # (and the app's exit) once the event loop has stopped taking calls.
    with contextlib.suppress(RuntimeError):  # the app is closing
        screen.app.call_later(
            partial(screen.notify, flat(text), severity=severity, markup=False, timeout=6)
        )
