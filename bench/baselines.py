"""The two baselines Dateline is judged against, on the same corpus and queries.

tantivy is what a user would otherwise pick; naive Whoosh (StandardAnalyzer, plain prefix
queries, the stock highlighter) is what Dateline would be without its fast paths.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.corpus import read_text
from bench.queries import BenchQuery

LIMIT = 10


def corpus_files(folder: Path) -> Iterator[tuple[str, str, str]]:
    """(id, title, body) for every article under `folder`, in a stable order."""
    for path in sorted(folder.rglob("*.txt")):
        text = read_text(path)
        title, _, body = text.partition("\n")
        yield str(path.relative_to(folder)), title.strip(), body.strip()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


class Tantivy:
    """tantivy with its default (lower-case, unstemmed) tokenizer and stored text."""

    def __init__(self, folder: Path, corpus: Path) -> None:
        import tantivy

        self._t = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", stored=True)
        builder.add_text_field("body", stored=True)
        self.schema = builder.build()
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        started = time.perf_counter()
        index = tantivy.Index(self.schema, path=str(folder))
        writer = index.writer(heap_size=256_000_000, num_threads=os.cpu_count() or 1)
        count = 0
        for doc_id, title, body in corpus_files(corpus):
            writer.add_document(tantivy.Document(id=doc_id, title=title, body=body))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        self.build_seconds = time.perf_counter() - started
        self.count = count
        self.index = index
        self.searcher = index.searcher()

    def _either(self, field_query: Any) -> Any:
        q = self._t.Query
        return q.boolean_query(
            [
                (self._t.Occur.Should, field_query("title")),
                (self._t.Occur.Should, field_query("body")),
            ]
        )

    def query(self, bq: BenchQuery) -> Any:
        """The same search in tantivy's query API (the trailing word as a regex prefix)."""
        q = self._t.Query
        must: list[Any] = []
        schema = self.schema
        for word in bq.words:
            must.append(self._either(lambda f, w=word: q.term_query(schema, f, w)))
        if bq.partial:
            pattern = re.escape(bq.partial) + ".*"
            must.append(self._either(lambda f: q.regex_query(schema, f, pattern)))
        if bq.phrase:
            phrase: list[str | tuple[int, str]] = list(bq.phrase)
            must.append(q.phrase_query(schema, "body", phrase))
        if bq.fuzzy:
            word = bq.fuzzy
            must.append(self._either(lambda f: q.fuzzy_term_query(schema, f, word, 1, True, False)))
        if bq.person:
            name: list[str | tuple[int, str]] = list(_words(bq.person))
            must.append(q.phrase_query(schema, "body", name))
        return q.boolean_query([(self._t.Occur.Must, m) for m in must])

    def search(self, bq: BenchQuery) -> int:
        """Top 10 hits with one highlighted body snippet each; returns the hit count."""
        query = self.query(bq)
        result = self.searcher.search(query, LIMIT)
        generator = self._t.SnippetGenerator.create(self.searcher, query, self.schema, "body")
        for _score, address in result.hits:
            doc = self.searcher.doc(address)
            generator.snippet_from_doc(doc).to_html()
        return len(result.hits)


class NaiveWhoosh:
    """Whoosh as the tutorial shows it: StandardAnalyzer, stored text, stock highlights."""

    def __init__(self, folder: Path, corpus: Path, stamp: str) -> None:
        from whoosh import index as windex
        from whoosh.fields import ID, TEXT, Schema
        from whoosh.qparser import FuzzyTermPlugin, MultifieldParser

        marker = folder / ".complete"
        started = time.perf_counter()
        self.cached = marker.is_file() and marker.read_text(encoding="utf-8") == stamp
        if not self.cached:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            schema = Schema(id=ID(stored=True), title=TEXT(stored=True), body=TEXT(stored=True))
            ix = windex.create_in(str(folder), schema)
            writer = ix.writer(procs=2, multisegment=True, limitmb=128)
            for doc_id, title, body in corpus_files(corpus):
                writer.add_document(id=doc_id, title=title, body=body)
            writer.commit()
            marker.write_text(stamp, encoding="utf-8")
        self.build_seconds = time.perf_counter() - started
        self.ix = windex.open_dir(str(folder))
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "body"], self.ix.schema)
        self.parser.add_plugin(FuzzyTermPlugin())

    @staticmethod
    def text(bq: BenchQuery) -> str:
        """The query string a naive app would build: the trailing word gets a `*`."""
        parts = list(bq.words)
        if bq.person:
            parts.append(f'"{bq.person}"')
        if bq.phrase:
            parts.append('"' + " ".join(bq.phrase) + '"')
        if bq.fuzzy:
            parts.append(bq.fuzzy + "~")
        if bq.partial:
            parts.append(bq.partial + "*")
        return " ".join(parts)

    def search(self, bq: BenchQuery) -> int:
        """Top 10 hits, each with the stock highlighter's fragments of the body."""
        query = self.parser.parse(self.text(bq))
        results = self.searcher.search(query, limit=LIMIT)
        for hit in results:
            hit.highlights("body")
        return len(results)

    def close(self) -> None:
        """Release the searcher's file handles."""
        self.searcher.close()
        self.ix.close()
