# ruff: noqa: E501 — a table of invented records, one service per line
"""Invented but realistic directory records for the demonstration: about 60 services of
Memphrémagog and Sherbrooke (Estrie). Phone numbers use the fictional 555 exchange;
addresses are invented. The organizations referrals use in the demo (people.py) are
reused by name, so a referral's organization has services here.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction

from tissage.directory import gazetteer, indexing, languages, verification
from tissage.directory.models import (
    Address,
    AreaScope,
    Attribute,
    Language,
    LinkEntity,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from tissage.lib.text import match_key

WEEKDAYS = "MO,TU,WE,TH,FR"
HOURS = {
    "office": [(WEEKDAYS, "08:30", "12:00"), (WEEKDAYS, "13:00", "16:30")],
    "day": [(WEEKDAYS, "09:00", "17:00")],
    "food": [("TU,TH", "13:00", "16:00")],
    "evening": [("TU,TH", "18:00", "21:00")],
    "always": [("MO,TU,WE,TH,FR,SA,SU", "00:00", "00:00")],
    "drop_in": [(WEEKDAYS, "10:00", "16:00"), ("SA", "12:00", "16:00")],
    "meals": [(WEEKDAYS, "11:30", "13:00")],
}


@dataclass
class Svc:
    name: str
    name_en: str
    description: str
    codes: tuple[str, ...]
    hours: str = "office"
    languages: tuple[str, ...] = ("fr",)
    area: str = ""  # "mrc", "region", "province"
    phone: str = ""
    extra: dict[str, object] = field(default_factory=dict)


@dataclass
class Org:
    name: str
    description: str
    town: str
    street: str
    services: list[Svc]
    confidential: bool = False
    name_en: str = ""


ORGANIZATIONS = [
    Org("Banque alimentaire Memphrémagog", "Aide alimentaire pour les personnes et les familles de la MRC.", "Magog", "rue Principale Ouest", [
        Svc("Dépannage alimentaire", "Emergency food", "Paniers de nourriture sur rendez-vous, une fois par mois.", ("1130", "1120"), "food", ("fr", "en"), "mrc"),
        Svc("Cuisines collectives", "Community kitchens", "Cuisiner en groupe des repas économiques à rapporter à la maison.", ("1134",), "evening"),
        Svc("Épicerie solidaire", "Community grocery", "Fruits, légumes et produits de base à prix réduit pour les membres.", ("1130", "1132"), "drop_in", ("fr", "en"), "mrc"),
        Svc("Paniers de Noël", "Christmas baskets", "Inscription en novembre pour un panier de Noël.", ("1130", "1171"), "office", ("fr",), "mrc"),
    ]),
    Org("CLSC de Magog", "Services de santé et services sociaux de proximité (CIUSSS de l'Estrie – CHUS).", "Magog", "rue Saint-Patrick", [
        Svc("Accueil psychosocial", "Psychosocial intake", "Première écoute, évaluation et orientation pour toute difficulté personnelle ou familiale. Santé mentale, deuil, crise.", ("1220", "1214"), "office", ("fr", "en")),
        Svc("Clinique jeunesse", "Youth clinic", "Contraception, dépistage et information sur la sexualité pour les 14 à 24 ans, sans rendez-vous.", ("1209", "1196", "1212"), "evening", ("fr", "en"), extra={"minimum_age": 14, "maximum_age": 24}),
        Svc("Vaccination", "Vaccinations", "Vaccination des enfants et des adultes sur rendez-vous.", ("1227",), "day", ("fr", "en")),
        Svc("Services aux jeunes en difficulté", "Youth services", "Soutien aux jeunes de 12 à 17 ans et à leurs parents.", ("1304", "1195"), extra={"minimum_age": 12, "maximum_age": 17}),
        Svc("Soutien à domicile", "Home care", "Soins infirmiers et aide à domicile pour les aînés et les personnes en perte d'autonomie.", ("1228",), "day", ("fr", "en"), "mrc"),
    ]),
    Org("Centre de crise de l'Estrie", "Intervention de crise 24 heures sur 24 pour les adultes en détresse.", "Sherbrooke", "rue King Ouest", [
        Svc("Ligne de crise 24/7", "24/7 crisis line", "Écoute et intervention téléphonique en situation de crise, jour et nuit.", ("1126", "1305"), "always", ("fr", "en"), "region"),
        Svc("Hébergement de crise", "Crisis housing", "Séjour de courte durée pour traverser une crise.", ("1126", "1152"), "always"),
    ]),
    Org("Maison d'hébergement L'Éclaircie", "Maison d'aide et d'hébergement pour les femmes victimes de violence conjugale et leurs enfants.", "Magog", "adresse confidentielle", [
        Svc("Hébergement pour femmes victimes de violence", "Shelter for women", "Hébergement sécuritaire, écoute et accompagnement 24 heures sur 24.", ("1124", "1125"), "always", ("fr", "en"), "mrc"),
        Svc("Services externes", "Outreach services", "Rencontres individuelles sans hébergement, accompagnement à la cour.", ("1124", "1375"), "office", ("fr",), "mrc"),
    ], confidential=True),
    Org("Centre d'action bénévole", "Bénévoles au service des aînés et des familles.", "Magog", "rue Sherbrooke", [
        Svc("Visites d'amitié", "Friendly visits", "Un bénévole rend visite aux aînés isolés chaque semaine.", ("1306",), "office", ("fr", "en"), "mrc"),
        Svc("Popote roulante", "Meals on wheels", "Repas chauds livrés à domicile aux aînés, midi en semaine.", ("1129",), "meals", ("fr", "en"), "mrc"),
        Svc("Accompagnement-transport médical", "Medical transportation", "Un bénévole vous conduit à vos rendez-vous médicaux.", ("1176",), "office", ("fr",), "mrc"),
        Svc("Clinique d'impôts", "Tax clinic", "Déclarations de revenus remplies gratuitement pour les personnes à faible revenu.", ("1270",), "office", ("fr", "en"), "mrc",
          extra={"alert": "Clinique d'impôts : de mars à avril seulement.", "alert_en": "Tax clinic: March and April only."}),
    ]),
    Org("Office municipal d'habitation", "Logements à loyer modique et supplément au loyer.", "Magog", "rue Merry Nord", [
        Svc("Logement à loyer modique (HLM)", "Public housing", "Demande de logement pour les ménages à faible revenu.", ("1150",), "office", ("fr", "en"), "mrc"),
        Svc("Supplément au loyer", "Rent supplement", "Aide pour payer un loyer sur le marché privé.", ("1140",), "office"),
    ]),
    Org("Aide juridique", "Services juridiques gratuits ou à faible coût pour les personnes admissibles.", "Magog", "rue Principale Est", [
        Svc("Consultation juridique", "Legal consultation", "Avocates et avocats pour les causes familiales, criminelles et civiles.", ("1375", "1389"), "office", ("fr", "en"), "mrc"),
    ]),
    Org("Carrefour jeunesse-emploi", "Emploi, études et projets pour les 16 à 35 ans.", "Magog", "rue Principale Ouest", [
        Svc("Recherche d'emploi", "Job search", "CV, préparation aux entrevues, offres d'emploi.", ("1357", "1354", "1353"), "office", ("fr", "en"), "mrc", extra={"minimum_age": 16, "maximum_age": 35}),
        Svc("Retour aux études", "Back to school", "Accompagnement pour reprendre des études.", ("1323",), "office", extra={"minimum_age": 16, "maximum_age": 35}),
        Svc("Projet Place aux jeunes", "Place aux jeunes", "S'installer en région : emploi, logement, réseau.", ("1297",), "office", extra={"public": False}),
    ]),
    Org("Services Québec", "Aide à l'emploi et aide financière de dernier recours.", "Magog", "rue Principale Ouest", [
        Svc("Aide sociale et solidarité sociale", "Social assistance", "Demande d'aide financière de dernier recours.", ("1256",), "office", ("fr", "en"), "region"),
        Svc("Aide à l'emploi", "Employment assistance", "Mesures et programmes pour trouver un emploi.", ("1357",), "office", ("fr", "en"), "region"),
    ]),
    Org("Accueil psychosocial", "Organisme communautaire en santé mentale : écoute, entraide, activités.", "Magog", "rue Laurier", [
        Svc("Écoute et relation d'aide", "Support and counselling", "Rencontres individuelles pour les personnes qui vivent de la détresse, de l'anxiété ou de la déprime.", ("1220", "1309"), "office"),
        Svc("Groupes d'entraide en santé mentale", "Mental health support groups", "Groupes hebdomadaires animés par une intervenante et une paire aidante.", ("1312", "1310"), "evening"),
        Svc("Ateliers sur l'anxiété", "Anxiety workshops", "Huit ateliers pour comprendre et apprivoiser l'anxiété.", ("1198",), "evening"),
        Svc("Centre de jour", "Drop-in centre", "Lieu de rencontre et d'activités pour briser l'isolement.", ("1285", "1303"), "drop_in"),
    ]),
    Org("Travail de rue Memphrémagog", "Présence dans la rue, les parcs et les milieux de vie.", "Magog", "rue Principale Ouest", [
        Svc("Travail de rue", "Street outreach", "Des travailleuses et travailleurs de rue vont à la rencontre des personnes là où elles sont.", ("1303", "1309"), "drop_in", ("fr", "en"), "mrc"),
        Svc("Distribution de matériel de consommation sécuritaire", "Harm reduction supplies", "Seringues, pipes et condoms, récupération du matériel usagé.", ("1178", "1209"), "drop_in", ("fr",), "mrc"),
    ]),
    Org("Maison des jeunes de Magog", "Lieu de rencontre pour les 12 à 17 ans.", "Magog", "rue Saint-Luc", [
        Svc("Maison des jeunes", "Youth centre", "Activités, aide aux devoirs et écoute pour les ados.", ("1285", "1343"), "evening", extra={"minimum_age": 12, "maximum_age": 17}),
    ]),
    Org("Comptoir vestimentaire de Stanstead", "Vêtements et articles de maison à petit prix.", "Stanstead", "rue Dufferin", [
        Svc("Comptoir vestimentaire", "Clothing bank", "Vêtements pour toute la famille, meubles et articles de maison.", ("1158", "1163"), "food", ("fr", "en")),
    ]),
    Org("Centre communautaire d'Ayer's Cliff", "Activités et entraide au village.", "Ayer's Cliff", "rue Main", [
        Svc("Dîners communautaires", "Community lunches", "Repas chaud à petit prix le mercredi midi.", ("1131",), "meals", ("fr", "en")),
        Svc("Cuisine collective du village", "Village community kitchen", "Cuisiner ensemble une fois par mois.", ("1134",), "evening", ("fr", "en"),
          extra={"status": ServiceStatus.TEMPORARILY_CLOSED, "alert": "Fermé pour rénovations jusqu'à nouvel ordre.", "alert_en": "Closed for renovations until further notice."}),
    ]),
    Org("Corporation de développement communautaire Memphrémagog", "Regroupement des organismes communautaires de la MRC.", "Magog", "rue Merry Sud", [
        Svc("Information et référence", "Information and referral", "On vous oriente vers le bon organisme.", ("1292",), "office", ("fr", "en"), "mrc"),
    ]),
    Org("Centre de pédiatrie sociale de Magog", "Soins et soutien aux enfants vulnérables et à leur famille.", "Magog", "rue Sherbrooke", [
        Svc("Pédiatrie sociale", "Social pediatrics", "Évaluation et suivi des enfants, avec la famille et l'école.", ("1206", "1195"), "day", extra={"maximum_age": 18}),
    ]),
    Org("Association des proches aidants de l'Estrie", "Soutien aux personnes qui aident un proche.", "Sherbrooke", "rue Wellington Nord", [
        Svc("Répit pour proches aidants", "Caregiver respite", "Quelques heures de répit à domicile pour la personne proche aidante.", ("1286",), "office", ("fr", "en"), "region"),
        Svc("Groupe de soutien aux proches aidants", "Caregiver support group", "Rencontres mensuelles pour partager et s'informer.", ("1312",), "evening", ("fr",), "region"),
    ]),
    Org("Centre d'aide en dépendance de l'Estrie", "Services en dépendances : alcool, drogues, jeu.", "Sherbrooke", "rue King Est", [
        Svc("Services externes en dépendance", "Outpatient addiction services", "Évaluation et suivi pour les personnes aux prises avec une dépendance.", ("1178", "1181"), "office", ("fr", "en"), "region"),
        Svc("Désintoxication", "Detox", "Sevrage avec hébergement supervisé.", ("1180", "1182"), "always", ("fr",), "region"),
    ]),
    Org("Refuge Estrie", "Hébergement d'urgence pour les personnes en situation d'itinérance.", "Sherbrooke", "rue Galt Ouest", [
        Svc("Hébergement d'urgence", "Emergency shelter", "Un lit, un repas et une douche pour la nuit, sans rendez-vous.", ("1121", "1218"), "always", ("fr", "en"), "region"),
        Svc("Douches et buanderie", "Showers and laundry", "Douche, lessive et produits d'hygiène, le matin.", ("1218", "1167"), "day", ("fr", "en")),
        Svc("Soupe populaire", "Soup kitchen", "Repas chaud gratuit tous les midis.", ("1131",), "meals", ("fr", "en")),
    ]),
    Org("Association des locataires de l'Estrie", "Défense des droits des locataires.", "Sherbrooke", "rue Frontenac", [
        Svc("Information sur les droits des locataires", "Tenant rights information", "Bail, hausse de loyer, réparations, Tribunal administratif du logement.", ("1142", "1375"), "office", ("fr", "en"), "region"),
        Svc("Recherche de logement", "Housing search", "Aide pour trouver un appartement abordable.", ("1136",), "office", ("fr",), "region"),
    ]),
    Org("Service d'aide aux néo-Canadiens", "Accueil et intégration des personnes immigrantes.", "Sherbrooke", "rue Wellington Sud", [
        Svc("Accueil des nouveaux arrivants", "Newcomer settlement", "Installation, démarches, inscription à l'école et aux soins.", ("1381", "1292"), "office", ("fr", "en", "es", "ar", "uk"), "region"),
        Svc("Francisation", "French classes", "Cours de français pour adultes immigrants.", ("1331",), "day", ("fr", "en", "es", "ar"), "region"),
        Svc("Soutien aux demandeurs d'asile", "Support for asylum seekers", "Démarches d'immigration, permis de travail, logement et inscription aux services.", ("1381", "1346"), "office", ("fr", "en", "es", "ar"), "region"),
        Svc("Interprétariat", "Interpretation", "Interprètes pour les rendez-vous médicaux et sociaux.", ("1390",), "office", ("fr", "en", "es", "ar", "fa"), "region"),
    ]),
    Org("Association coopérative d'économie familiale de l'Estrie", "Budget, dettes et consommation.", "Sherbrooke", "rue King Ouest", [
        Svc("Consultation budgétaire", "Budget counselling", "Faire son budget, régler ses dettes, éviter la faillite.", ("1263", "1262"), "office", ("fr", "en"), "region"),
    ]),
    Org("Info-Social 811", "Consultation téléphonique psychosociale du réseau de la santé.", "Québec", "", [
        Svc("Info-Social 811", "Info-Social 811", "Une intervenante vous répond 24 heures sur 24 pour toute question psychosociale.", ("1305", "1220"), "always", ("fr", "en"), "province", phone="811"),
    ]),
    Org("Ressources Potton", "Entraide au village de Mansonville.", "Potton", "rue Principale", [
        Svc("Dépannage alimentaire de Potton", "Potton food bank", "Épicerie solidaire une fois par semaine.", ("1130",), "food", ("fr", "en")),
        Svc("Transport bénévole", "Volunteer drivers", "Transport vers Magog et Sherbrooke pour les rendez-vous.", ("1175",), "office", ("fr", "en")),
    ]),
    Org("Jardins collectifs d'Eastman", "Jardiner ensemble.", "Eastman", "chemin George-Bonnallie", [
        Svc("Jardin collectif", "Community garden", "Parcelles et récoltes partagées, de mai à octobre.", ("1127",), "evening", ("fr", "en")),
    ]),
    Org("Halte-garderie North Hatley", "Garde occasionnelle pour les tout-petits.", "North Hatley", "rue Main", [
        Svc("Halte-garderie", "Drop-in daycare", "Quelques heures de garde pour les enfants de 18 mois à 5 ans.", ("1280",), "day", ("fr", "en"), extra={"maximum_age": 5}),
    ]),
    Org("Centre de formation des adultes Memphrémagog", "Formation générale et alphabétisation des adultes.", "Magog", "rue Saint-Alexandre", [
        Svc("Alphabétisation", "Literacy", "Apprendre à lire, écrire et compter, à son rythme, en petit groupe.", ("1350", "1366"), "day", ("fr",), "mrc", extra={"minimum_age": 16}),
        Svc("Cours d'informatique pour débutants", "Computer classes for beginners", "Courriel, Internet et formulaires en ligne.", ("1351",), "evening", ("fr", "en")),
        Svc("Formation générale des adultes", "Adult general education", "Terminer son secondaire à temps plein ou partiel.", ("1332", "1323"), "day", ("fr",), "mrc", extra={"minimum_age": 16}),
    ]),
    Org("Clinique dentaire communautaire de l'Estrie", "Soins dentaires à coût réduit pour les personnes à faible revenu.", "Sherbrooke", "rue Belvédère Nord", [
        Svc("Soins dentaires à coût réduit", "Low-cost dental care", "Examens, nettoyages et urgences dentaires selon le revenu.", ("1184", "1201"), "office", ("fr", "en"), "region"),
    ]),
    Org("Cercle de deuil Orford", "Accompagnement des personnes endeuillées.", "Orford", "chemin du Parc", [
        Svc("Groupe de soutien au deuil", "Grief support group", "Huit rencontres pour traverser un deuil.", ("1186", "1312"), "evening"),
    ]),
]  # fmt: skip


def _time(text: str) -> datetime.time:
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


def _phone(rng: random.Random) -> str:
    return f"819 555-{rng.randint(1000, 9999)}"


def _organization(spec: Org) -> Organization:
    found = Organization.objects.filter(name_key=match_key(spec.name)).first()
    organization = found or Organization(name=spec.name)
    organization.description = organization.description or spec.description
    slug = match_key(spec.name).replace(" ", "-").replace("'", "")
    organization.website = organization.website or f"https://{slug[:40]}.example.org"
    organization.save()
    return organization


def _location(rng: random.Random, organization: Organization, spec: Org) -> Location | None:
    place = gazetteer.find(spec.town)
    if place is None or not spec.street:
        return None
    location = Location.objects.create(
        organization=organization,
        name=spec.name if len(spec.name) < 60 else "",
        latitude=round(place.latitude + rng.uniform(-0.01, 0.01), 5),
        longitude=round(place.longitude + rng.uniform(-0.01, 0.01), 5),
        confidential_address=spec.confidential,
    )
    number = rng.randint(10, 999)
    street = "123, rue du Refuge" if spec.confidential else f"{number}, {spec.street}"
    Address.objects.create(location=location, address_1=street, city=place.name, postal_code="")
    return location


def _service(rng: random.Random, organization: Organization, location: Location | None,
             spec: Svc, terms: dict[str, TaxonomyTerm], today: datetime.date) -> Service:  # fmt: skip
    service = Service.objects.create(
        organization=organization,
        name=spec.name,
        name_en=spec.name_en,
        description=spec.description,
        assured_date=today - datetime.timedelta(days=rng.randint(20, 500)),
        **spec.extra,  # type: ignore[arg-type]
    )
    if location is not None:
        ServiceAtLocation.objects.create(service=service, location=location)
    Phone.objects.create(service=service, number=spec.phone or _phone(rng))
    for code in spec.codes:
        Attribute.objects.create(
            taxonomy_term=terms[code], link_entity=LinkEntity.SERVICE, link_id=service.id
        )
    for code in spec.languages:
        Language.objects.create(service=service, code=code, name=languages.FRENCH_NAMES[code])
    for days, opens, closes in HOURS.get(spec.hours, []):
        Schedule.objects.create(
            service=service,
            freq="WEEKLY",
            byday=days,
            opens_at=_time(opens),
            closes_at=_time(closes),
        )
    if spec.area == "mrc":
        ServiceArea.objects.create(
            service=service,
            scope=AreaScope.MRC,
            place_code="memphremagog",
            name="MRC de Memphrémagog",
        )
    elif spec.area == "region":
        ServiceArea.objects.create(
            service=service, scope=AreaScope.REGION, place_code="05", name="Estrie"
        )
    elif spec.area == "province":
        ServiceArea.objects.create(
            service=service, scope=AreaScope.PROVINCE, place_code="QC", name="Québec"
        )
    return service


def _holidays(service: Service, today: datetime.date) -> None:
    """Closed from December 24 to January 2, as most organizations are."""
    year = today.year if today.month < 12 or today.day <= 24 else today.year + 1
    Schedule.objects.create(
        service=service,
        closed=True,
        valid_from=datetime.date(year, 12, 24),
        valid_to=datetime.date(year + 1, 1, 2),
        description="Fermé pour les Fêtes",
        description_en="Closed for the holidays",
    )


@transaction.atomic
def build_directory(rng: random.Random, today: datetime.date | None = None) -> dict[str, int]:
    """Create the demonstration directory (about 60 services). Safe to run once per
    database; run twice, it adds the services again."""
    today = today or datetime.date.today()
    terms = {
        term.code: term for term in TaxonomyTerm.objects.filter(taxonomy__code="open-eligibility")
    }
    services = []
    with indexing.deferred():
        for spec in ORGANIZATIONS:
            organization = _organization(spec)
            location = _location(rng, organization, spec)
            for service_spec in spec.services:
                services.append(_service(rng, organization, location, service_spec, terms, today))
        for service in services[::4]:
            if not service.schedules.filter(byday__contains="SU").exists():
                _holidays(service, today)
    verification.adopt_assured_dates()
    return {"organizations": len(ORGANIZATIONS), "services": len(services)}
