"""Joining and renewing: periods follow each other, lapses do not count, overlaps are refused."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tissage.members.actions import (
    PaymentData,
    Status,
    add_months,
    do_create_member,
    do_renew,
    end_for,
    member_status,
    renewal_start,
)
from tissage.members.models import Member, Payment

from .factories import categories, member, period

pytestmark = pytest.mark.django_db

TODAY = date(2024, 3, 15)


def test_a_twelve_month_membership_ends_the_day_before_its_anniversary():
    regular = categories()["regular"]
    assert end_for(date(2023, 1, 1), regular) == date(2023, 12, 31)
    assert end_for(date(2023, 3, 31), regular) == date(2024, 3, 30)
    assert end_for(date(2024, 2, 29), regular) == date(2025, 2, 27)  # no 29 February in 2025
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2023, 5, 10), -12) == date(2022, 5, 10)


def test_joining_records_the_member_the_period_and_the_payment(users):
    regular = categories()["regular"]
    new = Member(name="Hugo Caron", email="hugo@example.org")
    payment = PaymentData(Decimal("25.00"), TODAY, Payment.Method.CASH, "R-1")
    membership = do_create_member(new, regular, TODAY, payment=payment, user=users["carol"])
    assert (membership.start, membership.end) == (TODAY, date(2025, 3, 14))
    assert membership.fee == Decimal("25.00") and not membership.renewal
    assert membership.created_by == users["carol"]
    assert [(p.amount, p.receipt_number) for p in membership.payments.all()] == [
        (Decimal("25.00"), "R-1")
    ]


def test_an_early_renewal_starts_the_day_after_the_current_period():
    who = member()
    current = period(who, date(2023, 4, 1))  # ends 2024-03-31, after TODAY
    renewed = do_renew(who, today=TODAY)
    assert renewed.start == current.end + timedelta(days=1) == date(2024, 4, 1)
    assert renewed.end == date(2025, 3, 31)
    assert renewed.renewal and renewed.category == current.category
    assert renewed.payments.count() == 0  # nothing received yet


def test_a_renewal_on_the_last_day_continues_without_gap():
    who = member()
    period(who, date(2023, 3, 15))  # ends 2024-03-14, the day before TODAY
    assert renewal_start(who, TODAY) == TODAY


def test_a_lapsed_membership_restarts_today_not_in_the_past():
    who = member()
    period(who, date(2022, 1, 10))  # ended 2023-01-09
    renewed = do_renew(who, today=TODAY)
    assert renewed.start == TODAY and renewed.renewal
    # The months in between do not make a member of them.
    assert not who.memberships.covering(date(2023, 6, 1)).exists()


def test_a_renewal_may_change_category_and_record_its_payment():
    who = member()
    period(who, date(2023, 4, 1))
    payment = PaymentData(Decimal("100.00"), TODAY, Payment.Method.CHEQUE, "C-77")
    renewed = do_renew(who, today=TODAY, category=categories()["organization"], payment=payment)
    assert renewed.fee == Decimal("100.00")
    assert renewed.payments.get().receipt_number == "C-77"


def test_an_overlapping_period_is_refused_and_nothing_is_written():
    who = member()
    period(who, date(2023, 4, 1))
    with pytest.raises(ValidationError):
        do_renew(
            who,
            today=TODAY,
            start=date(2024, 1, 1),
            payment=PaymentData(Decimal(25), TODAY, "cash"),
        )
    assert who.memberships.count() == 1
    assert Payment.objects.count() == 1


def test_a_member_without_any_period_cannot_renew_without_a_category():
    with pytest.raises(ValidationError):
        do_renew(member(), today=TODAY)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2023, 6, 1), Status.ACTIVE),  # ends 2024-05-31
        (date(2023, 4, 1), Status.EXPIRING),  # ends 2024-03-31, within 30 days
        (date(2022, 6, 1), Status.EXPIRED),
        (date(2024, 4, 1), Status.UPCOMING),
    ],
)
def test_the_status_of_a_member(start, expected):
    who = member()
    period(who, start)
    assert member_status(who, TODAY) == expected


def test_a_renewed_member_is_no_longer_expiring():
    who = member()
    period(who, date(2023, 4, 1))
    do_renew(who, today=TODAY)
    assert member_status(who, TODAY) == Status.ACTIVE
    assert member_status(member("Sans adhésion", email=""), TODAY) == Status.NONE
