"""The HSDS 3.0 API (Open Referral), mounted at /api/hsds/: the operations of the
specification's OpenAPI description (schema/openapi.json) with its Page wrapper, answering
HSDS objects that validate against its JSON Schemas. See docs/hsds.md.

The directory is public information: these operations are meant for the public and for
partners. They show what the public site shows (`Service.objects.public()`); a caller with
DIRECTORY_VIEW may add `include_hidden=true` to see hidden records too, with the assurer's
e-mail and the change history. A confidential address never leaves: its location shows the
municipality only, whoever asks.
"""

import contextlib
import math
import uuid
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from ninja import Query, Router

from tissage.directory.hsds import HSDS_VERSION, queries
from tissage.directory.hsds.schemas import (
    MAX_PER_PAGE,
    Common,
    Detail,
    OrganizationDetail,
    OrganizationFilters,
    Page,
    Root,
    ServiceFilters,
    ServiceListFilters,
    TaxonomyTermFilters,
)
from tissage.directory.hsds.serialize import (
    Links,
    View,
    link_ids_of_organization,
    link_ids_of_services,
    obj,
    organization_full,
    service_at_location_full,
    service_at_location_list,
    service_full,
    service_list,
    taxonomy_term_obj,
    timestamp,
    visible_links,
    visible_organizations,
    visible_services,
)
from tissage.directory.models import Organization, Service, ServiceAtLocation, Taxonomy
from tissage.privacy.access import Perm, api_public, can

router = Router(tags=["hsds"])

# The rule of every operation here: public data, open to anonymous callers; a signed-in
# caller's role still decides the staff-only options (include_hidden).
PUBLIC_READ = api_public

PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0"
SPECIFICATION_OPENAPI = (
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
)


def _view(request: HttpRequest, language: str, include_hidden: bool) -> View:
    staff = include_hidden and can(getattr(request, "user", None), Perm.DIRECTORY_VIEW)
    return View(language, staff)


def _page(
    ids: list[Any], f: Common, render: Callable[[list[Any]], list[dict[str, Any]]]
) -> dict[str, Any]:
    """The HSDS Page wrapper around one page of `ids`, rendered in their order."""
    per_page = max(1, min(f.per_page, MAX_PER_PAGE))
    page = max(1, f.page)
    total = len(ids)
    pages = math.ceil(total / per_page)
    contents = render(ids[(page - 1) * per_page : page * per_page])
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def _in_order(query: QuerySet[Any], ids: list[Any]) -> list[Any]:
    found = query.in_bulk(ids)
    return [found[i] for i in ids if i in found]


def _uuid_or_404(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


@router.get("", response=Root, auth=PUBLIC_READ, operation_id="hsds_root")
def root(request: HttpRequest) -> dict[str, Any]:
    """Information about this API and its relationship with HSDS."""
    openapi = SPECIFICATION_OPENAPI
    match = request.resolver_match
    if match is not None and match.namespace:
        with contextlib.suppress(NoReverseMatch):
            openapi = request.build_absolute_uri(reverse(f"{match.namespace}:openapi-json"))
    return {"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": openapi}


# The same at /api/hsds/ (the access-matrix test and some clients ask without the slash).
@router.get(
    "/", response=Root, auth=PUBLIC_READ, operation_id="hsds_root_slash", include_in_schema=False
)
def root_slash(request: HttpRequest) -> dict[str, Any]:
    return root(request)


# Services


def _render_full(view: View) -> Callable[[list[Any]], list[dict[str, Any]]]:
    def render(ids: list[Any]) -> list[dict[str, Any]]:
        services = _in_order(queries.full_services(view), ids)
        links = Links(link_ids_of_services(services), view)
        return [service_full(service, links) for service in services]

    return render


@router.get("/services", response=Page, auth=PUBLIC_READ, operation_id="hsds_services")
def services(request: HttpRequest, f: Query[ServiceListFilters]) -> dict[str, Any]:
    """Paginated services: one-to-one fields with their organization and program; `full`
    for fully nested services, `minimal` for id and last_modified only."""
    view = _view(request, f.language, f.include_hidden)
    ids = queries.service_ids(f, view)
    if f.minimal:
        stamps = dict(Service.objects.filter(id__in=ids).values_list("id", "last_modified"))
        return _page(
            ids,
            f,
            lambda page: [{"id": str(i), "last_modified": timestamp(stamps[i])} for i in page],
        )
    if f.full:
        return _page(ids, f, _render_full(view))
    listing = Service.objects.select_related("organization", "program")
    return _page(ids, f, lambda page: [service_list(s, view) for s in _in_order(listing, page)])


@router.get(
    "/services/{id}", response=dict[str, Any], auth=PUBLIC_READ, operation_id="hsds_service"
)
def service(request: HttpRequest, id: str, f: Query[Detail]) -> dict[str, Any]:
    """A fully nested service."""
    view = _view(request, f.language, f.include_hidden)
    found = visible_services(view).filter(id=_uuid_or_404(id))
    records = _in_order(queries.full_services(view), list(found.values_list("id", flat=True)))
    if not records:
        raise Http404
    return service_full(records[0], Links(link_ids_of_services(records), view))


# Services at locations


@router.get(
    "/service_at_locations",
    response=Page,
    auth=PUBLIC_READ,
    operation_id="hsds_service_at_locations",
)
def service_at_locations(request: HttpRequest, f: Query[ServiceFilters]) -> dict[str, Any]:
    """Paginated services at locations, nearest first around lat, lon."""
    view = _view(request, f.language, f.include_hidden)
    ids = queries.link_ids(f, view)
    if f.full:
        return _page(ids, f, lambda page: _render_links(page, view))
    listing = ServiceAtLocation.objects.select_related(
        "location", "service__organization", "service__program"
    )
    return _page(
        ids,
        f,
        lambda page: [service_at_location_list(link, view) for link in _in_order(listing, page)],
    )


def _render_links(ids: list[Any], view: View) -> list[dict[str, Any]]:
    links = _in_order(queries.full_links(view), ids)
    ids_shown = link_ids_of_services([link.service for link in links]) | {
        link.location_id for link in links
    }
    shown = Links(ids_shown, view)
    return [service_at_location_full(link, shown, with_service=True) for link in links]


@router.get(
    "/service_at_locations/{id}",
    response=dict[str, Any],
    auth=PUBLIC_READ,
    operation_id="hsds_service_at_location",
)
def service_at_location(request: HttpRequest, id: str, f: Query[Detail]) -> dict[str, Any]:
    """A fully nested service at a location, with its service."""
    view = _view(request, f.language, f.include_hidden)
    found = list(visible_links(view).filter(id=_uuid_or_404(id)).values_list("id", flat=True))
    rendered = _render_links(found, view)
    if not rendered:
        raise Http404
    return rendered[0]


# Organizations


def _render_organizations(ids: list[Any], view: View, services: str) -> list[dict[str, Any]]:
    organizations = _in_order(queries.full_organizations(view, services), ids)
    shown: set[Any] = set()
    for organization in organizations:
        shown |= link_ids_of_organization(organization)
        if services == "full":
            shown |= link_ids_of_services(organization.services.all())
    links = Links(shown, view)
    return [organization_full(o, links, services=services) for o in organizations]


@router.get("/organizations", response=Page, auth=PUBLIC_READ, operation_id="hsds_organizations")
def organizations(request: HttpRequest, f: Query[OrganizationFilters]) -> dict[str, Any]:
    """Paginated organizations: one-to-one fields; `full` for fully nested organizations
    (with the id and name of their services), `full_service` with their services nested."""
    view = _view(request, f.language, f.include_hidden)
    ids = queries.organization_ids(f, view)
    if f.full or f.full_service:
        services = "full" if f.full_service else "ids"
        return _page(ids, f, lambda page: _render_organizations(page, view, services))
    listing = Organization.objects.all()
    return _page(
        ids, f, lambda page: [obj("organization", o, view) for o in _in_order(listing, page)]
    )


@router.get(
    "/organizations/{id}",
    response=dict[str, Any],
    auth=PUBLIC_READ,
    operation_id="hsds_organization",
)
def organization(request: HttpRequest, id: str, f: Query[OrganizationDetail]) -> dict[str, Any]:
    """A fully nested organization, with the id and name of its services (`full_service`:
    its services fully nested)."""
    view = _view(request, f.language, f.include_hidden)
    found = list(
        visible_organizations(view).filter(id=_uuid_or_404(id)).values_list("id", flat=True)
    )
    rendered = _render_organizations(found, view, "full" if f.full_service else "ids")
    if not rendered:
        raise Http404
    return rendered[0]


# Taxonomies


@router.get("/taxonomies", response=Page, auth=PUBLIC_READ, operation_id="hsds_taxonomies")
def taxonomies(request: HttpRequest, f: Query[Common]) -> dict[str, Any]:
    """Paginated taxonomies."""
    view = _view(request, f.language, f.include_hidden)
    found = Taxonomy.objects.filter(queries.taxonomy_query(f.search)).order_by("name", "id")
    ids = list(found.values_list("id", flat=True))
    return _page(
        ids, f, lambda page: [obj("taxonomy", t, view) for t in _in_order(Taxonomy.objects, page)]
    )


@router.get(
    "/taxonomies/{id}", response=dict[str, Any], auth=PUBLIC_READ, operation_id="hsds_taxonomy"
)
def taxonomy(request: HttpRequest, id: str, f: Query[Detail]) -> dict[str, Any]:
    view = _view(request, f.language, f.include_hidden)
    found = Taxonomy.objects.filter(id=_uuid_or_404(id)).first()
    if found is None:
        raise Http404
    return obj("taxonomy", found, view)


@router.get("/taxonomy_terms", response=Page, auth=PUBLIC_READ, operation_id="hsds_taxonomy_terms")
def taxonomy_terms(request: HttpRequest, f: Query[TaxonomyTermFilters]) -> dict[str, Any]:
    """Paginated taxonomy terms, each with its taxonomy (`taxonomy_detail`)."""
    view = _view(request, f.language, f.include_hidden)
    found = queries.terms(view).filter(queries.taxonomy_query(f.search))
    if f.taxonomy_id:
        found = found.filter(taxonomy_id=f.taxonomy_id)
    if f.parent_id:
        found = found.filter(parent_id=f.parent_id)
    if f.top_only:
        found = found.filter(parent__isnull=True)
    ids = list(found.order_by("taxonomy__code", "code", "id").values_list("id", flat=True))
    return _page(
        ids,
        f,
        lambda page: [taxonomy_term_obj(t, view) for t in _in_order(queries.terms(view), page)],
    )


@router.get(
    "/taxonomy_terms/{id}",
    response=dict[str, Any],
    auth=PUBLIC_READ,
    operation_id="hsds_taxonomy_term",
)
def taxonomy_term(request: HttpRequest, id: str, f: Query[Detail]) -> dict[str, Any]:
    view = _view(request, f.language, f.include_hidden)
    found = queries.terms(view).filter(id=_uuid_or_404(id)).first()
    if found is None:
        raise Http404
    return taxonomy_term_obj(found, view)
