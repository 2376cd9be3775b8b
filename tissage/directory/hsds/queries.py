"""What the HSDS API operations ask of the database: the records a view may see, filtered,
in the order they are listed, with what their nested forms need fetched in advance."""

import uuid
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from tissage.directory import gazetteer
from tissage.directory.hsds.schemas import OrganizationFilters, ServiceFilters
from tissage.directory.hsds.serialize import (
    View,
    organization_lookups,
    service_lookups,
    visible_links,
    visible_organizations,
    visible_services,
)
from tissage.directory.models import (
    Attribute,
    LinkEntity,
    Organization,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from tissage.directory.search import DEFAULT_RADIUS_KM, search
from tissage.lib.text import match_key

SEARCH_BATCH = 500
SEARCH_LIMIT = 10_000  # ranked results read from search() at most


def descendants(term_id: uuid.UUID) -> set[uuid.UUID]:
    children: dict[Any, list[Any]] = {}
    for child, parent in TaxonomyTerm.objects.values_list("id", "parent_id"):
        children.setdefault(parent, []).append(child)
    found, todo = {term_id}, [term_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def filtered_services(f: ServiceFilters, view: View) -> QuerySet[Service]:
    services = visible_services(view)
    if f.organization_id:
        services = services.filter(organization_id=f.organization_id)
    if f.modified_after:
        moment = f.modified_after
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        services = services.filter(last_modified__gte=moment)
    categories = Attribute.objects.filter(link_entity=LinkEntity.SERVICE)
    if f.taxonomy_term_id:
        terms = descendants(f.taxonomy_term_id)
        services = services.filter(
            id__in=categories.filter(taxonomy_term_id__in=terms).values("link_id")
        )
    if f.taxonomy_id:
        services = services.filter(
            id__in=categories.filter(taxonomy_term__taxonomy_id=f.taxonomy_id).values("link_id")
        )
    return services


def point_of(f: ServiceFilters) -> tuple[float, float] | None:
    return (f.lat, f.lon) if f.lat is not None and f.lon is not None else None


def radius_of(f: ServiceFilters) -> float:
    if f.radius:
        return f.radius
    return f.proximity / 1000 if f.proximity else DEFAULT_RADIUS_KM


def ranked(words: str, near: tuple[float, float] | None, radius: float, view: View) -> list[Any]:
    """Ids of the services that search() finds, best first."""
    found: list[Any] = []
    page = 1
    while len(found) < SEARCH_LIMIT:
        results = search(
            words,
            near=near,
            radius_km=radius,
            public_only=not view.staff,
            page=page,
            per_page=SEARCH_BATCH,
        )
        found.extend(hit.service.id for hit in results.hits)
        if not results.hits or page * SEARCH_BATCH >= results.total:
            break
        page += 1
    return found


def service_ids(f: ServiceFilters, view: View, *, near: bool = True) -> list[Any]:
    services = filtered_services(f, view)
    point = point_of(f) if near else None
    if f.search.strip() or point is not None:
        allowed = set(services.values_list("id", flat=True))
        return [i for i in ranked(f.search, point, radius_of(f), view) if i in allowed]
    return list(services.order_by("name_key", "id").values_list("id", flat=True))


def full_services(view: View) -> QuerySet[Service]:
    return Service.objects.select_related("organization", "program").prefetch_related(
        *service_lookups(view)
    )


def location_point(link: ServiceAtLocation) -> tuple[float, float] | None:
    """Where a service at a location is, for distances: the municipality's centre for a
    confidential address (its real place never serves a query)."""
    location = link.location
    if (
        not location.confidential_address
        and location.latitude is not None
        and location.longitude is not None
    ):
        return location.latitude, location.longitude
    place = gazetteer.find(location.municipality) if location.municipality else None
    return (place.latitude, place.longitude) if place else None


def link_ids(f: ServiceFilters, view: View) -> list[Any]:
    order = {service_id: rank for rank, service_id in enumerate(service_ids(f, view, near=False))}
    links = list(
        visible_links(view)
        .filter(service_id__in=list(order))
        .select_related("location")
        .prefetch_related("location__addresses")
    )
    point = point_of(f)
    if point is None:
        links.sort(key=lambda link: (order[link.service_id], link.location.name, str(link.id)))
        return [link.id for link in links]
    radius, placed = radius_of(f), []
    for link in links:
        where = location_point(link)
        if where is not None:
            km = gazetteer.distance_km(point[0], point[1], where[0], where[1])
            if km <= radius:
                placed.append((km, order[link.service_id], str(link.id), link.id))
    return [item[-1] for item in sorted(placed)]


def full_links(view: View) -> QuerySet[ServiceAtLocation]:
    services = full_services(view)
    return ServiceAtLocation.objects.select_related("location").prefetch_related(
        "contacts__phones__languages",
        "phones__languages",
        "schedules",
        *[
            f"location__{lookup}"
            for lookup in (
                "languages",
                "addresses",
                "contacts__phones__languages",
                "accessibility",
                "phones__languages",
                "schedules",
            )
        ],
        Prefetch("service", queryset=services),
    )


def organization_ids(f: OrganizationFilters, view: View) -> list[Any]:
    organizations = visible_organizations(view)
    words = f.search.strip()
    if words:
        organizations = organizations.filter(
            Q(name_key__contains=match_key(words))
            | Q(name_en__icontains=words)
            | Q(alternate_name__icontains=words)
            | Q(description__icontains=words)
            | Q(description_en__icontains=words)
        )
    return list(organizations.order_by("name_key", "id").values_list("id", flat=True))


def full_organizations(view: View, services: str) -> QuerySet[Organization]:
    shown = visible_services(view)
    if services == "full":
        shown = shown.prefetch_related(*service_lookups(view, with_organization=False))
    return Organization.objects.prefetch_related(
        *organization_lookups(), Prefetch("services", queryset=shown.order_by("name_key", "id"))
    )


def taxonomy_query(words: str) -> Q:
    if not words.strip():
        return Q()
    words = words.strip()
    return Q(name__icontains=words) | Q(name_en__icontains=words) | Q(code__icontains=words)


def terms(view: View) -> QuerySet[TaxonomyTerm]:
    terms = TaxonomyTerm.objects.select_related("taxonomy")
    return terms if view.staff else terms.filter(active=True)
