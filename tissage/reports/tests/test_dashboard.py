"""The dashboard: the fiscal year so far against the same days of the year before."""

from datetime import date

import pytest

from tissage.people.models import Person
from tissage.reports.dashboard import CHART_HEIGHT, build_dashboard
from tissage.reports.tests.test_quality import intervention

TODAY = date(2024, 6, 15)  # fiscal year 24/25 so far: 2024-04-01 .. 2024-06-15


@pytest.fixture
def dashboard(db):
    p1, p2, p3 = (Person.objects.create(code=f"P{n}") for n in (1, 2, 3))
    # This year so far: 4 interventions with 3 persons, in April and June.
    intervention(date(2024, 4, 2), [p1], problems=["housing", "mental-health"])
    intervention(date(2024, 4, 20), [p2], problems=["housing"])
    intervention(date(2024, 4, 21), [p1, p3], problems=["food-security"])
    intervention(date(2024, 6, 15), [p1], problems=["housing"])
    # After today (not so far yet), and last year's same days (2023-04-01 .. 2023-06-15).
    intervention(date(2024, 6, 16), [p2])
    intervention(date(2023, 5, 1), [p1])
    intervention(date(2023, 6, 15), [p1])
    intervention(date(2023, 6, 16), [p2])  # after the same day of last year
    return build_dashboard(TODAY, start_month=4)


def test_it_covers_the_fiscal_year_up_to_today(dashboard):
    assert (dashboard.period.start, dashboard.period.end) == (date(2024, 4, 1), TODAY)
    assert dashboard.period.label == "24/25"
    assert (dashboard.previous.start, dashboard.previous.end) == (
        date(2023, 4, 1),
        date(2023, 6, 15),
    )
    assert dashboard.previous.label == "23/24"


def test_main_figures_compare_with_the_same_days_of_last_year(dashboard):
    figures = {figure.code: figure for figure in dashboard.figures}
    persons = figures["people.persons_served"]
    assert (persons.value, persons.previous) == (3, 1)
    assert persons.change == pytest.approx(200.0)
    interventions = figures["people.interventions"]
    assert (interventions.value, interventions.previous) == (4, 2)
    assert interventions.change == pytest.approx(100.0)
    referrals = figures["people.referrals_out"]
    assert (referrals.value, referrals.previous, referrals.change) == (0, 0, None)
    assert referrals.change_display == "--"
    assert persons.link.startswith("/rapports/detail/?indicator=people.persons_served")


def test_the_month_chart_has_one_bar_per_month_so_far(dashboard):
    assert [(bar.code, bar.value) for bar in dashboard.months] == [
        ("2024-04", 3),
        ("2024-05", 0),
        ("2024-06", 1),
    ]
    april, may, june = dashboard.months
    assert april.height == CHART_HEIGHT and april.y == 0
    assert may.height == 0
    assert june.height == pytest.approx(CHART_HEIGHT / 3, abs=0.1)
    assert "code=2024-06" in june.link


def test_the_top_problem_areas_are_ranked(dashboard):
    # Ties keep the vocabulary's order, as in the report.
    assert [(row.rank, row.label, row.value) for row in dashboard.problems] == [
        (1, "Logement", 3),
        (2, "Santé mentale", 1),
        (3, "Sécurité alimentaire", 1),
    ]
