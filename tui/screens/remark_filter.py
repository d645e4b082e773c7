"""Who said what's remarks as the filter sees them: every group read so far with its
filter text, a word index over those texts and each group's speaker, so a keystroke in
the filter box narrows the groups (and recounts the speakers) without a scan of them all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from index import RemarkGroup
from tui.wordindex import WordIndex

ALL = "*all"
"""Option id of the "every speaker" row."""
UNNAMED = "*unnamed"
"""Option id of the "unattributed" row."""
MORE = "*more"
"""Option id of the last row while more remarks (or speakers) match than are listed."""
SPEAKER_ROWS = 50
"""Most speakers listed at once (the commonest under the filter; words find the rest)."""

SpeakerRow = tuple[str | None, int]
"""(speaker, or one of `ALL`, `UNNAMED`, `MORE`; how many quotes)."""


class RemarkFilter:
    """The remark groups, found by filter words and counted by speaker."""

    def __init__(self) -> None:
        self.groups: list[RemarkGroup] = []
        """Every group read so far, in the order of each one's first wording."""
        self._hays: list[str] = []
        """Each group's filter text (parallel to `groups`)."""
        self._words = WordIndex()
        """The groups by the words of their filter text."""
        self._speaker_of: list[str | None] = []
        """Each group's speaker (parallel to `groups`)."""
        self._sizes: dict[int, int] = {}
        """Wordings of the groups that have more than one."""
        self._matched: tuple[str, int, list[int]] = ("", 0, [])

    def add(self, new: list[RemarkGroup], changed: Iterable[int]) -> list[int]:
        """Take a page of new groups and the indexes of the groups that changed; returns
        those that were already here (a wording added: their filter text grew)."""
        first = len(self.groups)
        self.groups.extend(new)
        self._hays.extend(g.haystack for g in new)
        for index in range(first, len(self.groups)):
            self._words.add(index, self._hays[index])
        self._speaker_of.extend(g.speaker for g in new)
        grown: list[int] = []
        for index in changed:
            group = self.groups[index]
            if len(group.records) > 1:
                self._sizes[index] = len(group.records)
            if index < first:
                self._hays[index] = group.haystack
                self._words.add(index, group.haystack)
                grown.append(index)
        return grown

    def matching(self, filter_text: str, rescan: bool = False) -> list[int]:
        """Indexes of the groups whose text holds every filter word (any speaker).

        Typing narrows: when the new words extend the last ones, only the last matches
        and the groups read since are searched again.
        """
        text = filter_text.casefold()
        words = text.split()
        last_text, last_count, last = self._matched
        hays = self._hays
        if (
            not rescan
            and last_text
            and text.startswith(last_text)
            and (len(words) == len(last_text.split()) or last_text.endswith(" "))
        ):
            candidates: Iterable[int] = [*last, *range(last_count, len(hays))]
        elif not rescan and text == last_text:
            candidates = [*last, *range(last_count, len(hays))]
        else:
            candidates = range(len(hays))
        found = list(candidates)
        for word in sorted(set(words), key=len, reverse=True):  # longest first: fewest left
            listed = self._words.matching(word) if len(found) > 64 else None
            if listed is None:  # few candidates, or a word most groups hold: test each
                found = [i for i in found if word in hays[i]]
            elif len(found) == len(hays):
                found = listed
            else:
                kept = set(found)
                found = [i for i in listed if i in kept]
        self._matched = (text, len(hays), found)
        return found

    def quotes_by_speaker(self, matched: list[int]) -> Counter[str | None]:
        """Quotes per speaker among `matched`: one per group, plus the extra wordings of
        the (few) grouped remarks; counted in C loops, not per group in Python."""
        counts: Counter[str | None] = Counter(map(self._speaker_of.__getitem__, matched))
        sizes = self._sizes
        for index in sizes.keys() & set(matched) if sizes else ():
            counts[self._speaker_of[index]] += sizes[index] - 1
        return counts

    def said_by(self, matched: list[int], speaker: str | None) -> list[int]:
        """The groups of `matched` that `speaker` said (None: the unattributed ones)."""
        speaker_of = self._speaker_of
        return [i for i in matched if speaker_of[i] == speaker]


def speaker_rows(counts: Counter[str | None], chosen: str | None) -> list[SpeakerRow]:
    """The speaker list's rows: everyone, the commonest speakers, `chosen` even when it is
    not among them, the unattributed, and how many more there are."""
    ranked = sorted(
        ((name, count) for name, count in counts.items() if name is not None),
        key=lambda item: (-item[1], item[0] or ""),
    )
    rows: list[SpeakerRow] = [(ALL, sum(counts.values()))]
    rows += ranked[:SPEAKER_ROWS]
    hidden = len(ranked) - SPEAKER_ROWS
    if chosen is not None and chosen not in dict(rows) and chosen in counts:
        rows.append((chosen, counts[chosen]))
    unnamed = counts.get(None, 0)
    if unnamed:
        rows.append((UNNAMED, unnamed))
    if hidden > 0:
        rows.append((MORE, hidden))
    return rows
