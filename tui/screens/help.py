"""Help (`?`): every key, grouped by where it works, with the binding id for `keymap:`."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keys import key_label

if TYPE_CHECKING:
    from textual.dom import DOMNode

INTRO = (
    '{search} goes to the search box (words, "a phrase", said:Name, -word to exclude); results '
    "follow every key, ↵ puts the cursor on the top hit and ↵ again opens it. {back} leaves a "
    "box or an article and never deletes: {clear_query} clears the query. In the article, "
    "{next_quote} and {previous_quote} move between quotes, {bookmark} bookmarks the quote "
    "under the cursor, {next_match}/{previous_match} jump between matches. In the sidebar, "
    "{entity_include} keeps only articles mentioning an entity, {entity_exclude} excludes them "
    "and {entity_concordance} shows every mention in context; {entity_merge} (twice) merges two "
    "entities, {entity_split} splits an alias off, {entity_ignore} ignores one, {entity_rename} "
    "renames and {entity_retype} retypes it, {entity_undo} undoes the last such fix; remove a filter by clicking its "
    "chip or with {clear_filters} ({undo_filters} brings it back). In the search box, up/down "
    "recall past searches; {save_search} saves a search (saved ones are in {command_palette}, "
    "with how many articles are new). {related} lists articles sharing passages with the open "
    "one, {who_said_what} shows who said what, {explain} explains the query. {star} stars the "
    "article, {tags} edits its tags and {tag_results} tags every result (tag:NAME finds them); "
    "{timeline} charts the search over time. Remap any key in "
    "config.yaml under keymap: with the id shown on the right."
)
"""Help's opening paragraph; `{name}` is replaced by the key bound to that id now."""
INTRO_KEYS = {
    "search": "slash",
    "back": "escape",
    "clear_query": "ctrl+l",
    "next_quote": "]",
    "previous_quote": "[",
    "bookmark": "b",
    "next_match": "n",
    "previous_match": "N",
    "entity_include": "e",
    "entity_exclude": "x",
    "entity_concordance": "c",
    "entity_merge": "M",
    "entity_split": "S",
    "entity_ignore": "I",
    "entity_rename": "C",
    "entity_retype": "Y",
    "entity_undo": "U",
    "clear_filters": "F",
    "undo_filters": "u",
    "save_search": "ctrl+s",
    "command_palette": "ctrl+p",
    "related": "o",
    "who_said_what": "W",
    "explain": "X",
    "timeline": "T",
    "star": "asterisk",
    "tags": "t",
    "tag_results": "ctrl+t",
}
"""The default key of every name INTRO uses (a binding id, or one named in INTRO_IDS)."""
INTRO_IDS = {"clear_query": "search.clear"}
"""INTRO names that are not binding ids (ids with a dot cannot be format fields)."""


def binding_sections(app_type: type[DOMNode]) -> list[tuple[str, type[DOMNode]]]:
    """Where keys live, in the order help shows them (`app_type`: the app's own keys)."""
    from tui.screens.batch import BatchScreen
    from tui.screens.bookmarks import BookmarksScreen
    from tui.screens.choice_form import ChoiceForm
    from tui.screens.concordance import ConcordanceScreen
    from tui.screens.explain import ExplainScreen
    from tui.screens.main import MainScreen
    from tui.screens.related import RelatedScreen
    from tui.screens.rename_form import RenameForm
    from tui.screens.save_search import SaveSearchForm
    from tui.screens.speakers import SpeakersScreen
    from tui.screens.timeline import TimelineScreen
    from tui.widgets.article_view import ArticleView
    from tui.widgets.bookmark_list import BookmarkList
    from tui.widgets.entity_sidebar import EntitySidebar
    from tui.widgets.filter_chips import Chip
    from tui.widgets.results_list import ResultsList
    from tui.widgets.search_bar import SearchBar

    return [
        ("Anywhere", app_type),
        ("Main screen", MainScreen),
        ("Search box", SearchBar),
        ("Results", ResultsList),
        ("Article", ArticleView),
        ("Entities sidebar", EntitySidebar),
        ("Filter chip", Chip),
        ("Bookmarks screen", BookmarksScreen),
        ("Bookmark list", BookmarkList),
        ("Related articles ({related})", RelatedScreen),
        ("Who said what ({who_said_what})", SpeakersScreen),
        ("Concordance ({entity_concordance}, palette)", ConcordanceScreen),
        ("Explain ({explain})", ExplainScreen),
        ("Save search ({save_search})", SaveSearchForm),
        ("Rename an entity ({entity_rename} in the sidebar)", RenameForm),
        ("Choose a type or alias ({entity_retype}, {entity_split} in the sidebar)", ChoiceForm),
        ("Coverage over time ({timeline}, palette)", TimelineScreen),
        ("Batch search (palette)", BatchScreen),
    ]


def _keys(keymap: dict[str, str]) -> dict[str, str]:
    """Every INTRO_KEYS name with its key as bound now (remapped ones included)."""
    return {
        name: key_label(keymap.get(INTRO_IDS.get(name, name), key))
        for name, key in INTRO_KEYS.items()
    }


def intro(keymap: dict[str, str]) -> str:
    """INTRO with the keys as bound now."""
    return INTRO.format(**_keys(keymap))


def help_content(
    keymap: dict[str, str], here: set[type[DOMNode]], app_type: type[DOMNode]
) -> Content:
    """The key table; sections that apply to the focused widget are marked."""
    lines: list[Content] = [Content(intro(keymap)).stylize("$text-muted"), Content("")]
    keys = _keys(keymap)
    for heading, owner in binding_sections(app_type):
        title = heading.format(**keys)
        mark = "  ◀ here" if owner in here else ""
        lines.append(
            Content(title).stylize("bold $text-primary") + Content(mark).stylize("$text-accent")
        )
        bindings: list[BindingType] = list(getattr(owner, "BINDINGS", []))
        for item in bindings:
            if not isinstance(item, Binding):
                continue
            label = key_label(keymap.get(item.id or "", item.key))
            # Long labels ("delete, backspace, ↵") keep a gap before the description.
            row = Content(f"  {label:<18}  ").stylize("bold") + Content(
                f"{item.tooltip or item.description:<28} "
            )
            if item.id:
                row += Content(item.id).stylize("$text-muted")
            lines.append(row)
        lines.append(Content(""))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Lists every key; any of escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]
    """Close help."""

    def __init__(self, keymap: dict[str, str], here: set[type[DOMNode]]) -> None:
        super().__init__()
        self.keymap = keymap
        self.here = here

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="modal-box"):
            yield Static(Content("Dateline — keys  (esc closes)"), classes="modal-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(help_content(self.keymap, self.here, type(self.app)), id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss(None)
