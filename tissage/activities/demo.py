"""Invented group activities for the demonstration organization (a street-outreach team):
weekly animations with partners, participations in partners' activities, public events, and
a workshop series with registrations, a waiting list and named attendance."""

import random
from datetime import date, time, timedelta

from tissage.accounts.models import User
from tissage.activities.actions import do_record_attendance, do_register
from tissage.activities.models import Activity, AgeBand, Session
from tissage.directory.models import Organization
from tissage.lib.text import match_key
from tissage.people.models import Person
from tissage.vocabularies.models import Term

# (kind code, title, partner, sessions per year, participants low–high)
SERIES = [
    ("partner-facilitation", "Café-causerie – Coeur sur la main", "Coeur sur la main", 40, (8, 20)),
    ("partner-facilitation", "La Ruche – UMIC", "UMIC", 90, (6, 18)),
    ("partner-facilitation", "Milieu de jour – sport", "Milieu de jour l'OASIS", 12, (5, 14)),
    ("partner-activity-participation", "Maison des jeunes – soirée", "Maison des jeunes", 30,
     (8, 20)),
    ("partner-activity-participation", "Cuisines collectives", "Cuisines collectives", 6, (6, 12)),
    ("public-event", "Nuit des sans-abri", "", 1, (30, 60)),
    ("public-event", "Fête de quartier", "", 1, (40, 90)),
    ("drop-in", "Café-rencontre du jeudi", "", 20, (4, 12)),
]  # fmt: skip


def _organization(name: str) -> Organization:
    found = Organization.objects.filter(name_key=match_key(name)).first()
    return found or Organization.objects.create(name=name)


def build_activities(rng: random.Random, today: date) -> dict[str, int]:
    kinds = {term.code: term for term in Term.objects.of("activity_kind")}
    facilitators = list(User.objects.filter(username__in=["intervenante", "intervenant"]))
    start = today - timedelta(days=730)
    sessions = 0
    for kind, title, partner, per_year, (low, high) in SERIES:
        activity = Activity.objects.create(title=title, kind=kinds[kind], place="Magog")
        if partner:
            activity.partners.add(_organization(partner))
        activity.facilitators.set(facilitators)
        days = sorted(start + timedelta(days=rng.randrange(730)) for _ in range(per_year * 2))
        made = Session.objects.bulk_create(
            Session(
                activity=activity,
                date=day,
                start_time=time(rng.choice([10, 13, 18]), 0),
                anonymous_count=(count := rng.randint(low, high)),
                participants=count,
            )
            for day in days
        )
        sessions += len(made)
    sessions += _workshop_series(rng, today, kinds["workshop"], facilitators)
    return {"activités": len(SERIES) + 1, "séances": sessions}


def _workshop_series(rng: random.Random, today: date, kind: Term, facilitators: list[User]) -> int:
    """A six-week workshop series with named registrations, a waiting list and attendance,
    half of it past (attendance taken) and half to come."""
    activity = Activity.objects.create(
        title="Atelier budget et logement",
        kind=kind,
        program="Six rencontres : budget, bail, droits des locataires, recherche de logement.",
        place="Local de l'organisme",
        capacity=8,
        project="Logement d'abord",
    )
    activity.facilitators.set(facilitators[:1])
    first = today - timedelta(days=21)
    sessions = [
        Session.objects.create(
            activity=activity, date=first + timedelta(weeks=n), start_time=time(13, 30)
        )
        for n in range(6)
    ]
    persons = list(Person.objects.order_by("code")[:11])
    registered = [
        do_register(activity, person=person, eligible=rng.random() < 0.7) for person in persons
    ]
    eligible = {r.person_id: r.eligible for r in registered if r.status == "registered"}
    for session in sessions:
        if session.date > today:
            continue
        present = {p: eligible[p.pk] for p in persons if p.pk in eligible and rng.random() < 0.8}
        do_record_attendance(
            session,
            present=present,
            anonymous_count=(walk_ins := rng.randint(0, 2)),
            anonymous_eligible=rng.randint(0, walk_ins),
            children={AgeBand.TODDLERS: rng.randint(0, 2), AgeBand.CHILDREN: rng.randint(0, 1)},
        )
    return len(sessions)
