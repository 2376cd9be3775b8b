"""Small builders for the members tests."""

from datetime import date
from decimal import Decimal

from tissage.members.actions import end_for
from tissage.members.defaults import load_default_categories
from tissage.members.models import Category, Member, MemberKind, Membership, Payment


def categories() -> dict[str, Category]:
    load_default_categories(Category)
    return {category.code: category for category in Category.objects.all()}


def member(name: str = "Julie Roy", *, email: str = "julie@example.org", **fields) -> Member:
    fields.setdefault("kind", MemberKind.INDIVIDUAL)
    return Member.objects.create(name=name, email=email, **fields)


def period(
    who: Member, start: date, category: str = "regular", *, paid: bool = True, **fields
) -> Membership:
    chosen = categories()[category]
    membership = Membership.objects.create(
        member=who,
        category=chosen,
        start=start,
        end=fields.pop("end", None) or end_for(start, chosen),
        fee=chosen.fee,
        **fields,
    )
    if paid:
        Payment.objects.create(
            membership=membership, amount=Decimal(chosen.fee), paid_on=start, method="cash"
        )
    return membership
