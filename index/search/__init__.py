"""The search engine: schema, segment codec, query language, completion, evaluation, snippets. The only package that imports Whoosh."""
