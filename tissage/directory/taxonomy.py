"""The default taxonomy: Open Eligibility (CC BY-SA 3.0) with French labels written for
Tissage, the organization's own ("local") taxonomy, and default search hints.

`load_defaults` adds what is missing and leaves alone what exists: an edited label stays as
edited. Hints are matched by their words, so a default hint deleted by an administrator comes
back when the `load_taxonomy` command runs again. Migration 0004 calls it with historical
models; the command calls it with the real ones.
"""

import json
from pathlib import Path
from typing import Any

from tissage.directory.models.taxonomy import LOCAL, OPEN_ELIGIBILITY, stable_term_id
from tissage.lib.text import match_key

DATA = Path(__file__).resolve().parent / "data"


def _read(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def load_defaults(taxonomy_model: Any, term_model: Any, hint_model: Any) -> dict[str, int]:
    """Create the two taxonomies, the Open Eligibility terms and the default hints that are
    missing. Returns how many terms and hints were added."""
    open_eligibility, _created = taxonomy_model.objects.get_or_create(
        code=OPEN_ELIGIBILITY,
        defaults={
            "name": "Open Eligibility",
            "name_en": "Open Eligibility",
            "description": "Taxonomie des services sociaux et communautaires d'Open Referral "
            "(CC BY-SA 3.0), libellés français rédigés pour Tissage.",
            "description_en": "Open Referral's human services taxonomy (CC BY-SA 3.0).",
            "uri": "https://github.com/openreferral/openeligibility",
        },
    )
    taxonomy_model.objects.get_or_create(
        code=LOCAL,
        defaults={
            "name": "Termes de l'organisme",
            "name_en": "The organization's own terms",
            "description": "Catégories ajoutées par l'organisme.",
            "description_en": "Categories added by the organization.",
        },
    )
    source = _read("open_eligibility.json")
    french = _read("open_eligibility_fr.json")
    existing = {term.code: term for term in term_model.objects.filter(taxonomy=open_eligibility)}
    added = 0
    for row in source:
        if row["id"] in existing:
            continue
        existing[row["id"]] = term_model.objects.create(
            id=stable_term_id(OPEN_ELIGIBILITY, row["id"]),
            taxonomy=open_eligibility,
            code=row["id"],
            name=french.get(row["id"], row["name"]),
            name_en=row["name"],
        )
        added += 1
    for row in source:
        term = existing[row["id"]]
        parent = existing.get(row["parent_id"])
        if parent is not None and term.parent_id is None:
            term.parent = parent
            term.save(update_fields=["parent"])

    hints_added = 0
    for code, words in _read("search_hints_fr.json").items():
        term = existing.get(code)
        if term is None:
            continue
        known = set(hint_model.objects.filter(term=term).values_list("key", flat=True))
        for text in words:
            key = match_key(text)
            if key not in known:
                hint_model.objects.create(term=term, text=text, key=key)
                known.add(key)
                hints_added += 1
    return {"terms": added, "hints": hints_added}
