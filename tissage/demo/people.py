"""Invented persons, interventions and referrals for the demonstration organization.

The shares follow the outreach report (003): about 44 % women, 77 % French-speaking,
83 % living in the main town; mental health, housing and homelessness lead the
problématiques; relation d'aide is by far the most frequent type.
"""

import random
from datetime import date, time, timedelta

from django.contrib.auth.hashers import make_password

from tissage.accounts.models import User
from tissage.directory.models import Organization
from tissage.lib.text import match_key
from tissage.people.models import Intervention, Person, Referral
from tissage.vocabularies.models import Term

ALIASES = [
    "Ti-Guy", "Mimi", "Le Grand", "Coco", "Pépé", "Lulu", "Ti-Loup", "Frisette", "Bouboule",
    "Cowboy", "Gigi", "Titi", "Moustache", "Pitou", "Caramel", "Biscuit", "Tornade", "Bijou",
]  # fmt: skip
PARTNERS = [
    "CLSC de Magog", "Accueil psychosocial", "Banque alimentaire Memphrémagog",
    "Maison d'hébergement L'Éclaircie", "Centre d'action bénévole", "Office municipal d'habitation",
    "Services Québec", "Centre de crise de l'Estrie", "Aide juridique", "Carrefour jeunesse-emploi",
]  # fmt: skip


def _weighted(rng: random.Random, terms: list[Term], weights: list[float]) -> Term:
    return rng.choices(terms, weights=weights[: len(terms)] + [1] * (len(terms) - len(weights)))[0]


def build_people(rng: random.Random, today: date, persons_count: int = 300) -> dict[str, int]:
    vocab = {code: list(Term.objects.active().of(code)) for code in _VOCABULARIES}
    workers = [
        User.objects.get_or_create(
            username=f"INT-{n:02d}",
            defaults={"role": "worker", "is_active": False, "password": make_password(None)},
        )[0]
        for n in range(1, 5)
    ] + list(User.objects.filter(username__in=["intervenante", "intervenant"]))

    persons = []
    for n in range(persons_count):
        person = Person(
            code=f"P{n + 1:05d}",
            alias=rng.choice(ALIASES) if rng.random() < 0.4 else "",
            gender=_weighted(rng, vocab["gender"], [44, 50, 6]),
            age_group=_weighted(rng, vocab["age_group"], [2, 19, 10, 12, 12, 10, 15, 20]),
            language=_weighted(rng, vocab["language"], [77, 8, 15, 0]),
            municipality=_weighted(rng, vocab["municipality"], [83, 4, 2, 2, 2, 2, 1, 1, 1, 1, 1]),
            birth_year=rng.randint(1945, 2010) if rng.random() < 0.5 else None,
        )
        person.duplicate_key = person.compute_duplicate_key()
        persons.append(person)
    Person.objects.bulk_create(persons, batch_size=500, ignore_conflicts=True)
    persons = list(Person.objects.filter(code__in=[p.code for p in persons]))

    problem_weights = [60 - i for i in range(len(vocab["problem"]))]
    type_weights = [70, 8, 6, 5, 4, 3, 3, 2, 2, 2, 1, 1, 1]
    start = today - timedelta(days=730)
    interventions, links = [], []
    for n in range(persons_count * 10):
        day = start + timedelta(days=rng.randrange(730))
        interventions.append(
            Intervention(
                date=day,
                time=time(rng.randint(8, 21), rng.choice([0, 15, 30, 45])),
                place=_weighted(rng, vocab["place"], [40, 25, 10, 8, 7, 5, 3, 2]),
                duration_minutes=rng.choice([15, 30, 30, 45, 60, 90, 120]),
                follow_up=rng.random() < 0.1,
                import_key=f"demo:{n}",
            )
        )
        chosen_types = {_weighted(rng, vocab["intervention_type"], type_weights)}
        if rng.random() < 0.15:
            chosen_types.add(_weighted(rng, vocab["intervention_type"], type_weights))
        chosen_problems = {
            _weighted(rng, vocab["problem"], problem_weights) for _ in range(rng.randint(0, 3))
        }
        links.append((rng.choice(persons), rng.choice(workers), chosen_types, chosen_problems))
    Intervention.objects.bulk_create(interventions, batch_size=1000, ignore_conflicts=True)
    saved = dict(
        Intervention.objects.filter(import_key__startswith="demo:").values_list("import_key", "pk")
    )
    _link(saved, interventions, links)

    organizations = []
    for name in PARTNERS:
        organization = Organization.objects.filter(name_key=match_key(name)).first()
        organizations.append(organization or Organization.objects.create(name=name))
    referrals = [
        Referral(
            date=start + timedelta(days=rng.randrange(730)),
            person=rng.choice(persons),
            direction=Referral.Direction.OUT if rng.random() < 0.8 else Referral.Direction.IN,
            organization=rng.choice(organizations),
            outcome=rng.choice(list(Referral.Outcome)),
            import_key=f"demo:{n}",
        )
        for n in range(persons_count)
    ]
    Referral.objects.bulk_create(referrals, batch_size=500, ignore_conflicts=True)
    return {
        "persons": Person.objects.count(),
        "interventions": Intervention.objects.count(),
        "referrals": Referral.objects.count(),
    }


_VOCABULARIES = ["gender", "age_group", "language", "municipality", "place", "problem"]
_VOCABULARIES += ["intervention_type"]


def _link(saved: dict[str, int], interventions: list, links: list) -> None:
    persons_rows, workers_rows, types_rows, problems_rows = [], [], [], []
    through = Intervention
    for intervention, (person, worker, types, problems) in zip(interventions, links, strict=True):
        pk = saved[intervention.import_key]
        persons_rows.append(through.persons.through(intervention_id=pk, person_id=person.pk))
        workers_rows.append(through.workers.through(intervention_id=pk, user_id=worker.pk))
        types_rows += [through.types.through(intervention_id=pk, term_id=t.pk) for t in types]
        problems_rows += [
            through.problems.through(intervention_id=pk, term_id=p.pk) for p in problems
        ]
    for rows in (persons_rows, workers_rows, types_rows, problems_rows):
        if rows:
            type(rows[0]).objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
