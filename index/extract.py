"""Stub, replaced below."""

from __future__ import annotations

from collections.abc import Sequence

from index.entity_rules import EntityRules
from index.models import Block, Extraction


def extract(text: str, blocks: Sequence[Block], rules: EntityRules | None = None) -> Extraction:
    """Stub."""
    return Extraction()
