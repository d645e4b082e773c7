"""A compact footer that leaves out its least important keys rather than cut one in half.

Textual's footer lays its keys in a row and cuts the row at the screen's edge, so on an
80-column terminal the last keys read "r U▏" and `q Quit` / `? Help` fall off. This one
drops whole keys, least important first (every key stays in help, `?`).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets._footer import FooterKey

from tui.widgets.lean_footer import LeanFooter

DROP_ORDER = (
    "update_index",
    "copy",
    "focus_search",
    "speakers",
    "related",
    "bookmarks",
    "export",
    "edit_tags",
    "undo",
    "switch_pane",
)
"""Actions whose keys go first when the footer is too narrow (then from the right,
but never quit or back)."""
KEEP = frozenset({"quit", "back", "help", "command_palette"})
"""Actions kept while anything else can go."""
PALETTE_CELLS = 13
"""Width of the docked `▏^p Commands` key on the right."""


def key_cells(key: FooterKey) -> int:
    """Cells one compact key takes: key, space, description, right margin."""
    description = f" {key.description}" if key.description else ""
    return cell_len(key.key_display) + cell_len(description) + 1


def _action(key: FooterKey) -> str:
    return key.action.rpartition(".")[2].partition("(")[0]


def fit(keys: list[FooterKey], room: int) -> list[FooterKey]:
    """The keys that fit in `room` cells, dropping by `DROP_ORDER`, then from the right."""
    kept = list(keys)
    used = sum(map(key_cells, kept))
    for action in DROP_ORDER:
        if used <= room:
            return kept
        for key in [k for k in kept if _action(k) == action]:
            kept.remove(key)
            used -= key_cells(key)
    for key in reversed(list(kept)):
        if used <= room:
            break
        if _action(key) not in KEEP:
            kept.remove(key)
            used -= key_cells(key)
    return kept


class FitFooter(LeanFooter):
    """`Footer(compact=True)` whose keys always fit on the line (and are not leaked)."""

    def __init__(self) -> None:
        super().__init__(compact=True)

    def compose(self) -> ComposeResult:
        """Footer's keys (no binding groups here), the shortest key per action, fitted."""
        self.drop_stale_watchers()
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show:
                continue
            known = by_action.get(binding.action)
            # `q` rather than `^q` for quit while both work: the short key is the one to learn.
            if known is None or len(binding.key) < len(known[0].key):
                by_action[binding.action] = (binding, enabled, tooltip)
        keys = [
            FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=LeanFooter.compact)
            for binding, enabled, tooltip in by_action.values()
        ]
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, tooltip = found
                palette = FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    classes="-command-palette",
                    disabled=not enabled,
                    tooltip=binding.tooltip or binding.description,
                )
        width = self.size.width or self.app.size.width
        room = width - (PALETTE_CELLS if palette is not None else 0)
        self.styles.grid_size_columns = len(keys)
        yield from fit(keys, room)
        if palette is not None:
            yield palette

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.recompose)
