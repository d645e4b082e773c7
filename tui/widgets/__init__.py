"""Dateline's widgets: one per module, each gets state from its screen and posts messages up."""
