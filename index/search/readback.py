"""How a parsed query reads back: in words (the search bar, `explain`) and as the keys the
highlighter marks in snippets and articles."""

from __future__ import annotations

from typing import Any

from whoosh import query as wq

from index.search.query import TEXT_FIELDS, Expansion, ParsedQuery, title_terms


def highlight_keys(parsed: ParsedQuery) -> tuple[str, ...]:
    """Match keys for the highlighter: 'w:word' for exact words, 's:stem' for stems."""
    keys: set[str] = set()
    for exp in parsed.expansions:
        if exp.in_field == "exact":  # not a tag's article ids
            keys.update(f"w:{w}" for w in exp.words)
    for fieldname, text in _leaf_terms(parsed.query):
        value = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        if fieldname == "exact":
            keys.add(f"w:{value}")
        elif fieldname in TEXT_FIELDS:
            keys.add(f"s:{value}")
    return tuple(sorted(keys))


def _leaf_terms(node: Any) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    if isinstance(node, wq.Not):
        return found
    if isinstance(node, wq.Term):
        found.append((node.fieldname, node.text))
    elif isinstance(node, wq.Phrase):
        found.extend((node.fieldname, w) for w in node.words)
    elif not node.is_leaf():
        for child in node.children():
            found.extend(_leaf_terms(child))
    return found


def describe(parsed: ParsedQuery) -> str:
    """The query as understood, in words, for the search bar and `explain`."""
    if parsed.empty:
        return "all articles"
    known = {(title_terms(e) if e.title_only else e.words): e for e in parsed.expansions}
    text = _describe(parsed.query, known, parsed.shown)
    return text or "nothing"


def _describe(
    node: Any,
    expansions: dict[tuple[str, ...], Expansion],
    typed: dict[tuple[str, str], str] | None = None,
) -> str:
    typed = typed or {}
    if node is wq.NullQuery or isinstance(node, type(wq.NullQuery)):
        return ""
    if isinstance(node, wq.Every):
        return "all articles"
    if isinstance(node, wq.Term) and node.fieldname == "id":  # a tag with one article
        found = expansions.get((str(node.text),))
        return found.typed if found is not None else f"id={node.text}"
    if isinstance(node, wq.Term):
        value = str(node.text)
        value = typed.get((node.fieldname, value), value)  # as typed, not the stem
        if node.fieldname == "body":
            return value
        if node.fieldname == "title":
            return f"title:{value}"
        if node.fieldname == "exact":
            return f"={value}"
        return f"{node.fieldname}={value}"
    if isinstance(node, wq.Phrase):
        words = " ".join(str(w) for w in node.words)
        return (
            f'"{words}"'
            if node.fieldname in (*TEXT_FIELDS, "exact")
            else f'{node.fieldname}="{words}"'
        )
    if isinstance(node, wq.Or):
        subs = node.subqueries
        ids = {str(s.text) for s in subs if isinstance(s, wq.Term) and s.fieldname == "id"}
        if ids:  # tags' articles, merged into this OR when it was normalised
            tags = [
                e.typed for e in expansions.values() if e.in_field == "id" and set(e.words) <= ids
            ]
            rest = [s for s in subs if not (isinstance(s, wq.Term) and s.fieldname == "id")]
            parts = tags + [p for p in (_describe(s, expansions, typed) for s in rest) if p]
            parts = list(dict.fromkeys(parts))
            return "(" + " OR ".join(parts) + ")" if len(parts) > 1 else "".join(parts)
        if subs and all(isinstance(s, wq.Term) and s.fieldname == "exact" for s in subs):
            alternatives = tuple(str(s.text) for s in subs)
            exp = expansions.get(alternatives)
        elif subs and all(isinstance(s, wq.Term) and s.fieldname == "title" for s in subs):
            exp = expansions.get(tuple(str(s.text) for s in subs))
            if exp is not None:
                shown = ", ".join(exp.words[:5]) + (" …" if len(exp.words) > 5 else "")
                return f"{exp.typed} in titles ({shown})"
            alternatives = ()
        else:
            alternatives = ()
        if alternatives:
            shown = ", ".join(alternatives[:5]) + (" …" if len(alternatives) > 5 else "")
            label = exp.typed if exp else "any of"
            return f"{label} ({shown})"
        texts = {str(s.text) for s in subs if isinstance(s, (wq.Term,))}
        if (
            subs
            and len(texts) == 1
            and all(isinstance(s, wq.Term) and s.fieldname in TEXT_FIELDS for s in subs)
        ):
            value = texts.pop()
            return typed.get(("body", value), value)
        parts = list(dict.fromkeys(p for p in (_describe(s, expansions, typed) for s in subs) if p))
        return "(" + " OR ".join(parts) + ")" if len(parts) > 1 else "".join(parts)
    if isinstance(node, wq.And):
        parts = list(
            dict.fromkeys(
                p for p in (_describe(s, expansions, typed) for s in node.subqueries) if p
            )
        )
        return " AND ".join(parts)
    if isinstance(node, wq.AndNot):
        return f"{_describe(node.a, expansions, typed)} NOT {_describe(node.b, expansions, typed)}"
    if isinstance(node, wq.Not):
        return f"NOT {_describe(node.query, expansions, typed)}"
    if isinstance(node, wq.TermRange):
        return f"{node.fieldname} from {node.start or '…'} to {node.end or '…'}"
    if isinstance(node, (wq.Prefix, wq.Wildcard)):
        return f"{node.fieldname}={node.text}*"
    return str(node)
