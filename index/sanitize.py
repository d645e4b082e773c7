"""Neutralise terminal control characters before any text can reach a screen.

Textual strips only a handful of control bytes; OSC, CSI, DCS, C1 and bidi overrides
would reach the terminal byte for byte. Everything read from disk passes through here once.
"""

from __future__ import annotations

import re

ESCAPE_SYMBOL = "␛"
"""Shown where an ESC byte was, so the user sees that something was there."""

_BIDI_PLACEHOLDER = "⁇"

_TRANSLATION: dict[int, str] = {}
for _code in range(0x20):
    if _code not in (0x09, 0x0A):
        _TRANSLATION[_code] = "\ufffd"
_TRANSLATION[0x1B] = ESCAPE_SYMBOL
_TRANSLATION[0x7F] = "\ufffd"
for _code in range(0x80, 0xA0):
    _TRANSLATION[_code] = "\ufffd"
for _code in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)):
    _TRANSLATION[_code] = _BIDI_PLACEHOLDER

_NEEDS_WORK = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def sanitize_for_terminal(text: str) -> str:
    """Return `text` with every control, bidi and surrogate character made visible and inert.

    Keeps tab and newline. The result has the same length as the input, so offsets into
    the sanitized text are offsets into the original.
    """
    if not _NEEDS_WORK.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text.translate(_TRANSLATION))


def one_line(text: str, limit: int = 300) -> str:
    """Sanitize and flatten to a single line, for titles and messages."""
    flat = " ".join(sanitize_for_terminal(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
