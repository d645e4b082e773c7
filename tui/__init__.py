"""Dateline's terminal reader: a Textual client of the headless `index` package."""
