"""Views across the whole library: passages shared between articles."""
