"""Issue #5's acceptance test: a synthetic directory of 10,000 services across real Québec
municipalities (tissage/directory/synthetic.py), searched for "sante mentale" near Magog.

The expected answer is worked out here from the records themselves, not from the search
code: the mental-health services located in Magog come first, each with its distance, and a
regional service whose office is in Sherbrooke but which serves the whole MRC of
Memphrémagog is found too although it lies beyond the radius. The suite runs on SQLite and
on PostgreSQL, so both back ends must give this same answer.
"""

import pytest
from django.db import transaction

from tissage.directory import gazetteer
from tissage.directory.models import (
    Address,
    Location,
    Organization,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from tissage.directory.search import search
from tissage.directory.synthetic import generate
from tissage.lib.text import match_key

SIZE = 10_000
RADIUS_KM = 10


def _place(name: str) -> gazetteer.Place:
    return next(p for p in gazetteer.municipalities() if p.name == name)


def _regional_service() -> Service:
    """A mental-health line based in Sherbrooke (about 25 km from Magog) serving the MRC."""
    sherbrooke, magog = _place("Sherbrooke"), _place("Magog")
    organization = Organization.objects.create(name="Réseau régional d'écoute")
    service = Service.objects.create(
        organization=organization,
        name="Ligne régionale de soutien",
        description="Soutien téléphonique en santé mentale pour tout le territoire.",
    )
    location = Location.objects.create(
        organization=organization,
        name="Bureau de Sherbrooke",
        latitude=sherbrooke.latitude,
        longitude=sherbrooke.longitude,
    )
    Address.objects.create(location=location, address_1="1, rue King", city="Sherbrooke")
    ServiceAtLocation.objects.create(service=service, location=location)
    ServiceArea.objects.create(service=service, scope="mrc", place_code=magog.mrc_key)
    return service


@pytest.fixture(scope="module")
def directory(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            regional = _regional_service()
        generate(SIZE, seed=5)  # indexes every service, the regional one too
        yield regional
        with transaction.atomic():
            Organization.objects.all().delete()


def _is_mental_health(service: Service) -> bool:
    return "sante mentale" in match_key(f"{service.name} {service.description}")


def _magog_mental_health() -> set:
    """Mental-health services with a location in Magog, read from the records."""
    in_magog = Address.objects.filter(city="Magog").values("location_id")
    links = ServiceAtLocation.objects.filter(location_id__in=in_magog).select_related(
        "service__organization"
    )
    return {
        link.service_id
        for link in links
        if _is_mental_health(link.service) and link.service.is_public
    }


@pytest.mark.django_db
def test_sante_mentale_near_magog(directory):
    assert Service.objects.count() == SIZE + 1
    in_magog = _magog_mental_health()
    assert in_magog, "the seed places mental-health services in Magog"

    results = search("sante mentale", near="Magog", radius_km=RADIUS_KM, per_page=50)
    hits = results.hits
    first = {hit.service.id for hit in hits[: len(in_magog)]}
    assert first == in_magog  # Magog's own services come first
    for hit in hits:
        assert hit.distance_km is not None  # every result says how far it is
    for hit in hits[: len(in_magog)]:
        assert hit.distance_km < 6
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)

    regional = next(hit for hit in hits if hit.service.id == directory.id)
    assert regional.covers and regional.distance_km > RADIUS_KM  # found by its coverage
    # Nothing but mental-health services, and the total counts every one of them.
    assert all(_is_mental_health(hit.service) for hit in hits)
    assert results.total == len(hits)


@pytest.mark.django_db
def test_accents_and_case_give_the_same_answer(directory):
    plain = search("sante mentale", near="Magog", radius_km=RADIUS_KM, per_page=50)
    accented = search("Santé Mentale", near="magog", radius_km=RADIUS_KM, per_page=50)
    assert [h.service.id for h in plain.hits] == [h.service.id for h in accented.hits]
