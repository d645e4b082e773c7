"""Turn what the user typed into a safe Whoosh query, or a plain sentence saying why not.

Whoosh's parser has cliffs (quadratic time on long tokens, RecursionError on deep
brackets, leading wildcards that scan every term), so the text is checked and tidied
before parsing. Partial words and `word~` are swapped for placeholders before parsing and
expanded afterwards through the completion table, so they are never stemmed.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.analysis import STOP_WORDS
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, QueryParser

from index.extract.names import alias_key
from index.models import TagSet
from index.search.completion import CompletionTable
from index.search.schema import KEYWORD_FIELDS, build_schema, fold, stem, strip_invisible

MAX_QUERY_CHARS = 300
MAX_BRACKET_DEPTH = 8
MAX_OPERATORS = 40
MIN_PREFIX = 2
MAX_FUZZY = 2
PREFIX_EXPANSIONS = 24
SHORT_PREFIX_EXPANSIONS = {2: 8, 3: 12}
"""Fewer completions for 2-3 letter partial words: their top words are the commonest in
the corpus, each matching most articles, so every extra one costs a long postings list."""
TITLE_ONLY_PREFIX = 3
TITLE_ONLY_POSTINGS = 20_000
"""A partial word of at most TITLE_ONLY_PREFIX letters, typed alone (the first keystrokes
of a search), whose completions together fill more than this many postings is matched in
titles only: scoring that many body postings takes over 15 ms even on the whole-list
path (150 ms at 100k articles), where the titles' are a few hundred. Rare completions
("koo") search the whole text, and so does one more letter."""
TEXT_FIELDS = ("title", "body")
FIELD_ALIASES = {"speaker": "said", "entity": "person", "dateline": "date"}

_PLACEHOLDER = "qzxjpfx{}"
_PLACEHOLDER_RE = re.compile(r"^qzxjpfx(\d+)$")
_WORD_STAR = re.compile(r"(?<![\w:*?])([^\W\d_][\w'’-]*)\*(?=\s|\)|$)")
_FUZZY = re.compile(r"(?<![\w:~])([^\W_][\w'’-]*)~([0-9])?(?=\s|\)|$)")
_BAD_WILDCARD = re.compile(r"[*?]")
_TRAILING_WORD = re.compile(r"(?:^|(?<=[\s(]))([^\W_][\w'’-]*)$")
_OPERATOR = re.compile(r"\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b")
_FIELD_PREFIX = re.compile(r"(?<![\w\"])([A-Za-z_]+):")
_MINUS = re.compile(r"(?:^|(?<=[\s(]))-(?=[^\s\-)]|$)")
_PLUS = re.compile(r"(?:^|(?<=[\s(]))\+(?=[^\s+)])")
_SCHEMA = build_schema()
_FIELD_TERM = re.compile(r'(?<![\w"])[A-Za-z_]+:(?:"[^"]*"?|\[[^\]]*\]?|\S*)')
"""A `field:value` term (quoted, bracketed or one word): neither part is a plain word."""
_DATE_BOUND = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
"""How a date range's ends are written: 2025, 2025-10 or 2025-10-01."""
DATE_RANGE_HELP = "date:[2025-10-01 TO 2025-10-31]"


@dataclass(frozen=True, slots=True)
class Expansion:
    """A partial or fuzzy word and the whole words it stands for."""

    typed: str
    words: tuple[str, ...]
    fuzzy: bool = False
    title_only: bool = False
    in_field: str = "exact"
    """Where `words` are looked up: `exact` words, or `id` for the articles of a tag."""


@dataclass(slots=True)
class ParsedQuery:
    """A checked, expanded query ready to run, and what to tell the user about it."""

    query: Any
    """A Whoosh query object (never leaves the index package)."""
    notices: list[str] = field(default_factory=list)
    expansions: list[Expansion] = field(default_factory=list)
    plain_words: list[str] = field(default_factory=list)
    """Words typed as such (for did-you-mean)."""
    empty: bool = False
    shown: dict[tuple[str, str], str] = field(default_factory=dict)
    """(field, indexed term) -> the word as typed: stems and alias keys are never shown."""


class QueryProblem(Exception):
    """The query cannot be run at all; the message says why in one sentence."""


def _make_parser(exact: bool) -> Any:
    parser: Any
    if exact:
        parser = QueryParser("exact", _SCHEMA)
    else:
        parser = MultifieldParser(list(TEXT_FIELDS), _SCHEMA, fieldboosts={"title": 2.0})
    parser.add_plugin(FuzzyTermPlugin())
    return parser


_PARSERS = {False: _make_parser(False), True: _make_parser(True)}


def normalise_text(raw: str) -> str:
    """NFC, no invisible characters, no control characters: what the parser sees."""
    text = unicodedata.normalize("NFC", raw)
    text = strip_invisible(text)
    text = "".join(ch if ch.isprintable() or ch == " " else " " for ch in text)
    return text.replace("\ud800", "")


def _balance_brackets(text: str, notices: list[str]) -> str:
    depth = max_depth = 0
    balanced = True
    for ch in text:
        if ch == "(":
            depth += 1
            max_depth = max(max_depth, depth)
        elif ch == ")":
            depth -= 1
            if depth < 0:
                balanced = False
                depth = 0
    if depth != 0:
        balanced = False
    if max_depth > MAX_BRACKET_DEPTH:
        notices.append("Too many nested brackets; the brackets were ignored.")
        return text.replace("(", " ").replace(")", " ")
    if not balanced:
        notices.append("The brackets do not match; they were ignored.")
        return text.replace("(", " ").replace(")", " ")
    return text


def _balance_quotes(text: str, notices: list[str]) -> str:
    text = text.replace("“", '"').replace("”", '"')
    if text.count('"') % 2:
        notices.append("A quotation mark was not closed; the words were searched on their own.")
        index = text.rfind('"')
        text = text[:index] + " " + text[index + 1 :]
    return text


def _field_names(text: str, notices: list[str]) -> str:
    known = set(_SCHEMA.names()) - {"path", "exact", "source_name", "body"}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        name = FIELD_ALIASES.get(name, name)
        if name in known:
            return f"{name}:"
        notices.append(
            f'"{match.group(1)}:" is not a field you can search; searched for the word instead.'
        )
        return f"{match.group(1)} "

    return _FIELD_PREFIX.sub(replace, text)


def placeholder(number: int) -> str:
    """The token that stands for a term parsed apart (an expansion, a tag's articles)."""
    return _PLACEHOLDER.format(number)


def parse(
    raw: str,
    completions: CompletionTable,
    exact: bool = False,
    as_you_type: bool = False,
    tag_sets: Sequence[TagSet] = (),
) -> ParsedQuery:
    """Check, tidy and parse `raw`; raise QueryProblem only when nothing can be searched.

    `tag_sets` are the articles of the tag terms already replaced in `raw` by tokens
    (`placeholder(0)`, `placeholder(1)`, …): they combine like any other term.
    """
    notices: list[str] = []
    text = normalise_text(raw)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(f"The query was cut to its first {MAX_QUERY_CHARS} characters.")
    if len(_OPERATOR.findall(text)) > MAX_OPERATORS:
        raise QueryProblem("The query has too many AND/OR/NOT operators; simplify it.")
    text = _balance_brackets(text, notices)
    text = _balance_quotes(text, notices)
    text = _field_names(text, notices)
    # `-word` excludes and `+word` requires, as in web search; hyphenated words are untouched.
    text = _outside_quotes(text, lambda part: _PLUS.sub("", _MINUS.sub("NOT ", part)))

    expansions: dict[str, Expansion] = {
        tag_set.token: Expansion(tag_set.label, tag_set.ids or ("",), in_field="id")
        for tag_set in tag_sets
    }

    def expansion(exp: Expansion) -> str:
        key = placeholder(len(expansions))
        expansions[key] = exp
        return key

    def prefix_sub(match: re.Match[str]) -> str:
        word = fold(match.group(1))
        if len(word) < MIN_PREFIX:
            notices.append(f"Type at least {MIN_PREFIX} letters before *.")
            return match.group(1)
        return expansion(
            Expansion(word + "*", tuple(completions.expand(word, expansion_limit(word))))
        )

    def fuzzy_sub(match: re.Match[str]) -> str:
        word = fold(match.group(1))
        distance = int(match.group(2) or 1)
        if distance > MAX_FUZZY:
            notices.append(f"Fuzzy matching allows at most {MAX_FUZZY} edits; used {MAX_FUZZY}.")
            distance = MAX_FUZZY
        # Short words would match half the dictionary: scale the edits to the length.
        distance = min(distance, max(0, (len(word) - 1) // 3))
        return expansion(
            Expansion(f"{word}~{distance}", _fuzzy_words(word, distance, completions), fuzzy=True)
        )

    text = _outside_quotes(
        text, lambda part: _FUZZY.sub(fuzzy_sub, _WORD_STAR.sub(prefix_sub, part))
    )
    if _BAD_WILDCARD.search(_outside_quotes_only(text)):
        notices.append("Use * only at the end of a word, after at least two letters.")
        text = _outside_quotes(text, lambda part: _BAD_WILDCARD.sub(" ", part))
    if as_you_type and not text.endswith((" ", ")")) and text.count('"') % 2 == 0:
        trailing = _TRAILING_WORD.search(text)
        if (
            trailing
            and trailing.group(1) not in ("AND", "OR", "NOT")
            and not _PLACEHOLDER_RE.match(trailing.group(1))
        ):
            word = fold(trailing.group(1))
            words = (
                completions.expand(word, expansion_limit(word)) if len(word) >= MIN_PREFIX else []
            )
            if completions.frequency(word) and word not in words:
                words = [word, *words]
            # Stop words match nearly every article and are dropped from finished words
            # anyway; leaving them out of a partial word's expansion keeps "th" cheap.
            words = [w for w in words if w not in STOP_WORDS] or words
            if words:
                alone = not exact and not text[: trailing.start(1)].strip()
                title_only = (
                    alone
                    and len(word) <= TITLE_ONLY_PREFIX
                    and sum(map(completions.frequency, words)) > TITLE_ONLY_POSTINGS
                )
                key = expansion(Expansion(word + "…", tuple(words), title_only=title_only))
                text = text[: trailing.start(1)] + key
    # Field names and values are not plain words: "org:APEC" must not become "or:APEC".
    plain_words = [
        w
        for w in re.findall(r"[^\W_][\w'’-]*", _FIELD_TERM.sub(" ", _outside_quotes_only(text)))
        if not _PLACEHOLDER_RE.match(w) and w not in ("AND", "OR", "NOT")
    ]
    shown = {(name, stemmed(w)): w for w in plain_words for name in TEXT_FIELDS}
    for term in _FIELD_TERM.finditer(text):
        name, _, value = term.group().partition(":")
        if name in TEXT_FIELDS:
            shown.update(((name, stemmed(w)), w) for w in re.findall(r"[^\W_][\w'’-]*", value))
    if not text.strip():
        return ParsedQuery(wq.Every(), notices, [], [], empty=True)
    try:
        parsed = _PARSERS[exact].parse(text)
        if _has_text_range(parsed):
            # Expanding a range builds one matcher per term before the time limit applies.
            notices.append("Ranges work only on dates (date:[2024-01 TO 2024-06]); ignored.")
        parsed = _rewrite(parsed, expansions, exact, shown, notices)
        parsed = parsed.normalize()
    except (Exception, RecursionError) as error:
        raise QueryProblem(
            "The query could not be understood; check its quotes, brackets and field names."
        ) from error
    if parsed is wq.NullQuery or isinstance(parsed, type(wq.NullQuery)):
        if not notices:
            notices.append(
                "Nothing left to search for: the query has only operators or common words."
            )
        return ParsedQuery(
            wq.NullQuery, notices, list(expansions.values()), plain_words, shown=shown
        )
    return ParsedQuery(parsed, notices, list(expansions.values()), plain_words, shown=shown)


def expansion_limit(prefix: str) -> int:
    """How many completions a partial word of this length expands to."""
    return SHORT_PREFIX_EXPANSIONS.get(len(prefix), PREFIX_EXPANSIONS)


class ExpansionOr(wq.Or):  # type: ignore[misc]
    """The words a partial or fuzzy word stands for.

    Whoosh's default Or is a binary tree of union matchers, paying several Python calls
    per posting per level; preloading each term's matches into an array is 2-4x faster
    for the few long postings lists of an expansion.
    """

    matcher_type = wq.Or.ARRAY_MATCHER


def _outside_quotes(text: str, fn: Any) -> str:
    parts = text.split('"')
    return '"'.join(fn(part) if i % 2 == 0 else part for i, part in enumerate(parts))


def _outside_quotes_only(text: str) -> str:
    return " ".join(part for i, part in enumerate(text.split('"')) if i % 2 == 0)


def _fuzzy_words(
    word: str, distance: int, completions: CompletionTable, budget: float = 0.05
) -> tuple[str, ...]:
    """Words within `distance` edits of `word` sharing its first letter, most common first.

    A pure-Python edit distance over a large vocabulary is slow, so candidates are first
    screened by length and letters, and the scan stops after `budget` seconds.
    """
    if not word:
        return ()
    if distance == 0:
        return (word,) if completions.frequency(word) else ()
    letters = set(word)
    deadline = time.perf_counter() + budget
    close: list[tuple[int, str]] = []
    for scanned, (candidate, freq) in enumerate(completions.with_prefix(word[:1])):
        if scanned % 512 == 0 and time.perf_counter() > deadline:
            break
        if abs(len(candidate) - len(word)) > distance:
            continue
        if len(letters.symmetric_difference(candidate)) > 2 * distance:
            continue
        if _within(word, candidate, distance):
            close.append((freq, candidate))
    close.sort(key=lambda pair: -pair[0])
    return tuple(w for _, w in close[:PREFIX_EXPANSIONS])


def _within(a: str, b: str, limit: int) -> bool:
    """Damerau-free Levenshtein distance of a and b is at most `limit` (banded)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            best = min(best, current[j])
        if best > limit:
            return False
        previous = current
    return previous[-1] <= limit


def _has_text_range(node: Any) -> bool:
    if isinstance(node, wq.RangeMixin):
        return bool(node.fieldname != "date")
    return not node.is_leaf() and any(_has_text_range(child) for child in node.children())


def _date_range(node: Any, notices: list[str]) -> Any:
    """A date range as written, ends swapped if reversed; None (with a notice) if broken."""
    ends = [str(e) for e in (node.start, node.end) if e is not None]
    if not ends or not all(_DATE_BOUND.match(e) for e in ends):
        notices.append(
            "A date range needs dates such as 2025-10-01 (or 2025-10) at its ends: "
            f"{DATE_RANGE_HELP}."
        )
        return None
    if node.start is not None and node.end is not None and str(node.start) > str(node.end):
        notices.append(f"The date range ran backwards; searched from {node.end} to {node.start}.")
        return wq.TermRange("date", node.end, node.start, boost=node.boost)
    return node


def _rewrite(
    node: Any,
    expansions: dict[str, Expansion],
    exact: bool,
    shown: dict[tuple[str, str], str],
    notices: list[str],
) -> Any:
    """Swap placeholders for their expansions and normalise keyword-field values.

    Records in `shown` how each normalised value was typed, and checks date ranges.
    """
    if isinstance(node, wq.RangeMixin) and node.fieldname != "date":
        return wq.NullQuery
    if isinstance(node, wq.RangeMixin):
        checked = _date_range(node, notices)
        return wq.NullQuery if checked is None else checked
    if isinstance(node, wq.Term) and node.fieldname == "date" and "[" in str(node.text):
        notices.append(f"A date range needs a closing bracket: {DATE_RANGE_HELP}.")
        return wq.NullQuery
    if isinstance(node, wq.FuzzyTerm):
        # Only words matched by _FUZZY become bounded expansions; Whoosh would scan every term.
        return wq.Term(node.fieldname, node.text, boost=node.boost)
    if isinstance(node, wq.Term):
        match = _PLACEHOLDER_RE.match(str(node.text))
        if match:
            exp = expansions[node.text]
            if not exp.words:
                return wq.NullQuery
            if exp.title_only:
                return ExpansionOr([wq.Term("title", w) for w in title_terms(exp)])
            return ExpansionOr([wq.Term(exp.in_field, w) for w in exp.words])
        if node.fieldname in KEYWORD_FIELDS:
            key = alias_key(str(node.text))
            shown.setdefault((node.fieldname, key), str(node.text))
            return wq.Term(node.fieldname, key, boost=node.boost)
        return node
    if (
        isinstance(node, wq.Or)
        and node.subqueries
        and all(
            isinstance(sub, wq.Term) and _PLACEHOLDER_RE.match(str(sub.text))
            for sub in node.subqueries
        )
    ):
        # One placeholder searched in title and body is one expansion; the parser also
        # flattens "a* OR b*" into one OR of both, so each distinct one is kept.
        firsts = {str(sub.text): sub for sub in reversed(node.subqueries)}
        keys = dict.fromkeys(str(sub.text) for sub in node.subqueries)
        parts = [_rewrite(firsts[key], expansions, exact, shown, notices) for key in keys]
        return parts[0] if len(parts) == 1 else wq.Or(parts, boost=node.boost)
    if isinstance(node, wq.Phrase) and node.fieldname in KEYWORD_FIELDS:
        key = alias_key(" ".join(node.words))
        shown.setdefault((node.fieldname, key), " ".join(node.words))
        return wq.Term(node.fieldname, key)
    if isinstance(node, (wq.Prefix, wq.Wildcard)) and node.fieldname in KEYWORD_FIELDS:
        text = alias_key(str(node.text).rstrip("*"))
        return wq.Prefix(node.fieldname, text) if len(text) >= MIN_PREFIX else wq.NullQuery
    if node.is_leaf():
        return node
    return node.apply(lambda child: _rewrite(child, expansions, exact, shown, notices))


def title_terms(exp: Expansion) -> tuple[str, ...]:
    """The title-field (stemmed) terms of a title-only expansion, in its order."""
    return tuple(dict.fromkeys(stem(w) for w in exp.words))


def stemmed(word: str) -> str:
    """The stem key of a typed word, as the body field stores it."""
    return stem(fold(word))
