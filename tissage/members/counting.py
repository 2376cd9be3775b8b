"""Members on a given day: the point-in-time counts reports publish ("138 members at year end").

The report engine counts records dated within a period; a member is not an event but a state,
so these counts take a day (the period's last) and look for the memberships in force on it.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from tissage.members.models import Category, Member, Membership


@dataclass(frozen=True)
class CategoryCount:
    category: Category
    count: int


def members_on(day: date) -> QuerySet[Member]:
    """Members holding a membership in force on `day`."""
    return Member.objects.filter(pk__in=Membership.objects.covering(day).values("member_id"))


def category_by_member(day: date) -> dict[int, int]:
    """{member id: category id} on `day`. Periods of one member do not overlap (the actions
    refuse it); should two ever do, the one that started last decides the category."""
    found: dict[int, int] = {}
    rows = Membership.objects.covering(day).order_by("start", "pk")
    for member_id, category_id in rows.values_list("member_id", "category_id"):
        found[member_id] = category_id
    return found


def counts_by_category(day: date) -> list[CategoryCount]:
    """How many members each category holds on `day`, in the categories' order; categories
    that hold none are left out unless they are in use."""
    per_category: dict[int, int] = {}
    for category_id in category_by_member(day).values():
        per_category[category_id] = per_category.get(category_id, 0) + 1
    return [
        CategoryCount(category, per_category.get(category.pk, 0))
        for category in Category.objects.order_by("order", "name")
        if per_category.get(category.pk) or category.active
    ]


def member_count(day: date) -> int:
    return len(category_by_member(day))


def growth_percent(now: int, before: int) -> float | None:
    """The change in %, or None when there was no member before (no percentage of nothing)."""
    if not before:
        return None
    return 100 * (now - before) / before


def directory_entries_on(day: date) -> QuerySet[Member]:
    """Entries of the member directory on `day`: members listed then, with a membership in
    force (the directory is a benefit of membership)."""
    listed = Q(listed_since__lte=day) & (Q(listed_until__isnull=True) | Q(listed_until__gt=day))
    return members_on(day).filter(listed)
