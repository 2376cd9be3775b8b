"""A small directory whose search results are known in advance (see test_search.py).

Short names: A1 food bank in Magog, B1 social housing in Magog, C1 mental-health group in
Sherbrooke serving the whole MRC of Memphrémagog, D1 women's shelter in Magog with a
confidential address, E1 hidden service, F1 service of a hidden organization, G1 defunct
service, H1 province-wide line without a location, I1 food bank in Montréal (Spanish),
J1 community garden in Austin (no coordinates), K1 tax clinic with an English name.
"""

import datetime
from typing import Any

from tissage.directory import indexing
from tissage.directory.models import (
    Address,
    AreaScope,
    Attribute,
    Language,
    LinkEntity,
    Location,
    Organization,
    Schedule,
    SearchHint,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from tissage.directory.taxonomy import load_defaults

WEEKDAYS = "MO,TU,WE,TH,FR"
CONFIDENTIAL_STREET = "99, rue Secrète"
SHELTER_POINT = (45.3300, -72.0500)  # the shelter's real place, about 8 km from Magog's centre


def ensure_taxonomy() -> None:
    """Browser tests flush the database; put the default taxonomy back when it is gone."""
    load_defaults(Taxonomy, TaxonomyTerm, SearchHint)


def _t(hour: int, minute: int = 0) -> datetime.time:
    return datetime.time(hour, minute)


def _place(
    org: Organization,
    city: str,
    *,
    point: tuple[float, float] | None = None,
    street: str = "1, rue Principale",
    confidential: bool = False,
) -> Location:
    location = Location.objects.create(
        organization=org,
        name=f"Bureau de {city}",
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        confidential_address=confidential,
    )
    Address.objects.create(location=location, address_1=street, city=city, postal_code="J1X 1A1")
    return location


def _service(
    org: Organization,
    name: str,
    *,
    at: Location | None = None,
    terms: tuple[str, ...] = (),
    langs: tuple[str, ...] = ("fr",),
    **fields: object,
) -> Service:
    service = Service.objects.create(organization=org, name=name, **fields)  # type: ignore[arg-type]
    if at is not None:
        ServiceAtLocation.objects.create(service=service, location=at)
    for code in terms:
        term = TaxonomyTerm.objects.get(taxonomy__code="open-eligibility", code=code)
        Attribute.objects.create(
            taxonomy_term=term, link_entity=LinkEntity.SERVICE, link_id=service.id
        )
    for code in langs:
        Language.objects.create(service=service, code=code, name=code)
    return service


def _weekly(service: Service, days: str, opens: datetime.time, closes: datetime.time) -> None:
    Schedule.objects.create(
        service=service, freq="WEEKLY", byday=days, opens_at=opens, closes_at=closes
    )


def build_corpus() -> dict[str, Service]:
    ensure_taxonomy()
    s: dict[str, Service] = {}
    with indexing.deferred():
        food = Organization.objects.create(name="Banque alimentaire Memphrémagog")
        magog = _place(food, "Magog", point=(45.2668, -72.1491))
        s["A1"] = _service(
            food,
            "Dépannage alimentaire",
            at=magog,
            terms=("1130",),
            langs=("fr", "en"),
            description="Paniers de nourriture pour les familles.",
        )
        _weekly(s["A1"], WEEKDAYS, _t(9), _t(12))
        _weekly(s["A1"], WEEKDAYS, _t(13), _t(16))
        Schedule.objects.create(
            service=s["A1"],
            closed=True,
            valid_from=datetime.date(2024, 12, 24),
            valid_to=datetime.date(2025, 1, 2),
            description="Fermé pour les Fêtes",
        )

        omh = Organization.objects.create(name="Office municipal d'habitation")
        omh_place = _place(omh, "Magog", point=(45.2700, -72.1450))
        s["B1"] = _service(
            omh,
            "Logement social",
            at=omh_place,
            terms=("1150",),
            description="Logements à loyer modique pour les ménages.",
        )
        _weekly(s["B1"], WEEKDAYS, _t(13), _t(16))

        mental = Organization.objects.create(name="Accueil Estrie")
        sherbrooke = _place(mental, "Sherbrooke", point=(45.4001, -71.8991))
        s["C1"] = _service(
            mental,
            "Groupe d'entraide en santé mentale",
            at=sherbrooke,
            terms=("1312",),
            langs=("fr", "en"),
            description="Soutien par les pairs.",
        )
        ServiceArea.objects.create(service=s["C1"], scope=AreaScope.MRC, place_code="memphremagog")
        _weekly(s["C1"], "TU", _t(18), _t(21))

        shelter = Organization.objects.create(name="Maison L'Éclaircie")
        secret = _place(
            shelter, "Magog", point=SHELTER_POINT, street=CONFIDENTIAL_STREET, confidential=True
        )
        s["D1"] = _service(shelter, "Hébergement pour femmes", at=secret, terms=("1124",))
        _weekly(s["D1"], "MO,TU,WE,TH,FR,SA,SU", _t(0), _t(0))

        discreet = Organization.objects.create(name="Organisme discret")
        s["E1"] = _service(
            discreet, "Service caché de dépannage", at=_place(discreet, "Magog"), public=False
        )

        masked = Organization.objects.create(name="Organisme masqué", public=False)
        s["F1"] = _service(masked, "Logement caché", at=_place(masked, "Magog"))

        old = Organization.objects.create(name="Vieille soupe")
        s["G1"] = _service(
            old, "Ancienne soupe populaire", at=_place(old, "Magog"), status=ServiceStatus.DEFUNCT
        )

        line = Organization.objects.create(name="Info-Social 811")
        s["H1"] = _service(
            line,
            "Ligne d'écoute psychosociale",
            langs=("fr", "en"),
            description="Santé mentale, écoute 24 heures sur 24.",
        )
        ServiceArea.objects.create(service=s["H1"], scope=AreaScope.PROVINCE, place_code="QC")
        _weekly(s["H1"], "MO,TU,WE,TH,FR,SA,SU", _t(0), _t(0))

        mtl = Organization.objects.create(name="Centre communautaire du Plateau")
        s["I1"] = _service(
            mtl,
            "Banque alimentaire du Plateau",
            terms=("1130",),
            langs=("es", "fr"),
            at=_place(mtl, "Montréal", point=(45.5200, -73.5800)),
        )

        garden = Organization.objects.create(name="Jardins d'Austin")
        s["J1"] = _service(
            garden, "Jardin communautaire", at=_place(garden, "Austin"), terms=("1127",)
        )
        _weekly(s["J1"], "SA", _t(9), _t(12))

        taxes = Organization.objects.create(name="Centre d'action bénévole de Magog")
        s["K1"] = _service(
            taxes,
            "Clinique d'impôts",
            name_en="Tax clinic",
            description_en="Free tax returns for people with a low income.",
            at=_place(taxes, "Magog", point=(45.2650, -72.1500)),
        )
        Schedule.objects.create(
            service=s["K1"],
            valid_from=datetime.date(2024, 3, 15),
            valid_to=datetime.date(2024, 3, 15),
            opens_at=_t(10),
            closes_at=_t(14),
        )
    return s


def names(results: object, corpus: dict[str, Service]) -> set[str]:
    """The short names of the services found."""
    by_id = {service.id: key for key, service in corpus.items()}
    return {by_id.get(hit.service.id, hit.service.name) for hit in results.hits}  # type: ignore[attr-defined]


def indexed_words() -> dict[Any, tuple[str, ...]]:
    """The words the database holds for each entry, by service: the text (title, body,
    tags) on SQLite, the two tsvectors on PostgreSQL, which keeps nothing else."""
    from django.db import connection

    from tissage.directory.dbsearch import TABLE, TAGS, WORDS

    columns = "title, body, tags"
    if connection.vendor == "postgresql":
        columns = f"{WORDS}::text, {TAGS}::text"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT service_id, {columns} FROM {TABLE}")
        return {str(row[0]).replace("-", ""): tuple(row[1:]) for row in cursor.fetchall()}
