"""Turn a decoded article file into classed lines and recovered metadata.

Real article files are page scrapes: photo captions sit between paragraphs, bylines and
e-mail addresses trail the story, and "most read" lists follow it. Each non-blank line is
classed so the reader can dim captions, hide boilerplate, and keep both out of search and
entity extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.models import ArticleMeta, Block, CleanText, LineKind
from index.sanitize import sanitize_for_terminal

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_POSITION_MARKER = re.compile(
    r"\((?:R|L|C|right|left|center|centre|(?:second |third |far )?from (?:left|right)|"
    r"front|back|top|bottom|above|below|front row|back row|\d(?:st|nd|rd|th) from (?:left|right))\)",
    re.IGNORECASE,
)
_CAPTION_START = re.compile(
    r"^(?:this (?:photo|image|file photo|picture)|photo\b|file photo|image:|pictured|\(photo)",
    re.IGNORECASE,
)
_SOURCE_TAG_END = re.compile(r"\(([A-Z][A-Za-z&.\- ]{1,40})\)\s*$")
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_BY_LINE = re.compile(r"^By\s+(?P<names>[A-Z][^.!?]{1,150})$")
_REPORTER_LINE = re.compile(
    r"^(?P<name>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,4})\s*,?\s+"
    r"(?:Reporter|Correspondent|Staff Writer|Staff Reporter|Senior Reporter)$",
    re.IGNORECASE,
)
_EDITED = re.compile(
    r"^(?P<name>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,4}) edited this (?:article|story|report)\.?$"
)
_EDITED_BY = re.compile(r"^(?:Edited|Editing) by\s+(?P<name>[A-Z][\w.' -]{1,60})\.?$")
_CREDIT_LINE = re.compile(r"^(?:Reporting|Writing|Additional reporting) by\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")
_DATE_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d\d-\d\d)\s+", re.IGNORECASE)
_FULL_DATE = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),\s+((?:19|20)\d\d)\b")
_MONTH_DAY = re.compile(rf"^({_MONTH})\s+(\d{{1,2}})$")
_DATELINE = re.compile(r"^(?P<prefix>[^\n–—]{2,80}?)\s+[–—-]{1,2}\s+(?=\S)")
_PLACE_WORD = re.compile(r"^(?:[A-Z][\w'.-]*|D\.C\.|of|de|upon|on)$")
_DATE_LINE = re.compile(
    rf"^(?:(?:published|updated|posted|last updated|date)\s*(?:on)?\s*:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH}),?\s+(?P<y>(?:19|20)\d\d)"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d))"
    r"(?:[\s,|/-]+(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?"
    r"(?:\s*(?:IST|GMT|BST|UTC|EST|EDT|CET|CEST))?\s*$",
    re.IGNORECASE,
)
"""A line that is only a publication date ("Monday 10 October 1994 23:02 BST",
"Published: 06th March 2022 06:47 AM")."""
_SOURCE_NAMES = re.compile(
    r"(?:News Service|News Network|News Desk|Bureau|Desk|Agencies|Wire Services?|Newswire|"
    r"Staff|Web Desk|Online Desk|Press Trust of India|Associated Press|Reuters|AFP|PTI|IANS)$",
    re.IGNORECASE,
)
"""A "By ..." credit that names a service, not a writer ("By Express News Service")."""
_NAME_ROLE_LINE = re.compile(
    r"^(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})\s*,\s*"
    r"(?:[A-Z][a-z]+\s+){0,3}(?:Correspondent|Editor|Reporter|Writer|Columnist)$"
)
"""'Nicholas Timmins,Political Correspondent'."""
_COLON_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+){0,4}):\s+(?=\S)")
"""'HYDERABAD/RAJANNA-SIRCILLA: Mounting a strong attack ...'."""
_CHEVRON_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,4})\s*>>\s*")
"""'NEW YORK >> The ...'."""
_AGENCY_TAIL = re.compile(
    r"^[-–—]\s*(?:The\s+)?(?P<source>Associated Press|Reuters|AFP|Agence France-Presse|PTI|"
    r"Bloomberg|Press Association|Canadian Press)\.?$"
)
"""'- The Associated Press' closing a wire story."""
_FURNITURE_SOURCE = re.compile(
    r"^stay up to date with .*\bfrom (?P<source>(?:The )?[A-Z][\w&.' -]{2,40}?)\.?$",
    re.IGNORECASE,
)
"""The publisher named by page furniture ("... notifications from The Independent")."""
_CREDIT_PART = re.compile(
    r"\breporting by\s+(?P<names>[A-Z][^,;]*(?:\s+and\s+[A-Z][^,;]*)?)", re.IGNORECASE
)
_PHOTO_CREDIT = re.compile(r"\((?:photo|image|picture|file photo|pic)\s*[|:/]", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-•*·]|\d{1,2}[.)])\s+\S")
_BOILERPLATE_PHRASES = re.compile(
    r"^(?:most (?:commented|read|viewed|popular)|weekly hot|related (?:articles|news|stories)|"
    r"latest (?:news|stories)\b.*|advertisement|share this (?:article|story)|"
    r"all rights reserved.*|copyright\b.*|©.*|read more\b.*|recommended\b.*|"
    r"subscribe\b.*|sign up\b.*|follow us\b.*|more from\b.*|top stories|trending(?: now)?|"
    r"learn\b.{0,40}\bof\b.*|stay up to date with\b.*|notifications can be managed\b.*|"
    r"our standards:.*|about [A-Z][\w&.,'’ -]{1,60}|media contacts?:?.*|press contacts?:?.*|"
    r"comments?|\d+\s+comments?|share(?: on \w+)?|view comments|join the conversation\b.*)$",
    re.IGNORECASE,
)
_FREEMAIL = frozenset(
    {"naver", "gmail", "yahoo", "hotmail", "outlook", "daum", "hanmail", "aol", "icloud",
     "protonmail", "mail", "live", "msn", "qq", "163", "nate"}
)  # fmt: skip
_TERMINAL = (".", "?", "!", '"', "”", "’", "'", ":", ";", ")", "…")


@dataclass(slots=True)
class _Line:
    number: int
    start: int
    end: int
    text: str
    kind: LineKind = LineKind.BODY


def clean_text(raw: str, *, first_line_is_title: bool = False) -> CleanText:
    """Class every line of a decoded article and recover its metadata.

    `raw` must already be newline- and NFC-normalised (the loader does that); control
    characters are neutralised here so every offset is valid for display.
    """
    text = sanitize_for_terminal(raw)
    lines = _split_lines(text)
    prefix_date: str | None = None
    if (
        lines
        and (prefix := _DATE_PREFIX.match(lines[0].text))
        and prefix.end() < len(lines[0].text)
    ):
        # A scraped "date 2025-10-17 " before the story: metadata, not story text.
        prefix_date = prefix.group(1)
        lines[0].start += prefix.end()
        lines[0].text = lines[0].text[prefix.end() :]
    if lines:
        _classify(lines, first_line_is_title)
    blocks = tuple(Block(line.kind, line.start, line.end, line.number) for line in lines)
    meta = _metadata(lines, prefix_date)
    return CleanText(text=text, blocks=blocks, meta=meta)


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = offset + lead
            lines.append(_Line(number, start, start + len(stripped), stripped))
        offset += len(line) + 1
    return lines


def _words(text: str) -> int:
    return len(text.split())


def _is_byline(text: str) -> bool:
    if len(text) > 160:
        return False
    if _BY_LINE.match(text) and _words(text) <= 20:
        return True
    if _REPORTER_LINE.match(text) or _EDITED.match(text) or _EDITED_BY.match(text):
        return True
    if _CREDIT_LINE.match(text) or _NAME_ROLE_LINE.match(text) or _AGENCY_TAIL.match(text):
        return True
    email = _EMAIL.search(text)
    return email is not None and _words(_EMAIL.sub("", text)) <= 5


def _is_caption(text: str) -> bool:
    if _CAPTION_START.match(text) or _PHOTO_CREDIT.search(text):
        return True
    return bool(_POSITION_MARKER.search(text)) and _words(text) >= 5


def _is_heading_shape(text: str) -> bool:
    """Short and unpunctuated, like a sub-head or a list header."""
    return _words(text) <= 14 and len(text) <= 100 and not text.endswith(_TERMINAL)


def _is_all_caps(text: str) -> bool:
    if not text.isupper():  # a lower-case letter, or none with case: most lines stop here
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters)


def _classify(lines: list[_Line], first_line_is_title: bool) -> None:
    for line in lines:
        if _is_byline(line.text) or _DATE_LINE.match(line.text):
            line.kind = LineKind.BYLINE
        elif _is_caption(line.text):
            line.kind = LineKind.CAPTION

    _mark_tail_boilerplate(lines)

    first = next((line for line in lines if line.kind is not LineKind.BOILERPLATE), lines[0])
    if first.kind is LineKind.BODY and (
        first_line_is_title
        or (_words(first.text) <= 30 and not first.text.endswith((".", "”", '"', ":")))
    ):
        first.kind = LineKind.TITLE

    body_indexes = [i for i, line in enumerate(lines) if line.kind is LineKind.BODY]
    last_body = body_indexes[-1] if body_indexes else -1
    for index in body_indexes:
        line = lines[index]
        if index != last_body and _SOURCE_TAG_END.search(line.text) and index > 0:
            # A wire photo caption ends with the agency tag; so does the story's last
            # paragraph, which is why the last one stays body.
            line.kind = LineKind.CAPTION
            continue
        if index == last_body or not _is_heading_shape(line.text):
            continue
        following = next(
            (other for other in lines[index + 1 :] if other.kind is not LineKind.CAPTION), None
        )
        if following is not None and following.kind is LineKind.BODY:
            line.kind = LineKind.SUBHEAD
    for line in lines:
        if line.kind is LineKind.BODY and _is_all_caps(line.text) and _words(line.text) <= 14:
            line.kind = LineKind.SUBHEAD


def _mark_tail_boilerplate(lines: list[_Line]) -> None:
    """Mark the lists and link blocks that follow the story."""
    for line in lines:
        if _BOILERPLATE_PHRASES.match(line.text):
            line.kind = LineKind.BOILERPLATE
    # Walk back from the end: list items, short unpunctuated links and bylines are page
    # furniture until the first real paragraph.
    remaining = sum(1 for line in lines[1:] if line.kind is LineKind.BODY)
    for line in reversed(lines):
        if line.kind in (LineKind.BOILERPLATE, LineKind.BYLINE):
            continue
        if remaining <= 1 and line.kind is LineKind.BODY:
            break  # never leave an article without a single line of story
        if _LIST_ITEM.match(line.text) or (
            _is_heading_shape(line.text) and line.kind is not LineKind.CAPTION
        ):
            remaining -= line.kind is LineKind.BODY
            line.kind = LineKind.BOILERPLATE
            continue
        break
    # A list header ("WEEKLY HOT") followed by list items is boilerplate wherever it is.
    # After a run is marked the scan resumes past it: restarting inside a 50,000-item
    # list at every item made this quadratic (minutes for one file).
    # An article that is nothing but a list keeps it, and its title, as its story.
    body_left = sum(1 for line in lines[1:] if line.kind is LineKind.BODY)  # not the title
    index = 0
    while index < len(lines) - 1:
        line = lines[index]
        if _is_heading_shape(line.text) and _LIST_ITEM.match(lines[index + 1].text):
            run = index + 1
            while run < len(lines) and _LIST_ITEM.match(lines[run].text):
                run += 1
            items = lines[index + 1 : run]
            in_run = sum(1 for item in items if item.kind is LineKind.BODY)
            if body_left - in_run >= 1:
                body_left -= in_run
                for item in items:
                    item.kind = LineKind.BOILERPLATE
                header_is_body = index > 0 and line.kind is LineKind.BODY
                if run - index > 2 and body_left - header_is_body >= 1:
                    body_left -= header_is_body
                    line.kind = LineKind.BOILERPLATE
            index = run
            continue
        index += 1


def _date_of(match: re.Match[str]) -> str | None:
    month = match.group("m") or match.group("m2")
    day = match.group("d") or match.group("d2")
    year = match.group("y") or match.group("y2")
    return _iso(int(year), _month_number(month), int(day))


def _metadata(lines: list[_Line], prefix_date: str | None = None) -> ArticleMeta:
    title = next((line.text for line in lines if line.kind is LineKind.TITLE), None)
    bylines = [line.text for line in lines if line.kind is LineKind.BYLINE]
    body = [line.text for line in lines if line.kind is LineKind.BODY]
    authors: list[str] = []
    editor: str | None = None
    source: str | None = None
    date: str | None = None
    for line in lines:
        if line.kind is LineKind.BOILERPLATE and (named := _FURNITURE_SOURCE.search(line.text)):
            source = source or named.group("source").strip()
    for text in bylines:
        if _CREDIT_LINE.match(text):
            for part in _CREDIT_PART.finditer(text.split(";")[0]):
                authors.extend(_split_names(part.group("names")))
            continue
        if date is None and (dated := _DATE_LINE.match(text)):
            date = _date_of(dated)
        if match := _AGENCY_TAIL.match(text):
            source = source or match.group("source")
        elif match := _NAME_ROLE_LINE.match(text):
            authors.append(_name_case(match.group("name")))
        elif (match := _BY_LINE.match(text)) and _SOURCE_NAMES.search(match.group("names")):
            source = source or match.group("names").strip()
        elif match := _BY_LINE.match(text):
            authors.extend(_split_names(match.group("names")))
        elif match := _REPORTER_LINE.match(text):
            authors.append(_name_case(match.group("name")))
        elif match := _EDITED.match(text) or _EDITED_BY.match(text):
            editor = match.group("name").strip()
        elif (email := _EMAIL.search(text)) is not None:
            before = text[: email.start()].strip(" (|,")
            if before and _looks_like_name(before):
                authors.append(_name_case(before))
        if date is None and (iso := _ISO_DATE.search(text)):
            date = _iso(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    for text in bylines:
        if source is None and (email := _EMAIL.search(text)):
            domain = email.group(1).lower().split(".")
            label = domain[-3] if len(domain) >= 3 and domain[-2] in ("co", "com") else domain[-2]
            if label not in _FREEMAIL:
                source = label
    dateline, dateline_date, dateline_source = _dateline(body[0] if body else "")
    for later in body[1:3]:
        if dateline is None and (colon := _COLON_DATELINE.match(later)):
            dateline = colon.group("place")
    dateline_year: int | None = None
    if dateline_date is not None and len(dateline_date) == 3:
        dateline_year = dateline_date[2]
    if dateline_source:
        source = dateline_source
    elif body and (tag := _SOURCE_TAG_END.search(body[-1])) and source is None:
        source = tag.group(1).strip()
    if date is None and prefix_date is not None:
        date = prefix_date
    if date is None and dateline_date is not None:
        month, day = dateline_date[0], dateline_date[1]
        year = dateline_year or _year_near(lines, month)
        if year is not None:
            date = _iso(year, month, day)
    return ArticleMeta(
        title=title,
        date=date,
        source=source,
        authors=tuple(authors),
        editor=editor,
        dateline=dateline,
    )


def _dateline(first_body: str) -> tuple[str | None, tuple[int, ...] | None, str | None]:
    """Parse 'WASHINGTON, Oct. 17 (Korea Bizwire) –' into place, (month, day[, year]) and
    source; also 'HYDERABAD/X:' and 'NEW YORK >>' (place only)."""
    match = _DATELINE.match(first_body)
    if not match:
        other = _COLON_DATELINE.match(first_body) or _CHEVRON_DATELINE.match(first_body)
        if other and len(other.group("place")) >= 3:
            return other.group("place"), None, None
        return None, None, None
    prefix = match.group("prefix").strip()
    source: str | None = None
    if tag := _SOURCE_TAG_END.search(prefix):
        source = tag.group(1).strip()
        prefix = prefix[: tag.start()].strip()
    parts = [part.strip() for part in prefix.split(",")]
    month_day: tuple[int, ...] | None = None
    if len(parts) >= 2 and re.fullmatch(r"(?:19|20)\d\d", parts[-1]):
        if md := _MONTH_DAY.match(parts[-2]):
            month_day = (_month_number(md.group(1)), int(md.group(2)), int(parts[-1]))
            parts = parts[:-2]
    elif parts and (md := _MONTH_DAY.match(parts[-1])):
        month_day = (_month_number(md.group(1)), int(md.group(2)))
        parts = parts[:-1]
    place = ", ".join(parts)
    words = place.replace(",", " ").split()
    if not words or len(words) > 6 or not all(_PLACE_WORD.match(word) for word in words):
        return None, None, None
    return place, month_day, source


def _year_near(lines: list[_Line], month: int) -> int | None:
    """The year of the closest full date in the text, preferring the same month."""
    years: list[tuple[bool, int]] = []
    for line in lines:
        for match in _FULL_DATE.finditer(line.text):
            years.append((_month_number(match.group(1)) == month, int(match.group(3))))
    if not years:
        return None
    same = [year for is_same, year in years if is_same]
    return max(same) if same else max(year for _, year in years)


def _month_number(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()[:3]]


def _iso(year: int, month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _split_names(names: str) -> list[str]:
    parts = re.split(r",\s*|\s+and\s+|\s*&\s*", names.strip().rstrip("."))
    return [_name_case(part.strip()) for part in parts if part.strip()]


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and all(word[:1].isupper() for word in words)


def _name_case(name: str) -> str:
    """'KO YONG-CHUL' -> 'Ko Yong-chul'; mixed-case names are kept as written."""
    if not _is_all_caps(name) and not name.isupper():
        return name
    return " ".join(word.capitalize() for word in name.split())
