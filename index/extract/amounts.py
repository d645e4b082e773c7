"""Money, percentages and dates: the number-shaped entities, found by pattern."""

from __future__ import annotations

import re
from collections.abc import Iterator

# --- numbers and dates -------------------------------------------------------------------

_MONTHS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
DATE = re.compile(
    rf"\b(?:(?P<mod>early|mid|late)[- ])?(?P<m>{_MONTH})"
    r"(?:\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:\s*(?:to|-|–|and)\s*(?P<d2>\d{1,2})\b)?)?"
    r"(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
    rf"|\b(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>(?:19|20)\d\d)\b)?"
    r"|\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|[Bb]efore|[Aa]fter|of|for|early|late|mid"
    r"|last|through|till)\s+"
    r"(?P<y3>(?:19|20)\d\d)\b(?!\s*(?:%|percent|per cent|bn|m\b|billion|million))"
)
AMBIGUOUS_MONTH_CUE = re.compile(
    r"(?:\b(?:in|since|until|by|last|next|early|mid|late|of|this|from|to|during)\s+)$"
)
SCALE = {
    "trillion": "trillion",
    "tn": "trillion",
    "billion": "billion",
    "bn": "billion",
    "million": "million",
    "m": "million",
    "mn": "million",
    "thousand": "thousand",
    "k": "thousand",
    "crore": "crore",
    "lakh crore": "lakh crore",
    "lakh crores": "lakh crore",
    "crores": "crore",
    "cr": "crore",
    "lakh": "lakh",
    "lakhs": "lakh",
}
MONEY = re.compile(
    r"(?P<sym>(?:US|U\.S\.|HK|A|C|NZ|S)?[$€£¥₩₹₦₽]|(?-i:\b(?:Rs|K?Sh|Ksh|KES)(?![A-Za-z])\.?))"
    r"\s?(?P<n>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s?(?P<sc>trillion|billion|million|thousand|lakh crores?|crores?|lakhs?|tn|bn|mn|cr|m|k)"
    r"\b)?"
    r"|\b(?P<code>USD|EUR|GBP|KRW|JPY|CNY|INR)\s?(?P<n2>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s?(?P<sc2>trillion|billion|million|thousand|crores?|lakhs?)\b)?"
    r"|\b(?P<n3>\d[\d,]*(?:\.\d+)?)\s?(?P<sc3>trillion|billion|million|thousand|bn|m)?\s?"
    r"(?P<cur>dollars|euros?|pounds|yen|yuan|won|rupees|francs|cents|pence)\b",
    re.IGNORECASE,
)
CURRENCY_WORD = {
    "dollars": "$",
    "euros": "€",
    "euro": "€",
    "pounds": "£",
    "yen": "¥",
    "usd": "$",
    "eur": "€",
    "gbp": "£",
    "jpy": "¥",
}
MONEY_REACH = 6
"""Every MONEY match has a digit at most this many characters after its start ("U.S.$ 5")."""
_DIGIT = re.compile(r"\d")


def near_digits(
    pattern: re.Pattern[str], text: str, start: int, end: int, reach: int
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, start, end)` for a pattern whose every match has a digit
    within `reach` characters of its start: tried only just before each digit.

    Scanning a whole block with MONEY costs as much as the rest of the number pass;
    most of a block is words, where no amount can start.
    """
    pos = start
    while (digit := _DIGIT.search(text, pos, end)) is not None:
        at = digit.start()
        for candidate in range(max(pos, at - reach), at + 1):
            found = pattern.match(text, candidate, end)
            if found is not None:
                yield found
                pos = max(found.end(), candidate + 1)
                break
        else:
            pos = at + 1


PERCENT = re.compile(r"\b(?P<n>\d+(?:\.\d+)?)\s?(?:%|percent\b|per\s+cent\b)")


def month_name(raw: str) -> str:
    """Full month name for 'Oct.' or 'October'."""
    return _MONTHS[raw[:3].casefold()]


def number(raw: str) -> str:
    return raw.rstrip(".,")


def number_spans(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """Percentages, sums of money and dates in `text[start:end]`: (start, end, type,
    canonical name), overlapping ones included (the caller keeps the longest)."""
    found: list[tuple[int, int, str, str]] = []
    for m in PERCENT.finditer(text, start, end):
        found.append((m.start(), m.end(), "PERCENT", f"{m.group('n')} percent"))
    for m in near_digits(MONEY, text, start, end, MONEY_REACH):
        if m.group("sym"):
            sym = m.group("sym").replace("US$", "$").replace("U.S.$", "$")
            if sym.startswith("Rs") or sym == "₹":
                sym = "Rs "
            elif sym.rstrip(".") in {"Sh", "KSh", "Ksh", "KES"}:
                sym = "KSh "
            num, scale = m.group("n"), m.group("sc")
        elif m.group("code"):
            code = m.group("code").casefold()
            sym = CURRENCY_WORD.get(code, "")
            num, scale = m.group("n2"), m.group("sc2")
            if not sym:
                cur = {"krw": "won", "cny": "yuan", "inr": "rupees"}[code]
                name = f"{number(num)} {scale.casefold() + ' ' if scale else ''}{cur}"
                found.append((m.start(), m.end(), "MONEY", name))
                continue
        else:
            cur = m.group("cur").casefold()
            num, scale = m.group("n3"), m.group("sc3")
            sym = CURRENCY_WORD.get(cur, "")
            if not sym:
                name = f"{number(num)} {SCALE[scale.casefold()] + ' ' if scale else ''}{cur}"
                found.append((m.start(), m.end(), "MONEY", name))
                continue
        num = number(num)
        scale_word = SCALE.get(scale.casefold(), "") if scale else ""
        name = f"{sym}{num}" + (f" {scale_word}" if scale_word else "")
        found.append((m.start(), m.end(), "MONEY", name))
    for m in DATE.finditer(text, start, end):
        if m.group("m"):
            month = m.group("m")
            day, day2, year = m.group("d"), m.group("d2"), m.group("y")
            if month in ("May", "March") and not (day or year):
                before = text[max(start, m.start() - 12) : m.start()]
                if not AMBIGUOUS_MONTH_CUE.search(before):
                    continue
            name = month_name(month)
            if day:
                name += f" {int(day)}"
                if day2:
                    name += f" to {int(day2)}"
            if year:
                name += f", {year}" if day else f" {year}"
            s = m.start()
        elif m.group("m2"):
            name = f"{month_name(m.group('m2'))} {int(m.group('d3'))}"
            if m.group("y2"):
                name += f", {m.group('y2')}"
            s = m.start()
        else:
            name = m.group("y3")
            s = m.start("y3")
        found.append((s, m.end(), "DATE", name))
    return found
