"""The default vocabularies, taken from the source reports (defaults.json beside this file)."""

import json
from pathlib import Path
from typing import Any

DEFAULTS_FILE = Path(__file__).with_name("defaults.json")


def default_vocabularies() -> list[dict[str, Any]]:
    with DEFAULTS_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)["vocabularies"]


def load_defaults(vocabulary_model: Any, term_model: Any) -> int:
    """Create the vocabularies and entries that are missing, by code; return how many entries.

    Existing entries are left as the organization edited them. Takes the model classes so that
    a data migration can pass its historical models.
    """
    created = 0
    for spec in default_vocabularies():
        vocabulary, _new = vocabulary_model.objects.get_or_create(
            code=spec["code"],
            defaults={
                "label_fr": spec["label_fr"],
                "label_en": spec["label_en"],
                "description_fr": spec.get("description_fr", ""),
                "description_en": spec.get("description_en", ""),
            },
        )
        known = set(term_model.objects.filter(vocabulary=vocabulary).values_list("code", flat=True))
        for order, term in enumerate(spec["terms"], start=1):
            if term["code"] in known:
                continue
            term_model.objects.create(
                vocabulary=vocabulary,
                code=term["code"],
                label_fr=term["label_fr"],
                label_en=term["label_en"],
                order=order * 10,
            )
            created += 1
    return created
