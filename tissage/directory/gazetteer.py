"""An offline gazetteer of Québec municipalities: names with accents, coordinates, MRC and
administrative region (data/municipalities_qc.csv, GeoNames CC BY 4.0 — see
data/ATTRIBUTION.txt). MRC and region are known for Estrie and the main cities only.
"""

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tissage.accounts.regions import Region
from tissage.directory.textsearch import token

DATA = Path(__file__).resolve().parent / "data" / "municipalities_qc.csv"
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Place:
    name: str
    key: str  # token(name): "saintecatherinedehatley"
    latitude: float
    longitude: float
    population: int | None
    mrc: str
    region: str  # two-digit number of the administrative region, or ""

    @property
    def mrc_key(self) -> str:
        return token(self.mrc) if self.mrc else ""

    @property
    def region_name(self) -> str:
        return str(Region(self.region).label) if self.region else ""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), the same formula as the search SQL."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


@cache
def municipalities() -> tuple[Place, ...]:
    with DATA.open(encoding="utf-8", newline="") as source:
        return tuple(
            Place(
                name=row["name"],
                key=token(row["name"]),
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                population=int(row["population"]) if row["population"] else None,
                mrc=row["mrc"],
                region=row["region"],
            )
            for row in csv.DictReader(source)
        )


@cache
def _by_key() -> dict[str, Place]:
    """One place per name; when two places share a name, the more populous one."""
    found: dict[str, Place] = {}
    for place in municipalities():
        current = found.get(place.key)
        if current is None or (place.population or 0) > (current.population or 0):
            found[place.key] = place
    return found


def find(name: str, near: tuple[float, float] | None = None) -> Place | None:
    """The place of that name (any accents, case, hyphens or spaces). With `near`, the
    nearest of several places sharing the name."""
    key = token(name)
    if not key:
        return None
    if near is not None:
        same = [place for place in municipalities() if place.key == key]
        if len(same) > 1:
            return min(same, key=lambda p: distance_km(near[0], near[1], p.latitude, p.longitude))
    return _by_key().get(key)


def nearest(latitude: float, longitude: float) -> Place:
    return min(
        municipalities(),
        key=lambda p: distance_km(latitude, longitude, p.latitude, p.longitude),
    )


@cache
def mrcs() -> dict[str, tuple[str, str]]:
    """MRC key → (name, region number), for the MRCs the gazetteer knows."""
    found = {}
    for place in municipalities():
        if place.mrc:
            found[place.mrc_key] = (place.mrc, place.region)
    return dict(sorted(found.items(), key=lambda item: token(item[1][0])))


def find_mrc(name: str) -> tuple[str, str] | None:
    key = token(name)
    for prefix in ("mrcde", "mrcdu", "mrcdes", "mrc"):
        if key.startswith(prefix) and key[len(prefix) :] in mrcs():
            key = key[len(prefix) :]
            break
    return mrcs().get(key)


def region_of_mrc(mrc_key: str) -> str:
    found = mrcs().get(mrc_key)
    return found[1] if found else ""


def places_of_mrc(mrc_key: str) -> list[Place]:
    return [place for place in municipalities() if place.mrc_key == mrc_key]
