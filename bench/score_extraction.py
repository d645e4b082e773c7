"""Score the extractor against the hand-labelled seeds (tests/data/seeds.yaml) and, when
it is there, the development set of unseen news texts (--dev, gold.yaml + <id>.txt).

Conventions follow the gold file's header:

* Entities are compared per article at document level, after merging. A prediction matches
  a gold row of the same type when its name or any alias has the same `alias_key` as any of
  the row's aliases (the registry's list, or the row's name alone). Each gold row is matched
  once: a second prediction for an already matched row is a false positive (an unmerged
  duplicate in the sidebar). Predictions matching an `optional` row count neither way, and
  missing an optional row is not a miss.
* Quotes are matched by span text: both sides are normalised (case, curly vs straight marks,
  white space, surrounding punctuation) and match when equal or when difflib's ratio is at
  least 0.85. Only predicted `full` quotes are scored: one matching a gold full quote is a
  true positive, one matching a gold partial or scare quote counts neither way, anything
  else is a false positive. A gold full quote with no predicted full quote is a miss.
* Speaker accuracy is over matched full quotes: right when the predicted speaker has the
  gold speaker's alias_key (or an alias of it), or when both are anonymous (None).

Seed blocks come from the gold `lines:` classes, so that score does not depend on the
cleaner; development-set blocks come from the cleaner, as in a real build.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from index.articles.cleaning import clean_text
from index.extract.article import extract
from index.extract.names import alias_key
from index.models import Block, LineKind

TYPES = ("PERSON", "ORG", "PLACE", "MONEY", "PERCENT", "DATE", "INITIATIVE")


@dataclass(slots=True)
class Counts:
    """True positives, false positives and misses for one row of the table."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of predictions that were right (1.0 when nothing was predicted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold items found (1.0 when there were none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Scores:
    """Everything the scorer measured, with the errors behind the numbers."""

    entities: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
    quotes: Counts = field(default_factory=Counts)
    speaker_right: int = 0
    speaker_total: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    speaker_errors: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Counts:
        """Entity counts summed over types."""
        total = Counts()
        for c in self.entities.values():
            total.tp += c.tp
            total.fp += c.fp
            total.fn += c.fn
        return total

    @property
    def speaker_accuracy(self) -> float:
        """Share of matched full quotes with the right speaker."""
        return self.speaker_right / self.speaker_total if self.speaker_total else 1.0


def gold_blocks(text: str, lines: dict[str, list[int]]) -> list[Block]:
    """Blocks for one seed article from the gold line classes (1-based line numbers)."""
    kinds: dict[int, LineKind] = {}
    for label, numbers in lines.items():
        for number in numbers or []:
            kinds[number] = LineKind(label)
    blocks: list[Block] = []
    pos = 0
    for number, line in enumerate(text.split("\n"), 1):
        kind = kinds.get(number)
        if kind is not None:
            start = pos + len(line) - len(line.lstrip())
            end = pos + len(line.rstrip())
            if end > start:
                blocks.append(Block(kind, start, end, number))
        pos += len(line) + 1
    return blocks


_MARKS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_MARKS).casefold()).strip(" \"'.,;:!?")


def quote_match(a: str, b: str) -> bool:
    """Same quote: equal after normalising, or nearly equal (difflib ratio >= 0.85)."""
    na, nb = _norm(a), _norm(b)
    if na == nb:
        return True
    return difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio() >= 0.85


def _rows(
    registry: dict[str, dict[str, list[str]]], labels: dict[str, list[str]] | None
) -> list[tuple[str, str, set[str]]]:
    rows: list[tuple[str, str, set[str]]] = []
    for etype, names in (labels or {}).items():
        for name in names or []:
            aliases = registry.get(etype, {}).get(name) or [name]
            rows.append((etype, name, {alias_key(a) for a in (name, *aliases)}))
    return rows


def score(gold_path: str | Path, seeds_dir: str | Path, cleaner: bool = False) -> Scores:
    """Run extract() on each article and compare it with the gold labels (blocks from the
    gold line classes, or from the cleaner when `cleaner` is set)."""
    gold: dict[str, Any] = yaml.safe_load(Path(gold_path).read_text(encoding="utf-8"))
    registry: dict[str, dict[str, list[str]]] = gold.get("registry", {})
    person_keys: dict[str, set[str]] = {
        name: {alias_key(a) for a in (name, *aliases)}
        for name, aliases in registry.get("PERSON", {}).items()
    }
    scores = Scores()
    for article_id, labels in gold["articles"].items():
        text = (Path(seeds_dir) / f"{article_id}.txt").read_text(encoding="utf-8")
        if cleaner:
            clean = clean_text(text)
            text, blocks = clean.text, list(clean.blocks)
        else:
            blocks = gold_blocks(text, labels["lines"])
        extraction = extract(text, blocks)
        _score_entities(scores, article_id, registry, labels, extraction.entities)
        _score_quotes(scores, article_id, labels.get("quotes") or [], extraction, person_keys)
    return scores


def _score_entities(
    scores: Scores,
    article_id: str,
    registry: dict[str, dict[str, list[str]]],
    labels: dict[str, Any],
    entities: Any,
) -> None:
    rows = _rows(registry, labels.get("entities"))
    optional = _rows(registry, labels.get("optional"))
    matched: set[int] = set()
    for entity in entities:
        keys = {alias_key(entity.name), *(alias_key(a) for a in entity.aliases)}
        counts = scores.entities.setdefault(entity.type, Counts())
        hit = next(
            (
                i
                for i, (t, _, ks) in enumerate(rows)
                if t == entity.type and keys & ks and i not in matched
            ),
            None,
        )
        if hit is not None:
            matched.add(hit)
            counts.tp += 1
            continue
        if any(t == entity.type and keys & ks for t, _, ks in optional):
            continue
        duplicate = any(t == entity.type and keys & ks for t, _, ks in rows)
        counts.fp += 1
        note = " (duplicate of a matched row)" if duplicate else ""
        scores.false_positives.append(
            f"{article_id} {entity.type} {entity.name!r} aliases={list(entity.aliases)}{note}"
        )
    for i, (etype, name, _) in enumerate(rows):
        if i not in matched:
            scores.entities.setdefault(etype, Counts()).fn += 1
            scores.misses.append(f"{article_id} {etype} {name!r}")


def _score_quotes(
    scores: Scores,
    article_id: str,
    gold_quotes: list[dict[str, Any]],
    extraction: Any,
    person_keys: dict[str, set[str]],
) -> None:
    used: set[int] = set()
    for quote in extraction.quotes:
        if quote.kind != "full":
            continue
        hit = None
        neutral = False
        for i, g in enumerate(gold_quotes):
            if not quote_match(quote.text, str(g.get("text", ""))):
                continue
            if g.get("kind") == "full" and i not in used:
                hit = i
                break
            neutral = neutral or g.get("kind") != "full"
        if hit is None:
            if not neutral:
                scores.quotes.fp += 1
                scores.false_positives.append(
                    f"{article_id} QUOTE {quote.text!r} speaker={quote.speaker!r}"
                )
            continue
        used.add(hit)
        scores.quotes.tp += 1
        scores.speaker_total += 1
        gold_speaker = gold_quotes[hit].get("speaker")
        if gold_speaker is None:
            right = quote.speaker is None
        else:
            keys = person_keys.get(gold_speaker, {alias_key(gold_speaker)})
            right = quote.speaker is not None and alias_key(quote.speaker) in keys
        if right:
            scores.speaker_right += 1
        else:
            scores.speaker_errors.append(
                f"{article_id} {quote.text[:60]!r}: got {quote.speaker!r} "
                f"({quote.speaker_desc!r}), gold {gold_speaker!r}"
            )
    for i, g in enumerate(gold_quotes):
        if g.get("kind") == "full" and i not in used:
            scores.quotes.fn += 1
            scores.misses.append(f"{article_id} QUOTE {str(g.get('text'))!r}")


def format_table(scores: Scores) -> str:
    """The score table as plain text."""
    lines = [f"{'':12} {'TP':>4} {'FP':>4} {'FN':>4} {'P':>6} {'R':>6} {'F1':>6}"]

    def row(label: str, c: Counts) -> str:
        return (
            f"{label:12} {c.tp:4d} {c.fp:4d} {c.fn:4d} "
            f"{c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}"
        )

    for etype in TYPES:
        lines.append(row(etype, scores.entities.get(etype, Counts())))
    lines.append(row("ENTITIES", scores.overall))
    lines.append(row("FULL QUOTES", scores.quotes))
    lines.append(
        f"{'SPEAKER':12} {scores.speaker_right}/{scores.speaker_total} right "
        f"= {scores.speaker_accuracy:.3f}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the table (and with --verbose the errors) for the seeds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default="tests/data/seeds.yaml")
    parser.add_argument("--seeds", default="seeds")
    parser.add_argument("--dev", default="../shared/gold/dev", help="development set folder")
    parser.add_argument("--verbose", "-v", action="store_true", help="list errors")
    args = parser.parse_args(argv)
    runs = [("seeds", score(args.gold, args.seeds))]
    dev_gold = Path(args.dev) / "gold.yaml"
    if dev_gold.is_file():
        runs.append(("dev", score(dev_gold, args.dev, cleaner=True)))
    for name, scores in runs:
        print(f"{name}:\n{format_table(scores)}\n")
        if args.verbose:
            _print_errors(scores)
    if not dev_gold.is_file():
        print(f"dev: skipped (no development set at {args.dev})")
    return 0


def _print_errors(scores: Scores) -> None:
    for title, items in (
        ("Misses", scores.misses),
        ("False positives", scores.false_positives),
        ("Wrong speakers", scores.speaker_errors),
    ):
        print(f"{title} ({len(items)}):")
        for item in items:
            print(f"  {item}")
        print()


if __name__ == "__main__":
    sys.exit(main())
