"""Unit tests of the extractor's tricky cases, on small made-up texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.score_extraction import gold_blocks
from index.articles.loader import discover
from index.corpus.names import merge_corpus
from index.extract.article import extract
from index.extract.budget import Budget, OverBudget
from index.extract.corrections import EntityRules, parse_entity_rules
from index.extract.names import alias_key
from index.models import Article, Block, Extraction, LineKind
from index.store import build


def _run(
    *paragraphs: str, title: str | None = None, rules: EntityRules | None = None
) -> Extraction:
    parts = ([title] if title else []) + list(paragraphs)
    text = "\n\n".join(parts)
    lines = {"title": [1]} if title else {}
    body = [1 + 2 * i for i in range(len(parts))]
    lines["body"] = body[1:] if title else body
    return extract(text, gold_blocks(text, lines), rules)


def _quote(ex: Extraction, start: str) -> tuple[str, str, str | None, str | None]:
    for q in ex.quotes:
        if q.text.startswith(start):
            return q.text, q.kind, q.speaker, q.speaker_desc
    raise AssertionError(f"no quote starting {start!r} in {ex.quotes}")


def _names(ex: Extraction, etype: str) -> list[str]:
    return [e.name for e in ex.entities if e.type == etype]


def test_mismatched_closer_ends_the_quote() -> None:
    ex = _run(
        "“Prices will rise,” said a Seoul-based economist. “Buyers should wait. "
        "Sellers should not.’ The market fell."
    )
    text, kind, speaker, desc = _quote(ex, "Buyers")
    assert text == "Buyers should wait. Sellers should not."
    assert kind == "full" and speaker is None and desc == "a Seoul-based economist"


def test_quote_open_at_paragraph_end_stops_there() -> None:
    ex = _run(
        'Minister Jane Holloway answered, saying, "Is this not a fair offer to everyone?',
        '"We will see what happens next week in the talks," she said.',
    )
    text, kind, speaker, _ = _quote(ex, "Is this")
    assert text == "Is this not a fair offer to everyone?"
    assert kind == "full" and speaker == "Jane Holloway"
    assert _quote(ex, "We will see")[2] == "Jane Holloway"


def test_pronoun_speaker_follows_the_subject() -> None:
    ex = _run(
        "Finance Minister Peter Marlow met bankers on Tuesday.",
        '"The budget will balance within three years," he said.',
    )
    assert _quote(ex, "The budget")[2] == "Peter Marlow"


def test_anonymous_speaker_kept_as_description() -> None:
    ex = _run('"There are still issues to iron out," said a senior trade official.')
    _, kind, speaker, desc = _quote(ex, "There are")
    assert kind == "full" and speaker is None and desc == "a senior trade official"


def test_role_phrase_resolves_to_named_person() -> None:
    ex = _run(
        "Industry Minister Park Min-soo met Finance Minister Choi Sang-hoon in Seoul.",
        '"We had constructive talks on shipbuilding," the industry minister told reporters.',
    )
    assert _quote(ex, "We had")[2] == "Park Min-soo"


def test_shared_surname_stays_unresolved_unless_title_disambiguates() -> None:
    ex = _run(
        "Policy chief Kim Yong-soo and Industry Minister Kim Dae-ho met in Seoul.",
        "Kim declined to comment. Industry Minister Kim said talks went well.",
    )
    people = {e.name: e for e in ex.entities if e.type == "PERSON"}
    assert set(people) == {"Kim Yong-soo", "Kim Dae-ho"}
    assert "Industry Minister Kim" in people["Kim Dae-ho"].aliases
    assert all(a != "Kim" for e in people.values() for a in e.aliases)


def test_bare_shared_surname_quotes_go_to_the_namesake_never_given_a_title() -> None:
    ex = _run(
        "Policy chief Kim Yong-soo and Industry Minister Kim Dae-ho met in Seoul.",
        "\u201cWe talked,\u201d Industry Minister Kim said.",
        "\u201cIt will take time,\u201d Kim said.",
    )
    assert _quote(ex, "We talked")[2] == "Kim Dae-ho"
    assert _quote(ex, "It will take")[2] == "Kim Yong-soo"


def test_bare_shared_surname_stays_open_when_both_namesakes_get_titles() -> None:
    ex = _run(
        "Policy Chief Kim Yong-soo and Industry Minister Kim Dae-ho met in Seoul.",
        "\u201cWe talked,\u201d Industry Minister Kim said. \u201cFine,\u201d Policy Chief Kim said.",
        "\u201cIt will take time,\u201d Kim said.",
    )
    assert _quote(ex, "It will take")[2] == "Kim Yong-soo"  # the latest one named


def test_a_sentence_opening_the_nn_year_old_keeps_the_person_in_focus() -> None:
    ex = _run(
        "Jo Pavane will miss the cross country to prepare for the indoor season.",
        "The 31-year-old was third behind Hayley Yellen and Justyna Bakova last week. "
        "\u201cIt was great winning bronze but I must concentrate on the indoor season,\u201d"
        " she said.",
    )
    assert {"Hayley Yellen", "Justyna Bakova"} <= set(_names(ex, "PERSON"))
    assert _quote(ex, "It was great")[2] == "Jo Pavane"


def test_a_plural_demonym_is_not_part_of_the_name() -> None:
    ex = _run("Britons Kathy Butlin and Hayley Yellen were out of the medals.")
    assert {"Kathy Butlin", "Hayley Yellen"} <= set(_names(ex, "PERSON"))


def test_a_place_named_inside_based_is_the_place_alone() -> None:
    text = "The London-based bank and a Hong Kong-based fund both grew in London."
    ex = _run(text)
    places = {e.name: e for e in ex.entities if e.type == "PLACE"}
    assert places["London"].aliases == ("London",) and len(places["London"].mentions) == 2
    assert {text[m.start : m.end] for m in places["London"].mentions} == {"London"}
    assert places["Hong Kong"].aliases == ("Hong Kong",)
    assert not [e for e in ex.entities if e.type == "PERSON"]


def test_a_division_is_an_organisation_even_with_justice_in_its_name() -> None:
    ex = _run("Dame Elizabeth Butler-Sloss, the president of the Family Justice Division, said so.")
    assert _names(ex, "ORG") == ["Family Justice Division"]
    assert _names(ex, "PERSON") == ["Elizabeth Butler-Sloss"]


def test_a_knight_is_sir_and_his_given_name_and_never_mr() -> None:
    ex = _run(
        "Sir Ivor Blane, the police chief, met Tony Blane on Monday.",
        "Sir Ivor said the threat was real. Neither Mr Blane nor his aides would comment.",
        "But Mr Blane insisted: \u201cThere is no greater liberty than to live free from fear.\u201d",
    )
    people = {e.name: e for e in ex.entities if e.type == "PERSON"}
    assert "Sir Ivor" in people["Ivor Blane"].aliases
    assert set(people["Tony Blane"].aliases) == {"Tony Blane", "Mr Blane"}
    assert _quote(ex, "There is no greater")[2] == "Tony Blane"


def test_a_job_word_opening_the_sentence_is_not_part_of_the_name() -> None:
    ex = _run(
        "Economist Colen Garrick said the budget looked sound. "
        "\u201cIt is a good incentive for business,\u201d said Mr Garrick."
    )
    assert _names(ex, "PERSON") == ["Colen Garrick"]
    assert _quote(ex, "It is a good")[2] == "Colen Garrick"


def test_a_party_s_members_are_not_an_organisation_of_their_own() -> None:
    ex = _run("Labour MPs voted against the plan on Tuesday. Labour said it would try again.")
    assert _names(ex, "ORG") == ["Labour"]


def test_a_name_opening_a_sentence_is_its_subject_for_the_he_that_follows() -> None:
    ex = _run(
        "Ex-Labour MP George Gallard appealed for the release of aid worker Marga Hessen.",
        "Mrs Hessen, 59, was abducted in Baghdad on 19 October. Mr Gallard was expelled "
        "from the Labour party. He denied an earlier report.",
        "Speaking in London, he said: \u201cI have deliberately not involved myself before in "
        "any of these situations.\u201d",
    )
    assert _quote(ex, "I have deliberately")[2] == "George Gallard"


def test_the_office_of_the_person_in_focus_is_that_person() -> None:
    ex = _run(
        "Gordon Brine wants the richer countries to do more to help.",
        "The chancellor is travelling to America next week. He told the BBC: \u201cWe need "
        "more resources allied to progress on trade and on debt relief.\u201d",
        "The treasury spokeswoman said: \u201cThe figures will be published in the spring "
        "as they always are.\u201d",
    )
    assert _quote(ex, "We need more")[2] == "Gordon Brine"
    assert _quote(ex, "The figures")[2] is None  # a spokeswoman is someone else


def test_a_common_word_capitalised_by_the_sentence_does_not_start_a_name() -> None:
    ex = _run(
        "Conductor Marcello Vittori, who led the orchestra for a decade, died on Saturday. "
        "The orchestra said the conductor had collapsed during a rehearsal.",
        "\u201cHe was a great musician and a friend to all of us here,\u201d Mr Vittori's "
        "agent said.",
    )
    assert _names(ex, "PERSON") == ["Marcello Vittori"]


def test_surname_resolves_when_unambiguous() -> None:
    ex = _run("Commerce Secretary Howard Lutwin met them.", "Lutwin later left for Boston.")
    (person,) = [e for e in ex.entities if e.type == "PERSON"]
    assert person.name == "Howard Lutwin" and person.count == 2


def test_us_spellings_merge() -> None:
    ex = _run("The US and the U.S. Treasury, America and the United States agreed. USA!")
    places = [e for e in ex.entities if e.type == "PLACE"]
    assert [p.name for p in places] == ["United States"]
    assert places[0].count == 5
    assert alias_key("U.S.") == alias_key("America") == alias_key("United States")


def test_acronym_and_both_long_forms_merge() -> None:
    ex = _run(
        "Seoul proposed BRIDGE, or Build Really Important Docks Good Everywhere, initiative.",
        "Officials discussed the Build Really Important Docks Globally Good Everywhere project.",
        "The BRIDGE project is large. The Office of Fiscal Planning (OFP) agreed.",
    )
    (initiative,) = [e for e in ex.entities if e.type == "INITIATIVE"]
    assert initiative.name == "BRIDGE"
    assert "Build Really Important Docks Good Everywhere" in initiative.aliases
    assert "Build Really Important Docks Globally Good Everywhere" in initiative.aliases
    assert any(e.type == "ORG" and "OFP" in e.aliases for e in ex.entities)


def test_money_percent_date() -> None:
    ex = _run(
        "It pledged $350 Billion, or 350 billion dollars, by Oct. 29 to 30 and October 4. "
        "Tariffs fell from 25% to 15 percent in late July. The firm lost £1.5bn in 2004."
    )
    assert _names(ex, "MONEY") == ["$350 billion", "£1.5 billion"]
    assert _names(ex, "PERCENT") == ["25 percent", "15 percent"]
    assert _names(ex, "DATE") == ["October 29 to 30", "October 4", "July", "2004"]


def test_romanisation_variants_merge() -> None:
    assert alias_key("Koo Yoon-cheol") == alias_key("Koo Yun-cheol")
    assert alias_key("Lee Jae Myung") == alias_key("Lee Jae-myung")
    ex = _run("President Lee Jae Myung spoke.", "Later Lee Jae-myung left.")
    (person,) = [e for e in ex.entities if e.type == "PERSON"]
    assert set(person.aliases) >= {"Lee Jae Myung", "Lee Jae-myung"}


def test_merge_corpus_joins_spellings_not_bare_surnames() -> None:
    rows = [
        ("PERSON", "Koo Yoon-cheol", ("Koo Yoon-cheol", "Koo")),
        ("PERSON", "Koo Yun-cheol", ("Koo Yun-cheol",)),
        ("PERSON", "Koo Yun-cheol", ("Koo Yun-cheol", "Finance Minister Koo")),
        ("PERSON", "Gordon Brown", ("Gordon Brown", "Mr Brown")),
        ("PERSON", "Nick Brown", ("Nick Brown", "Mr Brown")),
        ("PLACE", "US", ("US",)),
        ("PLACE", "United States", ("United States", "America")),
    ]
    merged = merge_corpus(rows)
    assert merged[("PERSON", "Koo Yoon-cheol")] == "Koo Yun-cheol"
    assert merged[("PERSON", "Gordon Brown")] != merged[("PERSON", "Nick Brown")]
    assert merged[("PLACE", "US")] == merged[("PLACE", "United States")]


def test_entity_rules_applied() -> None:
    rules, warnings = parse_entity_rules(
        {
            "canonical": [{"name": "Jane Roe", "type": "PERSON", "aliases": ["Jane Q. Roe"]}],
            "ignore": ["Reuters"],
            "merge": [["Commerce Department", "Trade Office"]],
            "split": ["Kim"],
        },
        "config.yaml",
    )
    assert warnings == ()
    ex = _run(
        "Jane Q. Roe told Reuters that the Commerce Department and the Trade Office agreed.",
        "Policy chief Kim Min-ho said Kim would go.",
        rules=rules,
    )
    names = [e.name for e in ex.entities]
    assert "Jane Roe" in names and "Reuters" not in names
    orgs = [e for e in ex.entities if e.type == "ORG"]
    assert len(orgs) == 1 and orgs[0].name == "Commerce Department"
    kim = next(e for e in ex.entities if e.name == "Kim Min-ho")
    assert "Kim" not in kim.aliases


def test_entity_rules_warnings_never_raise() -> None:
    rules, warnings = parse_entity_rules(
        {"ignore": 3, "merge": [["only one"]], "bogus": 1}, "c.yaml"
    )
    assert rules == EntityRules()
    assert len(warnings) == 3 and all(w.startswith("c.yaml: ") for w in warnings)
    assert parse_entity_rules("nonsense", "c.yaml")[1]


def test_bbc_style_attribution() -> None:
    ex = _run(
        "Chancellor Gordon Ashby will unveil the plan on Monday.",
        '"We have doubled the length of maternity pay," said Mr Ashby. "We will go further," '
        "he added.",
        'Ms Carla Benton, the shadow minister, said: "These plans were announced before."',
        '"The figures do not add up," a Treasury spokesman said.',
    )
    assert _quote(ex, "We have doubled")[2] == "Gordon Ashby"
    assert _quote(ex, "We will go")[2] == "Gordon Ashby"
    assert _quote(ex, "These plans")[2] == "Carla Benton"
    _, _, speaker, desc = _quote(ex, "The figures")
    assert speaker is None and desc == "a Treasury spokesman"


def test_single_quotes_only_without_double_quotes() -> None:
    ex = _run("Talks enter ‘last-mile’ stage as leaders’ summit nears", title=None)
    assert [q.text for q in ex.quotes] == ["last-mile"]
    assert ex.quotes[0].kind == "scare"
    ex2 = _run("The “final” offer isn’t ‘real’, officials said.")
    assert [q.text for q in ex2.quotes] == ["final"]


def test_out_of_scope_blocks_are_ignored() -> None:
    text = "Photo: Tony Blair in Paris\nGordon Brown spoke in Berlin."
    blocks = [Block(LineKind.CAPTION, 0, 26, 1), Block(LineKind.BODY, 27, len(text), 2)]
    ex = extract(text, blocks)
    assert {e.name for e in ex.entities} == {"Gordon Brown", "Berlin"}
    for e in ex.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text


def test_long_run_on_paragraph_keeps_every_quote_and_speaker() -> None:
    # One paragraph of many sentences: sentence starts are looked up, not re-scanned.
    unit = "“Prices will rise this year,” said Mr Kim. Markets fell on Monday. "
    ex = _run(unit * 400)
    assert len(ex.quotes) == 400
    speakers = {q.speaker for q in ex.quotes}
    assert len(speakers) == 1 and "Kim" in (speakers.pop() or "")


def test_extraction_over_budget_raises() -> None:
    text = "Prices rose, said Mr Kim."
    with pytest.raises(OverBudget):
        extract(text, [Block(LineKind.BODY, 0, len(text), 1)], budget=Budget(-1.0))


def test_over_budget_file_is_indexed_without_entities_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Title\n\n“Prices will rise,” said Mr Kim in Seoul.\n", encoding="utf-8")
    article_file = discover((str(tmp_path),))[0][0]
    monkeypatch.setattr(build, "EXTRACT_SECONDS", -1.0)
    result = build.process_file((article_file, 1 << 20, EntityRules()))
    assert isinstance(result, Article)
    assert result.entities == () and result.quotes == ()
    assert any("indexed without entities and quotes" in w for w in result.warnings)


def test_speaker_after_said_and_a_company_title() -> None:
    ex = _run(
        "Shares rose at Zentrova on Monday. “We now have freedom to design our own future,” "
        "said Zentrova chief executive Talvio Brunek. Zentrova's rivals fell."
    )
    assert _quote(ex, "We now")[2] == "Talvio Brunek"
    assert "Zentrova" in _names(ex, "ORG")
    assert "Talvio Brunek" in _names(ex, "PERSON")


def test_title_before_the_name_and_verb_after_it() -> None:
    ex = _run(
        "“I think sales would have been higher in a better economy,” Chief Financial Officer "
        "Peter Quorran told reporters."
    )
    assert _quote(ex, "I think")[2] == "Peter Quorran"
    assert _names(ex, "PERSON") == ["Peter Quorran"]


def test_organisation_nouns_and_repeated_acronyms() -> None:
    ex = _run(
        "The award went to metal group Vorbax and to the carmaker Ostreli. "
        "The ZKP won the vote, and the ZKP will govern."
    )
    assert {"Vorbax", "Ostreli", "ZKP"} <= set(_names(ex, "ORG"))


def test_initials_before_a_name_with_a_title() -> None:
    ex = _run("The chairman K Ravesh Naidu and MLA Ch Suren Babu attended. Naidu said it was good.")
    assert {"K Ravesh Naidu", "Ch Suren Babu"} <= set(_names(ex, "PERSON"))


def test_unknown_names_in_a_list_with_a_person_are_people() -> None:
    ex = _run("Awards went to Norah Jones, Zadie Quell and Tovin Marsk on Sunday.")
    assert {"Norah Jones", "Zadie Quell", "Tovin Marsk"} <= set(_names(ex, "PERSON"))


def test_mr_and_mrs_with_one_surname_are_two_people() -> None:
    ex = _run(
        "Sandra Havel spoke first. Mrs Havel said the plan was good.",
        "Later Mr Havel answered questions from reporters.",
    )
    people = [e for e in ex.entities if e.type == "PERSON"]
    sandra = next(e for e in people if e.name == "Sandra Havel")
    assert "Mr Havel" not in sandra.aliases
    assert any("Mr Havel" in e.aliases for e in people if e is not sandra)


def test_the_full_name_goes_with_its_own_title_whichever_comes_first() -> None:
    """A headline "Mrs Havel" before "Michael Havel" and "Mr Havel": Mrs Havel is his wife,
    not him, and Mr Havel is him (the given name tells, not the order)."""
    ex = _run(
        "Mrs Havel gets key campaign role",
        "Michael Havel's wife, Sandra, will tour the seats. Mrs Havel said she was ready.",
        "Mr Havel will host a news conference every morning.",
    )
    people = {e.name: e for e in ex.entities if e.type == "PERSON"}
    assert "Mr Havel" in people["Michael Havel"].aliases
    assert "Mrs Havel" not in people["Michael Havel"].aliases
    assert any("Mrs Havel" in e.aliases for e in people.values() if e.name != "Michael Havel")


def test_crore_lakh_cents_and_euro_amounts() -> None:
    ex = _run("It cost Rs 18,000 crore, Rs 2.50 lakh each, 95 cents a share and a 2bn euro fee.")
    money = {m.text for e in ex.entities if e.type == "MONEY" for m in e.mentions}
    assert {"Rs 18,000 crore", "Rs 2.50 lakh", "95 cents", "2bn euro"} <= money


def test_quote_starting_mid_sentence_and_running_on_is_full() -> None:
    ex = _run(
        "If the vote went the other way, Mr Marlow said, 'we would have a crisis on our hands. "
        "This is folly and it should be dropped now'."
    )
    assert _quote(ex, "we would have")[1] == "full"


def test_clubs_named_after_cities_in_a_sports_story() -> None:
    ex = _run(
        "Manchester City boss Kevin Keegan praised his striker after the league match. "
        "City scored twice in the second half of the season's best game at Leeds, "
        "and the goal came late."
    )
    assert "Manchester City" in _names(ex, "ORG")
    assert "Manchester City" not in _names(ex, "PLACE")
    city = next(e for e in ex.entities if e.name == "Manchester City")
    assert "City" in city.aliases


def test_capitals_sub_head_names_the_speaker_of_the_quotes_under_it() -> None:
    text = (
        "Voices from the queue\n\nPeople waited for hours on Monday.\n\nMARTIN QUELLBY, 45\n\n"
        "“I have been here since six in the morning and I will stay,” he explained.\n\n"
        "“We need the tickets for the whole family this year.”"
    )
    lines = {"title": [1], "body": [3, 7, 9], "subhead": [5]}
    ex = extract(text, gold_blocks(text, lines))
    assert "Martin Quellby" in _names(ex, "PERSON")
    assert _quote(ex, "We need")[2] == "Martin Quellby"


def test_name_particles_stay_in_the_name() -> None:
    ex = _run(
        "President Bashar al-Ruwad said talks would go on. Ahmed el-Marouf agreed. "
        "Ursula von der Kessel spoke later. Von der Kessel smiled."
    )
    people = {e.name: e.aliases for e in ex.entities if e.type == "PERSON"}
    assert {"Bashar al-Ruwad", "Ahmed el-Marouf", "Ursula von der Kessel"} <= set(people)
    assert "Von der Kessel" in people["Ursula von der Kessel"]


def test_spaced_initials_and_a_state_before_its_chief_minister() -> None:
    ex = _run(
        "Vandora Pradesh Chief Minister Y S Jagan Mohan Rellur said on Monday that the plan "
        "was good. Party chief N. Chandra Naidu disagreed. Naidu said it was bad."
    )
    assert {"Y S Jagan Mohan Rellur", "N. Chandra Naidu"} <= set(_names(ex, "PERSON"))
    assert "Vandora Pradesh" in _names(ex, "PLACE")


def test_legal_suffix_joins_the_company_and_shillings_are_money() -> None:
    ex = _run(
        "Shares in Quarnet AG fell. Quarnet chief executive Lina Marsh said demand was weak. "
        "Quarnet will spend Sh2 billion in Ruiru and Jujara."
    )
    assert _names(ex, "ORG") == ["Quarnet AG"] or _names(ex, "ORG") == ["Quarnet"]
    money = {m.text for e in ex.entities if e.type == "MONEY" for m in e.mentions}
    assert "Sh2 billion" in money
    assert {"Ruiru", "Jujara"} <= set(_names(ex, "PLACE"))


def test_dateline_places_are_places() -> None:
    ex = _run("VARANGAL/KOTHAPURAM-NAGAR: The minister opened forty houses on Sunday, he said.")
    assert {"Varangal", "Kothapuram-Nagar"} <= set(_names(ex, "PLACE"))


def test_an_acronym_is_not_joined_to_any_name_whose_initials_fit() -> None:
    ex = _run(
        "The US economy grew, and the song topped the UK Singles chart. Universal Studio "
        "executives and the Under Secretary met on Monday.",
        "The BBC reported that the Board of Deputies of British Jews and the Commission met.",
    )
    aliases = {e.name: set(e.aliases) for e in ex.entities}
    assert aliases["United States"] <= {"US", "United States"}
    assert aliases["BBC"] == {"BBC"}


def test_an_acronym_defined_beside_its_name_is_joined() -> None:
    ex = _run(
        "The National Farmers Union (NFU) said prices fell. The NFU wants help.",
        "The Aid Trust (AT) opened. AT staff arrived on Monday.",
    )
    groups = [set(e.aliases) for e in ex.entities]
    assert any({"NFU", "National Farmers Union"} <= g for g in groups)
    assert any({"AT", "Aid Trust"} <= g for g in groups)
    ex = _run("The Football Association took no action. The FA said the matter was closed.")
    assert any({"FA", "Football Association"} <= set(e.aliases) for e in ex.entities)


def test_a_possessive_ending_a_sentence_is_not_part_of_the_name() -> None:
    ex = _run(
        "Mr Hallam is suing for access to the boy. She denies the child is Mr Hallam's. "
        "David Hallam has not commented."
    )
    people = {e.name: set(e.aliases) for e in ex.entities if e.type == "PERSON"}
    assert set(people) == {"David Hallam"}
    assert people["David Hallam"] == {"David Hallam", "Mr Hallam"}


def test_a_place_before_a_courtesy_title_is_not_part_of_the_name() -> None:
    ex = _run(
        "Charles Kenning spoke in the north.",
        "Speaking in Harrogate Mr Kenning said the party was ready.",
    )
    people = {e.name: set(e.aliases) for e in ex.entities if e.type == "PERSON"}
    assert people == {"Charles Kenning": {"Charles Kenning", "Mr Kenning"}}


def test_a_middle_initial_without_its_period_stays_in_the_name() -> None:
    ex = _run("Visitors could not reach the site of President Hollis W Brandt on Monday.")
    assert _names(ex, "PERSON") == ["Hollis W Brandt"]
    ex = _run("The actor Michael J Fox said he was pleased.")
    assert _names(ex, "PERSON") == ["Michael J Fox"]


def test_a_quote_introduced_by_a_named_body_is_not_the_last_person_s() -> None:
    ex = _run(
        "The league took no action against Rovers manager Tom Ashdale.",
        "Ashdale was sent to the stands on Sunday. But the FA confirmed: "
        '"There will be no further action taken in this matter at all." '
        "Ashdale claimed his gesture was aimed at the press box.",
    )
    assert _quote(ex, "There will be no further")[2:] == (None, "the FA")


def test_a_spokesman_speaks_for_a_person_without_being_him() -> None:
    ex = _run(
        "Prime Minister Harold Pembury met his chancellor, Gus Tolland, on Monday.",
        "Mr Pembury's spokesman said: \u201cThe prime minister is determined to get on "
        "with the business of government.\u201d",
    )
    assert _quote(ex, "The prime minister is")[2:] == (None, "Mr Pembury's spokesman")


def test_he_after_a_quote_is_the_person_named_after_it() -> None:
    ex = _run(
        "Party president Simone Hale said: \u201cThe party has lost people's confidence in "
        "a way it never did before.\u201d Mr Dorran told reporters that the party wanted new "
        "policies.",
        "Pressed on benefits, he said: \u201cNo-one is talking about driving people into "
        "work against their will today.\u201d",
    )
    people = {e.name for e in ex.entities if e.type == "PERSON"}
    assert "Simone Hale" in people
    assert _quote(ex, "The party has lost")[2] == "Simone Hale"
    assert _quote(ex, "No-one is talking")[2] in {"Dorran", "Mr Dorran"}
