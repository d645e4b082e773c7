"""Modal that edits an article's tags (`t` on the main screen), or names tags to add to
every result of a search.

The box holds the tags, comma-separated; enter saves (tags removed from the box are taken
off the article), escape leaves them as they were. `tag:NAME` then finds the article.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Input

from tui.safe import flat, input_text
from tui.screens.modal_form import ModalForm

HINT = "Comma-separated; enter saves, escape cancels. tag:NAME finds them."
MAX_TAGS = 50
"""More tags than this on one article is a paste gone wrong."""


def parse_tags(text: str) -> list[str]:
    """Comma-separated tags, without repeats or empty ones (stars are kept by `starred`)."""
    seen: dict[str, None] = {}
    for part in text.split(","):
        tag = " ".join(part.split()).lstrip("#").strip().casefold()
        if tag:
            seen.setdefault(tag, None)
    return list(seen)[:MAX_TAGS]


class TagForm(ModalForm[list[str]]):
    """Shows the article's title and its tags in one box; dismisses with the new list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="tag_form.cancel"),
    ]

    def __init__(self, title: str, tags: list[str], hint: str = HINT) -> None:
        super().__init__(flat(title, 120), hint)
        self.article_title = title
        self.tags = tags

    def make_field(self) -> Widget:
        return Input(
            value=input_text(", ".join(self.tags)),
            placeholder="lede, follow-up, starred",
            id="tag-input",
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves the tags in the box."""
        event.stop()
        self.dismiss(parse_tags(event.value))
