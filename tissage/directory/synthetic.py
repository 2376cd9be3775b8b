"""A synthetic directory at any size across real Québec municipalities, deterministic from a
seed: the directory search benchmark (bench/directory_search.py), `tissage generate` and the
10,000-service acceptance test (tests/test_synthetic_directory.py) all use it.

Services of 20 kinds with French names and descriptions and 1–2 Open Eligibility categories,
spread over the gazetteer's municipalities in proportion to population^0.6 (about a third
within 25 km of Montréal), a point near the municipality's centre, French and sometimes
English, weekly hours, 10 % serving their whole MRC. Bulk writes fire no signal: everything
is indexed at the end, then the index is optimized as after any large import.
"""

import datetime
import random

from django.db import transaction

from tissage.directory import dbsearch, gazetteer, indexing
from tissage.directory.models import (
    Address,
    Attribute,
    Language,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)

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
    with transaction.atomic():  # bulk writes fire no signal: everything is indexed below
        for start in range(0, count, 5000):
            size = min(5000, count - start)
            orgs = [Organization(name=f"Organisme {start + n}") for n in range(size // 2 + 1)]
            for org in orgs:
                org.name_key = org.name.lower()
            Organization.objects.bulk_create(orgs)
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
                model.objects.bulk_create(rows, batch_size=2000)
    indexing.reindex_all()
    dbsearch.optimize()  # as after any large import: merge the index segments, analyze
