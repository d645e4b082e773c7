"""The main screen's tagging: star or tag the open (or selected) article, or tag every
article a search matches. Tags are read and written off the UI thread."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from index import STAR, DatelineError, Library, SearchRequest, plural
from tui.safe import flat
from tui.screens.screen_job import ScreenJob
from tui.screens.tag_form import TagForm
from tui.widgets.results_list import ResultsList

if TYPE_CHECKING:
    from tui.screens.main import MainScreen  # noqa: F401  (named in the base class)


class ArticleTagger(ScreenJob["MainScreen"]):
    """Stars, tag edits and batch tags, each said in one notice."""

    def _target(self) -> tuple[str, str] | None:
        """The open article, else the result under the cursor: (id, title)."""
        screen = self.screen
        if screen.article is not None:
            return screen.article.id, screen.article.title
        hit = screen.query_one("#results", ResultsList).highlighted_hit
        return (hit.id, hit.title) if hit is not None else None

    def toggle_star(self) -> None:
        """Star the open (or selected) article, or take its star off."""
        target = self._target()
        if target is None:
            self.screen.notify("Open or select an article to star it.", markup=False)
            return
        self.run(partial(self._star, *target), "tags")

    def _star(self, article_id: str, title: str) -> None:
        library = self.screen.library
        if library is None:
            return
        starred = STAR in library.tags_of(article_id)
        verb = "Unstarred" if starred else "Starred"
        self._change(
            library,
            article_id,
            add=() if starred else (STAR,),
            remove=(STAR,) if starred else (),
            done=f"{verb} “{flat(title, 60)}” · starred:yes lists starred articles.",
        )

    def edit(self) -> None:
        """Edit the tags of the open (or selected) article."""
        target = self._target()
        if target is None:
            self.screen.notify("Open or select an article to tag it.", markup=False)
            return
        self.run(partial(self._ask, *target), "tags")

    def _ask(self, article_id: str, title: str) -> None:
        library = self.screen.library
        if library is None:
            return
        tags = library.tags_of(article_id)

        def saved(new: list[str] | None) -> None:
            if new is not None:
                self.run(partial(self._save, article_id, tags, new), "tags")

        app = self.screen.app
        app.call_from_thread(app.push_screen, TagForm(title, tags), saved)

    def _save(self, article_id: str, old: list[str], new: list[str]) -> None:
        library = self.screen.library
        if library is None:
            return
        shown = ", ".join(new) if new else "no tags"
        self._change(
            library,
            article_id,
            add=tuple(t for t in new if t not in old),
            remove=tuple(t for t in old if t not in new),
            done=f"Tags: {flat(shown, 120)}",
        )

    def tag_results(self) -> None:
        """Tag every article the current search matches, not only the one selected."""
        screen = self.screen
        library, results = screen.library, screen.results
        if library is None or results is None or not results.total:
            screen.notify(
                "Search first: every article the search matches gets the tags.", markup=False
            )
            return
        request = SearchRequest(screen.query_text, screen.filters)
        label = flat(screen.query_text.strip(), 60) or "every article"
        title = f"Tag all {plural(results.total, 'result')} of “{label}”"
        hint = "Tags to add to every result, comma-separated; enter tags, escape cancels."

        def chosen(tags: list[str] | None) -> None:
            if tags:
                self.run(partial(self._tag_matching, library, request, tags), "tags")

        screen.app.push_screen(TagForm(title, [], hint), chosen)

    def _tag_matching(self, library: Library, request: SearchRequest, tags: list[str]) -> None:
        try:
            batch = library.tag_matching(request, tags)
        except DatelineError as error:
            self.say(flat(str(error)), "error")
            return
        names = ", ".join(batch.tags)
        message = f"Tagged {plural(batch.matched, 'article')} with {names} · tag:{batch.tags[0]}"
        message += " lists them."
        if not batch.complete:
            message += " Not every match could be tagged: narrow the search and tag again."
        self.say(flat(message, 300))

    def _change(
        self,
        library: Library,
        article_id: str,
        add: tuple[str, ...],
        remove: tuple[str, ...],
        done: str,
    ) -> None:
        """Tag and untag (from a worker thread), then say so; a failure is one sentence."""
        try:
            for tag in add:
                library.tag(article_id, tag)
            for tag in remove:
                library.untag(article_id, tag)
        except DatelineError as error:
            self.say(flat(str(error)), "error")
            return
        self.say(done)
