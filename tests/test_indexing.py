"""The indexing shortcuts give exactly what Whoosh's own machinery gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.fields import TEXT
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import PostingPool, SegmentWriter

from index.articles.loader import discover
from index.config import load_config
from index.models import Article
from index.search.codec import DatelineCodec
from index.search.schema import INDEX_NAME, FastText, build_schema, exact_analyzer, stemmed_analyzer
from index.search.termpool import TermPool
from index.search.writer import _BulkSegmentWriter, whoosh_document
from index.store.build import process_file

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

AWKWARD = [
    "",
    "   ",
    "the",
    "The the THE of a",
    "A a the quick brown fox; the end.",
    "ﬁnance Ｆｕｌｌ-width u.s. U.S.A. e.g. 3.14 dotted.words.here",
    "soft\u00adhyphen zero\u200bwidth joiner\u200d here",
    "İstanbul STRASSE straße Ǆemal",
    "repeat repeat repeat the repeat running runs ran",
    "“Curly quotes” and ‘single’ ones — dashes – too",
]


@pytest.mark.parametrize("stemmed", [True, False])
@pytest.mark.parametrize("boost", [1.0, 2.0])
def test_fast_text_indexes_like_whoosh_text(stemmed: bool, boost: float) -> None:
    fast = FastText(stemmed=stemmed, field_boost=boost)
    stock = TEXT(analyzer=stemmed_analyzer() if stemmed else exact_analyzer(), field_boost=boost)
    texts = [*AWKWARD, *(path.read_text(encoding="utf-8") for path in sorted(SEEDS.iterdir()))]
    for text in texts:
        assert sorted(fast.index(text)) == sorted(stock.index(text)), text[:60]


def _postings(count: int, values: bool = True) -> list[tuple[str, bytes, int, float, bytes]]:
    """Postings as a fresh segment makes them: document numbers never go down."""
    rng = random.Random(3)
    items = []
    for docnum in range(count // 3):
        terms = {
            (
                rng.choice(["body", "exact", "title"]),
                rng.choice(["alpha", "beta", "gamma", "δέλτα"]).encode()
                + bytes([rng.randrange(50)]),
            )
            for _ in range(3)
        }
        for field, term in sorted(terms):
            value = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 6))) if values else b""
            items.append((field, term, docnum, float(rng.randrange(1, 4)), value))
    return items


@pytest.mark.parametrize("values", [True, False])
def test_term_pool_spills_and_returns_the_stock_order(tmp_path: Path, values: bool) -> None:
    items = _postings(3_000, values)
    stock = PostingPool(FileStorage(str(tmp_path)), None, limitmb=1)
    pool = TermPool(1, tempdir=str(tmp_path))
    pool.limit = 20_000  # bytes: force several spilled runs
    for item in items:
        stock.add(item)
        pool.add(item)
    assert len(pool.runs) > 2, "the pool never spilled"
    assert list(pool.iter_postings()) == list(stock.iter_postings()) == sorted(items)
    pool.cleanup()
    assert not list(tmp_path.glob("*.terms"))


@pytest.mark.parametrize("limit", [None, 4_000])
def test_bulk_segment_is_byte_for_byte_the_stock_one(tmp_path: Path, limit: int | None) -> None:
    """Whole posting lists written at once make the same term and posting files as
    Whoosh's pool and per-posting writer (with and without spilled runs)."""
    rules = load_config(None).entities
    docs = []
    for article_file in discover((str(SEEDS),))[0]:
        article = process_file((article_file, 1 << 20, rules))
        assert isinstance(article, Article)
        docs.append(whoosh_document(article))

    def segment_files(folder: Path, bulk: bool) -> dict[str, bytes]:
        folder.mkdir()
        ix = FileStorage(str(folder)).create_index(build_schema(), indexname=INDEX_NAME)
        if bulk:
            writer = _BulkSegmentWriter(ix, _lk=False, limitmb=1, codec=DatelineCodec())
            if limit is not None:
                writer.pool.limit = limit
        else:
            writer = SegmentWriter(ix, _lk=False, limitmb=1, codec=DatelineCodec())
            writer.fieldwriter.__class__ = W3FieldWriter  # Whoosh's per-posting path
        for doc in docs:
            writer.add_document(**doc)
        if bulk:
            assert bool(writer.pool.runs) == (limit is not None)
        segment = writer._finalize_segment()
        files = segment.open_compound_file(FileStorage(str(folder)))
        found = {}
        for ext in (".trm", ".pst"):
            with files.open_file(segment.make_filename(ext)) as f:
                found[ext] = bytes(f.read())
        return found

    assert segment_files(tmp_path / "bulk", True) == segment_files(tmp_path / "stock", False)


def test_a_folders_readme_is_not_an_article(tmp_path: Path) -> None:
    from index.articles.loader import FOLDER_NOTES_REASON, discover

    (tmp_path / "README.TXT").write_text("About this corpus\n\nIt holds news.\n")
    (tmp_path / "sport").mkdir()
    (tmp_path / "sport" / "license.md").write_text("Licence\n\nUse freely.\n")
    (tmp_path / "readme-the-story.txt").write_text("A story\n\nWith a name like a readme.\n")
    files, skipped = discover((str(tmp_path),))
    assert [f.relpath for f in files] == ["readme-the-story.txt"]
    assert sorted(Path(s.path).name for s in skipped) == ["README.TXT", "license.md"]
    assert all(s.reason == FOLDER_NOTES_REASON for s in skipped)
