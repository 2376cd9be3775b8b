"""A person's own file as JSON and CSV, zipped (Law 25, s. 27: access and portability)."""

import csv
import io
import json
import zipfile
from typing import Any

from django.db.models import Model

from tissage.people.models import Person
from tissage.privacy.access import interventions_for, referrals_for

_PERSON_FIELDS = [
    "code",
    "alias",
    "first_name",
    "last_name",
    "gender",
    "age_group",
    "birth_year",
    "language",
    "municipality",
    "immigration_status",
    "country_of_origin",
    "income_source",
    "education_level",
    "newcomer",
    "team",
    "created_at",
    "updated_at",
]


def _value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Model):
        return getattr(value, "label", None) or str(value)
    return str(value)


def person_data(user: Any, person: Person) -> dict[str, list[dict[str, Any]]]:
    """Everything the file holds about the person, as the user may see it."""
    file = {name: _value(getattr(person, name)) for name in _PERSON_FIELDS}
    interventions = [
        {
            "date": str(item.date),
            "time": _value(item.time),
            "types": ", ".join(term.label for term in item.types.all()),
            "problems": ", ".join(term.label for term in item.problems.all()),
            "place": _value(item.place),
            "duration_minutes": item.duration_minutes,
            "notes": item.notes,
            "follow_up": item.follow_up,
        }
        for item in interventions_for(user)
        .filter(persons=person)
        .select_related("place")
        .prefetch_related("types", "problems")
        .order_by("date", "pk")
    ]
    referrals = [
        {
            "date": str(item.date),
            "direction": item.get_direction_display(),
            "organization": item.organization.name,
            "reason": item.reason,
            "outcome": item.get_outcome_display(),
            "notes": item.notes,
        }
        for item in referrals_for(user)
        .filter(person=person)
        .select_related("organization")
        .order_by("date", "pk")
    ]
    consents = [
        {
            "purpose": consent.get_purpose_display(),
            "given_on": str(consent.given_on),
            "ends_on": _value(consent.ends_on),
            "withdrawn_on": _value(consent.withdrawn_on),
            "notes": consent.notes,
        }
        for consent in person.consents.order_by("given_on", "pk")
    ]
    return {
        "person": [file],
        "interventions": interventions,
        "referrals": referrals,
        "consents": consents,
    }


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()


def person_zip(user: Any, person: Person) -> bytes:
    data = person_data(user, person)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            f"{person.code}.json", json.dumps(data, ensure_ascii=False, indent=2, default=str)
        )
        for name, rows in data.items():
            # UTF-8 with a byte-order mark: spreadsheet software then reads the accents right.
            archive.writestr(f"{person.code}-{name}.csv", "\ufeff" + _csv(rows))
    return buffer.getvalue()
