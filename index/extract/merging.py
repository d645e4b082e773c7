"""One article's candidate mentions merged into entities: full names, surnames, titles,
acronyms and legal suffixes joined when only one entity fits."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from index.extract.gazetteer import gazetteer
from index.extract.names import alias_key
from index.extract.person_forms import (
    bare_surnames_to_plain_namesake,
    resolve_people,
)
from index.extract.spans import (
    ACRONYM,
    CONNECTORS,
    Cluster,
    EntityResult,
    PersonRef,
    Span,
    acronym_matches,
    descriptor_words,
    gaz_single,
    initials_of,
    root_of,
)
from index.extract.tokens import Tok
from index.extract.wordlists import (
    INITIATIVE_NOUNS,
)
from index.models import Entity, Mention

if TYPE_CHECKING:
    from index.extract.entities import Extractor


@lru_cache(maxsize=1)
def _canonical_by_key() -> dict[str, str]:
    """alias_key of each listed canonical name -> the name (built once, not per article)."""
    return {alias_key(c): c for c in gazetteer().aliases}


def merge(
    ex: Extractor,
    all_toks: list[list[Tok]],
    per_block: list[list[Span]],
    numeric: list[tuple[int, int, str, str]],
) -> EntityResult:
    text = ex.text
    gaz = ex.gaz
    clusters: list[Cluster] = []
    by_key: dict[tuple[str, str], int] = {}

    def cluster_for(etype: str, key: str, name: str | None = None) -> int:
        idx = by_key.get((etype, key))
        if idx is None:
            idx = len(clusters)
            clusters.append(Cluster(etype, name))
            by_key[(etype, key)] = idx
        return idx

    def root(i: int) -> int:
        while clusters[i].parent >= 0:
            i = clusters[i].parent
        return i

    def union(a: int, b: int) -> int:
        ra, rb = root(a), root(b)
        if ra == rb:
            return ra
        if clusters[rb].name and not clusters[ra].name:
            ra, rb = rb, ra
        clusters[rb].parent = ra
        clusters[ra].mentions.extend(clusters[rb].mentions)
        clusters[ra].initiative |= clusters[rb].initiative
        clusters[ra].acronym = clusters[ra].acronym or clusters[rb].acronym
        clusters[rb].mentions = []
        return ra

    canon_by_key = _canonical_by_key()
    for s, e, etype, name in numeric:
        idx = cluster_for(etype, name, name)
        clusters[idx].mentions.append((s, e, text[s:e]))
    for s, e, etype, name in ex.user_spans:
        idx = cluster_for(etype, alias_key(name), name)
        clusters[idx].mentions.append((s, e, text[s:e]))

    persons_full: list[tuple[int, Span, int]] = []
    singles: list[tuple[int, Span]] = []
    acronym_spans: list[tuple[int, Span]] = []
    for b, spans in enumerate(per_block):
        toks = all_toks[b]
        taken = {c for sp in spans for c in range(sp.i, sp.j)}
        for span in spans:
            surface = text[span.start : span.end]
            if span.type == "PERSON":
                if span.single:
                    singles.append((b, span))
                    continue
                key = alias_key(surface)
                idx = cluster_for("PERSON", key)
                c = clusters[idx]
                c.mentions.append((span.start, span.end, surface))
                c.full_names.append(surface)
                if c.family is None:
                    words = surface.split()
                    c.family = words[0] if span.family_first else words[-1]
                persons_full.append((b, span, idx))
                ex.descriptors.setdefault(key, set()).update(
                    descriptor_words(toks, span.i, span.j, taken)
                )
            elif span.type == "ACRONYM":
                acronym_spans.append((b, span))
            else:
                key = alias_key(surface)
                etype = "NAMED" if span.type in {"ORG", "INITIATIVE"} else span.type
                if span.type == "ORG" and key not in canon_by_key and span.j - span.i > 2:
                    rest = alias_key(text[toks[span.i + 1].start : span.end])
                    if gaz_single(toks[span.i]) and rest in canon_by_key:
                        key = rest
                if span.cue and span.canonical:
                    key = alias_key(span.canonical)
                    canonical = canon_by_key.get(key) if span.type == "PLACE" else None
                    canonical = canonical or span.canonical
                else:
                    canonical = canon_by_key.get(key)
                    if canonical is not None and gaz.canonical_type.get(canonical) == "PLACE":
                        etype = "PLACE"
                idx = cluster_for(etype, key, canonical)
                c = clusters[idx]
                c.mentions.append((span.start, span.end, surface))
                if span.j - span.i == 1 and toks[span.i].upper and ACRONYM.match(surface):
                    c.acronym = c.acronym or surface
                if span.type == "INITIATIVE":
                    c.initiative = True
                elif c.type != "PLACE":
                    c.type = "NAMED"

    # Acronyms: link to gazetteer clusters or long forms in the article.
    for b, span in acronym_spans:
        surface = text[span.start : span.end]
        idx = cluster_for("NAMED", alias_key(surface))
        clusters[idx].acronym = surface
        clusters[idx].mentions.append((span.start, span.end, surface))
        toks = all_toks[b]
        nxt = toks[span.j] if span.j < len(toks) else None
        if nxt is not None and nxt.lower in INITIATIVE_NOUNS:
            clusters[idx].initiative = True
    _link_long_forms(ex, all_toks, clusters, by_key, cluster_for, union)
    _join_legal_suffixes(text, clusters, by_key, union)

    # People: merge by key, then resolve surnames and title forms.
    resolve_people(ex, all_toks, per_block, clusters, singles, cluster_for, union)

    entities: list[Entity] = []
    names: dict[int, str] = {}
    for i, c in enumerate(clusters):
        if c.parent >= 0 or not c.mentions:
            continue
        etype = c.type
        if etype == "NAMED":
            etype = "INITIATIVE" if c.initiative else "ORG"
            if c.acronym and not c.initiative and not c.name and not _acronym_typed(c):
                continue
        if etype == "ACRONYM":
            continue
        mentions = sorted(set(c.mentions))
        name = _name_for(c, etype, mentions)
        names[i] = name
        aliases: list[str] = list(dict.fromkeys([name, *(m[2] for m in mentions)]))
        entities.append(
            Entity(
                type=etype,
                name=name,
                aliases=tuple(aliases),
                mentions=tuple(Mention(s, e, t) for s, e, t in mentions),
            )
        )
    entities.sort(key=lambda e: (e.mentions[0].start, e.name))
    refs: list[PersonRef] = []
    for s, e, ref_idx, cands, title in sorted(ex.refs, key=lambda r: (r[0], r[1])):
        ref_name = names.get(root(ref_idx)) if ref_idx is not None else None
        cand_names = tuple(sorted({names[root(c)] for c in cands if root(c) in names}))
        refs.append(PersonRef(s, e, ref_name, cand_names, title))
    refs = bare_surnames_to_plain_namesake(refs)
    descriptors: dict[str, frozenset[str]] = {}
    for (etype, key), idx in by_key.items():
        if etype == "PERSON" and root(idx) in names and key in ex.descriptors:
            name = names[root(idx)]
            descriptors[name] = descriptors.get(name, frozenset()) | frozenset(ex.descriptors[key])
    return EntityResult(entities, refs, descriptors)


def _acronym_typed(c: Cluster) -> bool:
    """An acronym with only its own mentions and no cue is too unsure to show."""
    return any(surface != c.acronym for _, _, surface in c.mentions)


def _name_for(c: Cluster, etype: str, mentions: list[tuple[int, int, str]]) -> str:
    if c.name:
        return c.name
    if etype == "PERSON":
        if c.full_names:
            first = {n: -i for i, n in reversed(list(enumerate(c.full_names)))}
            return max(first, key=lambda n: (len(n.split()), first[n]))
        return mentions[0][2]
    counts: dict[str, int] = {}
    for _, _, surface in mentions:
        counts[surface] = counts.get(surface, 0) + 1
    if c.acronym and c.acronym in counts:
        counts[c.acronym] += 0
    return max(counts, key=lambda s: (counts[s], s == c.acronym, len(s)))


def _link_long_forms(
    ex: Extractor,
    all_toks: list[list[Tok]],
    clusters: list[Cluster],
    by_key: dict[tuple[str, str], int],
    cluster_for: Callable[..., int],
    union: Callable[[int, int], int],
) -> None:
    """Join an acronym to a spelled-out form whose initials fit ("OMB", both MASGA forms).

    Acronyms are looked up by their first and last letter and mentions by position, so the
    work grows with the article, not with the article times its entities.
    """
    acronyms: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for idx, c in enumerate(clusters):
        if c.acronym and c.parent < 0 and not (c.name and " " in c.name):
            letters = "".join(ch for ch in c.acronym if ch.isalpha())
            if letters:
                acronyms.setdefault((letters[0], letters[-1]), []).append((c.acronym, idx))
    if not acronyms:
        return
    placed = sorted((m[0], m[1], idx) for idx, c in enumerate(clusters) for m in c.mentions)
    placed_starts = [p[0] for p in placed]
    text = ex.text
    for b, i, j in ex.chains:
        toks = all_toks[b]
        if j - i > 12:
            continue
        done = False
        for lo in range(i, j):
            if not toks[lo].cap:
                continue
            for hi in range(j, lo + 1, -1):
                if not toks[hi - 1].cap:
                    continue
                words = [t for t in toks[lo:hi] if t.lower not in CONNECTORS]
                if len(words) < 2 or any(t.upper and len(t.text) > 1 for t in words):
                    continue  # "UK Singles" is not what "US" abbreviates
                initials = initials_of(toks, lo, hi)
                if len(initials) < 2:
                    continue
                for acronym, idx in acronyms.get((initials[0], initials[-1]), ()):
                    if not acronym_matches(acronym, initials):
                        continue
                    s, e = toks[lo].start, toks[hi - 1].end
                    size = sum(ch.isalpha() for ch in acronym)
                    loose = size < 4 and len(initials) != size
                    if loose and not _defined_beside(text, s, e, acronym):
                        continue  # a short acronym skipping words fits too many names
                    surface = text[s:e]
                    target = root_of(clusters, idx)
                    inside = placed[bisect_left(placed_starts, s) : bisect_right(placed_starts, e)]
                    for ms, me, owner in inside:
                        other = root_of(clusters, owner)
                        if other == target or me > e:
                            continue
                        oc = clusters[other]
                        if ms == s and me == e:
                            target = union(target, other)
                            continue
                        oc.mentions = [m for m in oc.mentions if not (s <= m[0] and m[1] <= e)]
                    tc = clusters[root_of(clusters, target)]
                    if not any(ms == s for ms, _, _ in tc.mentions):
                        tc.mentions.append((s, e, surface))
                    nxt = toks[hi] if hi < len(toks) else None
                    if nxt is not None and nxt.lower in INITIATIVE_NOUNS:
                        tc.initiative = True
                    after = [t for t in toks[hi : hi + 6] if t.word]
                    if (after and after[0].lower in INITIATIVE_NOUNS) or (
                        len(after) > 1 and after[0].upper and after[1].lower in INITIATIVE_NOUNS
                    ):
                        tc.initiative = True
                    done = True
                    break
                if done:
                    break
            if done:
                break


def _defined_beside(text: str, start: int, end: int, acronym: str) -> bool:
    """Whether the text defines `acronym` as text[start:end]: "Full Name (AB)", "AB (Full Name)"."""
    after = re.match(r"\s*\(\s*" + re.escape(acronym) + r"\s*\)", text[end : end + 24])
    before = re.search(re.escape(acronym) + r"\s*\(\s*$", text[max(0, start - 24) : start])
    return after is not None or before is not None


_LEGAL_SUFFIX = re.compile(
    r"[\s,]+(?:Inc|Corp|Corporation|Co|Ltd|Limited|plc|PLC|AG|SA|S\.A|NV|N\.V|SE|GmbH|LLC|"
    r"Group|Holdings)\.?$"
)


def _join_legal_suffixes(
    text: str,
    clusters: list[Cluster],
    by_key: dict[tuple[str, str], int],
    union: Callable[[int, int], int],
) -> None:
    """ "Apple Inc" and "Apple", "Nordvik AG" and "Nordvik": one organisation."""
    for idx, c in enumerate(clusters):
        if c.type != "NAMED" or c.parent >= 0 or not c.mentions:
            continue
        for _, _, surface in c.mentions:
            bare = _LEGAL_SUFFIX.sub("", surface)
            if bare != surface and bare:
                other = by_key.get(("NAMED", alias_key(bare)))
                if other is not None and root_of(clusters, other) != root_of(clusters, idx):
                    union(other, idx)
                    break
