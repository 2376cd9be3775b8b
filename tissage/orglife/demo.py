"""Invented organizational life for the demonstration: two years of trainings, committees with
their meetings (about 54 a year, as in seed 003), kiosks and presentations, partnerships,
media appearances, clinical support, and social-media figures typed in per quarter."""

import random
from datetime import date, timedelta
from decimal import Decimal

from tissage.accounts.models import User
from tissage.orglife.defaults import load_manual_indicators
from tissage.orglife.models import (
    Committee,
    MediaAppearance,
    Meeting,
    Partnership,
    Representation,
    SupportSession,
    Training,
)
from tissage.reports.models import ManualIndicator, ManualValue

TRAININGS = [
    ("Panel sur le travail de rue", "ATTRueQ"),
    ("Administration de la naloxone", "CIUSSS de l'Estrie"),
    ("La fatigue de compassion", "Tel-Écoute"),
    ("Prendre soin de sa santé cognitive", "Centre l'Élan"),
    ("Mieux comprendre l'obligation de signalement", "DPJ"),
    ("Intervenir auprès des personnes en situation d'itinérance", "Équipe Multi"),
    ("Premiers soins en santé mentale", "Commission de la santé mentale"),
    ("L'automutilation et les comportements autodestructeurs", "Tel-Écoute"),
]
COMMITTEES = [
    ("Comité des partenaires", "committee", ["Conseil exécutif"]),
    ("Table de concertation des aînés", "table", ["Prévention des mauvais traitements"]),
    ("Table jeunesse socio-économique", "table", ["Jeunesse 12-17", "Prévention des dépendances"]),
    ("Table de développement social", "table", ["Chantier habitation"]),
    ("Table de concertation en santé mentale", "table", ["Sous-comité jeunesse"]),
    ("Comité de lutte à la pauvreté", "committee", []),
    ("Comité de la Nuit des sans-abri", "committee", []),
]
EVENTS = [
    ("event", "Colloque Santé mentale et travail"),
    ("event", "Grande concertation en développement social"),
    ("kiosk", "Salon des organismes"),
    ("kiosk", "Salon du bénévolat"),
    ("presentation", "Présentation aux organisateurs communautaires"),
    ("presentation", "Présentation dans les classes de francisation"),
    ("representation", "Rencontre avec la direction régionale"),
]
PARTNERSHIPS = [
    ("funding", "Subvention salariale", "Ministère de l'Emploi et de la Solidarité sociale"),
    ("funding", "Fonds de soutien aux lignes de détresse", "Gouvernement du Canada"),
    ("partnership", "Paniers de Noël", "Armée du Salut, Moisson"),
    ("project", "Cahier santé mentale", "Bibliothèques municipales"),
    ("research", "Accès aux services pour les aînés", "Université Laval"),
]
MEDIA = [
    ("tv", "TVA Nouvelles"),
    ("radio", "QUB radio"),
    ("web", "City News"),
    ("podcast", "Folie douce"),
]


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 1)))


def build_orglife(rng: random.Random, today: date) -> dict[str, int]:
    team = list(User.objects.filter(is_active=True, role__in=["worker", "direction"]))
    start = date(today.year - 2, 1, 1)
    counts = {"trainings": 0, "meetings": 0, "representations": 0, "media": 0, "support": 0}
    for year in range(start.year, today.year + 1):
        first, last = date(year, 1, 1), min(date(year, 12, 31), today)
        for title, provider in rng.sample(TRAININGS, 6):
            training = Training.objects.create(
                title=title,
                provider=provider,
                date=_day(rng, first, last),
                hours=Decimal(rng.choice([3, 6, 7])),
            )
            training.attendees.set(rng.sample(team, min(len(team), rng.randint(1, 3))))
            counts["trainings"] += 1
        for kind, title in EVENTS:
            Representation.objects.create(
                kind=kind, title=title, date=_day(rng, first, last), audience=rng.randint(15, 120)
            )
            counts["representations"] += 1
        for kind, outlet in rng.sample(MEDIA, 3):
            MediaAppearance.objects.create(
                kind=kind,
                outlet=outlet,
                topic="Détresse psychologique",
                date=_day(rng, first, last),
            )
            counts["media"] += 1
        for kind, number in (("supervision", 89), ("team_meeting", 25), ("retreat", 2)):
            for _n in range(number):
                SupportSession.objects.create(kind=kind, date=_day(rng, first, last))
                counts["support"] += 1
    for name, kind, subcommittees in COMMITTEES:
        parent = Committee.objects.create(name=name, kind=kind, role="Membre")
        for sub in subcommittees:
            Committee.objects.create(name=sub, kind="subcommittee", parent=parent)
    committees = list(Committee.objects.all())
    day = start
    while day <= today:
        # About 54 meetings a year across all committees: one every week or so.
        Meeting.objects.create(committee=rng.choice(committees), date=day)
        counts["meetings"] += 1
        day += timedelta(days=rng.choice([5, 6, 7, 8]))
    for kind, name, partners in PARTNERSHIPS:
        Partnership.objects.create(kind=kind, name=name, partners=partners, start=start)
    load_manual_indicators(ManualIndicator)
    for code in ("facebook-reach", "youtube-reach", "linkedin-reach", "instagram-reach"):
        indicator = ManualIndicator.objects.get(code=code)
        quarter = start
        while quarter <= today:
            end = date(quarter.year + (quarter.month + 2) // 12, (quarter.month + 2) % 12 + 1, 1)
            ManualValue.objects.create(
                indicator=indicator,
                period_start=quarter,
                period_end=end - timedelta(days=1),
                value=Decimal(rng.randint(500, 50000)),
            )
            quarter = end
    return counts
