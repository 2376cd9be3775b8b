"""Finding persons by what a worker types: a code, an alias, a name, with or without accents."""

import re
from typing import Any

from django.db.models import Q, QuerySet

from tissage.lib.text import match_key

# Each plain letter stands for itself and its accented forms, in both cases, so that the
# database (SQLite and PostgreSQL alike, no extension needed) matches "eric" with "Éric".
_VARIANTS = {
    "a": "aàâäáãå",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïíì",
    "n": "nñ",
    "o": "oôöóòõ",
    "u": "uùûüú",
    "y": "yÿý",
}

_WORD = re.compile(r"[^0-9a-z]+")

FIELDS = ("code", "alias", "first_name", "last_name")


def accent_pattern(word: str) -> str:
    """A regular expression, portable between SQLite and PostgreSQL, for `word` as typed.

    Letters and digits stand for themselves (with their accented forms); anything else
    (apostrophes, hyphens, spaces) stands for any one character, which needs no escaping.
    """
    parts = []
    for char in match_key(word):
        variants = _VARIANTS.get(char)
        if variants:
            parts.append("[" + variants + variants.upper() + "]")
        elif char.isascii() and char.isalnum():
            parts.append(char)
        else:
            parts.append(".")
    return "".join(parts)


def search_persons(persons: QuerySet[Any], query: str) -> QuerySet[Any]:
    """Persons of `persons` where every typed word is found in the code, alias or name."""
    for word in match_key(query).split():
        pattern = accent_pattern(word)
        if not pattern.strip("."):
            continue
        condition = Q()
        for field in FIELDS:
            condition |= Q(**{f"{field}__iregex": pattern})
        persons = persons.filter(condition)
    return persons


def best_first(persons: list[Any], query: str) -> list[Any]:
    """Exact code first, then files where a word starts with what was typed ("loup" finds
    "Ti-Loup" before "Guadeloupe"), then the others; by code within each group."""
    key = match_key(query)

    def rank(person: Any) -> tuple[int, str]:
        if person.code.casefold() == key:
            return (0, person.code)
        names = (person.alias, person.first_name, person.last_name, person.code)
        words = _WORD.split(" ".join(match_key(name) for name in names if name))
        if any(word.startswith(key) for word in words):
            return (1, person.code)
        return (2, person.code)

    return sorted(persons, key=rank)
