"""Field-level history of directory records: HSDS `metadata` rows.

Take a `snapshot` of a record before changing it, then `record_changes` after: one Metadata
row per field whose value changed (all filled fields on creation, all fields on deletion).
Directory records are public information, so values are kept; personal files never come here.
"""

import datetime
import decimal
import uuid
from typing import Any

from django.db import models
from django.utils import timezone

from tissage.directory.models import Metadata, MetadataAction

# Fields that change by themselves or only mirror another one.
# The verification state is kept apart from editing: its own log (Verification), no history rows.
SKIPPED = frozenset(
    {
        "id",
        "name_key",
        "created_at",
        "updated_at",
        "last_modified",
        "key",
        "last_verified_on",
        "verified_by",
        "verification_method",
        "verification_cycle_months",
        "verification_due_on",
    }
)

# HSDS object names of our models, where they differ from the model name.
HSDS_NAMES = {
    "serviceatlocation": "service_at_location",
    "servicearea": "service_area",
    "costoption": "cost_option",
    "requireddocument": "required_document",
    "taxonomyterm": "taxonomy_term",
    "organizationidentifier": "organization_identifier",
    "searchhint": "search_hint",
}


def resource_type(obj: models.Model) -> str:
    name = obj._meta.model_name or ""
    return HSDS_NAMES.get(name, name)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def snapshot(obj: models.Model | None) -> dict[str, str]:
    """The record's fields as text (foreign keys as the related id)."""
    if obj is None:
        return {}
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED:
            continue
        values[field.name] = _text(getattr(obj, field.attname))
    return values


def stored_snapshot(obj: models.Model) -> dict[str, str] | None:
    """The snapshot of the record as the database holds it, None when it is new."""
    if obj.pk is None or obj._state.adding:
        return None
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return snapshot(stored) if stored is not None else None


def record_changes(
    obj: models.Model,
    before: dict[str, str] | None,
    *,
    updated_by: str,
    action: str | None = None,
    extra: dict[str, tuple[str, str]] | None = None,
    resource_id: Any = None,
) -> list[str]:
    """Write the Metadata rows of one change and return the names of the changed fields.

    `extra`: changes that are not fields of the record (its categories, languages, …) as
    {name: (previous, replacement)}.
    """
    after = snapshot(obj) if action != MetadataAction.DELETE else {}
    if action is None:
        action = MetadataAction.CREATE if before is None else MetadataAction.UPDATE
    before = before or {}
    changes = {
        name: (before.get(name, ""), after.get(name, ""))
        for name in sorted(set(before) | set(after))
        if before.get(name, "") != after.get(name, "")
    }
    for name, (previous, replacement) in (extra or {}).items():
        if previous != replacement:
            changes[name] = (previous, replacement)
    now = timezone.now()
    Metadata.objects.bulk_create(
        Metadata(
            resource_id=resource_id or obj.pk,
            resource_type=resource_type(obj),
            last_action_date=now,
            last_action_type=action,
            field_name=name,
            previous_value=previous,
            replacement_value=replacement,
            updated_by=updated_by,
        )
        for name, (previous, replacement) in changes.items()
    )
    return list(changes)


def history_of(*objects: models.Model) -> models.QuerySet[Metadata]:
    return Metadata.objects.filter(resource_id__in=[obj.pk for obj in objects])
