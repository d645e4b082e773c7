"""Article intake: find article files, read them safely, clean them into classed lines and metadata."""
