"""The form an organization fills through its private link, and how a proposed change is
read back and applied.

The form holds the organization's main fields and those of its services and (non-confidential)
locations, named by position (`o-name`, `s0-url`, `l1-city`), never by identifier: a posted
form can only reach the records the request's organization owns. A change proposed is a
`ProposedChange` row; nothing is applied before the team accepts it, and then through the same
tracked save as the staff's edit forms (field history, audit trail, search index).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from tissage.directory import hours
from tissage.directory.actions import save_tracked, updated_by
from tissage.directory.changes import record_changes, snapshot, stored_snapshot
from tissage.directory.models import (
    Address,
    Location,
    MetadataAction,
    Organization,
    Phone,
    ProposedChange,
    Service,
    ServiceStatus,
)
from tissage.directory.models.base import english_active

TEXT = {"rows": 3}


@dataclass(frozen=True)
class Spec:
    name: str
    label: Any
    make: Callable[[], forms.Field]
    note: bool = False  # read by the team, applied by hand (opening hours)


def _char(max_length: int = 250, required: bool = False) -> Callable[[], forms.Field]:
    return lambda: forms.CharField(max_length=max_length, required=required)


def _text() -> forms.Field:
    return forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs=TEXT))


def _url() -> forms.Field:
    return forms.URLField(required=False, max_length=200, assume_scheme="https")


ORGANIZATION_FIELDS = (
    Spec("name", _("Name"), _char(required=True)),
    Spec("name_en", _("Name (English)"), _char()),
    Spec("description", _("Description"), _text),
    Spec("description_en", _("Description (English)"), _text),
    Spec("email", _("E-mail address"), lambda: forms.EmailField(required=False)),
    Spec("website", _("Website"), _url),
    Spec("phone", _("Main phone"), _char(50)),
)
SERVICE_FIELDS = (
    Spec("name", _("Name"), _char(required=True)),
    Spec("name_en", _("Name (English)"), _char()),
    Spec("description", _("Description"), _text),
    Spec("description_en", _("Description (English)"), _text),
    Spec("url", _("Website"), _url),
    Spec("email", _("E-mail address"), lambda: forms.EmailField(required=False)),
    Spec("phone", _("Main phone"), _char(50)),
    Spec("application_process", _("How to apply"), _text),
    Spec("eligibility_description", _("Eligibility"), _text),
    Spec("fees_description", _("Fees"), _text),
    Spec("hours", _("Opening hours"), _text, note=True),
)
LOCATION_FIELDS = (
    Spec("address_1", _("Address"), _char()),
    Spec("city", _("Municipality"), _char(150)),
    Spec("postal_code", _("Postal code"), _char(10)),
)
SPECS = {
    "organization": {s.name: s for s in ORGANIZATION_FIELDS},
    "service": {s.name: s for s in SERVICE_FIELDS},
    "location": {s.name: s for s in LOCATION_FIELDS},
}
MODELS: dict[str, type[models.Model]] = {
    "organization": Organization,
    "service": Service,
    "location": Location,
}


def main_phone(record: models.Model) -> Phone | None:
    return record.phones.order_by("number", "pk").first()  # type: ignore[attr-defined]


def hours_text(service: Service) -> str:
    """The service's regular week as text, Monday first."""
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=(7 - today.weekday()) % 7)
    english = english_active()
    lines = []
    for day in hours.week_table(hours.rules_for(service), monday, english):
        if not day["known"]:
            continue
        name = formats.date_format(day["date"], "l")
        lines.append(f"{name}: {', '.join(day['periods']) or _('closed')}")
    return "\n".join(lines)


def current_value(record: models.Model, name: str) -> str:
    """What the record holds now for a field of the form, as text."""
    if name == "phone":
        phone = main_phone(record)
        return phone.number if phone else ""
    if name == "hours":
        return hours_text(record)  # type: ignore[arg-type]
    if isinstance(record, Location):
        address = record.main_address
        return str(getattr(address, name, "") or "") if address else ""
    return str(getattr(record, name, "") or "")


def _normal(value: Any) -> str:
    return str(value or "").replace("\r\n", "\n").strip()


@dataclass
class Section:
    kind: str  # organization, service, location
    record: models.Model
    prefix: str
    title: str
    names: list[str] = field(default_factory=list)  # the form's field names


def sections_of(organization: Organization) -> list[Section]:
    found = [Section("organization", organization, "o", organization.name)]
    services = organization.services.exclude(status=ServiceStatus.DEFUNCT).order_by("name", "pk")
    for index, service in enumerate(services):
        found.append(Section("service", service, f"s{index}", service.name))
    locations = organization.locations.filter(confidential_address=False).order_by("name", "pk")
    for index, location in enumerate(locations):
        address = location.main_address
        title = location.name or (str(address) if address else "") or location.municipality
        found.append(Section("location", location, f"l{index}", title))
    return found


class UpdateForm(forms.Form):
    comment = forms.CharField(
        label=_("Anything else to tell us?"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections_of(organization)
        for section in self.sections:
            for spec in SPECS[section.kind].values():
                name = f"{section.prefix}-{spec.name}"
                form_field = spec.make()
                form_field.label = spec.label
                form_field.initial = current_value(section.record, spec.name)
                self.fields[name] = form_field
                section.names.append(name)

    def section_fields(self) -> list[tuple[Section, list[forms.BoundField]]]:
        return [(s, [self[name] for name in s.names]) for s in self.sections]

    def proposed_changes(self) -> list[ProposedChange]:
        """One unsaved ProposedChange per field whose value differs from the record's."""
        changes = []
        for section in self.sections:
            for spec in SPECS[section.kind].values():
                name = f"{section.prefix}-{spec.name}"
                before = _normal(current_value(section.record, spec.name))
                after = _normal(self.cleaned_data.get(name))
                if before == after:
                    continue
                changes.append(
                    ProposedChange(
                        resource_type=section.kind,
                        resource_id=section.record.pk,
                        record_label=section.title[:250],
                        field_name=spec.name,
                        field_label=str(spec.label)[:250],
                        previous_value=before,
                        proposed_value=after,
                    )
                )
        return changes


# Applying an accepted change ------------------------------------------------------------


def record_of(change: ProposedChange) -> models.Model | None:
    model = MODELS.get(change.resource_type)
    if model is None:
        return None
    return model._default_manager.filter(pk=change.resource_id).first()


def is_note(change: ProposedChange) -> bool:
    spec = SPECS.get(change.resource_type, {}).get(change.field_name)
    return spec is None or spec.note


def _apply_phone(request: HttpRequest | None, record: models.Model, value: str) -> bool:
    phone = main_phone(record)
    if not value:
        if phone is None:
            return False
        record_changes(
            phone, snapshot(phone), updated_by=updated_by(request), action=MetadataAction.DELETE
        )
        phone.delete()
        return True
    if phone is None:
        phone = Phone(**{record._meta.model_name or "": record})
    before = stored_snapshot(phone)
    phone.number = value
    return bool(save_tracked(request, phone, before))


def _apply_address(request: HttpRequest | None, location: Location, name: str, value: str) -> bool:
    address = location.main_address or Address(location=location, address_1="", city="")
    before = stored_snapshot(address)
    setattr(address, name, value)
    return bool(save_tracked(request, address, before))


def apply(request: HttpRequest | None, change: ProposedChange) -> bool:
    """Write an accepted change to its record with its history; False when there was
    nothing to write (a note, a record deleted since, a value already there)."""
    record = record_of(change)
    if record is None or is_note(change):
        return False
    value = change.proposed_value
    if change.field_name == "phone":
        return _apply_phone(request, record, value)
    if isinstance(record, Location):
        return _apply_address(request, record, change.field_name, value)
    before = stored_snapshot(record)
    model_field = record._meta.get_field(change.field_name)
    setattr(record, change.field_name, model_field.clean(value, record))  # type: ignore[union-attr]
    return bool(save_tracked(request, record, before))
