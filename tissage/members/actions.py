"""What changes memberships: joining, renewing, recording a payment. Each is one transaction."""

import calendar
import enum
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tissage.members.models import Category, Member, Membership, Payment

EXPIRING_DAYS = 30  # "expiring soon" on the screens: within a month


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month_index = divmod(index, 12)
    last = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last))


def end_for(start: date, category: Category) -> date:
    """The last day of a membership that starts on `start`: 12 months from 2023-01-01 end on
    2023-12-31 (both ends are days of membership)."""
    return add_months(start, category.duration_months) - timedelta(days=1)


def last_membership(member: Member) -> Membership | None:
    return member.memberships.order_by("-end", "-pk").first()


def renewal_start(member: Member, today: date) -> date:
    """A renewal continues the last period: it starts the day after the last one ends. If that
    day is already past (the membership lapsed), it starts today: a member is not counted
    as one for the months they were not (the form lets the office choose another day)."""
    last = last_membership(member)
    if last is None:
        return today
    return max(last.end + timedelta(days=1), today)


def _check_no_overlap(member: Member, start: date, end: date) -> None:
    if member.pk and member.memberships.filter(start__lte=end, end__gte=start).exists():
        raise ValidationError(
            _("This period overlaps another membership of this member."), code="overlap"
        )


@dataclass(frozen=True)
class PaymentData:
    amount: Decimal
    paid_on: date
    method: str
    receipt_number: str = ""
    notes: str = ""


def _add_payment(membership: Membership, payment: PaymentData | None, user: Any) -> None:
    if payment is None:
        return
    Payment.objects.create(
        membership=membership,
        amount=payment.amount,
        paid_on=payment.paid_on,
        method=payment.method,
        receipt_number=payment.receipt_number,
        notes=payment.notes,
        recorded_by=user,
    )


@transaction.atomic
def do_add_membership(
    member: Member,
    category: Category,
    start: date,
    *,
    payment: PaymentData | None = None,
    user: Any = None,
) -> Membership:
    """A membership period for `member` from `start`, for the category's duration and fee;
    a renewal when the member held one before. Refused if it overlaps another period."""
    end = end_for(start, category)
    _check_no_overlap(member, start, end)
    membership = Membership.objects.create(
        member=member,
        category=category,
        start=start,
        end=end,
        fee=category.fee,
        renewal=member.memberships.filter(start__lt=start).exists(),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _add_payment(membership, payment, user if getattr(user, "is_authenticated", False) else None)
    return membership


@transaction.atomic
def do_create_member(
    member: Member,
    category: Category,
    start: date,
    *,
    payment: PaymentData | None = None,
    user: Any = None,
) -> Membership:
    """Save a new member with their first membership (and its payment, if received)."""
    member.save()
    return do_add_membership(member, category, start, payment=payment, user=user)


def do_renew(
    member: Member,
    *,
    today: date,
    category: Category | None = None,
    start: date | None = None,
    payment: PaymentData | None = None,
    user: Any = None,
) -> Membership:
    """Renew: a new period in the last category (or another), from `renewal_start`."""
    last = last_membership(member)
    category = category or (last.category if last else None)
    if category is None:
        raise ValidationError(_("Choose a category."), code="category")
    return do_add_membership(
        member,
        category,
        start or renewal_start(member, today),
        payment=payment,
        user=user,
    )


@transaction.atomic
def do_record_payment(membership: Membership, payment: PaymentData, user: Any = None) -> Payment:
    recorded = Payment.objects.create(
        membership=membership,
        amount=payment.amount,
        paid_on=payment.paid_on,
        method=payment.method,
        receipt_number=payment.receipt_number,
        notes=payment.notes,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    return recorded


class Status(enum.StrEnum):
    ACTIVE = "active"
    EXPIRING = "expiring"  # active, ends within EXPIRING_DAYS and not renewed yet
    EXPIRED = "expired"
    UPCOMING = "upcoming"  # only a membership that has not started yet
    NONE = "none"  # no membership at all


def status_of(last_end: date | None, active: bool, today: date) -> Status:
    """A member's status from the end of their last membership and whether one covers today."""
    if last_end is None:
        return Status.NONE
    if active:
        soon = last_end <= today + timedelta(days=EXPIRING_DAYS)
        return Status.EXPIRING if soon else Status.ACTIVE
    return Status.EXPIRED if last_end < today else Status.UPCOMING


def member_status(member: Member, today: date) -> Status:
    last = last_membership(member)
    active = member.memberships.covering(today).exists()
    return status_of(last.end if last else None, active, today)
