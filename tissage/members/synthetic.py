"""A synthetic membership carrying the peer-support organization's published figures.

Seed 001 (2023): "Nombre de membres 138 — 131 membres réguliers, 7 membres organismes ou
entreprises — + 100 %", the organization having been founded in April 2022. Seed 000 (2024):
"Au 31 décembre 2024, 175 personnes étaient membres", "Fin 2024, 72 personnes [inscrites au
bottin]". The records below are built from that description (REPORTS.md), with the edge cases
a point-in-time count must get right:

- 2022: 66 regular members and 3 organizations join between May and December → 69 at the end
  of 2022 (so +100 % gives 138). The last regular one joins on 31 December 2022: counted in
  2022, and not in 2023 (their 12 months end on 30 December 2023, not renewed).
- 2023: 50 of the 66 regular renew (45 on time, 5 after a lapse of 40 days), the 3
  organizations renew, 81 regular members and 4 organizations join (the last on 31 December
  2023) → 131 + 7 = 138.
- 2024: 110 of the 138 continue, 65 join (one paid in December 2023 for a membership starting
  on 1 January 2024: not a member in 2023) → 175. 72 members are listed in the member
  directory at the end of 2024 (30 since 2023); one listed member withdrew in June 2024 and
  one listed member's membership ended in 2023.
- A prospect who never held a membership counts nowhere.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from tissage.members.actions import add_months
from tissage.members.defaults import load_default_categories
from tissage.members.models import Category, Member, MemberKind, Membership, Payment

# What the published reports say; the test checks the engine against these and against its
# own count of the raw records.
EXPECTED = {
    2022: {"members": 69, "regular": 66, "organization": 3},
    2023: {"members": 138, "regular": 131, "organization": 7, "growth": 100, "directory": 31},
    2024: {"members": 175, "directory": 72},
}


@dataclass
class Plan:
    """One member: who, which category, and the starts of their consecutive periods."""

    name: str
    category: str  # "regular" or "organization"
    starts: list[date]
    listed_since: date | None = None
    listed_until: date | None = None
    paid_on: list[date | None] = field(default_factory=list)  # None: not paid


def _chain(join: date, periods: int) -> list[date]:
    """Consecutive 12-month periods from `join`."""
    return [add_months(join, 12 * k) for k in range(periods)]


def plans() -> list[Plan]:
    found: list[Plan] = []
    # 2022: 66 regular members (A) and 3 organizations (B).
    for i in range(66):
        join = date(2022, 12, 31) if i == 65 else date(2022, 5, 1) + timedelta(days=3 * i)
        if i < 45:
            starts = _chain(join, 3)  # on time in 2023 and in 2024
        elif i < 50:
            lapse = add_months(join, 12) + timedelta(days=40)
            starts = [join, lapse]  # renewed late in 2023, then gone in 2024
        else:
            starts = [join]  # never renewed
        plan = Plan(f"Membre A{i + 1:03d}", "regular", starts)
        if i < 30:
            plan.listed_since = date(2023, 3, 1) + timedelta(days=i)
        elif i == 45:
            plan.listed_since, plan.listed_until = date(2023, 3, 1), date(2024, 6, 1)
        elif i == 50:
            plan.listed_since = date(2022, 10, 1)
        found.append(plan)
    for i, join in enumerate([date(2022, 6, 1), date(2022, 9, 15), date(2022, 11, 20)]):
        found.append(Plan(f"Organisme B{i + 1}", "organization", _chain(join, 3)))
    # 2023: 81 regular members (C) and 4 organizations (D).
    for j in range(81):
        join = date(2023, 12, 31) if j == 80 else date(2023, 1, 1) + timedelta(days=4 * j)
        plan = Plan(f"Membre C{j + 1:03d}", "regular", _chain(join, 2 if j < 58 else 1))
        if j < 42:
            plan.listed_since = date(2024, 2, 1) + timedelta(days=j)
        found.append(plan)
    joins = [date(2023, 2, 15), date(2023, 5, 10), date(2023, 8, 22), date(2023, 10, 3)]
    for i, join in enumerate(joins):
        found.append(Plan(f"Organisme D{i + 1}", "organization", _chain(join, 2)))
    # 2024: 65 new members (E); the first paid in December 2023 for a start in January 2024.
    early = Plan("Membre E001", "regular", [date(2024, 1, 1)], paid_on=[date(2023, 12, 15)])
    found.append(early)
    for k in range(1, 65):
        category = "organization" if k >= 60 else "regular"
        join = date(2024, 1, 10) + timedelta(days=5 * (k - 1))
        found.append(Plan(f"Membre E{k + 1:03d}", category, [join]))
    # A prospect: a member record without any membership.
    found.append(Plan("Personne intéressée", "regular", []))
    # Three periods left unpaid (the fee is owed, the member is a member all the same).
    for plan in (found[10], found[70], found[140]):
        plan.paid_on = [None] * len(plan.starts)
    return found


@transaction.atomic
def build_peer_support() -> dict[int, dict[str, int]]:
    """Create the categories and the members of the plans; return `EXPECTED`."""
    load_default_categories(Category)
    categories = {category.code: category for category in Category.objects.all()}
    planned = plans()
    members = Member.objects.bulk_create(
        Member(
            kind=MemberKind.ORGANIZATION
            if plan.category == "organization"
            else MemberKind.INDIVIDUAL,
            name=plan.name,
            email=f"membre{number:03d}@example.org",
            listed_since=plan.listed_since,
            listed_until=plan.listed_until,
            services="Accompagnement et conférences" if plan.listed_since else "",
        )
        for number, plan in enumerate(planned, start=1)
    )
    memberships, paid_on = [], []
    for plan, member in zip(planned, members, strict=True):
        category = categories[plan.category]
        paid = plan.paid_on or list(plan.starts)
        for index, start in enumerate(plan.starts):
            memberships.append(
                Membership(
                    member=member,
                    category=category,
                    start=start,
                    end=add_months(start, category.duration_months) - timedelta(days=1),
                    fee=category.fee,
                    renewal=index > 0,
                )
            )
            paid_on.append(paid[index])
    memberships = Membership.objects.bulk_create(memberships)
    Payment.objects.bulk_create(
        Payment(
            membership=membership,
            amount=Decimal(membership.fee),
            paid_on=day,
            method=Payment.Method.TRANSFER,
            receipt_number=f"R{number:05d}",
        )
        for number, (membership, day) in enumerate(zip(memberships, paid_on, strict=True), 1)
        if day is not None
    )
    return EXPECTED
