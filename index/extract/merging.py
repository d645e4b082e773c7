"""One article's candidate mentions merged into entities: full names, surnames, titles,
acronyms and legal suffixes joined when only one entity fits."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from index.extract.gazetteer import Gazetteer, gazetteer
from index.extract.names import alias_key
from index.extract.spans import (
    ACRONYM,
    CONNECTORS,
    PARTICLES,
    Cluster,
    EntityResult,
    PersonRef,
    Span,
    acronym_matches,
    descriptor_words,
    gaz_single,
    initials_of,
)
from index.extract.tokens import Tok
from index.extract.wordlists import (
    INITIATIVE_NOUNS,
    ORG_HEADS,
    PERSON_TITLES,
    ROLE_WORDS,
    SPEECH_VERBS,
    STOP,
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
    _resolve_people(ex, all_toks, per_block, clusters, singles, cluster_for, union)

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
    refs = _bare_surnames_to_plain_namesake(refs)
    descriptors: dict[str, frozenset[str]] = {}
    for (etype, key), idx in by_key.items():
        if etype == "PERSON" and root(idx) in names and key in ex.descriptors:
            name = names[root(idx)]
            descriptors[name] = descriptors.get(name, frozenset()) | frozenset(ex.descriptors[key])
    return EntityResult(entities, refs, descriptors)


_HONORIFICS = frozenset(
    {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "lady", "lord"}
)


def _bare_surnames_to_plain_namesake(refs: list[PersonRef]) -> list[PersonRef]:
    """A bare shared surname means the namesake the writer never needed a title for.

    When two people share a surname, news style keeps a job title on one of them
    ("Industry Minister Kim") so that plain "Kim" can mean the other.
    """
    titled: set[str] = set()
    for ref in refs:
        if ref.name and len(ref.candidates) > 1 and ref.title - _HONORIFICS:
            titled.add(ref.name)
    if not titled:
        return refs
    resolved: list[PersonRef] = []
    for ref in refs:
        if ref.name is None and len(ref.candidates) > 1 and not ref.title:
            plain = [c for c in ref.candidates if c not in titled]
            if len(plain) == 1 and len(plain) < len(ref.candidates):
                ref = PersonRef(ref.start, ref.end, plain[0], ref.candidates, ref.title)
        resolved.append(ref)
    return resolved


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


_TITLE_NOISE = frozenset({"the", "of", "for", "and", "us", "u.s.", "new", "former", "s"})


def _title_before(toks: list[Tok], i: int, taken: set[int]) -> tuple[int, frozenset[str]]:
    """Where the title in front of token i starts, and its content words."""
    k = i
    words: set[str] = set()
    while k - 1 >= 0 and i - k < 6 and (k - 1) not in taken:
        t = toks[k - 1]
        if not t.word:
            break
        if t.cap or t.lower in ROLE_WORDS:
            if _stop_before_title(t) and (t.sent_start or t.cap):
                break  # "on Thursday Mr Blair", "Analysing Mr Brown": not part of a title
            if t.cap and (
                t.text in ORG_HEADS
                or (t.sent_start and (t.lower.endswith("ing") or t.lower in SPEECH_VERBS))
            ):
                break
            words.add(t.lower)
            k -= 1
            continue
        break
    return k, frozenset(w for w in words if w not in _TITLE_NOISE and w not in STOP_TITLE)


STOP_TITLE = frozenset({"south", "north", "korea", "korean", "chinese", "american", "british"})


_KNIGHTED = frozenset({"sir", "dame"})
_PLAIN_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss"})
_MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "baron"})
_FEMALE_TITLES = frozenset(
    {"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess", "baroness"}
)


def _given_gender(full_names: Sequence[str], gaz: Gazetteer) -> str:
    """ "f" or "m" from a full name's given name ("Sandra Howard", "Michael Howard"); "?"
    when the given name is not known (then neither titled form resolves to it)."""
    for name in full_names:
        given = name.split()[0] if name.split() else ""
        if given in gaz.female_given:
            return "f"
        if given in gaz.given_names:
            return "m"
    return "?"


def _gender_of(title: frozenset[str]) -> str:
    """ "m" or "f" when a title says so ("Mr", "Mrs"), else ""."""
    if title & _MALE_TITLES:
        return "m"
    if title & _FEMALE_TITLES:
        return "f"
    return ""


def _stop_before_title(tok: Tok) -> bool:
    """A capitalised word that cannot open a title ("Thursday" in "on Thursday Mr Blair")."""
    return tok.lower in STOP and tok.lower not in ROLE_WORDS and tok.lower not in PERSON_TITLES


def _caps_from(toks: list[Tok], lo: int, i: int) -> int:
    """Start of the capitalised run just before token i: "Industry Minister", not "chief"."""
    k = i
    while k - 1 >= lo and toks[k - 1].cap and not _stop_before_title(toks[k - 1]):
        k -= 1
    return k


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
        if c.acronym and c.parent < 0:
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
                if len(words) < 2:
                    continue
                initials = initials_of(toks, lo, hi)
                if len(initials) < 2:
                    continue
                for acronym, idx in acronyms.get((initials[0], initials[-1]), ()):
                    if not acronym_matches(acronym, initials):
                        continue
                    s, e = toks[lo].start, toks[hi - 1].end
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


def root_of(clusters: list[Cluster], i: int) -> int:
    """Union-find root of a cluster."""
    while clusters[i].parent >= 0:
        i = clusters[i].parent
    return i


def _resolve_people(
    ex: Extractor,
    all_toks: list[list[Tok]],
    per_block: list[list[Span]],
    clusters: list[Cluster],
    singles: list[tuple[int, Span]],
    cluster_for: Callable[..., int],
    union: Callable[[int, int], int],
) -> None:
    """Attach surnames and "Title Surname" forms to the one person they can mean."""
    text = ex.text
    family: dict[str, list[int]] = {}
    for ci, c in enumerate(clusters):
        if c.type == "PERSON" and c.parent < 0 and c.family:
            family.setdefault(c.family.casefold(), []).append(ci)
            for s, e, _ in c.mentions:
                ex.refs.append((s, e, ci, (), frozenset()))

    def descriptors(idx: int) -> set[str]:
        words: set[str] = set()
        for name in clusters[idx].full_names:
            words |= ex.descriptors.get(alias_key(name), set())
        return words

    gender: dict[int, str] = {}
    """Cluster -> "m"/"f" once a Mr/Mrs-titled mention has resolved to it."""
    taken_by_block = [{c for sp in spans for c in range(sp.i, sp.j)} for spans in per_block]
    titled: dict[str, set[str]] = {}
    for b, span in singles:
        _, title = _title_before(all_toks[b], span.i, taken_by_block[b])
        if _gender_of(title):
            titled.setdefault(text[span.start : span.end].casefold(), set()).add(_gender_of(title))
    for surname, genders in titled.items():
        if len(genders) > 1:
            # "Mr X" and "Mrs X" are two people: the full name goes with its given
            # name's usual gender, not with whichever title came first.
            for ci in family.get(surname, []):
                gender.setdefault(ci, _given_gender(clusters[ci].full_names, ex.gaz))

    knights: dict[str, list[int]] = {}
    """Given name -> people: a knight or dame is "Sir Howard", not "Sir Newby"."""
    for ci in (c for members in family.values() for c in members):
        for name in clusters[ci].full_names:
            if len(name.split()) > 1 and ci not in knights.get(name.split()[0].casefold(), []):
                knights.setdefault(name.split()[0].casefold(), []).append(ci)

    knighted = {ci for ci in range(len(clusters)) if descriptors(ci) & _KNIGHTED}
    for b, span in singles:
        word = text[span.start : span.end].casefold()
        if (
            word not in family
            and len(knights.get(word, [])) == 1
            and _title_before(all_toks[b], span.i, taken_by_block[b])[1] & _KNIGHTED
        ):
            knighted.add(knights[word][0])

    def resolve(surname: str, title: frozenset[str]) -> tuple[int | None, tuple[int, ...]]:
        cands = family.get(surname.casefold(), [])
        if alias_key(surname) in ex.never_resolve:
            return None, ()
        if not cands and title & _KNIGHTED and len(knights.get(surname.casefold(), [])) == 1:
            return knights[surname.casefold()][0], ()
        if title & _PLAIN_HONORIFICS and len(cands) > 1:
            # "Sir Ian" Blair is never "Mr Blair": that is the other Blair.
            cands = [c for c in cands if c not in knighted] or cands
        said = _gender_of(title)
        if said:
            # "Mr Howard" is not the Sandra Howard that "Mrs Howard" was.
            cands = [c for c in cands if gender.get(root_of(clusters, c), said) == said]
            if not cands:
                return None, ()
        if len(cands) == 1:
            return cands[0], tuple(cands)
        if len(cands) > 1 and title:
            fit = [c for c in cands if title <= descriptors(c)]
            if len(fit) == 1:
                return fit[0], tuple(cands)
        return None, tuple(cands)

    single_cells: set[tuple[int, int]] = set()
    for b, span in singles:
        toks = all_toks[b]
        surname = text[span.start : span.end]
        lo, title = _title_before(toks, span.i, taken_by_block[b])
        lo = _caps_from(toks, lo, span.i)
        s = toks[lo].start if lo < span.i else span.start
        surface = text[s : span.end]
        idx, cands = resolve(surname, title)
        if idx is None and not cands and alias_key(surname) not in ex.never_resolve:
            said = _gender_of(title)
            key = alias_key(surname) + (f" {said}" if said else "")
            idx = cluster_for("PERSON", key)
            c = clusters[idx]
            c.family = c.family or surname
            if idx not in family.setdefault(surname.casefold(), []):
                family[surname.casefold()].append(idx)
        if idx is not None:
            clusters[root_of(clusters, idx)].mentions.append((s, span.end, surface))
            if _gender_of(title):
                gender.setdefault(root_of(clusters, idx), _gender_of(title))
        ex.refs.append((s, span.end, idx, cands, title))
        single_cells.update((b, c) for c in range(span.i, span.j))

    for b, toks in enumerate(all_toks):
        taken = taken_by_block[b]
        for i, tok in enumerate(toks):
            if not tok.cap or tok.upper or i in taken or (b, i) in single_cells:
                continue
            if tok.lower not in family:
                continue
            if tok.sent_start and tok.lower in STOP:
                continue
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is not None and nxt.cap and nxt.word and not nxt.sent_start:
                continue  # part of a longer capitalised name we did not recognise
            lo, title = _title_before(toks, i, taken)
            lo = _caps_from(toks, lo, i)
            has_title = any(toks[k].lower in PERSON_TITLES and toks[k].cap for k in range(lo, i))
            s = toks[lo].start if has_title else tok.start
            p = i
            while p > 0 and i - p < 3 and toks[p - 1].lower in PARTICLES and toks[p - 1].word:
                p -= 1
            if p < i and not has_title:
                s = toks[p].start  # "Von der Leyen", "van Persie": the particles belong
            idx, cands = resolve(tok.text, title)
            if idx is not None:
                clusters[root_of(clusters, idx)].mentions.append((s, tok.end, text[s : tok.end]))
            ex.refs.append((s, tok.end, idx, cands, title))
