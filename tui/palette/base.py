"""What every palette provider shares: the app's services, the main screen, and hits
built from `Content` (the palette parses plain strings as markup; titles must never reach it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.command import Provider
from textual.content import Content

from tui.services import Services, services

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


def highlight(provider: Provider, query: str, text: str) -> tuple[float, Content]:
    """Score and highlight `text` for `query` without ever parsing it as markup."""
    matcher = provider.matcher(query)
    score = matcher.match(text)
    content = Content(text)
    if score:
        _, offsets = matcher.fuzzy_search.match(query, text)
        for offset in offsets:
            content = content.stylize("bold $text-accent", offset, offset + 1)
    return score, content


class DatelineProvider(Provider):
    """Shared access to the app and its main screen."""

    @property
    def dateline(self) -> Services:
        """The app's services (library, history, …), reached without importing the app."""
        return services(self.app)

    @property
    def main(self) -> MainScreen:
        return self.dateline.main_screen
