"""Attainment = actual ÷ the target entered for exactly that period × 100."""

from datetime import date
from decimal import Decimal

import pytest

from tissage.reports.models import ManualIndicator, ManualValue, Target
from tissage.reports.periods import fiscal_year, quarter
from tissage.reports.targets import attainment
from tissage.reports.tests.test_quality import YEAR, small_dataset


@pytest.fixture
def dataset(db):
    return small_dataset()


def target(code: str, period, value: str) -> Target:
    return Target.objects.create(
        indicator_code=code, period_start=period.start, period_end=period.end, value=Decimal(value)
    )


def test_attainment_divides_the_actual_figure_by_the_target(dataset):
    target("people.interventions", YEAR, "8")
    actual, goal, percent = attainment("people.interventions", YEAR)
    assert actual == 4  # four interventions dated in 23/24
    assert goal == Decimal("8")
    assert percent == pytest.approx(50.0)


def test_attainment_can_pass_one_hundred_percent(dataset):
    target("people.persons_served", YEAR, "2")
    assert attainment("people.persons_served", YEAR) == (3, Decimal("2"), pytest.approx(150.0))


def test_only_a_target_of_exactly_that_period_counts(dataset):
    target("people.interventions", YEAR, "8")
    assert attainment("people.interventions", quarter(YEAR, 1)) is None
    assert attainment("people.interventions", fiscal_year(2022)) is None
    assert attainment("people.persons_served", YEAR) is None


def test_a_zero_target_gives_no_rate(dataset):
    target("people.interventions", YEAR, "0")
    assert attainment("people.interventions", YEAR) == (4, Decimal("0"), None)


def test_a_manual_indicator_can_have_a_target(db):
    visits = ManualIndicator.objects.create(code="web", label_fr="Visites", label_en="Visits")
    ManualValue.objects.create(
        indicator=visits, period_start=date(2023, 4, 1), period_end=date(2024, 3, 31), value=900
    )
    target("web", YEAR, "1200")
    actual, goal, percent = attainment("web", YEAR)
    assert (actual, goal) == (900, Decimal("1200"))
    assert percent == pytest.approx(75.0)
