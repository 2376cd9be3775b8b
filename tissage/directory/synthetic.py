"""A synthetic directory at any size across real Québec municipalities, deterministic from a
seed: the directory search benchmark (bench/directory_search.py), `tissage generate` and the
10,000-service acceptance test (tests/test_synthetic_directory.py) all use it.

Services of 20 kinds with French names and descriptions and 1–2 Open Eligibility categories,
spread over the gazetteer's municipalities in proportion to population^0.6 (about a third
within 25 km of Montréal), a point near the municipality's centre, French and sometimes
English, weekly hours, 10 % serving their whole MRC. Bulk writes fire no signal: each batch
of new services is indexed by the application's indexer (indexing.build and its writer) from
the records just made, which it would otherwise read back from the database one relation at
a time (most of the generation's time); the services that were there before are reindexed
the usual way, and the index is optimized as after any large import.
"""

import datetime
import random
from typing import Any

from django.db import connection, models, transaction

from tissage.directory import dbsearch, gazetteer, indexing
from tissage.directory.models import (
    Address,
    Attribute,
    Language,
    Location,
    Organization,
    Schedule,
    SearchEntry,
    SearchHours,
    SearchPoint,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from tissage.lib.bulk import insert_rows

KINDS = [
    ("Dépannage alimentaire", "Paniers de nourriture et épicerie solidaire", ["1130", "1120"]),
    ("Cuisine collective", "Cuisiner ensemble des repas économiques", ["1134"]),
    ("Soupe populaire", "Repas chaud gratuit le midi", ["1131"]),
    ("Aide au logement", "Recherche de logement et droits des locataires", ["1136", "1142"]),
    ("Hébergement d'urgence", "Un lit pour la nuit, sans rendez-vous", ["1121"]),
    ("Écoute et relation d'aide", "Soutien en santé mentale, anxiété et déprime", ["1220"]),
    ("Groupe d'entraide", "Rencontres entre pairs pour briser l'isolement", ["1312"]),
    ("Ligne d'écoute", "Écoute téléphonique jour et nuit", ["1305"]),
    ("Recherche d'emploi", "CV, entrevues et offres d'emploi pour les jeunes", ["1357", "1354"]),
    ("Francisation", "Cours de français pour les personnes immigrantes", ["1331"]),
    ("Transport bénévole", "Accompagnement aux rendez-vous médicaux des aînés", ["1176"]),
    ("Répit pour proches aidants", "Quelques heures de répit à domicile", ["1286"]),
    ("Clinique d'impôts", "Déclarations de revenus gratuites, aide au budget", ["1270", "1263"]),
    ("Comptoir vestimentaire", "Vêtements et meubles à petit prix", ["1158", "1166"]),
    ("Services en dépendance", "Alcool, drogues, jeu : évaluation et suivi", ["1178"]),
    ("Maison des jeunes", "Activités et aide aux devoirs pour les ados", ["1285", "1343"]),
    ("Groupe de deuil", "Accompagnement des personnes endeuillées", ["1186"]),
    ("Popote roulante", "Repas livrés à domicile aux aînés", ["1129"]),
    ("Halte-garderie", "Garde occasionnelle des tout-petits, répit parental", ["1280"]),
    ("Défense des droits", "Information juridique et accompagnement", ["1375"]),
]  # fmt: skip
QUALIFIERS = ["", "du quartier", "régional", "pour les familles", "pour les aînés", "des jeunes",
              "communautaire", "de l'Estrie", "solidaire", "du centre-ville"]  # fmt: skip


def generate(count: int, seed: int = 5) -> None:
    """`count` services, deterministic from `seed`, then indexed."""

    rng = random.Random(seed)  # noqa: S311 — invented data
    places = list(gazetteer.municipalities())
    weights = [max(500, p.population or 500) ** 0.6 for p in places]
    terms = {t.code: t.id for t in TaxonomyTerm.objects.filter(taxonomy__code="open-eligibility")}
    before = list(Service.objects.values_list("id", flat=True))
    lineage = indexing._Terms.load()
    with transaction.atomic():  # bulk writes fire no signal: indexed batch by batch below
        for start in range(0, count, 5000):
            size = min(5000, count - start)
            orgs = [Organization(name=f"Organisme {start + n}") for n in range(size // 2 + 1)]
            for org in orgs:
                org.name_key = org.name.lower()
            _insert(Organization, orgs)
            services, locations, addresses, links, attrs, langs, hours, areas = (
                [] for _ in range(8)
            )
            for n in range(size):
                name, description, codes = rng.choice(KINDS)
                place = rng.choices(places, weights)[0]
                org = orgs[n // 2]
                service = Service(
                    organization=org,
                    name=f"{name} {rng.choice(QUALIFIERS)}".strip(),
                    description=f"{description}. {place.name}.",
                )
                service.name_key = service.name.lower()
                location = Location(
                    organization=org,
                    name=f"Point de service {start + n}",
                    latitude=place.latitude + rng.uniform(-0.04, 0.04),
                    longitude=place.longitude + rng.uniform(-0.05, 0.05),
                )
                services.append(service)
                locations.append(location)
                addresses.append(
                    Address(location=location, address_1=f"{n} rue Principale", city=place.name)
                )
                links.append(ServiceAtLocation(service=service, location=location))
                for code in codes[: rng.randint(1, len(codes))]:
                    attrs.append(
                        Attribute(
                            taxonomy_term_id=terms[code], link_entity="service", link_id=service.id
                        )
                    )
                langs.append(Language(service=service, code="fr", name="Français"))
                if rng.random() < 0.3:
                    langs.append(Language(service=service, code="en", name="Anglais"))
                days = rng.choice(["MO,TU,WE,TH,FR", "TU,TH", "MO,WE,FR", "SA"])
                hours.append(
                    Schedule(
                        service=service,
                        freq="WEEKLY",
                        byday=days,
                        opens_at=datetime.time(rng.randint(8, 13)),
                        closes_at=datetime.time(rng.randint(15, 21)),
                    )
                )
                if place.mrc and rng.random() < 0.1:
                    areas.append(
                        ServiceArea(service=service, scope="mrc", place_code=place.mrc_key)
                    )
            for model, rows in (
                (Service, services),
                (Location, locations),
                (Address, addresses),
                (ServiceAtLocation, links),
                (Attribute, attrs),
                (Language, langs),
                (Schedule, hours),
                (ServiceArea, areas),
            ):
                _insert(model, rows)
            _index(services, locations, addresses, links, attrs, langs, hours, areas, lineage)
    with transaction.atomic():  # as indexing.reindex_all, for what was there before
        SearchEntry.objects.exclude(service_id__in=Service.objects.values("id")).delete()
        indexing.reindex_services(before)
    dbsearch.optimize()  # as after any large import: merge the index segments, analyze


def _index(
    services: list[Service],
    locations: list[Location],
    addresses: list[Address],
    links: list[ServiceAtLocation],
    attributes: list[Attribute],
    langs: list[Language],
    hours: list[Schedule],
    areas: list[ServiceArea],
    lineage: indexing._Terms,
) -> None:
    """Index new services with the indexer's own code, their relations handed over as a
    prefetch would leave them (what `indexing._fetch` reads back from the database)."""
    of_service: dict[Any, dict[str, list[Any]]] = {
        service.id: {
            "hints": [],
            "languages": [],
            "schedules": [],
            "service_areas": [],
            "service_at_locations": [],
        }
        for service in services
    }
    of_location: dict[Any, dict[str, list[Any]]] = {
        location.id: {"addresses": [], "schedules": [], "languages": []} for location in locations
    }
    for address in addresses:
        of_location[address.location_id]["addresses"].append(address)
    for link in links:
        of_service[link.service_id]["service_at_locations"].append(link)
        link._prefetched_objects_cache = {"schedules": []}  # type: ignore[attr-defined]
    for language in langs:
        of_service[language.service_id]["languages"].append(language)
    for schedule in hours:
        of_service[schedule.service_id]["schedules"].append(schedule)
    for area in areas:
        of_service[area.service_id]["service_areas"].append(area)
    for service in services:
        service._prefetched_objects_cache = of_service[service.id]  # type: ignore[attr-defined]
    for location in locations:
        location._prefetched_objects_cache = of_location[location.id]  # type: ignore[attr-defined]
    tagged: dict[Any, list[Any]] = {service.id: [] for service in services}
    for attribute in attributes:
        tagged[attribute.link_id].append(attribute.taxonomy_term_id)
    # What indexing._write writes for these services (tests/test_synthetic_directory.py
    # checks it against indexing.reindex_all), by _insert rather than bulk_create.
    built = {
        service.id: indexing.build(service, lineage, sorted(tagged[service.id]))
        for service in services
    }
    entries = [
        SearchEntry(
            service_id=service_id,
            **{k: v for k, v in data.items() if k not in ("points", "rules")},
        )
        for service_id, data in built.items()
    ]
    _insert(SearchEntry, entries)
    ids = dict(
        SearchEntry.objects.filter(service_id__in=list(built)).values_list("service_id", "id")
    )
    points, hours = [], []
    for service_id, data in built.items():
        entry_points, entry_hours = indexing.point_and_hour_rows(ids[service_id], data)
        points += entry_points
        hours += entry_hours
    _insert(SearchPoint, points)
    _insert(SearchHours, hours)


def _insert(model: type[models.Model], objects: list[Any]) -> None:
    """What bulk_create writes (every concrete column, auto_now fields stamped), without its
    per-value preparation: the values are already what the columns hold, only UUIDs (on
    SQLite), dates and times need adapting. COPY on PostgreSQL, executemany on SQLite. Like
    bulk_create, it fires no signal."""
    if not objects:
        return
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and objects[0].pk is None)  # an id the database gives
    ]
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    adapters = [_adapter(field) for field in fields]
    names = [field.attname for field in fields]
    rows = []
    for item in objects:
        for field in stamped:
            field.pre_save(item, add=True)
        values = [getattr(item, name) for name in names]
        rows.append(
            [
                value if adapt is None or value is None else adapt(value)
                for value, adapt in zip(values, adapters, strict=True)
            ]
        )
    insert_rows(model._meta.db_table, [field.column for field in fields], rows)


_PLAIN = (
    models.CharField,
    models.TextField,
    models.FloatField,
    models.IntegerField,
    models.BooleanField,
)


def _adapter(field: models.Field) -> Any:
    """How a value of the field goes to the database: None when as it is."""
    ops = connection.ops
    target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
    if isinstance(target, models.UUIDField):
        return None if connection.features.has_native_uuid_field else (lambda value: value.hex)
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.TimeField):
        return ops.adapt_timefield_value
    if isinstance(target, _PLAIN) and not field.is_relation:
        return None
    if field.is_relation and isinstance(target, models.AutoField | models.IntegerField):
        return None
    return lambda value: field.get_db_prep_save(value, connection)
