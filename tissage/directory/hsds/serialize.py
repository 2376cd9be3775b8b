"""Directory records as HSDS 3.0 objects: flat rows (one table row, every column) and the
nested forms of the API and of HSDS JSON ("list": one-to-one fields; "full": every related
object, as in the specification's examples).

HSDS holds one language per record: a `View` says which one (`tr()` gives the English text
when there is one, else the French). Whatever the view, a confidential address leaves only
its municipality (see `redact`). A public view leaves out the assurer's e-mail address and
the change history (user names of the staff); a staff view keeps them.
"""

import datetime
import decimal
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from tissage.directory import gazetteer
from tissage.directory.hsds.tables import tables
from tissage.directory.hsds.validate import schema
from tissage.directory.models import (
    AreaScope,
    Attribute,
    Bilingual,
    Metadata,
    Organization,
    Service,
    ServiceAtLocation,
)

LANGUAGES = ("fr", "en")

# Columns that give a confidential location away; its addresses keep the municipality.
LOCATION_SECRETS = (
    "latitude",
    "longitude",
    "transportation",
    "external_identifier",
    "external_identifier_type",
)
ADDRESS_SECRETS = ("attention", "address_1", "address_2", "postal_code")


@dataclass(frozen=True)
class View:
    language: str = "fr"
    staff: bool = False  # hidden records, the assurer's e-mail and the change history


# One row: every column of the HSDS table, JSON values, None when empty.


def row(table: str, obj: models.Model, view: View) -> dict[str, Any]:
    spec = tables()[table]
    bilingual = isinstance(obj, Bilingual)
    found: dict[str, Any] = {}
    for name in spec.column_names:
        field = spec.field(name)
        if field is None:
            found[name] = None
            continue
        if bilingual and hasattr(obj, f"{name}_en"):
            value: Any = obj.tr(name, view.language)  # type: ignore[attr-defined]
        else:
            value = getattr(obj, field.attname)
        found[name] = json_value(value)
    adjust = _ADJUST.get(table)
    if adjust is not None:
        adjust(obj, found, view)
    return found


def json_value(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        value = value.normalize()
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime.datetime):
        return timestamp(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    return value


def timestamp(moment: datetime.datetime) -> str:
    """UTC with milliseconds, as HSDS asks of `last_modified`: 2023-03-15T10:30:45.123Z."""
    utc = moment.astimezone(datetime.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _service(obj: Any, found: dict[str, Any], view: View) -> None:
    if not view.staff:
        found["assurer_email"] = None


def _term(obj: Any, found: dict[str, Any], view: View) -> None:
    found["taxonomy"] = obj.taxonomy.tr("name", view.language)
    found["language"] = view.language
    if obj.code == str(obj.id):  # a code Tissage made up for a term that had none
        found["code"] = None


def _metadata(obj: Any, found: dict[str, Any], view: View) -> None:
    found["last_action_date"] = timezone.localtime(obj.last_action_date).date().isoformat()


def _location(obj: Any, found: dict[str, Any], view: View) -> None:
    if obj.confidential_address:
        found.update(dict.fromkeys(LOCATION_SECRETS))


def _address(obj: Any, found: dict[str, Any], view: View) -> None:
    if obj.location.confidential_address:
        found.update(dict.fromkeys(ADDRESS_SECRETS))


def _service_area(obj: Any, found: dict[str, Any], view: View) -> None:
    if not found["name"]:
        found["name"] = area_name(obj) or None


def area_name(area: Any) -> str:
    """A name for an area entered as a place of the gazetteer only."""
    code = area.place_code
    if area.scope == AreaScope.PROVINCE:
        return "Québec"
    if area.scope == AreaScope.MUNICIPALITY and code:
        place = gazetteer.find(code)
        return place.name if place else ""
    if area.scope == AreaScope.MRC and code:
        found = gazetteer.find_mrc(code)
        return found[0] if found else ""
    return ""


_ADJUST = {
    "service": _service,
    "taxonomy_term": _term,
    "metadata": _metadata,
    "location": _location,
    "address": _address,
    "service_area": _service_area,
}


def clean(table: str, found: dict[str, Any]) -> dict[str, Any]:
    """A row as a JSON object: empty values left out, required ones kept as ""."""
    required = set(schema(table).get("required", ()))
    return {
        key: ("" if value is None else value)
        for key, value in found.items()
        if value is not None or key in required
    }


def obj(table: str, record: models.Model, view: View) -> dict[str, Any]:
    """A record as a JSON object. References to the parent are left out, as in the
    specification's examples: nesting says them (a phone under its service)."""
    found = row(table, record, view)
    for name in _nested_references(table):
        found.pop(name, None)
    return clean(table, found)


def _nested_references(table: str) -> list[str]:
    spec = tables()[table]
    kept = {"parent_id", "parent_organization_id"}  # a parent is not nested
    dropped = [ref.column for ref in spec.references if ref.column not in kept]
    return [
        *dropped,
        *(("link_id",) if table == "attribute" else ()),
        *(("resource_id",) if table == "metadata" else ()),
    ]


# Nested forms. `Links` holds the attributes (and, for staff, the history) of the records
# being shown, fetched in two queries; the rest comes from prefetch_related (see below).


class Links:
    def __init__(self, ids: Iterable[Any] | None, view: View) -> None:
        """`ids`: the records shown; None for every record (an export)."""
        self.view = view
        self.attributes: dict[Any, list[Attribute]] = defaultdict(list)
        self.metadata: dict[Any, list[Metadata]] = defaultdict(list)
        attributes = Attribute.objects.select_related("taxonomy_term__taxonomy")
        history = Metadata.objects.all()
        if ids is not None:
            wanted = {i for i in ids if i}
            attributes = attributes.filter(link_id__in=wanted)
            history = history.filter(resource_id__in=wanted)
        for attribute in attributes.order_by("id"):
            self.attributes[attribute.link_id].append(attribute)
        if view.staff:
            for entry in history.order_by("last_action_date", "id"):
                self.metadata[entry.resource_id].append(entry)

    def add_to(self, found: dict[str, Any], record_id: Any, *, history: bool = False) -> None:
        attributes = [self.attribute(a) for a in self.attributes.get(record_id, [])]
        if attributes:
            found["attributes"] = attributes
        if history and self.view.staff and self.metadata.get(record_id):
            found["metadata"] = [obj("metadata", m, self.view) for m in self.metadata[record_id]]

    def attribute(self, attribute: Attribute) -> dict[str, Any]:
        found = obj("attribute", attribute, self.view)
        term = attribute.taxonomy_term
        found["taxonomy_term"] = {
            **obj("taxonomy_term", term, self.view),
            "taxonomy_detail": obj("taxonomy", term.taxonomy, self.view),
        }
        return found


def _many(table: str, records: Iterable[models.Model], view: View) -> list[dict[str, Any]]:
    return [obj(table, record, view) for record in records]


def _put(found: dict[str, Any], key: str, items: list[dict[str, Any]]) -> None:
    if items:
        found[key] = items


def phone_full(phone: Any, view: View) -> dict[str, Any]:
    found = obj("phone", phone, view)
    _put(found, "languages", _many("language", phone.languages.all(), view))
    return found


def contact_full(contact: Any, view: View) -> dict[str, Any]:
    found = obj("contact", contact, view)
    _put(found, "phones", [phone_full(phone, view) for phone in contact.phones.all()])
    return found


def location_full(location: Any, links: Links) -> dict[str, Any]:
    view = links.view
    found = obj("location", location, view)
    _put(found, "languages", _many("language", location.languages.all(), view))
    _put(found, "addresses", _many("address", location.addresses.all(), view))
    _put(found, "contacts", [contact_full(c, view) for c in location.contacts.all()])
    _put(found, "accessibility", _many("accessibility", location.accessibility.all(), view))
    _put(found, "phones", [phone_full(phone, view) for phone in location.phones.all()])
    _put(found, "schedules", _many("schedule", location.schedules.all(), view))
    links.add_to(found, location.id)
    return found


def service_at_location_full(
    link: Any, links: Links, *, with_service: bool = False
) -> dict[str, Any]:
    view = links.view
    found = obj("service_at_location", link, view)
    _put(found, "contacts", [contact_full(c, view) for c in link.contacts.all()])
    _put(found, "phones", [phone_full(phone, view) for phone in link.phones.all()])
    _put(found, "schedules", _many("schedule", link.schedules.all(), view))
    found["location"] = location_full(link.location, links)
    if with_service:
        found["service"] = service_full(link.service, links, with_locations=False)
    links.add_to(found, link.id)
    return found


def organization_full(
    organization: Any, links: Links, *, services: str = "", with_locations: bool = True
) -> dict[str, Any]:
    """`services`: "" (none), "ids" (id and name of each) or "full"."""
    view = links.view
    found = obj("organization", organization, view)
    _put(found, "funding", _many("funding", organization.funding.all(), view))
    _put(found, "contacts", [contact_full(c, view) for c in organization.contacts.all()])
    _put(found, "phones", [phone_full(phone, view) for phone in organization.phones.all()])
    if with_locations:
        locations = [location_full(loc, links) for loc in organization.locations.all()]
        _put(found, "locations", locations)
    programs = []
    for program in organization.programs.all():
        item = obj("program", program, view)
        links.add_to(item, program.id)
        programs.append(item)
    _put(found, "programs", programs)
    identifiers = _many("organization_identifier", organization.identifiers.all(), view)
    _put(found, "organization_identifiers", identifiers)
    links.add_to(found, organization.id, history=True)
    if services == "ids":
        found["services"] = [
            {"id": str(s.id), "name": s.tr("name", view.language)}
            for s in organization.services.all()
        ]
    elif services == "full":
        found["services"] = [
            service_full(s, links, with_organization=False) for s in organization.services.all()
        ]
    return found


def service_list(service: Any, view: View) -> dict[str, Any]:
    found = obj("service", service, view)
    found["organization"] = obj("organization", service.organization, view)
    if service.program is not None:
        found["program"] = obj("program", service.program, view)
    return found


def service_full(
    service: Any, links: Links, *, with_organization: bool = True, with_locations: bool = True
) -> dict[str, Any]:
    view = links.view
    found = obj("service", service, view)
    _put(found, "phones", [phone_full(phone, view) for phone in service.phones.all()])
    _put(found, "schedules", _many("schedule", service.schedules.all(), view))
    _put(found, "service_areas", _many("service_area", service.service_areas.all(), view))
    if with_locations:
        sals = [service_at_location_full(s, links) for s in service.service_at_locations.all()]
        _put(found, "service_at_locations", sals)
    _put(found, "languages", _many("language", service.languages.all(), view))
    if with_organization:
        found["organization"] = organization_full(service.organization, links)
    _put(found, "funding", _many("funding", service.funding.all(), view))
    _put(found, "cost_options", _many("cost_option", service.cost_options.all(), view))
    if service.program is not None:
        found["program"] = obj("program", service.program, view)
    documents = _many("required_document", service.required_documents.all(), view)
    _put(found, "required_documents", documents)
    _put(found, "contacts", [contact_full(c, view) for c in service.contacts.all()])
    links.add_to(found, service.id, history=True)
    return found


def service_at_location_list(link: Any, view: View) -> dict[str, Any]:
    found = obj("service_at_location", link, view)
    found["location"] = obj("location", link.location, view)
    found["service"] = service_list(link.service, view)
    return found


def taxonomy_term_obj(term: Any, view: View) -> dict[str, Any]:
    return {
        **obj("taxonomy_term", term, view),
        "taxonomy_detail": obj("taxonomy", term.taxonomy, view),
    }


# What a view may see, and what to fetch to show it without a query per record.


def visible_services(view: View) -> QuerySet[Service]:
    return Service.objects.all() if view.staff else Service.objects.public()


def visible_organizations(view: View) -> QuerySet[Organization]:
    return Organization.objects.all() if view.staff else Organization.objects.filter(public=True)


def visible_location_q(view: View, prefix: str = "") -> Q:
    if view.staff:
        return Q()
    return Q(**{f"{prefix}organization__isnull": True}) | Q(
        **{f"{prefix}organization__public": True}
    )


def visible_links(view: View) -> QuerySet[ServiceAtLocation]:
    found = ServiceAtLocation.objects.filter(visible_location_q(view, "location__"))
    if not view.staff:
        found = found.filter(service__in=Service.objects.public())
    return found


_PHONES = ("phones__languages",)
_CONTACTS = ("contacts__phones__languages",)
_LOCATION = ("languages", "addresses", *_CONTACTS, "accessibility", *_PHONES, "schedules")
_ORGANIZATION = ("funding", *_CONTACTS, *_PHONES, "programs", "identifiers")


def _under(prefix: str, lookups: Iterable[str]) -> list[str]:
    return [f"{prefix}__{lookup}" for lookup in lookups]


def organization_lookups(prefix: str = "", *, with_locations: bool = True) -> list[Any]:
    def p(lookup: str) -> str:
        return f"{prefix}__{lookup}" if prefix else lookup

    found: list[Any] = [p(lookup) for lookup in _ORGANIZATION]
    if with_locations:
        found.append(p("locations"))
        found += _under(p("locations"), _LOCATION)
    return found


def service_lookups(view: View, prefix: str = "", *, with_organization: bool = True) -> list[Any]:
    def p(lookup: str) -> str:
        return f"{prefix}__{lookup}" if prefix else lookup

    links = Prefetch(
        p("service_at_locations"), queryset=visible_links(view).select_related("location")
    )
    found: list[Any] = [
        links,
        *_under(
            p("service_at_locations"),
            ("contacts__phones__languages", "phones__languages", "schedules"),
        ),
    ]
    found += _under(p("service_at_locations__location"), _LOCATION)
    found += [
        p(lookup)
        for lookup in (
            *_PHONES,
            "schedules",
            "service_areas",
            "languages",
            "funding",
            "cost_options",
            "required_documents",
            *_CONTACTS,
        )
    ]
    if with_organization:
        found += organization_lookups(p("organization"))
    return found


def link_ids_of_services(services: Iterable[Any]) -> set[Any]:
    """Ids of every record a full service shows (for `Links`)."""
    found: set[Any] = set()
    for service in services:
        found |= {service.id, service.organization_id, service.program_id}
        for link in service.service_at_locations.all():
            found |= {link.id, link.location_id}
        organization = service.organization
        found |= link_ids_of_organization(organization)
    return found


def link_ids_of_organization(organization: Any, *, with_locations: bool = True) -> set[Any]:
    found = {organization.id, *(program.id for program in organization.programs.all())}
    if with_locations:
        found |= {location.id for location in organization.locations.all()}
    return found
