"""Invented members for the demonstration organization: three years of joining and renewing,
payments, and a member directory where about four in ten present their services."""

import random
from datetime import date, timedelta
from decimal import Decimal

from tissage.members.actions import add_months
from tissage.members.defaults import load_default_categories
from tissage.members.models import Category, Member, MemberKind, Membership, Payment

FIRST = [
    "Amélie", "Benoît", "Chantal", "David", "Élise", "François", "Geneviève", "Hugo", "Isabelle",
    "Jacques", "Karine", "Louis", "Marie-Ève", "Nicolas", "Odile", "Pascal", "Rachel", "Simon",
    "Thérèse", "Vincent", "Yasmine", "Zacharie", "Nadia", "Mathieu", "Julie", "Samuel",
]  # fmt: skip
LAST = [
    "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
    "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette",
    "Girard", "Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Nguyen",
]  # fmt: skip
ORGANIZATIONS = [
    "Clinique Mieux-Être Laurentides", "Coop Santé Val-David", "Centre de ressourcement L'Élan",
    "Cabinet Psychologie du Nord", "Association des infirmières retraitées",
    "Groupe Entraide Professionnelle", "Fondation Équilibre", "Espace Pleine Conscience",
]  # fmt: skip
SERVICES = [
    ("Psychothérapie individuelle, approche humaniste.", "Individual psychotherapy."),
    ("Coaching de carrière et réorientation professionnelle.", "Career coaching."),
    (
        "Ateliers de gestion du stress pour les équipes de soins.",
        "Stress workshops for care teams.",
    ),
    ("Accompagnement des infirmières diplômées hors Canada.", "Support for nurses trained abroad."),
    ("Massothérapie et soins de détente.", "Massage therapy."),
    ("Formation en premiers soins en santé mentale.", "Mental health first aid training."),
]
AREAS = ["Laurentides", "Montréal", "Québec", "Outaouais", "Tout le Québec"]


def build_members(rng: random.Random, today: date, count: int = 150) -> dict[str, int]:
    """Members who joined over the last three years; most renew once a year, some lapse."""
    load_default_categories(Category)
    categories = {category.code: category for category in Category.objects.all()}
    first_day = date(today.year - 3, 1, 1)
    periods = payments = 0
    for number in range(count):
        organization = rng.random() < 0.06
        if organization:
            name = ORGANIZATIONS[number % len(ORGANIZATIONS)]
            if number >= len(ORGANIZATIONS):
                name = f"{name} ({number})"
            kind, category = MemberKind.ORGANIZATION, categories["organization"]
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            kind, category = MemberKind.INDIVIDUAL, categories["regular"]
        join = first_day + timedelta(days=rng.randrange((today - first_day).days))
        member = Member(
            kind=kind,
            name=name,
            contact_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}" if organization else "",
            email=f"membre{number + 1:03d}@example.org",
            phone=f"819 555-{rng.randrange(10000):04d}",
            municipality=rng.choice(["Val-David", "Sainte-Agathe-des-Monts", "Saint-Sauveur"]),
            language="en" if rng.random() < 0.1 else "fr",
        )
        if rng.random() < 0.4:
            services = rng.choice(SERVICES)
            member.services, member.services_en = services
            member.area = rng.choice(AREAS)
            member.public_email = member.email
            member.listed_since = join + timedelta(days=rng.randrange(60))
            if member.listed_since > today:
                member.listed_since = join
        member.save()
        start = join
        while start <= today:
            end = add_months(start, category.duration_months) - timedelta(days=1)
            membership = Membership.objects.create(
                member=member,
                category=category,
                start=start,
                end=end,
                fee=category.fee,
                renewal=start != join,
            )
            periods += 1
            if rng.random() < 0.95:
                Payment.objects.create(
                    membership=membership,
                    amount=Decimal(category.fee),
                    paid_on=start,
                    method=rng.choice([m for m, _label in Payment.Method.choices]),
                    receipt_number=f"R{membership.pk:05d}",
                )
                payments += 1
            if rng.random() < 0.2:  # does not renew
                break
            start = end + timedelta(days=1)
    return {"members": count, "memberships": periods, "payments": payments}
