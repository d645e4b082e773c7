"""Junk the entity extractor produces over the BBC corpus, counted and shown.

Counts (each should be near zero): PERSON rows with a day name, a speech verb or a lower-case
word in an alias ("Thursday Mr Blair", "Analysing Mr Brown"); clubs typed PLACE (a place
mention followed by a sports role, or a PLACE named "X City/United"); PERSON rows within one
article that are a bare surname of another PERSON row of that article; corpus PERSON names
that are a bare surname of a full name elsewhere (for the corpus-level merge).
Usage: python -m bench.entity_junk [--corpus ../shared/corpora/bbc] [--show 8]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from bench.extract_bbc import run
from index.extract.gazetteer import gazetteer
from index.extract.wordlists import SPEECH_VERBS

_DAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
_PARTICLES = frozenset(
    [
        "de",
        "da",
        "di",
        "du",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "al",
        "bin",
        "ben",
        "ibn",
        "del",
        "dos",
        "das",
    ]
)
_CLUB_WORDS = frozenset(["City", "United", "Rovers", "Athletic", "Wanderers", "Albion"])
_SPORT_ROLES = frozenset(
    [
        "boss",
        "captain",
        "coach",
        "defender",
        "forward",
        "goalkeeper",
        "keeper",
        "manager",
        "midfielder",
        "striker",
    ]
)


def person_junk(alias: str) -> str | None:
    """Why a PERSON alias is junk, or None."""
    words = alias.replace("’", "'").split()
    for w in words:
        low = w.casefold().strip(".,'")
        if low in _DAYS:
            return "day name"
        if low in SPEECH_VERBS or (
            w is words[0] and len(words) > 1 and low.endswith("ing") and len(low) >= 7
        ):
            return "verb"
        if w[0].islower() and low not in _PARTICLES and not w.startswith(("al-", "el-")):
            return "lower-case word"
    return None


def main(argv: list[str] | None = None) -> int:
    """Print each count with a few examples."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="../shared/corpora/bbc")
    parser.add_argument("--show", type=int, default=8)
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"No corpus at {corpus}.")
        return 2
    result = run(corpus)
    cities = gazetteer().cities
    junk: list[tuple[str, str, str]] = []
    clubs: list[tuple[str, str]] = []
    surnames: list[tuple[str, str]] = []
    full_surnames: set[str] = set()
    singles: Counter[str] = Counter()
    for name, text, extraction in result.results:
        people = [e for e in extraction.entities if e.type == "PERSON"]
        lasts = {e.name.split()[-1] for e in people if len(e.name.split()) > 1}
        full_surnames |= lasts
        for e in people:
            for alias in e.aliases:
                why = person_junk(alias)
                if why:
                    junk.append((name, alias, why))
                    break
            if len(e.name.split()) == 1:
                singles[e.name] += 1
                if e.name in lasts:
                    surnames.append((name, e.name))
        sport = name.startswith("sport")
        for e in extraction.entities:
            if e.type != "PLACE":
                continue
            words = e.name.split()
            club = sport and len(words) > 1 and words[-1] in _CLUB_WORDS
            city = e.name.casefold() in cities
            for m in e.mentions:
                after = text[m.end : m.end + 20].split()
                if city and after and after[0].casefold() in _SPORT_ROLES:
                    club = True
            if club:
                clubs.append((name, e.name))
    corpus_surnames = sum(n for s, n in singles.items() if s in full_surnames)
    print(f"articles                                {result.articles}")
    print(f"PERSON rows with junk aliases           {len(junk)}")
    for name, alias, why in junk[: args.show]:
        print(f"    {name:28} {alias!r:40} {why}")
    print(f"clubs typed PLACE                       {len(clubs)}")
    for name, place in clubs[: args.show]:
        print(f"    {name:28} {place!r}")
    print(f"surname rows beside their full name     {len(surnames)}")
    for name, surname in surnames[: args.show]:
        print(f"    {name:28} {surname!r}")
    print(f"corpus rows that are a bare surname     {corpus_surnames}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
