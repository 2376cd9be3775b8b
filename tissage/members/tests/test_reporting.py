"""Memberships in the report engine: new members, renewals and fees are counted by date."""

from datetime import date
from decimal import Decimal

import pytest

from tissage.members.actions import PaymentData, do_renew
from tissage.reports.compute import compute
from tissage.reports.periods import calendar_year
from tissage.reports.registry import indicator
from tissage.reports.templates_default import BUILTIN

from .factories import member, period

pytestmark = pytest.mark.django_db


def test_new_members_renewals_and_fees_in_a_year():
    first = member("Un")
    period(first, date(2023, 2, 1))  # new in 2023, paid 25 $
    do_renew(
        first,
        today=date(2024, 1, 15),
        payment=PaymentData(Decimal(25), date(2024, 1, 20), "cash"),
    )  # renewal starting 2024-02-01
    second = member("Deux")
    period(second, date(2023, 11, 5), "organization")  # new in 2023, paid 100 $
    period(member("Trois"), date(2024, 3, 1), paid=False)  # new in 2024, unpaid
    year_2023, year_2024 = calendar_year(2023), calendar_year(2024)
    assert compute("members.new_members", year_2023).total == 2
    assert compute("members.renewals", year_2023).total == 0
    assert compute("members.new_members", year_2024).total == 1
    assert compute("members.renewals", year_2024).total == 1
    assert compute("members.fees_collected", year_2023).total == Decimal("125.00")
    assert compute("members.fees_collected", year_2024).total == Decimal("25.00")
    by_category = compute("members.memberships_by_category", year_2023)
    assert sorted((row.label, row.value) for row in by_category.rows) == [
        ("Membre organisme ou entreprise", 1),
        ("Membre régulier", 1),
    ]


def test_the_peer_support_template_holds_the_members_sections():
    keys = [section["key"] for section in BUILTIN["peer_support"][1]]
    assert {"members_figures", "members_by_category", "membership_year"} <= set(keys)
    if "conclusion" in keys:  # the template of the activities app ends with it
        assert keys.index("members_figures") < keys.index("conclusion")
    for section in BUILTIN["peer_support"][1]:
        for code in section.get("indicators", []):
            indicator(code)  # every indicator named is declared
