"""The peer-support organization's activities (seeds 001 for 2023 and 000 for 2024), rebuilt
from the figures docs REPORTS.md lists, so that its report can be reproduced from records.

Published: 12 activities and 253 participants in 2023, shown by kind (workshops, virtual
conferences, a community day) in a chart without counts; in 2024, participants per project:
mental-health promotion 175, "Échanger pour l'inclusion" 113. The community day (Journée
Entraide, 7 May 2023, 80 participants, with Santé Mentale Québec Rive-Sud) and the stress
workshop at the AEESICQ colloquium (35 teachers) are in the 2023 report's text; the split
of the rest among workshops and conferences is ours, the totals are the published ones.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from tissage.accounts.regions import Region
from tissage.activities.actions import do_record_attendance
from tissage.activities.models import Activity, Session
from tissage.directory.models import Organization
from tissage.lib.text import match_key
from tissage.vocabularies.models import Term

PUBLISHED_2023 = {"activities": 12, "participants": 253}
PUBLISHED_2024_PROJECTS = {
    "Activités de promotion de la santé mentale": 175,
    "Projet Échanger pour l'inclusion": 113,
}
PROMOTION, INCLUSION = PUBLISHED_2024_PROJECTS


@dataclass(frozen=True)
class Spec:
    day: date
    kind: str  # activity_kind code
    title: str
    participants: int
    region: str = Region.LAURENTIDES
    project: str = ""
    partner: str = ""


YEAR_2023 = [
    Spec(date(2023, 5, 7), "community-day", "Journée Entraide", 80, Region.MONTEREGIE,
         partner="Santé Mentale Québec Rive-Sud"),
    Spec(date(2023, 6, 5), "workshop", "Atelier gestion du stress – colloque AEESICQ", 35,
         Region.CAPITALE_NATIONALE, partner="AEESICQ"),
    Spec(date(2023, 3, 15), "workshop", "Atelier pleine conscience", 14),
    Spec(date(2023, 9, 20), "workshop", "Atelier retrouver le sens", 12),
    Spec(date(2023, 10, 18), "workshop", "Atelier poser ses limites", 10),
    Spec(date(2023, 11, 22), "workshop", "Atelier fatigue de compassion", 9, Region.MONTREAL),
    Spec(date(2023, 1, 25), "virtual-conference", "Épuisement professionnel", 22),
    Spec(date(2023, 2, 22), "virtual-conference", "Vocation et contribution", 18),
    Spec(date(2023, 4, 19), "virtual-conference", "Humanisme dans les institutions", 16),
    Spec(date(2023, 8, 23), "virtual-conference", "Policiers sous pression", 14),
    Spec(date(2023, 10, 4), "virtual-conference", "L'intégrité dans ses choix", 12),
    Spec(date(2023, 12, 6), "virtual-conference", "Soins infirmiers et innovation", 11),
]  # fmt: skip

YEAR_2024 = [
    *[
        Spec(date(2024, month, 12), "conference", title, count, project=PROMOTION)
        for month, title, count in [
            (1, "Le rythme et nous", 30),
            (2, "Ralentir avec conscience", 28),
            (3, "La puissance du non", 25),
            (4, "Stress et surengagement", 22),
            (5, "Semaine de la santé mentale", 20),
            (9, "La joie au travail", 18),
            (10, "Anxiété : en parler", 17),
            (11, "Oser la pause", 15),
        ]
    ],
    *[
        Spec(date(2024, month, 20), "workshop", title, count, Region.MONTREAL, project=INCLUSION)
        for month, title, count in [
            (3, "Échanger pour l'inclusion – lancement", 25),
            (4, "Parcours migratoires et travail", 22),
            (5, "Reconnaissance des diplômes", 20),
            (9, "Intervenir en contexte interculturel", 18),
            (10, "Isolement et entraide", 15),
            (11, "Échanger pour l'inclusion – bilan", 13),
        ]
    ],
]


@transaction.atomic
def build_peer_support(years: tuple[int, ...] = (2023, 2024)) -> list[Session]:
    """Write the activities of the chosen years; each is held once, its participants counted
    at the door (anonymous attendance)."""
    specs = [spec for spec in YEAR_2023 + YEAR_2024 if spec.day.year in years]
    kinds = {term.code: term for term in Term.objects.of("activity_kind")}
    sessions = []
    for spec in specs:
        activity = Activity.objects.create(
            title=spec.title, kind=kinds[spec.kind], project=spec.project, region=spec.region
        )
        if spec.partner:
            partner = Organization.objects.filter(name_key=match_key(spec.partner)).first()
            activity.partners.add(partner or Organization.objects.create(name=spec.partner))
        session = Session.objects.create(activity=activity, date=spec.day)
        sessions.append(
            do_record_attendance(session, present={}, anonymous_count=spec.participants)
        )
    return sessions
