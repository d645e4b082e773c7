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


# Whole escape sequences, so no fragment of one (`]52;c;…`) is left to read as text:
# OSC, DCS, SOS, PM and APC strings up to their terminator (BEL, ESC \ or ST), CSI
# sequences in their 7-bit and C1 forms, and two-byte ESC sequences. An unterminated
# string is not matched; its introducer is then neutralised character by character.
_SEQUENCE = re.compile(
    "(?:\x1b[]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\\\|\x9c)"
    "|(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]?"
    "|\x1b[ -/]*[0-~]?"
)


def strip_controls(text: str) -> str:
    """Text fit to store, show or export: escape sequences and NUL removed, then sanitised.

    For notes, tags, names and every exported or `--json` string. Unlike
    `sanitize_for_terminal` the length may change, so never use it on article text whose
    offsets matter.
    """
    if not _NEEDS_WORK.search(text):
        return text
    return sanitize_for_terminal(_SEQUENCE.sub("", text).replace("\x00", ""))


def has_surrogate(text: str) -> bool:
    """True when `text` holds a lone surrogate (undecodable bytes from argv or JSON)."""
    return _SURROGATE.search(text) is not None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Cell starts a spreadsheet reads as a formula (OWASP CSV injection)."""


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character gets a `'`."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
