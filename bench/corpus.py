"""Deterministic synthetic corpora built from the sentences, names and quotes of real articles.

Benchmarks at 10k and 100k articles need text with the vocabulary, paragraph lengths and
quoting habits of real news, not lorem ipsum: term statistics drive every cost that matters
(prefix expansion, postings length, snippet search). Each synthetic article copies the
paragraph shape of a random real article of one category and fills it with sentences of
that category, with some generated `"…," said Mr X.` quotes. Corpora are cached on disk.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

VERSION = 2
"""Bump when the generator changes so cached corpora are rebuilt."""
DEFAULT_SEED = 5
OUT = Path(__file__).resolve().parent / "out"
QUOTE_RATE = 0.07
"""Share of sentence slots that become a generated attributed quote."""

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"A-Z0-9£$])")
_SAID_NAME = re.compile(
    r"\b(?:said|says|according to)\s+((?:[A-Z][a-z]+|[A-Z]\.)(?:\s+[A-Z][a-z'-]+){1,2})\b"
)
_NAME_SAID = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z'-]+){1,2})\s+(?:said|says|told)\b")
_TITLE_WORDS = frozenset(
    [
        "The",
        "A",
        "An",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "But",
        "And",
        "In",
        "On",
        "At",
        "It",
        "He",
        "She",
        "They",
        "We",
        "This",
        "That",
        "Its",
        "Last",
        "Next",
        "Prime",
        "Chancellor",
        "President",
        "Minister",
        "Secretary",
        "Chief",
        "Sir",
        "Lord",
        "General",
    ]
)


@dataclass(slots=True)
class Source:
    """What the generator learned from the real corpus, per category."""

    titles: dict[str, list[str]] = field(default_factory=dict)
    sentences: dict[str, list[str]] = field(default_factory=dict)
    shapes: dict[str, list[tuple[int, ...]]] = field(default_factory=dict)
    """Sentences per paragraph of each real article."""
    names: list[str] = field(default_factory=list)
    """Full person names seen next to `said`/`told`."""
    words: list[str] = field(default_factory=list)
    """Every lower-case word token in order (for the query set)."""

    @property
    def categories(self) -> list[str]:
        """Categories in a stable order."""
        return sorted(self.titles)


def read_text(path: Path) -> str:
    """Decode one corpus file (the BBC set has a few latin-1 bytes)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph, good enough for recombination."""
    return [s.strip() for s in _SENTENCE_SPLIT.split(paragraph) if s.strip()]


def _plausible_name(name: str) -> bool:
    parts = name.split()
    return 2 <= len(parts) <= 3 and not any(p in _TITLE_WORDS for p in parts)


def load_source(corpus: Path) -> Source:
    """Read every `<category>/*.txt` file of a corpus laid out like the BBC set."""
    source = Source()
    names: dict[str, int] = {}
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        files = sorted(folder.glob("*.txt"))
        if not files:
            continue
        cat = folder.name
        titles, sentences, shapes = [], [], []
        for path in files:
            lines = [line.strip() for line in read_text(path).splitlines()]
            lines = [line for line in lines if line]
            if len(lines) < 2:
                continue
            titles.append(lines[0])
            shape: list[int] = []
            for paragraph in lines[1:]:
                parts = split_sentences(paragraph)
                sentences.extend(parts)
                shape.append(len(parts))
                for pattern in (_SAID_NAME, _NAME_SAID):
                    for match in pattern.finditer(paragraph):
                        if _plausible_name(match.group(1)):
                            names[match.group(1)] = names.get(match.group(1), 0) + 1
                source.words.extend(re.findall(r"[a-z]+", paragraph.lower()))
            shapes.append(tuple(shape))
        source.titles[cat] = titles
        source.sentences[cat] = sentences
        source.shapes[cat] = shapes
    source.names = sorted(names, key=lambda n: (-names[n], n))
    if not source.titles:
        raise ValueError(f"{corpus}: no <category>/*.txt articles found")
    return source


def _fingerprint(corpus: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(corpus.rglob("*.txt")):
        stat = path.stat()
        digest.update(f"{path.relative_to(corpus)}:{stat.st_size}\n".encode())
    return digest.hexdigest()[:16]


def _quote(rng: random.Random, sentence: str, names: list[str]) -> str:
    """Turn a plain sentence into an attributed quote, in one of the house styles."""
    body = sentence.rstrip(".!? ")
    name = rng.choice(names[:400]) if names else "John Smith"
    surname = name.split()[-1]
    style = rng.random()
    if style < 0.45:
        return f'"{body}," said Mr {surname}.'
    if style < 0.7:
        return f'"{body}," {name} said.'
    if style < 0.85:
        return f'{name} said: "{body}."'
    return f'"{body}," said a spokesman for the firm.'


def _title(rng: random.Random, titles: list[str]) -> str:
    first = rng.choice(titles)
    if rng.random() < 0.5:
        return first
    second = rng.choice(titles).split()
    head = first.split()
    return " ".join(head[: max(1, len(head) // 2)] + second[len(second) // 2 :])


def article_text(rng: random.Random, source: Source, category: str) -> str:
    """One synthetic article: title line, blank line, paragraphs separated by blank lines."""
    shape = rng.choice(source.shapes[category])
    pool = source.sentences[category]
    paragraphs: list[str] = []
    for count in shape:
        sentences = []
        for _ in range(max(1, count)):
            sentence = rng.choice(pool)
            if rng.random() < QUOTE_RATE and not sentence.startswith('"'):
                sentence = _quote(rng, sentence, source.names)
            sentences.append(sentence)
        paragraphs.append(" ".join(sentences))
    return _title(rng, source.titles[category]) + "\n\n" + "\n\n".join(paragraphs) + "\n"


def generate(
    corpus: Path,
    count: int,
    seed: int = DEFAULT_SEED,
    out: Path = OUT,
    source: Source | None = None,
) -> Path:
    """Write (or reuse) `count` articles generated from `corpus`; returns the folder."""
    fingerprint = _fingerprint(corpus)
    target = out / f"corpus-{count}"
    stamp = target / ".complete"
    wanted = f"v{VERSION} seed={seed} count={count} source={fingerprint}\n"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return target
    if target.exists():
        shutil.rmtree(target)
    source = source or load_source(corpus)
    rng = random.Random(seed)
    categories = source.categories
    staging = out / f".corpus-{count}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    for cat in categories:
        (staging / cat).mkdir(parents=True)
    for number in range(count):
        category = categories[number % len(categories)]
        text = article_text(rng, source, category)
        (staging / category / f"{number:06d}.txt").write_text(text, encoding="utf-8")
    (staging / ".complete").write_text(wanted, encoding="utf-8")
    staging.rename(target)
    return target


def main(argv: list[str] | None = None) -> int:
    """Generate corpora from the command line (they are cached for `bench.run`)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="../shared/corpora/bbc")
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    source = load_source(Path(args.corpus))
    for size in (int(s) for s in args.sizes.split(",")):
        print(generate(Path(args.corpus), size, args.seed, source=source))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
