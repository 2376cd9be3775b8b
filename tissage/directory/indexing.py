"""Keeping the search index in step with the records.

A service's entry gathers what search needs from many records (organization, locations,
addresses, areas, languages, categories, hints, schedules). Signals on each of those models
reindex the services they touch, right away: a page that saves a record finds it in search
at once. Bulk writes fire no signals: wrap them in `deferred()` or call `reindex_services`
afterwards. `deferred()` also groups the many saves of one form into one reindex.
"""

import math
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from tissage.directory import gazetteer
from tissage.directory.hours import rules_from
from tissage.directory.models import (
    Address,
    AreaScope,
    Attribute,
    Language,
    LinkEntity,
    Location,
    LocationType,
    Organization,
    Schedule,
    SearchEntry,
    SearchHint,
    SearchHours,
    SearchPoint,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from tissage.directory.textsearch import document, token

CHUNK = 500

# Map cells: one token per resolution for each point, so that "near" becomes a few tokens
# of the full-text query (see search.py). Sizes in degrees.
CELL_SIZES = (("a", 0.1), ("b", 0.5), ("c", 2.0))


def _cell(prefix: str, size: float, latitude: float, longitude: float) -> str:
    row, col = math.floor(latitude / size), math.floor(longitude / size)
    return f"zg{prefix}{str(row).replace('-', 'm')}x{str(col).replace('-', 'm')}"


def cell_tokens(latitude: float, longitude: float) -> list[str]:
    return [_cell(prefix, size, latitude, longitude) for prefix, size in CELL_SIZES]


def cells_around(latitude: float, longitude: float, radius_km: float) -> list[str]:
    """Tokens of the cells that cover a circle, at the finest resolution that needs at most
    24 of them: finer cells leave fewer services to measure, but each cell is one more
    token for the full-text index to rank with."""
    dlat = radius_km / 111.2
    dlon = radius_km / (111.2 * max(0.2, math.cos(math.radians(latitude))))
    for prefix, size in CELL_SIZES:
        rows = range(math.floor((latitude - dlat) / size), math.floor((latitude + dlat) / size) + 1)
        cols = range(
            math.floor((longitude - dlon) / size), math.floor((longitude + dlon) / size) + 1
        )
        if len(rows) * len(cols) <= 24 or prefix == CELL_SIZES[-1][0]:
            return [
                _cell(prefix, size, (r + 0.5) * size, (c + 0.5) * size) for r in rows for c in cols
            ]
    return []  # unreachable


@dataclass
class _Terms:
    """Every term with what a service tagged with it inherits: names, hints, ancestors."""

    words: dict[uuid.UUID, list[str]] = field(default_factory=dict)
    lineage: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "_Terms":
        terms = {t.id: t for t in TaxonomyTerm.objects.all()}
        hints: dict[uuid.UUID, list[str]] = defaultdict(list)
        for term_id, text in SearchHint.objects.filter(term__isnull=False).values_list(
            "term_id", "text"
        ):
            hints[term_id].append(text)
        loaded = cls()
        for term in terms.values():
            lineage, seen, current = [], set(), term
            while current is not None and current.id not in seen:
                lineage.append(current.id)
                seen.add(current.id)
                current = terms.get(current.parent_id) if current.parent_id else None
            loaded.lineage[term.id] = lineage
            loaded.words[term.id] = [
                text
                for ancestor in lineage
                for text in (terms[ancestor].name, terms[ancestor].name_en, *hints[ancestor])
                if text
            ]
        return loaded


def _place_of(location: Location) -> gazetteer.Place | None:
    address = location.main_address
    if address is None or not address.city:
        return None
    near = None
    if location.latitude is not None and location.longitude is not None:
        near = (location.latitude, location.longitude)
    return gazetteer.find(address.city, near=near)


def _point(location: Location, place: gazetteer.Place | None) -> tuple[float, float, bool] | None:
    if location.location_type == LocationType.VIRTUAL:
        return None
    exact = location.latitude is not None and location.longitude is not None
    if exact and not location.confidential_address:
        return location.latitude, location.longitude, False  # type: ignore[return-value]
    if place is not None:
        return place.latitude, place.longitude, True
    return None


def _area_tags(area: ServiceArea) -> tuple[list[str], str]:
    """(tokens, key of `areas`) of one service area."""
    code = area.place_code
    if area.scope == AreaScope.PROVINCE:
        return ["zsq"], "province:QC"
    if not code:
        return [], ""
    if area.scope == AreaScope.MUNICIPALITY:
        place = gazetteer.find(code)
        tags = [f"zsm{code}", f"zpm{code}"]
        if place is not None and place.mrc:
            tags.append(f"zpr{place.mrc_key}")
        if place is not None and place.region:
            tags.append(f"zpg{place.region}")
        return tags, f"municipality:{code}"
    if area.scope == AreaScope.MRC:
        tags = [f"zsr{code}", f"zpr{code}"]
        region = gazetteer.region_of_mrc(code)
        if region:
            tags.append(f"zpg{region}")
        return tags, f"mrc:{code}"
    if area.scope == AreaScope.REGION:
        return [f"zsg{code}", f"zpg{code}"], f"region:{code}"
    return [], ""


def build(service: Service, terms: _Terms, term_ids: list[uuid.UUID]) -> dict[str, Any]:
    """Everything the index holds for one service (its relations already fetched)."""
    organization = service.organization
    title = document(
        service.name,
        service.name_en,
        service.alternate_name,
        service.alternate_name_en,
        organization.name,
        organization.name_en,
        organization.alternate_name,
    )
    texts = [
        service.description,
        service.description_en,
        service.eligibility_description,
        service.eligibility_description_en,
        service.application_process,
        service.application_process_en,
        service.fees_description,
        service.fees_description_en,
        *(hint.text for hint in service.hints.all()),
    ]
    tags: set[str] = set()
    if service.is_public:
        tags.add("zpub")
    if service.status == ServiceStatus.ACTIVE:
        tags.add("zact")
    for term_id in term_ids:
        texts.extend(terms.words.get(term_id, []))
        tags.update(f"zt{ancestor.hex}" for ancestor in terms.lineage.get(term_id, [term_id]))
    languages = list(service.languages.all())
    points = []
    schedules = list(service.schedules.all())
    location_schedules = []
    for link in service.service_at_locations.all():
        schedules.extend(link.schedules.all())
        location = link.location
        location_schedules.extend(location.schedules.all())
        languages.extend(location.languages.all())
        place = _place_of(location)
        texts.extend([location.name, location.name_en, location.municipality])
        if place is not None:
            texts.extend([place.name, place.mrc])
            tags.update({f"zpm{place.key}", f"zpr{place.mrc_key}", f"zpg{place.region}"})
        point = _point(location, place)
        if point is not None:
            points.append((location, *point))
            tags.update(cell_tokens(point[0], point[1]))
    areas = []
    for area in service.service_areas.all():
        area_tags, key = _area_tags(area)
        tags.update(area_tags)
        if key:
            areas.append(key)
        texts.extend([area.name, area.description, area.description_en])
    for language in sorted(languages, key=lambda language: (language.code, language.name)):
        texts.append(language.name)
        if language.code:
            tags.add(f"zl{token(language.code)}")
    tags.discard("zpr")
    tags.discard("zpg")
    first = points[0] if points else None
    return {
        "active": service.status == ServiceStatus.ACTIVE,
        "latitude": first[1] if first else None,
        "longitude": first[2] if first else None,
        "more_points": len(points) > 1,
        "title": title,
        "body": document(*texts),
        "tags": " ".join(sorted(tags)),
        "areas": f" {' '.join(sorted(set(areas)))} " if areas else "",
        "sort_key": service.name_key[:250],
        "public": service.is_public,
        "points": points,
        "rules": rules_from(schedules or location_schedules),
    }


def _fetch(ids: list[uuid.UUID]) -> list[Service]:
    return list(
        Service.objects.filter(id__in=ids)
        .select_related("organization")
        .prefetch_related(
            "hints",
            "languages",
            "schedules",
            "service_areas",
            "service_at_locations__schedules",
            "service_at_locations__location__addresses",
            "service_at_locations__location__schedules",
            "service_at_locations__location__languages",
        )
    )


def _write(services: list[Service], terms: _Terms) -> None:
    ids = [service.id for service in services]
    tagged: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for link_id, term_id in Attribute.objects.filter(
        link_entity=LinkEntity.SERVICE, link_id__in=ids
    ).values_list("link_id", "taxonomy_term_id"):
        tagged[link_id].append(term_id)
    SearchEntry.objects.filter(service_id__in=ids).delete()
    built = {service.id: build(service, terms, sorted(tagged[service.id])) for service in services}
    entries = SearchEntry.objects.bulk_create(
        [
            SearchEntry(
                service_id=service_id,
                **{k: v for k, v in data.items() if k not in ("points", "rules")},
            )
            for service_id, data in built.items()
        ]
    )
    if any(entry.pk is None for entry in entries):  # databases that return no ids
        entries = list(SearchEntry.objects.filter(service_id__in=ids))
    points, hours = [], []
    for entry in entries:
        entry_points, entry_hours = point_and_hour_rows(entry.pk, built[entry.service_id])
        points += entry_points
        hours += entry_hours
    SearchPoint.objects.bulk_create(points, batch_size=1000)
    SearchHours.objects.bulk_create(hours, batch_size=1000)


_state = threading.local()


def _pending() -> set[uuid.UUID] | None:
    return getattr(_state, "pending", None)


def _deleting() -> set[uuid.UUID]:
    if not hasattr(_state, "deleting"):
        _state.deleting = set()
    return _state.deleting  # type: ignore[no-any-return]


def reindex_services(ids: Iterable[uuid.UUID]) -> int:
    """Rebuild the entries of these services now (or at the end of `deferred()`)."""
    wanted = {uuid.UUID(str(i)) for i in ids if i is not None}
    pending = _pending()
    if pending is not None:
        pending.update(wanted)
        return 0
    if not wanted:
        return 0
    terms = _Terms.load()
    ordered = sorted(wanted)
    with transaction.atomic():
        for start in range(0, len(ordered), CHUNK):
            _write(_fetch(ordered[start : start + CHUNK]), terms)
    return len(wanted)


def reindex_all() -> int:
    ids = list(Service.objects.values_list("id", flat=True))
    with transaction.atomic():
        SearchEntry.objects.exclude(service_id__in=Service.objects.values("id")).delete()
        return reindex_services(ids)


@contextmanager
def deferred() -> Iterator[None]:
    """Collect the services to reindex and rebuild them once, at the end of the block."""
    outer = _pending() is None
    if outer:
        _state.pending = set()
    try:
        yield
    finally:
        if outer:
            pending, _state.pending = _state.pending, None
            reindex_services(pending)


# What each kind of record touches.


def _services_of_locations(location_ids: Iterable[Any]) -> list[Any]:
    return list(
        ServiceAtLocation.objects.filter(location_id__in=list(location_ids)).values_list(
            "service_id", flat=True
        )
    )


def _services_of_terms(term_ids: Iterable[Any]) -> list[Any]:
    terms = _Terms.load()
    wanted = set(term_ids)
    below = [term for term, lineage in terms.lineage.items() if wanted & set(lineage)]
    return list(
        Attribute.objects.filter(
            link_entity=LinkEntity.SERVICE, taxonomy_term_id__in=below
        ).values_list("link_id", flat=True)
    )


def affected_services(instance: Any) -> list[Any]:
    if isinstance(instance, Service):
        return [instance.id]
    if isinstance(instance, Organization):
        return list(instance.services.values_list("id", flat=True))
    if isinstance(instance, Location):
        return _services_of_locations([instance.id])
    if isinstance(instance, Address):
        return _services_of_locations([instance.location_id])
    if isinstance(instance, ServiceAtLocation | ServiceArea):
        return [instance.service_id]
    if isinstance(instance, Language | Schedule):
        ids = [instance.service_id] if instance.service_id else []
        if instance.location_id:
            ids += _services_of_locations([instance.location_id])
        if isinstance(instance, Schedule) and instance.service_at_location_id:
            ids += list(
                ServiceAtLocation.objects.filter(pk=instance.service_at_location_id).values_list(
                    "service_id", flat=True
                )
            )
        return ids
    if isinstance(instance, SearchHint):
        return (
            [instance.service_id] if instance.service_id else _services_of_terms([instance.term_id])
        )
    if isinstance(instance, Attribute):
        return [instance.link_id] if instance.link_entity == LinkEntity.SERVICE else []
    if isinstance(instance, TaxonomyTerm):
        return _services_of_terms([instance.id])
    return []


WATCHED = (
    Service,
    Organization,
    Location,
    Address,
    ServiceAtLocation,
    ServiceArea,
    Language,
    Schedule,
    SearchHint,
    Attribute,
    TaxonomyTerm,
)


def _on_change(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return  # loading fixtures: reindex_all afterwards
    reindex_services(set(affected_services(instance)) - _deleting())


def _before_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    # A service on its way out must not be re-created in the index by the deletion of its
    # schedules, areas, … which Django deletes first.
    if isinstance(instance, Service):
        _deleting().add(instance.id)


def _after_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Service):
        _deleting().discard(instance.id)
        return
    if isinstance(instance, Organization):
        return
    _on_change(sender, instance)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"directory-index-{model}")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"directory-pre-{model}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"directory-post-{model}")


def point_and_hour_rows(
    entry_id: int, data: dict[str, Any]
) -> tuple[list[SearchPoint], list[SearchHours]]:
    """The map points and opening-hour rules of one entry, from what `build` computed."""
    points = [
        SearchPoint(entry_id=entry_id, location=location, latitude=lat, longitude=lon,
                    approximate=approximate)
        for location, lat, lon, approximate in data["points"]
    ]  # fmt: skip
    hours = [
        SearchHours(entry_id=entry_id, kind=rule.kind, weekday=rule.weekday,
                    month_week=rule.month_week, opens=rule.opens, closes=rule.closes,
                    valid_from=rule.valid_from, valid_to=rule.valid_to)
        for rule in data["rules"]
    ]  # fmt: skip
    return points, hours
