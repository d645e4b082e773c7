"""Keys as a person reads them, as bound now.

Every key can be remapped under `keymap:` in config.yaml, so a hint that names a key asks
here instead of spelling the default ("press r to update" would lie after a remap).
"""

from __future__ import annotations

from collections.abc import Mapping

from tui.safe import flat

KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "esc",
    "enter": "↵",
    "up": "↑",
    "down": "↓",
    "asterisk": "*",
}
"""Textual's key names that read better as the character itself."""


def key_label(key: str) -> str:
    """How a key (or `a,b` keys) reads; keymap values come from the config file."""
    return flat(", ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(",")), 40)


def key_for(keymap: Mapping[str, str], binding_id: str, default: str) -> str:
    """The key bound to `binding_id` now: the user's `keymap:` entry, else `default`."""
    return key_label(keymap.get(binding_id, default))
