"""Manual indicators: values add up when their span lies within the period."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from tissage.reports.manual import manual_block, manual_total
from tissage.reports.models import ManualIndicator, ManualValue
from tissage.reports.periods import fiscal_year, month, quarter

YEAR = fiscal_year(2023)


@pytest.fixture
def visits(db) -> ManualIndicator:
    indicator = ManualIndicator.objects.create(
        code="web-visits",
        label_fr="Visites du site Web",
        label_en="Website visits",
        definition="Google Analytics, sessions",
    )
    for start, end, value in [
        (date(2023, 4, 1), date(2023, 6, 30), "1200"),  # Q1 of 23/24
        (date(2023, 7, 1), date(2023, 7, 31), "310.5"),  # July 2023
        (date(2024, 3, 1), date(2024, 3, 31), "400"),  # the year's last month
        (date(2024, 3, 15), date(2024, 4, 14), "999"),  # straddles the year's end
        (date(2023, 3, 1), date(2023, 3, 31), "50"),  # the year before
    ]:
        ManualValue.objects.create(
            indicator=indicator, period_start=start, period_end=end, value=Decimal(value)
        )
    return indicator


def test_the_total_adds_the_values_whose_span_lies_within_the_period(visits):
    assert manual_total("web-visits", YEAR) == Decimal("1910.50")
    assert manual_total("web-visits", quarter(YEAR, 1)) == Decimal("1200")
    assert manual_total("web-visits", month(2023, 7)) == Decimal("310.50")


def test_a_span_larger_than_the_period_does_not_count_in_it(visits):
    # Nobody knows how the quarter's visits split by month.
    assert manual_total("web-visits", month(2023, 5)) is None


def test_nothing_entered_is_not_a_zero(visits):
    assert manual_total("web-visits", fiscal_year(2019)) is None
    assert manual_total("unknown", YEAR) is None


def test_the_manual_block_shows_key_figures_in_the_report_language(visits):
    ManualIndicator.objects.create(code="fb", label_fr="Abonnés Facebook", label_en="Followers")
    section = {
        "kind": "manual",
        "key": "web",
        "title": {"fr": "Présence Web", "en": "Web presence"},
        "manual": ["web-visits", "fb", "gone"],
    }
    with translation.override("fr-ca"):
        block = manual_block(section, YEAR)
    assert (block.key, block.kind, block.title) == ("web", "figures", "Présence Web")
    assert [f.label for f in block.figures] == ["Visites du site Web", "Abonnés Facebook"]
    first, second = block.figures
    assert first.cell.value == 1910.5 and first.cell.display == "1\u00a0910,50"
    assert first.definition == "Google Analytics, sessions"
    assert second.cell.value is None and second.cell.display == "--"
    with translation.override("en"):
        block = manual_block(section, YEAR)
    assert block.title == "Web presence"
    assert block.figures[0].label == "Website visits"
    assert block.figures[0].cell.display == "1,910.50"
