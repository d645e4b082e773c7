"""The state of one article's entity pass, shared by the rule sets that fill it."""

from __future__ import annotations

from collections.abc import Sequence

from index.extract.cue_record import DocCues
from index.extract.gazetteer import gazetteer
from index.extract.spans import (
    Span,
)
from index.extract.tokens import Tok
from index.models import Block


class ExtractorState:
    """What one article's entity pass knows so far; its rules live in subclasses."""

    def __init__(
        self,
        text: str,
        blocks: Sequence[Block],
        never_resolve: frozenset[str],
        user_spans: Sequence[tuple[int, int, str, str]],
    ) -> None:
        self.text = text
        self.blocks = [b for b in blocks]
        self.never_resolve = never_resolve
        self.user_spans = user_spans
        self.gaz = gazetteer()
        self.toks: list[list[Tok]] = []
        self.spans: list[Span] = []
        self.numeric: list[tuple[int, int, str, str]] = []
        self.chains: list[tuple[int, int, int]] = []
        """Runs of capitalised tokens (block, i, j): long-form candidates for acronyms."""
        self.acronym_links: list[tuple[int, int, int, int, int, int]] = []
        self.descriptors: dict[str, set[str]] = {}
        self.cues = DocCues()
        self.refs: list[tuple[int, int, int | None, tuple[int, ...], frozenset[str]]] = []
        """Person references: start, end, cluster (None if shared surname), candidates."""
