"""Corpus-wide entity rows: one row per real person, people who share a surname apart."""

from __future__ import annotations

from index.corpus.names import CorpusNames, CorpusRow, merge_corpus, resolve
from index.corpus.spellings import parse_person
from index.extract.corrections import parse_entity_rules


def _person(name: str, *aliases: str, articles: int = 1) -> CorpusRow:
    return CorpusRow("PERSON", name, (name, *aliases), articles)


def _shown(names: CorpusNames, name: str, *aliases: str) -> str:
    return names.name("PERSON", name, (name, *aliases))


def test_parse_person_drops_titles_and_glued_words() -> None:
    assert parse_person("Thursday Mr Blair").words == ("Blair",)
    assert parse_person("Thursday Mr Blair").gender == "m"
    assert parse_person("Prime Minister Tony Blair").words == ("Tony", "Blair")
    assert parse_person("Mrs. Howard").gender == "f"
    assert parse_person("President Bush").offices == {"president"}
    assert parse_person("George W. Bush").full


def test_surname_and_titled_forms_join_the_full_name() -> None:
    names = resolve(
        [
            _person("Tony Blair", "Mr Blair", articles=20),
            _person("Mr Blair", articles=5),
            _person("Blair", "Mr Blair", articles=4),
            _person("Blair", articles=3),
        ]
    )
    assert _shown(names, "Mr Blair") == "Tony Blair"
    assert _shown(names, "Blair", "Mr Blair") == "Tony Blair"
    assert _shown(names, "Blair") == "Tony Blair"
    assert names.local_names("PERSON", "Tony Blair") == {"Tony Blair", "Mr Blair", "Blair"}


def test_a_woman_who_shares_a_surname_stays_apart() -> None:
    names = resolve(
        [
            _person("Michael Howard", "Mr Howard", articles=30),
            _person("Mrs Howard", articles=2),
            _person("Howard", "Mrs Howard", articles=1),
            _person("Mr Howard", articles=4),
        ]
    )
    assert _shown(names, "Mr Howard") == "Michael Howard"
    assert _shown(names, "Mrs Howard") == "Mrs Howard"
    assert _shown(names, "Howard", "Mrs Howard") == "Mrs Howard"


def test_two_browns_apart_and_the_bare_surname_by_dominance() -> None:
    rows = [
        _person("Gordon Brown", "Mr Brown", articles=40),
        _person("Nick Brown", "Mr Brown", articles=3),
        _person("Brown", "Mr Brown", articles=6),
    ]
    names = resolve(rows)
    assert _shown(names, "Gordon Brown") != _shown(names, "Nick Brown")
    # Gordon Brown has 40 articles, over DOMINANCE times the next Brown: the bare form is his.
    assert _shown(names, "Brown", "Mr Brown") == "Gordon Brown"


def test_a_bare_surname_shared_evenly_is_left_alone() -> None:
    names = resolve(
        [
            _person("Gordon Brown", articles=10),
            _person("Wes Brown", articles=8),
            _person("Mr Brown", articles=2),
            _person("Brown", articles=1),
        ]
    )
    assert _shown(names, "Mr Brown") == "Brown"
    assert _shown(names, "Brown") == "Brown"
    assert _shown(names, "Gordon Brown") == "Gordon Brown"
    assert _shown(names, "Wes Brown") == "Wes Brown"


def test_office_titles_point_at_the_person_who_holds_them() -> None:
    names = resolve(
        [
            _person("George Bush", "President Bush", articles=6),
            _person("George W. Bush", articles=2),
            _person("Kate Bush", articles=5),
            _person("President Bush", articles=3),
            _person("President George", articles=2),
            _person("Eddie George", articles=4),
        ]
    )
    assert _shown(names, "George W. Bush") == "George Bush"
    assert _shown(names, "President Bush") == "George Bush"
    assert _shown(names, "President George") == "George Bush"
    assert _shown(names, "Kate Bush") == "Kate Bush"
    assert _shown(names, "Eddie George") == "Eddie George"


def test_titles_are_stripped_from_rows_nobody_claims() -> None:
    names = resolve([_person("President Carter", articles=2), _person("Carter", articles=1)])
    assert _shown(names, "President Carter") == "Carter"
    assert _shown(names, "Carter") == "Carter"


def test_user_corrections_win() -> None:
    rules, warnings = parse_entity_rules(
        {
            "canonical": [{"name": "Jane Q. Roe", "type": "PERSON", "aliases": ["Jane Roe"]}],
            "split": ["Roe"],
        },
        "config.yaml",
    )
    assert warnings == ()
    names = resolve(
        [
            _person("Jane Q. Roe", articles=1),
            _person("Jane Roe", articles=5),
            _person("Roe", "Mr Roe", articles=3),
        ],
        rules,
    )
    assert _shown(names, "Jane Roe") == "Jane Q. Roe"
    assert _shown(names, "Roe", "Mr Roe") == "Roe"


def test_organisation_spellings_meet() -> None:
    names = resolve(
        [
            CorpusRow("ORG", "Apple", ("Apple",), 9),
            CorpusRow("ORG", "Apple Inc", ("Apple Inc",), 2),
            CorpusRow("ORG", "Apple Corps", ("Apple Corps",), 1),
        ]
    )
    assert names.name("ORG", "Apple Inc") == "Apple"
    assert names.name("ORG", "Apple Corps") == "Apple Corps"


def test_merge_corpus_keeps_its_shape() -> None:
    merged = merge_corpus(
        [
            ("PERSON", "Tony Blair", ("Tony Blair", "Mr Blair")),
            ("PERSON", "Tony Blair", ("Tony Blair",)),
            ("PERSON", "Mr Blair", ("Mr Blair",)),
        ]
    )
    assert merged == {("PERSON", "Tony Blair"): "Tony Blair", ("PERSON", "Mr Blair"): "Tony Blair"}


def test_the_company_a_short_form_keeps_settles_it() -> None:
    rows = [
        _person("Shane Williams", articles=5),
        _person("Serena Williams", articles=5),
        _person("Williams", articles=1),
    ]
    company = {
        "Shane Williams": {"ORG:wales", "ORG:rugbyunion", "PLACE:cardiff", "ORG:ospreys"},
        "Serena Williams": {"ORG:wta", "PLACE:melbourne", "ORG:australianopen"},
        "Williams": {"ORG:wales", "PLACE:cardiff", "ORG:ospreys", "ORG:wta"},
    }
    asked: list[set[str]] = []

    def context(names: object) -> dict[str, set[str]]:
        assert isinstance(names, set)
        asked.append(names)
        return {n: company[n] for n in names if n in company}

    names = resolve(rows, context=context)
    assert _shown(names, "Williams") == "Shane Williams"
    assert asked == [{"Shane Williams", "Serena Williams", "Williams"}]
    # without the company it keeps, the bare surname stays its own row
    assert _shown(resolve(rows), "Williams") == "Williams"
    # too little shared company decides nothing
    company["Williams"] = {"ORG:wales"}
    assert _shown(resolve(rows, context=context), "Williams") == "Williams"


def test_a_short_form_goes_to_the_person_articles_call_by_it() -> None:
    rows = [
        _person("Bernie Ebbers", "Mr Ebbers", articles=4),
        _person("Bernie Ebbers", articles=20),
        _person("Bernard Ebbers", articles=10),
        _person("Mr Ebbers", articles=90),
    ]
    # 24 articles against 10 is not dominance, but only Bernie is ever called Mr Ebbers
    assert _shown(resolve(rows), "Mr Ebbers") == "Bernie Ebbers"
    rows[2] = _person("Bernard Ebbers", "Mr Ebbers", articles=10)
    assert _shown(resolve(rows), "Mr Ebbers") == "Ebbers"


def test_a_ms_short_form_joins_a_woman_known_by_her_given_name() -> None:
    rows = [
        ("PERSON", "Carly Fiorella", ("Carly Fiorella",)),
        ("PERSON", "Ms Fiorella", ("Ms Fiorella",)),
        ("PERSON", "Michael Howarth", ("Michael Howarth", "Mr Howarth")),
        ("PERSON", "Mrs Howarth", ("Mrs Howarth",)),
    ]
    merged = merge_corpus(rows)
    assert merged[("PERSON", "Ms Fiorella")] == "Carly Fiorella"
    assert merged[("PERSON", "Mrs Howarth")] != "Michael Howarth"


def test_a_peer_known_only_by_title_keeps_it() -> None:
    rows = [
        ("PERSON", "Falconer", ("Falconer", "Lord Falconer")),
        ("PERSON", "Lord Falconer", ("Lord Falconer",)),
        ("PERSON", "Bush", ("Bush", "President Bush")),
    ]
    merged = merge_corpus(rows)
    assert merged[("PERSON", "Falconer")] == merged[("PERSON", "Lord Falconer")]
    assert merged[("PERSON", "Falconer")] == "Lord Falconer"
    assert merged[("PERSON", "Bush")] == "Bush"  # an office title is not part of the name


def test_a_royal_or_knight_is_called_by_a_given_name_not_a_surname() -> None:
    names = resolve(
        [
            _person("Ray Charles", "Charles", articles=20),
            _person("Prince Charles", articles=5),
            _person("Charles", articles=3),
            _person("Edward Heath", "Sir Edward", "Mr Heath", articles=10),
            _person("Sir Edward", articles=2),
            _person("King Edward", articles=2),
            _person("Prince Edward", articles=2),
            _person("Clive Woodward", "Sir Clive", articles=30),
            _person("Sir Clive", articles=8),
        ]
    )
    # the prince is not the singer, nor is either Edward the prime minister
    assert _shown(names, "Prince Charles") == "Prince Charles"
    assert _shown(names, "Charles") == "Ray Charles"
    assert _shown(names, "King Edward") == "King Edward"
    assert _shown(names, "Prince Edward") == "Prince Edward"
    # a knight's given name under his title is still his
    assert _shown(names, "Sir Clive") == "Clive Woodward"
    assert _shown(names, "Sir Edward") == "Edward Heath"
