"""Words that tell what a capitalised name is in context: clubs, performers, public
offices, the words after a place. Kinds of context, never particular names."""

from __future__ import annotations

import re

from index.extract.wordlists import (
    ORG_NOUNS,
    ORG_ROLE_HEADS,
    ROLE_WORDS,
)

ACRONYM = re.compile(r"^[A-Z]{2,8}$")
NAME_WORD = re.compile(r"^(?:Mc|Mac|O['’]|D['’])?[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ]+)?$")
CLUB_WORDS = frozenset(
    {"city", "united", "town", "rovers", "athletic", "wanderers", "albion", "villa", "rangers"}
    | {"county", "hotspur", "forest", "argyle", "orient"}
)
POSSESSIVE = frozenset({"’s", "'s"})
WEB_NAME = re.compile(r"^[A-Z][\w-]*\.(?:com|net|org|co\.uk|io)$")
OF_ROLES = frozenset(
    {"president", "chairman", "chairwoman", "executive", "ceo", "founder", "co-founder", "owner"}
)
PERFORMED = frozenset(
    [
        "starred",
        "starring",
        "star",
        "stars",
        "role",
        "roles",
        "appeared",
        "appearing",
        "appears",
        "played",
        "playing",
        "cast",
        "part",
        "parts",
        "featured",
        "featuring",
        "appearance",
        "performance",
        "written",
        "published",
    ]
)
"""Words before "in" that make the next name a title of a work ("starred in Closer")."""
AFTER_PLACE = frozenset(
    {"on", "last", "this", "next", "and", "where", "when", "earlier", "later", "yesterday"}
)
NOT_PLACES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "parliament",
        "congress",
        "court",
        "office",
        "government",
        "power",
        "charge",
        "touch",
        "response",
        "favour",
        *[
            "arabic",
            "bengali",
            "braille",
            "cantonese",
            "english",
            "gaelic",
            "hebrew",
            "hindi",
            "latin",
            "mandarin",
        ],
        *["punjabi", "swahili", "tamil", "urdu"],
    ]
)
"""Capitalised words after "in" that are not places (months, institutions, idioms)."""
TRIGGERS = ORG_NOUNS | {"of", "in", "at", "told", "tells", "telling"}
AT_ROLES = ORG_ROLE_HEADS | {"officer", "partner", "researcher", "trader", "banker", "engineer"}
"""Roles whose holder works "at" an organisation ("analyst at X", "Officer at X")."""
PUBLIC_OFFICES = frozenset(
    [
        "minister",
        "secretary",
        "justice",
        "whip",
        "constable",
        "commissioner",
        "superintendent",
        "magistrate",
    ]
)
ROLE_MODIFIERS = ROLE_WORDS - ORG_ROLE_HEADS
ROLE_JOINS = ORG_ROLE_HEADS | {"and", "of"}
CLUB_PREPOSITIONS = frozenset({"at", "for", "to", "from", "against", "beat", "with"})
TITLE_LEAD = frozenset({"working", "interim", "managing", "joint", "acting", "deputy", "vice"})
"""Capitalised words that open a title ("TRS Working President"), not the name before it."""
SPORT_MIN = 2
"""Distinct sport words that make an article a sports story (clubs named after cities)."""
