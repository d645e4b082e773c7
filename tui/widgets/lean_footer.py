"""The footer, without Textual 8.2.8's leak of every key it ever showed.

Textual's `Footer` recomposes whenever the bindings change (every focus change) and each
new `FooterKey` binds to the footer's `compact` reactive. The binding's watcher list on the
footer is pruned only when `compact` itself changes, which never happens, so every key
label ever drawn stays alive: ~85 MB per 1,000 keystrokes in `bench/keyflood.py`.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer


class LeanFooter(Footer):
    """A `Footer` that drops the watchers of the keys its last recompose removed."""

    def drop_stale_watchers(self) -> None:
        """Forget watchers whose key widget is no longer on screen (call before composing)."""
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(node, callback) for node, callback in entries if node.is_attached]

    def compose(self) -> ComposeResult:
        self.drop_stale_watchers()
        yield from super().compose()
