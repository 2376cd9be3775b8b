"""The default membership categories, from the peer-support organization's report (seed 001):
"a yearly contribution of only 25 $ for individuals and 100 $ for organizations or businesses"."""

from decimal import Decimal
from typing import Any

DEFAULT_CATEGORIES: list[dict[str, Any]] = [
    {
        "code": "regular",
        "name": "Membre régulier",
        "name_en": "Regular member",
        "kind": "individual",
        "fee": Decimal("25.00"),
        "duration_months": 12,
        "order": 10,
    },
    {
        "code": "organization",
        "name": "Membre organisme ou entreprise",
        "name_en": "Organization or business member",
        "kind": "organization",
        "fee": Decimal("100.00"),
        "duration_months": 12,
        "order": 20,
    },
]


def load_default_categories(category_model: Any) -> int:
    """Create the default categories that are missing, by code; edited ones are left alone.
    Takes the model class so that a data migration can pass its historical model."""
    created = 0
    for spec in DEFAULT_CATEGORIES:
        _category, new = category_model.objects.get_or_create(
            code=spec["code"], defaults={k: v for k, v in spec.items() if k != "code"}
        )
        created += int(new)
    return created
