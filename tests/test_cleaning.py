"""Line classes and metadata of the seeds against the hand-labelled gold."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from index.articles.cleaning import clean_text
from index.articles.loader import decode_article, load_text
from index.models import LineKind
from tests.conftest import GOLD, SEEDS

GOLD_DATA: dict[str, Any] = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
ARTICLES = sorted(GOLD_DATA["articles"])


def _classes(article_id: str) -> tuple[dict[int, str], dict[int, str]]:
    gold = GOLD_DATA["articles"][article_id]
    want = {n: kind for kind, numbers in gold["lines"].items() for n in numbers}
    clean = clean_text(load_text(str(SEEDS / f"{article_id}.txt")).text)
    got = {block.line: block.kind.value for block in clean.blocks}
    return want, got


def test_at_least_95_percent_of_seed_lines_are_classed_right() -> None:
    right = total = 0
    for article_id in ARTICLES:
        want, got = _classes(article_id)
        for line in set(want) | set(got):
            total += 1
            right += want.get(line) == got.get(line)
    assert total > 100
    assert right / total >= 0.95


@pytest.mark.parametrize("article_id", ARTICLES)
@pytest.mark.parametrize("field", ["title", "date", "source", "authors", "editor", "dateline"])
def test_every_metadata_field_matches_the_gold(article_id: str, field: str) -> None:
    meta = clean_text(load_text(str(SEEDS / f"{article_id}.txt")).text).meta
    value = getattr(meta, field)
    expected = GOLD_DATA["articles"][article_id]["meta"][field]
    assert (list(value) if field == "authors" else value) == expected


def test_bbc_style_first_line_is_the_title() -> None:
    raw = "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant jumped 76%.\n"
    clean = clean_text(raw, first_line_is_title=True)
    assert clean.meta.title == "Ad sales boost Time Warner profit"
    assert [b.kind for b in clean.blocks] == [LineKind.TITLE, LineKind.BODY]


def test_captions_and_boilerplate_are_not_body() -> None:
    raw = (
        "Talks resume\n\nMinister Kim (right) meets officials in Seoul on Oct. 1, 2025\n\n"
        "Talks resumed on Monday, officials said.\n\nMost Commented\n- Other story\n- Another one\n"
    )
    kinds = {b.kind for b in clean_text(raw).blocks}
    assert LineKind.CAPTION in kinds and LineKind.BOILERPLATE in kinds


@pytest.mark.parametrize(
    ("data", "expected", "warned"),
    [
        ("café".encode("cp1252"), "café", True),
        (b"\xef\xbb\xbfcaf\xc3\xa9", "café", False),
        ("café".encode("utf-16"), "café", False),
        ("cafe\u0301".encode(), "café", False),
        (b"one\r\ntwo\rthree", "one\ntwo\nthree", False),
    ],
)
def test_decoding_handles_legacy_encodings_boms_and_forms(
    data: bytes, expected: str, warned: bool
) -> None:
    loaded = decode_article(data)
    assert loaded.text == expected
    assert bool(loaded.warnings) is warned


def test_control_characters_are_neutralised_but_offsets_kept() -> None:
    raw = "Title\n\nBody \x1b]52;c;aGk=\x07 and \x9b2J and \u202e here.\n"
    clean = clean_text(raw)
    assert "\x1b" not in clean.text and "\x9b" not in clean.text and "\u202e" not in clean.text
    assert len(clean.text) == len(raw)


def test_page_furniture_is_not_the_title_and_names_the_source() -> None:
    raw = (
        "Stay up to date with notifications from The Daily Example\n\n"
        "Notifications can be managed in browser preferences.\n\n"
        "Council approves new harbour plan after long debate\n\n"
        "Jane Doe,Political Correspondent\n"
        "Tuesday 11 October 1994 21:05 BST\n"
        "Comments\n\n"
        "The council last night approved the plan, officials said.\n"
    )
    meta = clean_text(raw).meta
    assert meta.title == "Council approves new harbour plan after long debate"
    assert meta.date == "1994-10-11"
    assert meta.source == "The Daily Example"
    assert list(meta.authors) == ["Jane Doe"]


def test_published_line_service_byline_and_colon_dateline() -> None:
    raw = (
        "Minister opens new houses\n\n"
        "Published: 07th April 2021 08:15 AM\n\n"
        "By Example News Service\n\n"
        "PUNE/NASHIK: The minister on Sunday opened forty houses, officials said.\n"
    )
    meta = clean_text(raw).meta
    assert meta.date == "2021-04-07"
    assert meta.source == "Example News Service"
    assert list(meta.authors) == []
    assert meta.dateline == "PUNE/NASHIK"


def test_wire_dateline_with_year_gives_date_and_source() -> None:
    raw = "ROME, Sept. 29, 2024 (EXAMPLE WIRE) -- The company renewed its deal, it said.\n"
    meta = clean_text(raw).meta
    assert (meta.dateline, meta.date, meta.source) == ("ROME", "2024-09-29", "EXAMPLE WIRE")


def test_scraped_date_prefix_is_metadata_not_story_text() -> None:
    raw = " date 2024-05-01 Officials met in Seoul on Tuesday to discuss the plan.\n"
    clean = clean_text(raw)
    assert clean.meta.date == "2024-05-01"
    first = clean.blocks[0]
    assert clean.text[first.start : first.end].startswith("Officials met")
