"""What every palette provider shares: the app's services, the main screen, and hits
built from `Content` (the palette parses plain strings as markup; titles must never reach it)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from textual.command import Provider
from textual.content import Content

from tui.services import Services, services

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

T = TypeVar("T")


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


class Preloaded(Generic[T]):
    """Work a provider starts when the palette opens, which its searches then wait for.

    Textual cancels a provider's `startup` when the search awaiting it is cancelled (a
    key typed before the start-up ended), and every later search of that provider then
    fails: at 100k articles the palette stayed busy on stale hits. Started in `startup`
    without waiting and awaited through `shield`, the work outlives a cancelled search.
    """

    def __init__(self, load: Callable[[], T]) -> None:
        self._task = asyncio.ensure_future(asyncio.to_thread(load))

    async def get(self) -> T:
        """The result, once the work has ended (at once after that)."""
        return await asyncio.shield(self._task)
