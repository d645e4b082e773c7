"""The entity sidebar: entities grouped by type, counts on the right, aliases on focus.

With an article open it lists that article's entities (mention counts); otherwise the top
entities of the current results (article counts).

| Key | Does |
|---|---|
| `j` / `k`, arrows | move |
| `g` / `G`, `home` / `end`, `pageup` / `pagedown` | jump |
| `e` / `enter` | keep only articles that mention it (a click only selects) |
| `x` | exclude articles that mention it |
| `c` | concordance: every mention across the corpus, and what co-occurs with it |
| `M` | mark for merging; `M` on a second entity merges it into the marked one |
| `S` | split an alias off (choose which) |
| `I` | ignore: never show it as an entity |
| `C` | change its name (rename) |
| `Y` | change its type |
| `U` | undo the last entity change |

Fixes are saved as corrections and applied by an update; the list refreshes when it lands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index import EntityCount
from tui.safe import count_row, flat

TYPE_LABELS = {
    "PERSON": "PEOPLE",
    "ORG": "ORGANISATIONS",
    "PLACE": "PLACES",
    "MONEY": "MONEY",
    "PERCENT": "PERCENTAGES",
    "DATE": "DATES",
    "INITIATIVE": "INITIATIVES",
}
"""Group headings, in display order."""


class EntityList(OptionList):
    """The option list inside the sidebar (headings are disabled options)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="entities.down"),
        Binding("k", "cursor_up", "Up", show=False, id="entities.up"),
        Binding("g", "first", "First", show=False, id="entities.first"),
        Binding("G", "last", "Last", show=False, id="entities.last"),
    ]
    """vi-style movement."""

    async def _on_click(self, event: events.Click) -> None:
        """A click selects the entity; filtering stays a deliberate key (e, x, enter)."""
        event.prevent_default()  # OptionList's own click would select (filter) at once
        clicked: int | None = event.style.meta.get("option")
        if clicked is not None and not self._options[clicked].disabled:
            self.highlighted = clicked


class EntitySidebar(Vertical):
    """Entities of the open article or of the results; posts `FilterRequested`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "include", "Keep only", id="entity_include"),
        Binding("x", "exclude", "Exclude", id="entity_exclude"),
        Binding("c", "concordance", "Concordance", id="entity_concordance"),
        Binding("M", "fix('merge')", "Merge", show=False, id="entity_merge"),
        Binding("S", "fix('split')", "Split alias", show=False, id="entity_split"),
        Binding("I", "fix('ignore')", "Ignore", show=False, id="entity_ignore"),
        Binding("C", "fix('rename')", "Rename", show=False, id="entity_rename"),
        Binding("Y", "fix('retype')", "Change type", show=False, id="entity_retype"),
        Binding("U", "fix('undo')", "Undo entity fix", show=False, id="entity_undo"),
    ]
    """Filter keys (`enter` on an entity also keeps only its articles), concordance, and
    the fixes (capitals, so a stray key never changes the user's corrections)."""

    DEFAULT_CSS = """
    EntitySidebar {
        background: $surface;
        & > #entity-heading { color: $text-muted; padding: 0 1; height: 1; }
        & > EntityList { height: 1fr; border: none; padding: 0; background: $surface; }
        & > EntityList:focus { border: none; background-tint: $foreground 4%; }
        & > EntityList > .option-list--option { padding: 0 1; }
        & > #entity-aliases { color: $text-muted; padding: 0 1; height: auto; max-height: 4; }
    }
    """

    entities: reactive[tuple[EntityCount, ...]] = reactive(())
    """The entities to list (owned by the main screen)."""
    heading: reactive[str] = reactive("")
    """What the list is about: this article, or the current results."""
    marked: reactive[EntityCount | None] = reactive(None)
    """The entity marked for merging (`M`), until a second `M` merges or unmarks it."""

    @dataclass
    class FilterRequested(Message):
        """Keep (or exclude) articles that mention an entity."""

        type: str
        name: str
        exclude: bool

    @dataclass
    class FixRequested(Message):
        """Correct an entity: `kind` is merge, split, ignore, rename, retype or undo;
        `entities` are the ones it is about (merge: the marked one first)."""

        kind: str
        entities: tuple[EntityCount, ...]

    @dataclass
    class ConcordanceRequested(Message):
        """Show every mention of an entity across the corpus."""

        type: str
        name: str

    def compose(self) -> ComposeResult:
        yield Static(id="entity-heading")
        yield EntityList(id="entity-list")
        yield Static(id="entity-aliases")

    def watch_heading(self, heading: str) -> None:
        self.query_one("#entity-heading", Static).update(Content(heading))

    def watch_entities(self, entities: tuple[EntityCount, ...]) -> None:
        option_list = self.query_one(EntityList)
        keep = self.highlighted_entity
        options: list[Option] = []
        self._by_id: dict[str, EntityCount] = {}
        groups: dict[str, list[EntityCount]] = {}
        for entity in entities:
            groups.setdefault(entity.type, []).append(entity)
        order = [t for t in TYPE_LABELS if t in groups] + sorted(set(groups) - set(TYPE_LABELS))
        # One article (open, or the only result): mention counts; several: article counts.
        by_mentions = all(entity.articles <= 1 for entity in entities)
        for etype in order:
            label = TYPE_LABELS.get(etype, flat(etype, 20).upper())
            options.append(Option(Content(label).stylize("bold $text-primary"), disabled=True))
            for position, entity in enumerate(groups[etype]):
                option_id = f"{etype}:{position}"
                self._by_id[option_id] = entity
                count = entity.mentions if by_mentions else entity.articles
                name = flat(entity.name, 60)
                options.append(Option(count_row(name, count), id=option_id))
        if not options:
            options.append(
                Option(Content("No entities found.").stylize("$text-muted"), disabled=True)
            )
        option_list.set_options(options)
        target = None
        if keep is not None:
            target = next((i for i, e in self._by_id.items() if e == keep), None)
        if target is None and self._by_id:
            target = next(iter(self._by_id))
        if target is not None:
            option_list.highlighted = option_list.get_option_index(target)
        self._show_aliases()

    @property
    def highlighted_entity(self) -> EntityCount | None:
        """The entity under the cursor."""
        option_list = self.query_one(EntityList)
        if option_list.highlighted is None:
            return None
        option = option_list.get_option_at_index(option_list.highlighted)
        return getattr(self, "_by_id", {}).get(option.id or "")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_aliases()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_include()

    def _show_aliases(self) -> None:
        entity = self.highlighted_entity
        text = ""
        if entity is not None:
            others = [a for a in entity.aliases if a != entity.name]
            noun = "article" if entity.articles == 1 else "articles"
            mentions = "mention" if entity.mentions == 1 else "mentions"
            text = f"{entity.articles} {noun} · {entity.mentions} {mentions}"
            if others:
                text += "\nalso: " + "; ".join(flat(a, 40) for a in others[:6])
        if self.marked is not None:
            text += f"\nmerge into {flat(self.marked.name, 40)}: M on another"
        self.query_one("#entity-aliases", Static).update(Content(text.strip()))

    def watch_marked(self) -> None:
        self._show_aliases()

    def action_fix(self, kind: str) -> None:
        """Ask for a fix of the highlighted entity (merge marks first, then merges)."""
        if kind == "undo":
            self.post_message(self.FixRequested(kind, ()))
            return
        entity = self.highlighted_entity
        if entity is None:
            self.notify("No entity selected.", markup=False)
            return
        if kind != "merge":
            self.post_message(self.FixRequested(kind, (entity,)))
            return
        marked = self.marked
        if marked is None:
            self.marked = entity
            self.notify(
                f"Marked {flat(entity.name, 60)}: press M on another entity to merge it in "
                "(M here again unmarks).",
                markup=False,
            )
        elif marked == entity:
            self.marked = None
            self.notify("Unmarked.", markup=False)
        else:
            self.marked = None
            self.post_message(self.FixRequested(kind, (marked, entity)))

    def action_include(self) -> None:
        """Keep only articles that mention the highlighted entity."""
        self._request(exclude=False)

    def action_exclude(self) -> None:
        """Drop articles that mention the highlighted entity."""
        self._request(exclude=True)

    def action_concordance(self) -> None:
        """Every mention of the highlighted entity across the corpus, in context."""
        entity = self.highlighted_entity
        if entity is None:
            self.notify("No entity selected.", markup=False)
            return
        self.post_message(self.ConcordanceRequested(entity.type, entity.name))

    def _request(self, exclude: bool) -> None:
        entity = self.highlighted_entity
        if entity is None:
            self.notify("No entity selected.", markup=False)
            return
        self.post_message(self.FilterRequested(entity.type, entity.name, exclude))
