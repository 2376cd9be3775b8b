"""HSDS JSON: nested objects as the API serves them and as the specification's examples show.

Export: a list of organizations, each "full" (locations, programs, contacts, …) with its
services "full" under `services`; one file per language. It holds every organization and
service the view may see; the tabular package remains the complete exchange (taxonomy terms
no service uses, history of every record).

Import accepts one object, a list of objects, an API page (`{"contents": [...]}`), or the
tabular form (`{"organizations.csv": [...], ...}`, the specification's tabular.json). Nested
objects are flattened into table rows, their parent's id filling the reference (a phone under
a service gets `service_id`), then loaded like a data package (load.py). An object met
several times (the same phone under a service and its location) becomes one row holding
every reference.
"""

import json
from pathlib import Path
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_noop

from tissage.directory.hsds.checks import Incoming, IncomingRow
from tissage.directory.hsds.load import load
from tissage.directory.hsds.report import Report
from tissage.directory.hsds.serialize import (
    LANGUAGES,
    Links,
    View,
    organization_full,
    organization_lookups,
    service_lookups,
    visible_organizations,
    visible_services,
)
from tissage.directory.hsds.tables import tables
from tissage.lib.tabular import MAX_UNZIPPED_BYTES, TabularError, check_size, decode

# parent table → key → (child table, the child's column that names the parent)
CHILDREN: dict[str, dict[str, tuple[str, str]]] = {
    "organization": {
        "funding": ("funding", "organization_id"),
        "contacts": ("contact", "organization_id"),
        "phones": ("phone", "organization_id"),
        "locations": ("location", "organization_id"),
        "programs": ("program", "organization_id"),
        "organization_identifiers": ("organization_identifier", "organization_id"),
        "services": ("service", "organization_id"),
    },
    "service": {
        "phones": ("phone", "service_id"),
        "schedules": ("schedule", "service_id"),
        "service_areas": ("service_area", "service_id"),
        "service_at_locations": ("service_at_location", "service_id"),
        "languages": ("language", "service_id"),
        "funding": ("funding", "service_id"),
        "cost_options": ("cost_option", "service_id"),
        "required_documents": ("required_document", "service_id"),
        "contacts": ("contact", "service_id"),
    },
    "service_at_location": {
        "contacts": ("contact", "service_at_location_id"),
        "phones": ("phone", "service_at_location_id"),
        "schedules": ("schedule", "service_at_location_id"),
    },
    "location": {
        "languages": ("language", "location_id"),
        "addresses": ("address", "location_id"),
        "contacts": ("contact", "location_id"),
        "accessibility": ("accessibility", "location_id"),
        "phones": ("phone", "location_id"),
        "schedules": ("schedule", "location_id"),
    },
    "contact": {"phones": ("phone", "contact_id")},
    "phone": {"languages": ("language", "phone_id")},
}
# parent table → key → (child table, the parent's column that names the child)
SINGLE: dict[str, dict[str, tuple[str, str]]] = {
    "service": {
        "organization": ("organization", "organization_id"),
        "program": ("program", "program_id"),
    },
    "service_at_location": {
        "location": ("location", "location_id"),
        "service": ("service", "service_id"),
    },
    "attribute": {"taxonomy_term": ("taxonomy_term", "taxonomy_term_id")},
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", "taxonomy_id")},
}
KINDS = ("organization", "service", "service_at_location", "location", "taxonomy", "taxonomy_term")


# Export


def export_json(language: str = "fr", *, staff: bool = False) -> list[dict[str, Any]]:
    view = View(language, staff)
    services = visible_services(view).prefetch_related(
        *service_lookups(view, with_organization=False)
    )
    organizations = visible_organizations(view).prefetch_related(
        *organization_lookups(), Prefetch("services", queryset=services)
    )
    links = Links(None, view)
    return [organization_full(o, links, services="full") for o in organizations.order_by("id")]


def write_json(target: Path, language: str = "fr", *, staff: bool = False) -> list[dict[str, Any]]:
    found = export_json(language, staff=staff)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(found, ensure_ascii=False, indent=2), encoding="utf-8")
    return found


# Import


def import_json(
    source: Path | str | bytes,
    *,
    language: str = "fr",
    kind: str = "",
    updated_by: str = "HSDS import",
    dry_run: bool = False,
    user: Any = None,
) -> Report:
    """Read HSDS JSON (a file or its bytes) and load it. `kind`: the HSDS object of the
    top-level items when they cannot be told apart (see `detect`)."""
    if language not in LANGUAGES or (kind and kind not in KINDS):
        raise ValueError(language if language not in LANGUAGES else kind)
    name = "document.json" if isinstance(source, bytes) else Path(source).name
    report = Report(source=name)
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        check_size(len(data), MAX_UNZIPPED_BYTES)
        document = json.loads(decode(data)[0])
    except TabularError as error:
        report.error(name, None, "", error.problem.message_id, error.problem.params)
        return report
    except (OSError, ValueError) as error:
        report.error(
            name,
            None,
            "",
            gettext_noop("This is not a JSON file that can be read (%(error)s)."),
            {"error": str(error)[:200]},
        )
        return report
    incoming = Flattener(name, report).document(document, kind)
    # Even when the structure is wrong somewhere, every cell is checked (nothing is written).
    return load(
        incoming,
        language=language,
        updated_by=updated_by,
        report=report,
        dry_run=dry_run,
        user=user,
    )


def detect(item: dict[str, Any]) -> str:
    """The HSDS object an item most likely is, from the fields only it has."""
    keys = set(item)
    if "status" in keys:
        return "service"
    if isinstance(item.get("location"), dict) or isinstance(item.get("service"), dict):
        return "service_at_location"
    if keys & {"location_type", "addresses", "accessibility", "latitude", "longitude"}:
        return "location"
    if keys & {"taxonomy_detail", "taxonomy_id", "parent_id", "code", "term_uri"}:
        return "taxonomy_term"
    if keys <= {"id", "name", "description", "uri", "version", "metadata"} and "version" in keys:
        return "taxonomy"
    return "organization"


class Flattener:
    """Nested HSDS objects → rows by table (see the module docstring)."""

    def __init__(self, file: str, report: Report) -> None:
        self.file, self.report = file, report
        self.rows: dict[str, dict[Any, IncomingRow]] = {name: {} for name in tables()}
        self.anonymous: dict[str, list[IncomingRow]] = {name: [] for name in tables()}
        self.unknown: set[tuple[str, str]] = set()

    def document(self, document: Any, kind: str = "") -> Incoming:
        if isinstance(document, dict) and _is_tabular(document):
            self._tabular(document)
        else:
            items, path = document, "$"
            if isinstance(document, dict) and isinstance(document.get("contents"), list):
                items, path = document["contents"], "$.contents"
            if isinstance(items, dict):
                self.object(kind or detect(items), items, "$", {})
            elif isinstance(items, list):
                for index, item in enumerate(items):
                    if self._is_object(item, f"{path}[{index}]"):
                        self.object(kind or detect(item), item, f"{path}[{index}]", {})
            else:
                self.report.error(
                    self.file,
                    "$",
                    "",
                    gettext_noop("An HSDS object or a list of them is expected here."),
                )
        self._programs_follow_services()
        incoming = Incoming()
        for name in tables():
            incoming.rows[name] = [*self.rows[name].values(), *self.anonymous[name]]
            incoming.files[name] = self.file
        return incoming

    def _is_object(self, item: Any, path: str) -> bool:
        if isinstance(item, dict):
            return True
        self.report.error(self.file, path, "", gettext_noop("An HSDS object is expected here."))
        return False

    def object(self, table: str, item: dict[str, Any], path: str, inherited: dict[str, Any]) -> Any:
        """Add one object and everything nested in it; returns its id."""
        columns = set(tables()[table].column_names)
        values = {key: value for key, value in item.items() if key in columns}
        for key, value in inherited.items():
            values.setdefault(key, value)
        own_id = values.get("id")
        children, single = CHILDREN.get(table, {}), SINGLE.get(table, {})
        for key, value in item.items():
            if key in single:
                child_table, column = single[key]
                if self._is_object(value, f"{path}.{key}"):
                    inherit = self._inherit_for_single(table, key, values)
                    child_id = self.object(child_table, value, f"{path}.{key}", inherit)
                    if child_id is not None:
                        values.setdefault(column, child_id)
            elif key in children or key in ("attributes", "metadata"):
                self._children(table, key, value, path, own_id)
            elif key not in columns and (table, key) not in self.unknown:
                self.unknown.add((table, key))
                self.report.warning(
                    self.file,
                    f"{path}.{key}",
                    key,
                    gettext_noop("This field is not an HSDS field of this object; it is left out."),
                )
        self._add(table, values, path)
        return own_id

    def _inherit_for_single(self, table: str, key: str, values: dict[str, Any]) -> dict[str, Any]:
        if table == "service" and key == "program" and values.get("organization_id"):
            return {"organization_id": values["organization_id"]}
        return {}

    def _children(self, table: str, key: str, value: Any, path: str, own_id: Any) -> None:
        if not isinstance(value, list):
            self.report.error(
                self.file, f"{path}.{key}", key, gettext_noop("A list is expected here.")
            )
            return
        if key == "attributes":
            child_table = "attribute"
            inherit = {"link_id": own_id, "link_entity": table}
        elif key == "metadata":
            child_table = "metadata"
            inherit = {"resource_id": own_id, "resource_type": table}
        else:
            child_table, column = CHILDREN[table][key]
            inherit = {column: own_id}
        for index, child in enumerate(value):
            where = f"{path}.{key}[{index}]"
            if self._is_object(child, where):
                self.object(child_table, child, where, inherit if own_id is not None else {})

    def _add(self, table: str, values: dict[str, Any], path: str) -> None:
        record_id = values.get("id")
        if not isinstance(record_id, str) or not record_id:
            self.anonymous[table].append(IncomingRow(path, values))
            return
        key = record_id.strip().lower()
        known = self.rows[table].get(key)
        if known is None:
            self.rows[table][key] = IncomingRow(path, values)
            return
        for column, value in values.items():
            held = known.values.get(column)
            if held in (None, ""):
                known.values[column] = value
            elif value not in (None, "") and value != held:
                self.report.error(
                    self.file,
                    path,
                    column,
                    gettext_noop("This object appears elsewhere with another value (%(where)s)."),
                    {"where": known.where},
                    value,
                )

    def _programs_follow_services(self) -> None:
        """A program shown under a service belongs to the service's organization."""
        for service in self.rows["service"].values():
            program_id, organization_id = (
                service.values.get("program_id"),
                service.values.get("organization_id"),
            )
            program = self.rows["program"].get(str(program_id).lower()) if program_id else None
            if program is not None and organization_id:
                program.values.setdefault("organization_id", organization_id)

    def _tabular(self, document: dict[str, Any]) -> None:
        by_key = {spec.path: name for name, spec in tables().items()}
        by_key.update({name: name for name in tables()})
        for key, items in document.items():
            table = by_key.get(key)
            if table is None or not isinstance(items, list):
                self.report.warning(
                    self.file,
                    f"$.{key}",
                    "",
                    gettext_noop("This is not an HSDS table; it is left out."),
                )
                continue
            for index, item in enumerate(items):
                where = f"$.{key}[{index}]"
                if self._is_object(item, where):
                    self.anonymous[table].append(IncomingRow(where, dict(item)))


def _is_tabular(document: dict[str, Any]) -> bool:
    names = {spec.path for spec in tables().values()} | set(tables())
    return bool(document) and all(key in names for key in document) and "contents" not in document
