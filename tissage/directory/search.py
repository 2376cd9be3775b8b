"""Directory search: keywords, filters, near a place, open now — one function, two databases.

Keywords match the title and body of the index as prefixes of their stems (textsearch.py);
every filter but "open now" is a token of the `tags` column (indexing.py): categories with
their parents, languages, places where the service is or that it serves, and the map cells
of its points, so that "near" is a few cells plus the areas that contain the place. The
database's full-text index finds the candidates; then the exact distance to the service's
nearest point is checked and the candidates ranked (searchsql.py):

    score = relevance / (1 + distance_km / 10)   when near a place, else relevance

A service that serves the place's area (municipality, MRC, region, Québec) matches whatever
its distance; it ranks as if it were at the edge of the radius at worst."""

import datetime
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from tissage.directory import gazetteer
from tissage.directory.indexing import cells_around
from tissage.directory.models import SearchEntry, SearchPoint, Service, ServiceAtLocation
from tissage.directory.searchsql import Query, Spot, run
from tissage.directory.textsearch import query_words, token

RADII_KM = (5, 10, 25, 50, 100)
DEFAULT_RADIUS_KM = 25
MAX_RADIUS_KM = 200
_COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,; ]\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Near:
    latitude: float
    longitude: float
    label: str
    place: gazetteer.Place | None


@dataclass
class Hit:
    service: Service
    score: float
    distance_km: float | None = None
    covers: bool = False  # the service serves the place's area
    approximate: bool = False  # distance to the municipality's centre
    municipality: str = ""


@dataclass
class Results:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    words: list[str] = field(default_factory=list)
    near: Near | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    unknown_place: str = ""

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def resolve_near(value: Any) -> Near | None:
    """A municipality name, "lat,lon", a (lat, lon) pair or a gazetteer Place."""
    if value is None or value == "":
        return None
    if isinstance(value, gazetteer.Place):
        return Near(value.latitude, value.longitude, value.name, value)
    if isinstance(value, tuple | list):
        lat, lon = float(value[0]), float(value[1])
        return _near_point(lat, lon)
    match = _COORDINATES.match(str(value))
    if match:
        return _near_point(float(match.group(1)), float(match.group(2)))
    text = str(value)
    place = gazetteer.find(text) or gazetteer.find(text.split(",")[0])  # "Magog, QC"
    return Near(place.latitude, place.longitude, place.name, place) if place else None


def _near_point(lat: float, lon: float) -> Near | None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    place = gazetteer.nearest(lat, lon)
    close = gazetteer.distance_km(lat, lon, place.latitude, place.longitude) <= 15
    return Near(lat, lon, f"{lat:.4f}, {lon:.4f}", place if close else None)


def _place_tags(place: gazetteer.Place) -> list[str]:
    """Tokens of the areas that contain a municipality: served in whole, any level."""
    tags = [f"zsm{place.key}", "zsq"]
    if place.mrc:
        tags.append(f"zsr{place.mrc_key}")
    if place.region:
        tags.append(f"zsg{place.region}")
    return tags


def _area_keys(place: gazetteer.Place | None) -> list[str]:
    if place is None:
        return []
    keys = [f" municipality:{place.key} ", " province:QC "]
    if place.mrc:
        keys.append(f" mrc:{place.mrc_key} ")
    if place.region:
        keys.append(f" region:{place.region} ")
    return keys


def search(
    query: str = "",
    *,
    near: Any = None,
    radius_km: float = DEFAULT_RADIUS_KM,
    categories: Iterable[uuid.UUID | str] = (),
    municipality: str = "",
    mrc: str = "",
    region: str = "",
    language: str = "",
    open_now: bool = False,
    now: datetime.datetime | None = None,
    public_only: bool = True,
    page: int = 1,
    per_page: int = 20,
) -> Results:
    """Services matching every condition given, best first (see the module docstring).

    `near`: a municipality name, "lat, lon", a (lat, lon) pair or a gazetteer Place;
    `categories`: taxonomy term ids (a service of a sub-category matches); `language`: an
    ISO 639 code; `public_only=False` for staff searches (hidden and closed records too).
    """
    q, spot, results = prepare(
        query,
        near=near,
        radius_km=radius_km,
        categories=categories,
        municipality=municipality,
        mrc=mrc,
        region=region,
        language=language,
        page=page,
        per_page=per_page,
    )
    if results.unknown_place:
        return results
    rows, total = run(
        q,
        spot,
        public_only=public_only,
        open_now=open_now,
        now=now,
        page=results.page,
        per_page=results.per_page,
    )
    results.total = total
    results.hits = _hits(rows, results.near)
    return results


def prepare(
    query: str = "",
    *,
    near: Any = None,
    radius_km: float = DEFAULT_RADIUS_KM,
    categories: Iterable[uuid.UUID | str] = (),
    municipality: str = "",
    mrc: str = "",
    region: str = "",
    language: str = "",
    page: int = 1,
    per_page: int = 20,
) -> tuple[Query, Spot | None, Results]:
    """The full-text query and the spot of a search, before the database runs them; an
    empty Results with `unknown_place` set when a place is not in the gazetteer."""
    radius_km = max(1.0, min(float(radius_km or DEFAULT_RADIUS_KM), MAX_RADIUS_KM))
    page, per_page = max(1, page), max(1, min(per_page, 500))
    q = Query(words=query_words(query or ""))
    results = Results([], 0, page, per_page, words=q.words, radius_km=radius_km)
    q.tags(*(f"zt{uuid.UUID(str(c)).hex}" for c in categories if c))
    if language:
        q.tags(f"zl{token(language)}")
    for name, kind in ((municipality, "municipality"), (mrc, "mrc"), (region, "region")):
        if name and not _add_area_filter(q, kind, name):
            results.unknown_place = name
            return q, None, results
    center = resolve_near(near)
    if near not in (None, "") and center is None:
        results.unknown_place = str(near)
        return q, None, results
    results.near = center
    if center is None:
        return q, None, results
    q.tags(
        *cells_around(center.latitude, center.longitude, radius_km),
        *(_place_tags(center.place) if center.place else []),
    )
    return q, Spot(center.latitude, center.longitude, radius_km, _area_keys(center.place)), results


def _add_area_filter(q: Query, kind: str, name: str) -> bool:
    if kind == "municipality":
        place = gazetteer.find(name)
        if place is None:
            return False
        q.tags(f"zpm{place.key}", *_place_tags(place)[1:])
    elif kind == "mrc":
        found = gazetteer.find_mrc(name)
        key = token(found[0]) if found else token(name)
        if not key:
            return False
        region = found[1] if found else ""
        q.tags(f"zpr{key}", "zsq", f"zsg{region}" if region else "")
    else:
        code = name.strip()
        if not code.isdigit():
            return False
        q.tags(f"zpg{code.zfill(2)}", f"zsg{code.zfill(2)}", "zsq")
    return True


def _hits(rows: list[tuple[Any, ...]], center: Near | None) -> list[Hit]:
    ids = [row[1] if isinstance(row[1], uuid.UUID) else uuid.UUID(str(row[1])) for row in rows]
    links = ServiceAtLocation.objects.select_related("location")
    services = (
        Service.objects.filter(id__in=ids)
        .select_related("organization")
        .prefetch_related(
            "phones",
            Prefetch("service_at_locations", queryset=links),
            "service_at_locations__location__addresses",
        )
        .in_bulk()
    )
    nearest: dict[Any, tuple[float, bool, Any]] = {}
    if center is not None and rows:
        for point in SearchPoint.objects.filter(entry_id__in=[row[0] for row in rows]):
            km = gazetteer.distance_km(
                center.latitude, center.longitude, point.latitude, point.longitude
            )
            if point.entry_id not in nearest or km < nearest[point.entry_id][0]:
                nearest[point.entry_id] = (km, point.approximate, point.location_id)
    hits = []
    for row, service_id in zip(rows, ids, strict=True):
        service = services.get(service_id)
        if service is None:
            continue
        hit = Hit(service=service, score=float(row[2] or 0), covers=bool(row[4]))
        if row[0] in nearest:
            hit.distance_km, hit.approximate, location_id = nearest[row[0]]
            for link in service.service_at_locations.all():
                if link.location_id == location_id:
                    hit.municipality = link.location.municipality
        hits.append(hit)
    return hits


def entry_count() -> int:
    return SearchEntry.objects.count()
