"""Rows 1-5 and 7-13: hostile article files, file names and folders, checked headless.

Every file is untrusted: empty, binary, legacy-encoded, huge, full of terminal escapes,
bidi controls or odd Unicode forms, strangely named, a FIFO, a link out of the folder, or
gone by the time it is opened. Indexing finishes, bad files are skipped with a reason,
and what reaches a client carries no control character from the file.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from index import Library, NewBookmark, SearchRequest, load_config
from index.articles.cleaning import clean_text
from index.articles.loader import decode_article
from tests.reliability.conftest import REPO, Corpus, child_env, run_cli

CONTROL_CHARS = {chr(c) for c in range(0x20) if c not in (9, 10)} | {
    chr(c) for c in range(0x7F, 0xA0)
}
BIDI = {
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
}


def _ids(library: Library, query: str) -> set[str]:
    return {hit.id for hit in library.search(SearchRequest(query, limit=100)).hits}


@pytest.mark.row(1)
def test_empty_and_whitespace_files_are_indexed_as_empty_articles(small_corpus: Corpus) -> None:
    (small_corpus.articles / "empty.txt").write_bytes(b"")
    (small_corpus.articles / "blank.txt").write_text("  \n\n\t \n   ", encoding="utf-8")
    library = small_corpus.library(build_first=True)
    assert library.status().articles == 22
    for name in ("empty.txt", "blank.txt"):
        article = library.article(name)
        assert article is not None
        assert article.text.strip() == ""
        assert article.title  # something to list it by (falls back to the file name)
    assert library.search(SearchRequest("story3")).total >= 1


@pytest.mark.row(2)
def test_binary_file_named_txt_is_skipped_with_a_reason(small_corpus: Corpus) -> None:
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 8
    (small_corpus.articles / "picture.txt").write_bytes(png)
    library = small_corpus.library()
    report = library.rebuild(full=True)
    assert report.error is None, report.error
    assert report.articles == 20
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert "binary" in reasons["picture.txt"]
    result = run_cli("index", "--json", "--config", str(small_corpus.config_path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert any(
        s["path"].endswith("picture.txt") and "binary" in s["reason"] for s in data["skipped"]
    )


@pytest.mark.row(3)
def test_legacy_encodings_and_boms_decode_and_are_searchable(small_corpus: Corpus) -> None:
    text = "Café society\n\nThe café opened on the harbour. Everyone loved the café.\n"
    (small_corpus.articles / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (small_corpus.articles / "bom8.txt").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    (small_corpus.articles / "bom16.txt").write_bytes(text.encode("utf-16"))
    library = small_corpus.library(build_first=True)
    assert {"cp1252.txt", "bom8.txt", "bom16.txt"} <= _ids(library, "café")
    for name in ("cp1252.txt", "bom8.txt", "bom16.txt"):
        article = library.article(name)
        assert article is not None
        assert "\ufeff" not in article.text and "\ufeff" not in article.title
        assert article.title.startswith("Café")
    cp = library.article("cp1252.txt")
    assert cp is not None and any("1252" in w for w in cp.warnings)


_RSS_PROBE = """
import json, resource, sys
from index import Library, load_config
report = Library(load_config(sys.argv[1])).rebuild(full=True)
print(json.dumps({"error": report.error, "articles": report.articles,
                  "rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


@pytest.mark.slow
@pytest.mark.row(4)
def test_50_mb_file_is_capped_and_the_child_stays_small(small_corpus: Corpus) -> None:
    big = small_corpus.articles / "huge.txt"
    line = ("The minister spoke about the harbour budget and the river. " * 20 + "\n\n").encode()
    with open(big, "wb") as handle:
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(line * 64)
    result = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, str(small_corpus.config_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=child_env(),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["error"] is None and data["articles"] == 21
    assert data["rss_kb"] < 500 * 1024, f"rebuild child peaked at {data['rss_kb'] // 1024} MB"
    library = small_corpus.library()
    library.open()
    article = library.article("huge.txt")
    assert article is not None
    assert len(article.text) <= 5 * 1024 * 1024
    assert any("larger than" in w for w in article.warnings)


@pytest.mark.row(5)
@pytest.mark.parametrize(
    "text",
    [
        "word " * 400_000,  # 2 MB single paragraph
        "".join(f"line {i} of the wall of text\n" for i in range(10_000)),
        "x" * 1_000_000,  # one 1 MB line with no spaces
    ],
    ids=["2mb-paragraph", "10k-lines", "1mb-no-spaces"],
)
def test_long_texts_decode_and_clean(text: str) -> None:
    # Their speed is measured in bench/reliability_timings.py, not asserted here.
    loaded = decode_article(text.encode("utf-8"))
    clean = clean_text(loaded.text)
    assert clean.text.strip()
    assert len(clean.text) >= len(text.strip()) // 2


def _payload_text() -> str:
    return (
        "Escapes \x1b]52;c;ZXZpbA==\x07 title \x1b]0;owned\x07\n\n"
        "OSC8 \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ and clear \x1b[2J "
        "DCS \x1bP1$qm\x1b\\ C1 \x9b31m NUL \x00 BEL \x07 BS \x08 CR\rhere. story7 ends.\n"
    )


@pytest.mark.row(7)
def test_terminal_escapes_never_reach_a_client(small_corpus: Corpus) -> None:
    (small_corpus.articles / "escapes.txt").write_bytes(
        _payload_text().replace("\x00", "").encode("utf-8")
    )
    (small_corpus.articles / "nul-late.txt").write_bytes(
        b"Late NUL\n\n" + b"a" * 9000 + b"\x00 after the probe \x1b[31m red\n"
    )
    (small_corpus.articles / "name\x1b[2Jclear.txt").write_text("Named badly\n\nstory7 too.\n")
    library = small_corpus.library(build_first=True)
    seen = 0
    for hit in library.search(SearchRequest("", limit=100)).hits:
        article = library.article(hit.id)
        assert article is not None
        # id and path locate the file and keep its name; clients show them through
        # sanitize_for_terminal (checked below through the CLI's output).
        for text in (article.text, article.title, hit.title):
            assert not (set(text) & (CONTROL_CHARS | BIDI)), repr(text)
        seen += 1
    assert seen >= 22
    escapes = library.article("escapes.txt")
    assert escapes is not None and "␛" in escapes.text
    result = run_cli("search", "story7", "--config", str(small_corpus.config_path))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
    assert "\x1b" not in result.stderr
    assert "name␛[2Jclear.txt" in result.stdout
    as_json = run_cli("search", "story7", "--json", "--config", str(small_corpus.config_path))
    assert as_json.returncode == 0, as_json.stderr
    assert not (set(as_json.stdout) & (CONTROL_CHARS - {"\n"} | BIDI))
    assert "name\x1b[2Jclear.txt" in {h["id"] for h in json.loads(as_json.stdout)["hits"]}


@pytest.mark.row(8)
def test_bidi_zero_width_and_soft_hyphen(small_corpus: Corpus) -> None:
    (small_corpus.articles / "bidi.txt").write_text(
        "The \u202egnirts\u202c mayor said\n\n"
        '"We will re\u00adbuild the har\u200bbour," said the inter\u00adnational envoy.\n',
        encoding="utf-8",
    )
    library = small_corpus.library(build_first=True)
    article = library.article("bidi.txt")
    assert article is not None
    assert not (set(article.text + article.title) & BIDI)
    assert "⁇" in article.title
    for word in ("harbour", "international", "rebuild"):
        assert "bidi.txt" in _ids(library, word), word


@pytest.mark.row(9)
def test_unicode_forms_match(small_corpus: Corpus) -> None:
    nfd = unicodedata.normalize("NFD", "Renée visits the café\n\nRenée met Zoë at the café.\n")
    (small_corpus.articles / "nfd.txt").write_text(nfd, encoding="utf-8")
    (small_corpus.articles / "wide.txt").write_text(
        "Ｗｉｄｅ ｎｅｗｓ\n\nＴｏｋｙｏ ｍａｒｋｅｔｓ ｒｏｓｅ.\n", encoding="utf-8"
    )
    (small_corpus.articles / "liga.txt").write_text(
        "The ﬁnance oﬃce\n\nThe ﬁnance oﬃce ﬁled.\n", encoding="utf-8"
    )
    library = small_corpus.library(build_first=True)
    assert "nfd.txt" in _ids(library, unicodedata.normalize("NFC", "café"))
    assert "nfd.txt" in _ids(library, unicodedata.normalize("NFD", "Renée"))
    assert "wide.txt" in _ids(library, "tokyo")
    assert "wide.txt" in _ids(library, "ｍａｒｋｅｔｓ")
    assert "liga.txt" in _ids(library, "finance")
    assert "liga.txt" in _ids(library, "office")


@pytest.mark.row(10)
def test_odd_names_links_and_fifos_never_block_indexing(
    small_corpus: Corpus, tmp_path: Path
) -> None:
    articles = small_corpus.articles
    bad_name = os.fsencode(articles) + b"/caf\xe9.txt"
    with open(bad_name, "wb") as handle:
        handle.write(b"Latin name\n\nThe bistro story7 opened.\n")
    (articles / "[red]bracket[!red].txt").write_text("Bracket name\n\nstory7 here.\n")
    (articles / "new\nline.txt").write_text("Newline name\n\nstory7 here.\n")
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret\n\nnever indexed zebra.\n")
    os.symlink(outside, articles / "outside.txt")
    sub = articles / "sub"
    sub.mkdir()
    os.symlink(articles, sub / "loop")
    os.symlink(sub, articles / "loop2")
    os.mkfifo(articles / "pipe.txt")
    library = small_corpus.library()
    report = library.rebuild(full=True)  # a FIFO that blocked would hang here
    assert report.error is None, report.error
    library.open()
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert "pipe.txt" in reasons and "regular" in reasons["pipe.txt"]
    assert "outside.txt" in reasons and "outside" in reasons["outside.txt"]
    assert not _ids(library, "zebra")
    ids = _ids(library, "story7")
    assert "caf\ufffd.txt" in ids
    assert "[red]bracket[!red].txt" in ids
    assert "new\nline.txt" in ids
    result = run_cli("search", "story7", "--json", "--config", str(small_corpus.config_path))
    assert result.returncode == 0, result.stderr
    paths = {hit["id"] for hit in json.loads(result.stdout)["hits"]}
    assert "caf\ufffd.txt" in paths
    text = run_cli("search", "story7", "--config", str(small_corpus.config_path))
    assert text.returncode == 0 and "Traceback" not in text.stderr


@pytest.mark.row(10)
def test_unreadable_file_is_skipped_with_permission_reason(small_corpus: Corpus) -> None:
    if os.geteuid() == 0:
        pytest.skip("mode 000 file: root reads any file; run as a normal user to check")
    locked = small_corpus.articles / "locked.txt"
    locked.write_text("Locked\n\nunreadable words.\n")
    os.chmod(locked, 0)
    try:
        report = small_corpus.library().rebuild(full=True)
        assert report.error is None, report.error
        reasons = {Path(s.path).name: s.reason for s in report.skipped}
        assert "permission" in reasons.get("locked.txt", "")
        assert report.articles == 20
    finally:
        os.chmod(locked, 0o600)


def _bookmark_for(library: Library, article_id: str, quote: str) -> NewBookmark:
    article = library.article(article_id)
    assert article is not None
    start = article.text.index(quote)
    return NewBookmark(
        article_id=article.id,
        path=article.path,
        title=article.title,
        date=article.meta.date,
        quote=quote,
        start=start,
        end=start + len(quote),
    )


@pytest.mark.row(11)
@pytest.mark.parametrize("how", ["deleted", "replaced-by-directory"])
def test_file_gone_after_indexing(small_corpus: Corpus, how: str) -> None:
    library = small_corpus.library(build_first=True)
    bookmark = library.bookmarks.add(_bookmark_for(library, "a0003.txt", "story3"))
    path = small_corpus.articles / "a0003.txt"
    path.unlink()
    if how == "replaced-by-directory":
        path.mkdir()
    article = library.article("a0003.txt")
    assert article is not None
    assert library.file_state(article) == "gone"
    assert [b.id for b in library.bookmarks.list()] == [bookmark.id]
    report = library.rebuild()
    assert report.error is None, report.error
    assert library.article("a0003.txt") is None
    kept = library.bookmarks.get(bookmark.id)
    assert kept is not None and kept.quote == "story3" and kept.status == "orphaned"


@pytest.mark.row(12)
def test_file_modified_after_indexing(small_corpus: Corpus) -> None:
    library = small_corpus.library(build_first=True)
    original = library.article("a0004.txt")
    assert original is not None
    quote = original.text.split("\n\n", 1)[1][:40]
    bookmark = library.bookmarks.add(_bookmark_for(library, "a0004.txt", quote))
    path = small_corpus.articles / "a0004.txt"
    path.write_text("An editor's note was added.\n\n" + original.text, encoding="utf-8")
    os.utime(path, (time.time() + 5, time.time() + 5))
    assert library.file_state(original) == "changed"
    assert library.rebuild().error is None
    moved = library.bookmarks.get(bookmark.id)
    assert moved is not None and moved.status == "moved" and moved.start > bookmark.start
    path.write_text("Rewritten entirely\n\nNothing of the old text is left.\n", encoding="utf-8")
    os.utime(path, (time.time() + 10, time.time() + 10))
    assert library.rebuild().error is None
    orphan = library.bookmarks.get(bookmark.id)
    assert orphan is not None and orphan.status == "orphaned" and orphan.quote == quote


@pytest.mark.row(13)
def test_missing_articles_folder_keeps_the_index_serving(small_corpus: Corpus) -> None:
    library = small_corpus.library(build_first=True)
    library.close()
    moved = small_corpus.articles.with_name("unmounted")
    small_corpus.articles.rename(moved)
    fresh = Library(small_corpus.config)
    small_corpus.libraries.append(fresh)
    status = fresh.open()
    assert status.ready and status.articles == 20
    assert status.message and str(small_corpus.articles) in status.message
    assert fresh.search(SearchRequest("story3")).total >= 1
    report = fresh.rebuild()
    assert report.error is not None and str(small_corpus.articles) in report.error
    assert "\n" not in report.error
    assert fresh.status().articles == 20, "an unmounted folder emptied the index"
    assert fresh.search(SearchRequest("story3")).total >= 1
    result = run_cli("search", "story3", "--json", "--config", str(small_corpus.config_path))
    assert result.returncode == 0 and json.loads(result.stdout)["total"] >= 1
    assert load_config(small_corpus.config_path).articles == (str(small_corpus.articles),)
