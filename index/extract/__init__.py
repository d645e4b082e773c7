"""Extraction from one article: named entities, quotes and speakers, name keys, the user's corrections."""
