"""Demo data for the contact log: a year of invented calls, the shape of a small 211."""

import datetime
import random

from django.db import transaction

from tissage.accounts.models import User
from tissage.contacts.models import Contact, UnmetNeed
from tissage.directory.models import Service, TaxonomyTerm
from tissage.vocabularies.models import Term

CONTACTS = 400


def _terms(vocabulary: str) -> list[Term]:
    return list(Term.objects.active().of(vocabulary))


@transaction.atomic
def build_contacts(rng: random.Random, today: datetime.date) -> int:
    """Create CONTACTS contacts over the last year; returns how many were created."""
    vocab = {
        code: _terms(code)
        for code in [
            "contact_channel",
            "caller_type",
            "gender",
            "age_group",
            "language",
            "municipality",
            "emergency_service",
            "referral_source",
            "special_program",
            "unmet_need_reason",
        ]
    }
    needs = list(TaxonomyTerm.objects.filter(active=True, parent__isnull=False)[:60])
    services = list(Service.objects.all()[:80])
    navigators = list(User.objects.filter(is_active=True)[:4])
    if not needs:
        return 0

    def pick(code: str, chance: float = 1.0) -> Term | None:
        terms = vocab[code]
        return rng.choice(terms) if terms and rng.random() < chance else None

    created = 0
    for _ in range(CONTACTS):
        emergency = pick("emergency_service", 0.08)
        contact = Contact.objects.create(
            date=today - datetime.timedelta(days=rng.randrange(365)),
            time=datetime.time(rng.randrange(8, 19), rng.choice([0, 15, 30, 45])),
            duration_minutes=rng.choice([3, 5, 8, 10, 15, 20]),
            channel=pick("contact_channel"),
            navigator=rng.choice(navigators) if navigators else None,
            caller_type=pick("caller_type"),
            gender=pick("gender", 0.95),
            age_group=pick("age_group", 0.9),
            language=pick("language"),
            newcomer=rng.random() < 0.1,
            municipality=pick("municipality", 0.9),
            emergency_service=emergency,
            transferred=emergency is not None and rng.random() < 0.1,
            heard_from=pick("referral_source", 0.3),
        )
        contact.needs.set(rng.sample(needs, rng.choice([1, 1, 2, 3])))
        if services:
            contact.referrals.set(rng.sample(services, min(len(services), rng.choice([0, 1, 2]))))
        if rng.random() < 0.05 and vocab["special_program"]:
            contact.programs.set([rng.choice(vocab["special_program"])])
        if rng.random() < 0.12 and vocab["unmet_need_reason"]:
            UnmetNeed.objects.create(
                contact=contact,
                need=rng.choice(needs),
                reason=rng.choice(vocab["unmet_need_reason"]),
            )
        created += 1
    return created
