"""The 21 tables of HSDS 3.0 and how their columns land in the directory's models.

The tables, their columns, types and references come from HSDS's own data package
(`schema/datapackage.json`, copied from the specification). A column whose name is the
attribute name of a model field (`organization_id` is the column of the foreign key
`organization`) is stored in that field; the model field then decides how a cell is read
(a whole number for `PositiveIntegerField`, at most `max_length` characters, …).

What Tissage requires differs a little from HSDS, on purpose:
- RELAXED: HSDS requires them, Tissage accepts them empty (many community organizations have
  no description yet; a confidential address is exported as its municipality alone).
- TISSAGE_REQUIRED: HSDS lets them be empty, but a Tissage record cannot exist without them.
- UNKEPT: columns Tissage has no field for; an import says so for every filled cell.
"""

import datetime
import decimal
import functools
import json
import math
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_noop

from tissage.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Metadata,
    Organization,
    OrganizationIdentifier,
    Phone,
    Program,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from tissage.lib.tabular import ValueProblem

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"

MODELS: dict[str, type[models.Model] | None] = {
    "taxonomy": Taxonomy,
    "taxonomy_term": TaxonomyTerm,
    "organization": Organization,
    "program": Program,
    "location": Location,
    "service": Service,
    "service_at_location": ServiceAtLocation,
    "contact": Contact,
    "phone": Phone,
    "address": Address,
    "accessibility": Accessibility,
    "schedule": Schedule,
    "funding": Funding,
    "service_area": ServiceArea,
    "required_document": RequiredDocument,
    "language": Language,
    "cost_option": CostOption,
    "organization_identifier": OrganizationIdentifier,
    "attribute": Attribute,
    "metadata": Metadata,
    "meta_table_description": None,
}
# Parents before children: the order of writing, and of the files in an export.
ORDER = tuple(MODELS)

RELAXED = frozenset(
    {
        ("organization", "description"),
        ("program", "description"),
        ("taxonomy", "description"),
        ("taxonomy_term", "description"),
        ("address", "address_1"),
        ("address", "postal_code"),
        ("address", "state_province"),
        ("address", "country"),
        ("metadata", "previous_value"),
        ("metadata", "replacement_value"),
        ("metadata", "updated_by"),
    }
)
TISSAGE_REQUIRED = frozenset(
    {
        ("address", "location_id"),
        ("accessibility", "location_id"),
        ("service_area", "service_id"),
        ("required_document", "service_id"),
    }
)
# References HSDS leaves undeclared in its data package.
EXTRA_REFERENCES = {
    ("organization", "parent_organization_id"): "organization",
    ("taxonomy_term", "parent_id"): "taxonomy_term",
}
UNKEPT = frozenset({("service", "fees"), ("schedule", "timezone")})


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # HSDS tabular type: string, number, date, datetime, time
    format: str  # uuid, email, uri or ""
    required: bool  # as Tissage applies it (see RELAXED, TISSAGE_REQUIRED)
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    column: str
    table: str
    required: bool


@dataclass(frozen=True)
class TableSpec:
    name: str
    path: str
    model: type[models.Model] | None
    columns: tuple[Column, ...]
    references: tuple[Reference, ...]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def column(self, name: str) -> Column | None:
        return next((column for column in self.columns if column.name == name), None)

    def field(self, column: str) -> models.Field | None:  # type: ignore[type-arg]
        return _fields_by_attname(self.model).get(column) if self.model else None

    def reference(self, column: str) -> Reference | None:
        return next((ref for ref in self.references if ref.column == column), None)


def _fields_by_attname(model: type[models.Model]) -> dict[str, models.Field]:  # type: ignore[type-arg]
    return {field.attname: field for field in model._meta.concrete_fields}


@functools.cache
def package_template() -> dict[str, Any]:
    """HSDS's data package description, the template of every export."""
    return json.loads((SCHEMA_DIR / "datapackage.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@functools.cache
def tables() -> dict[str, TableSpec]:
    """The tables in writing order, keyed by HSDS object name."""
    found = {}
    for resource in package_template()["resources"]:
        name = resource["name"]
        schema = resource["schema"]
        columns = tuple(_column(name, field) for field in schema["fields"])
        references = []
        for key in schema.get("foreignKeys", []):
            column = key["fields"]
            references.append(
                Reference(column, key["reference"]["resource"], _required(columns, column))
            )
        for (table, column), target in EXTRA_REFERENCES.items():
            if table == name:
                references.append(Reference(column, target, _required(columns, column)))
        found[name] = TableSpec(name, resource["path"], MODELS[name], columns, tuple(references))
    return {name: found[name] for name in ORDER}


def _column(table: str, field: dict[str, Any]) -> Column:
    constraints = field.get("constraints", {})
    required = bool(constraints.get("required")) and (table, field["name"]) not in RELAXED
    required = required or (table, field["name"]) in TISSAGE_REQUIRED
    return Column(
        field["name"],
        field.get("type", "string"),
        field.get("format", ""),
        required,
        tuple(constraints.get("enum", ())),
    )


def _required(columns: tuple[Column, ...], name: str) -> bool:
    return any(column.name == name and column.required for column in columns)


# Reading one cell. Values come as CSV text or as JSON scalars; each parser returns the
# Python value the model field holds, or raises ValueProblem with an English message id.

_URL = URLValidator()


def parse_cell(spec: TableSpec, column: Column, raw: Any) -> Any:
    """The value of a cell, None when it is empty."""
    if isinstance(raw, dict | list):
        raise ValueProblem(
            gettext_noop("A single value is expected here, not a list or an object.")
        )
    if raw is None:
        return None
    if isinstance(raw, bool):
        raw = "true" if raw else "false"
    text = raw if isinstance(raw, str) else _number_text(raw)
    stripped = text.strip()
    if not stripped:
        return None
    if column.enum:
        return _enum(stripped, column.enum)
    field = spec.field(column.name)
    if field is None:
        if column.type == "number":
            _float(stripped)
        return text
    if isinstance(field, models.ForeignKey | models.UUIDField) or column.format == "uuid":
        return _uuid(stripped)
    if isinstance(field, models.IntegerField):
        return _integer(stripped, field)
    if isinstance(field, models.FloatField):
        return _float(stripped)
    if isinstance(field, models.DecimalField):
        return _decimal(stripped, field)
    if isinstance(field, models.DateTimeField):
        return _datetime(stripped)
    if isinstance(field, models.DateField):
        return _date(stripped)
    if isinstance(field, models.TimeField):
        return _time(stripped)
    if isinstance(field, models.EmailField):
        return _checked(
            stripped, field, validate_email, gettext_noop("This is not a valid e-mail address.")
        )
    if isinstance(field, models.URLField):
        return _checked(
            stripped,
            field,
            _URL,
            gettext_noop(
                "This is not a valid web address (it must start with http:// or https://)."
            ),
        )
    _check_length(text, field)
    return text


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _enum(value: str, allowed: tuple[str, ...]) -> str:
    for option in allowed:
        if value == option or value.casefold() == option.casefold():
            return option
    raise ValueProblem(
        gettext_noop("This value is not one of: %(allowed)s."), {"allowed": ", ".join(allowed)}
    )


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ValueProblem(gettext_noop("This is not a valid identifier (a UUID).")) from None


def _float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueProblem(gettext_noop("This is not a number.")) from None
    if not math.isfinite(number):
        raise ValueProblem(gettext_noop("This is not a number."))
    return number


def _integer(value: str, field: models.Field) -> int:  # type: ignore[type-arg]
    try:
        number = decimal.Decimal(value)
    except decimal.InvalidOperation:
        raise ValueProblem(gettext_noop("This is not a number.")) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueProblem(gettext_noop("This is not a whole number."))
    limit = (
        32767
        if isinstance(field, models.SmallIntegerField | models.PositiveSmallIntegerField)
        else 2147483647
    )
    positive = models.PositiveIntegerField | models.PositiveSmallIntegerField
    low = 0 if isinstance(field, positive) else -limit
    if not low <= number <= limit:
        raise ValueProblem(
            gettext_noop("This number must be between %(low)s and %(high)s."),
            {"low": low, "high": limit},
        )
    return int(number)


def _decimal(value: str, field: models.DecimalField) -> decimal.Decimal:  # type: ignore[type-arg]
    try:
        number = decimal.Decimal(value)
    except decimal.InvalidOperation:
        raise ValueProblem(gettext_noop("This is not a number.")) from None
    if not number.is_finite():
        raise ValueProblem(gettext_noop("This is not a number."))
    number = number.normalize()
    exponent = int(number.as_tuple().exponent)
    if -exponent > field.decimal_places:
        raise ValueProblem(
            gettext_noop("This amount has more than %(places)s decimals."),
            {"places": field.decimal_places},
        )
    if abs(number) >= 10 ** (field.max_digits - field.decimal_places):
        raise ValueProblem(gettext_noop("This amount is too large."))
    return number.quantize(decimal.Decimal(1).scaleb(-field.decimal_places))


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueProblem(gettext_noop("This is not a date (YYYY-MM-DD).")) from None


def _datetime(value: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ValueProblem(gettext_noop("This is not a date and time (ISO 8601).")) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment.astimezone(datetime.UTC)


def _time(value: str) -> datetime.time:
    try:
        return datetime.time.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        raise ValueProblem(gettext_noop("This is not a time (HH:MM or HH:MM:SS).")) from None


def _checked(value: str, field: models.Field, validator: Any, message_id: str) -> str:  # type: ignore[type-arg]
    try:
        validator(value)
    except ValidationError:
        raise ValueProblem(message_id) from None
    _check_length(value, field)
    return value


def _check_length(value: str, field: models.Field) -> None:  # type: ignore[type-arg]
    limit = getattr(field, "max_length", None)
    if limit and len(value) > limit:
        raise ValueProblem(
            gettext_noop("This value is longer than %(limit)s characters."), {"limit": limit}
        )
