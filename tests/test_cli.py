"""The `dateline` command's JSON output and exit codes, run as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO


def dateline(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, env=env, cwd=REPO
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def search(config: Path, query: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        dateline("search", query, "--json", "--config", str(config)).stdout
    )
    return data


def hit_ids(data: dict[str, Any]) -> list[str]:
    return sorted(hit["id"][:3] for hit in data["hits"])


def test_search_json_has_every_documented_field(seed_index: Path) -> None:
    data = search(seed_index, "Lutnick")
    assert {"query", "parsed", "total", "took_ms", "suggestion", "hits"} <= set(data)
    assert hit_ids(data) == ["000", "001", "003", "004"]
    hit = data["hits"][0]
    assert {"id", "path", "title", "date", "source", "score", "snippet"} <= set(hit)
    assert "lutnick" in hit["snippet"].lower()


def test_done_when_queries(seed_index: Path) -> None:
    assert hit_ids(search(seed_index, "title:snag")) == ["002"]
    assert hit_ids(search(seed_index, "Lutnik~")) == ["000", "001", "003", "004"]
    assert search(seed_index, "Lutnik")["suggestion"] == "lutnick"
    for bad in ("((((", '"unbalanced'):
        data = search(seed_index, bad)
        assert data["message"]


def test_index_json_reports_one_article_after_touching_a_seed(seed_copy: Path) -> None:
    first = json.loads(dateline("index", "--json", "--config", str(seed_copy)).stdout)
    assert first["articles"] == 5 and first["skipped"] == []
    assert {"seconds", "articles_per_second", "skipped"} <= set(first)
    seed = next((seed_copy.parent / "articles").glob("001_*.txt"))
    time.sleep(0.01)
    seed.touch()
    second = json.loads(dateline("index", "--json", "--config", str(seed_copy)).stdout)
    assert second["reindexed"] == 1


def test_bad_input_exits_2_with_one_sentence(tmp_path: Path) -> None:
    result = dateline("search", "x", "--config", str(tmp_path / "missing.yaml"), check=False)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "missing.yaml" in result.stderr
    result = dateline("extract", str(tmp_path / "nope.txt"), check=False)
    assert result.returncode == 2 and "no such file" in result.stderr


def test_search_without_an_index_says_so(seed_copy: Path) -> None:
    result = dateline("search", "x", "--config", str(seed_copy), check=False)
    assert result.returncode == 2 and "dateline index" in result.stderr


def test_extract_json_shape(tmp_path: Path) -> None:
    seed = next((REPO / "seeds").glob("002_*.txt"))
    data = json.loads(dateline("extract", str(seed), "--json").stdout)
    assert data["meta"]["title"].startswith("Trade Talks Hit Snag")
    assert {"lines", "entities", "quotes", "text"} <= set(data)
    for quote in data["quotes"]:
        assert data["text"][quote["start"] : quote["end"]].strip("\"“”‘’' ") != ""


def test_bookmarks_round_trip_through_the_cli(seed_index: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    text = seed_index.read_text().replace(
        str(seed_index.parent / "bookmarks.sqlite3"), str(tmp_path / "b.sqlite3")
    )
    config.write_text(text)
    quote = "We will not negotiate with an artificial deadline."
    article = next((REPO / "seeds").glob("002_*.txt")).name
    added = json.loads(
        dateline(
            "bookmarks",
            "add",
            article,
            quote,
            "--note",
            "stance",
            "--json",
            "--config",
            str(config),
        ).stdout
    )
    assert added["quote"] == quote and added["note"] == "stance"
    listed = json.loads(dateline("bookmarks", "list", "--json", "--config", str(config)).stdout)
    assert [b["quote"] for b in listed] == [quote]
    markdown = dateline(
        "bookmarks", "export", "--format", "markdown", "--config", str(config)
    ).stdout
    assert quote in markdown and "stance" in markdown
    exported = tmp_path / "out.json"
    dateline(
        "bookmarks", "export", "--format", "json", "-o", str(exported), "--config", str(config)
    )
    dateline("bookmarks", "remove", str(added["id"]), "--config", str(config))
    assert json.loads(dateline("bookmarks", "list", "--json", "--config", str(config)).stdout) == []
    dateline("bookmarks", "import", str(exported), "--config", str(config))
    assert (
        len(json.loads(dateline("bookmarks", "list", "--json", "--config", str(config)).stdout))
        == 1
    )


def test_research_commands(seed_index: Path) -> None:
    config = str(seed_index)
    seed = next((seed_index.parent / "articles").glob("001_*.txt"))
    related = json.loads(dateline("related", str(seed), "--json", "--config", config).stdout)
    assert related["related"][0]["id"].startswith("003")
    assert related["related"][0]["passages"]
    concordance = json.loads(
        dateline("concordance", "Koo Yoon-cheol", "--json", "--config", config).stdout
    )
    assert concordance["entity"]["name"] in ("Koo Yun-cheol", "Koo Yoon-cheol")
    assert {line["article_id"][:3] for line in concordance["lines"]} == {"000", "001", "003"}
    assert concordance["cooccurring"]
    quotes = json.loads(
        dateline("quotes", "--speaker", "Kim Yong-beom", "--json", "--config", config).stdout
    )
    assert {q["article_id"][:3] for q in quotes} == {"000", "001", "003", "004"}
    grouped = json.loads(
        dateline(
            "quotes", "--speaker", "Kim Yong-beom", "--grouped", "--json", "--config", config
        ).stdout
    )
    sufficient = [g for g in grouped if any("sufficient" in q["text"] for q in g)]
    assert len(sufficient) == 1 and len(sufficient[0]) == 2


def test_entities_lists_the_finance_minister_once(seed_index: Path) -> None:
    table = json.loads(
        dateline("entities", "--type", "PERSON", "--json", "--config", str(seed_index)).stdout
    )
    koo = [e for e in table if e["name"].startswith("Koo")]
    assert len(koo) == 1 and koo[0]["articles"] == 3
    assert {"Koo Yoon-cheol", "Koo Yun-cheol"} <= set(koo[0]["aliases"])
    for query, expected in (
        ('person:"Koo Yoon-cheol"', ["000", "001", "003"]),
        ('said:"Kim Yong-beom"', ["000", "001", "003", "004"]),
    ):
        assert hit_ids(search(seed_index, query)) == expected


def test_config_before_the_subcommand_is_used(seed_copy: Path) -> None:
    before = dateline("--config", str(seed_copy), "index", "--json").stdout
    after = dateline("index", "--config", str(seed_copy), "--json").stdout
    assert json.loads(before)["added"] == 5
    assert json.loads(after)["unchanged"] == 5


def _store_config(tmp_path: Path) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"articles: {str(tmp_path / 'articles')!r}\nindex_dir: {str(tmp_path / 'ix')!r}\n"
        f"bookmarks: {str(tmp_path / 'b.sqlite3')!r}\nwatch: false\n"
    )
    return config


def test_undecodable_argument_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    config = str(_store_config(tmp_path))
    assert main(["bookmarks", "list", "--query", "x\udcff", "--config", config]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not valid UTF-8" in err and "\udcff" not in err
    assert not (tmp_path / "b.sqlite3").exists()


def test_export_refuses_to_overwrite_and_counts_right(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from index import BookmarkStore, NewBookmark
    from tui.cli import main

    config = str(_store_config(tmp_path))
    store = BookmarkStore(tmp_path / "b.sqlite3")
    store.add(NewBookmark("a.txt", "p", "T", None, "quote", 0, 5))
    store.close()
    target = tmp_path / "out.md"
    assert main(["bookmarks", "export", "-o", str(target), "--config", config]) == 0
    assert capsys.readouterr().err == f"Exported 1 bookmark to {target}.\n"
    target.write_text("mine\n")
    assert main(["bookmarks", "export", "-o", str(target), "--config", config]) == 2
    assert "already exists" in capsys.readouterr().err and target.read_text() == "mine\n"
    assert main(["bookmarks", "export", "-o", str(target), "--force", "--config", config]) == 0
    assert "> quote" in target.read_text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []
