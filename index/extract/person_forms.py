"""How a person's short forms in one article find the full name they mean.

"Mr Blair", "Blair", "Industry Minister Kim" and "Sir Howard" each join the one person
they can be, by surname, title, gender and the house style of news writing; the rest stay
open for quote attribution to settle by who is in focus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from index.extract.gazetteer import Gazetteer
from index.extract.names import alias_key
from index.extract.spans import PARTICLES, Cluster, PersonRef, Span, root_of
from index.extract.tokens import Tok
from index.extract.wordlists import ORG_HEADS, PERSON_TITLES, ROLE_WORDS, SPEECH_VERBS, STOP

if TYPE_CHECKING:
    from index.extract.entities import Extractor


def bare_surnames_to_plain_namesake(refs: list[PersonRef]) -> list[PersonRef]:
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
            if t.lower in _HONORIFICS:
                break  # "in Harrogate Mr Kennedy": a courtesy title is where the name starts
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
_HONORIFICS = _PLAIN_HONORIFICS | _KNIGHTED | {"dr", "dr.", "lady", "lord"}
"""Titles of courtesy, not of a job: they never tell two namesakes apart."""


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


def resolve_people(
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
