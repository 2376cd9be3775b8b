"""Turning what a file says into keys of existing records, with everything loaded once.

A value not found either resolves to a `New` placeholder (a worker, an organization or a
vocabulary entry to create when the import is written) or to None (an error to report).
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.contrib.auth import get_user_model

from tissage.directory.models import Organization
from tissage.lib.text import match_key
from tissage.people.models import Person
from tissage.vocabularies.models import Term

# In ImportRun.values and ImportProfile.values: "create a new entry for this value".
CREATE = "+"

_USERNAME = re.compile(r"[\w.@+-]{1,150}")


@lru_cache(maxsize=20_000)
def _cached_key(text: str) -> str:
    return match_key(text)


def key(text: str) -> str:
    """match_key, remembered for the short values that repeat down a column; letters and
    digits only (codes, identifiers), the key is the lower case."""
    if text.isascii() and text.isalnum():
        return text.lower()
    return _cached_key(text) if len(text) <= 200 else match_key(text)


@dataclass(frozen=True)
class New:
    """A record the import will create: what it is, and the normalized value that names it."""

    what: str  # "term", "worker", "organization"
    key: str


class Terms:
    """The entries of one vocabulary, found by French or English label, code or former label;
    a merged entry resolves to the one it was merged into."""

    def __init__(self, vocabulary: str, choices: dict[str, str], create_missing: bool) -> None:
        self.vocabulary = vocabulary
        self.create_missing = create_missing
        rows = list(
            Term.objects.of(vocabulary).values_list(
                "id", "code", "label_fr", "label_en", "aliases", "merged_into_id", "active"
            )
        )
        merged = {row[0]: row[5] for row in rows}
        self.by_key: dict[str, int] = {}
        self.by_code: dict[str, int] = {}
        # Active entries first, and French labels before the rest, win a shared key.
        ranked = sorted(rows, key=lambda row: (row[5] is not None, not row[6]))
        for rank in ("label_fr", "label_en", "code", "aliases"):
            for term_id, code, label_fr, label_en, aliases, _merged, _active in ranked:
                target = _canonical(term_id, merged)
                names = {"label_fr": [label_fr], "label_en": [label_en], "code": [code]}
                for name in names.get(rank, aliases if isinstance(aliases, list) else []):
                    if isinstance(name, str) and name.strip():
                        self.by_key.setdefault(key(name), target)
        for term_id, code, *_rest in rows:
            self.by_code[code] = _canonical(term_id, merged)
        self.choices = {key(value): code for value, code in (choices or {}).items()}
        self.codes = set(self.by_code)
        self.new_labels: dict[str, str] = {}  # key → the spelling first met in the file

    def resolve(self, value: str) -> int | New | None:
        value_key = key(value)
        chosen = self.choices.get(value_key)
        if chosen is not None and chosen != CREATE and chosen in self.by_code:
            return self.by_code[chosen]
        found = self.by_key.get(value_key)
        if found is not None:
            # Also when the choice was "create": an entry created by an earlier import.
            return found
        if chosen == CREATE or self.create_missing:
            self.new_labels.setdefault(value_key, value)
            return New("term", value_key)
        return None


def _canonical(term_id: int, merged: dict[int, int | None]) -> int:
    seen = set()
    while merged.get(term_id) is not None and term_id not in seen:
        seen.add(term_id)
        term_id = merged[term_id]  # type: ignore[assignment]
    return term_id


class Persons:
    """Persons by code, former codes included (a merged file's code leads to its survivor)."""

    def __init__(self) -> None:
        rows = list(Person.objects.values_list("id", "code", "former_codes", "merged_into_id"))
        merged = {row[0]: row[3] for row in rows}
        self.by_code: dict[str, int] = {}
        for person_id, code, _former, _merged in rows:
            self.by_code[code.casefold()] = _canonical(person_id, merged)
        for person_id, _code, former, _merged in rows:
            for old in former if isinstance(former, list) else []:
                self.by_code.setdefault(str(old).casefold(), _canonical(person_id, merged))

    def resolve(self, code: str) -> int | None:
        return self.by_code.get(code.casefold())


class Workers:
    """Users by user name, or by full name when only one user has it; an unknown user name
    (a code such as INT-04 in an old spreadsheet) becomes an inactive account."""

    def __init__(self) -> None:
        self.by_username: dict[str, int] = {}
        by_name: dict[str, list[int]] = {}
        for user_id, username, first, last in get_user_model().objects.values_list(
            "id", "username", "first_name", "last_name"
        ):
            self.by_username[username.casefold()] = user_id
            full = key(f"{first} {last}")
            if full:
                by_name.setdefault(full, []).append(user_id)
        self.by_name = {name: ids[0] for name, ids in by_name.items() if len(ids) == 1}
        self.new_names: dict[str, str] = {}

    def resolve(self, value: str) -> int | New | None:
        found = self.by_username.get(value.casefold()) or self.by_name.get(key(value))
        if found is not None:
            return found
        if not _USERNAME.fullmatch(value):
            return None
        self.new_names.setdefault(value.casefold(), value)
        return New("worker", value.casefold())


class Organizations:
    """Organizations of the directory by name, ignoring case and accents; new ones are added."""

    def __init__(self) -> None:
        self.by_key: dict[str, Any] = {}
        for org_id, name_key in Organization.objects.values_list("id", "name_key"):
            self.by_key.setdefault(name_key, org_id)
        self.new_names: dict[str, str] = {}

    def resolve(self, value: str) -> Any:
        value_key = key(value)
        found = self.by_key.get(value_key)
        if found is not None:
            return found
        self.new_names.setdefault(value_key, value)
        return New("organization", value_key)


DIRECTIONS = {
    "out": (
        "sortante",
        "sortant",
        "out",
        "outgoing",
        "vers",
        "to",
        "reference sortante",
        "referee vers",
        "s",
    ),
    "in": (
        "entrante",
        "entrant",
        "in",
        "incoming",
        "de",
        "from",
        "reference entrante",
        "referee par",
        "e",
    ),
}
OUTCOMES = {
    "pending": ("en attente", "a suivre", "en cours", "pending", "attente"),
    "done": ("fait", "faite", "realise", "realisee", "complete", "completee", "done", "oui"),
    "not_reached": (
        "non joint",
        "non jointe",
        "personne non jointe",
        "pas rejoint",
        "not reached",
        "injoignable",
    ),
}


def choice(value: str, table: dict[str, tuple[str, ...]]) -> str | None:
    value_key = key(value)
    for code, spellings in table.items():
        if value_key == code or value_key in spellings:
            return code
    return None
