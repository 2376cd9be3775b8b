"""Reports are computed when read: changing an hour band or a target recomputes the reports
of past periods, and an independent recomputation agrees with them."""

from decimal import Decimal

import pytest

from tissage.programs.metrics import target_code
from tissage.programs.models import HourBand
from tissage.programs.synthetic_specs import YEAR
from tissage.programs.tests.helpers import block_rows, employment_document
from tissage.programs.tests.recompute import recompute
from tissage.reports.models import Target

pytestmark = pytest.mark.django_db


def counts(rows: list[list[str]]) -> list[str]:
    return [row[1] for row in rows]


def test_changing_an_hour_band_recomputes_a_past_report(year):
    before = block_rows(employment_document(YEAR), "groupe-d-levels")
    assert counts(before) == ["224", "15", "4", "1", "244"]
    # D2 now starts at 40 h instead of 31 h: participations of 31 h to 39 h fall back to D1.
    HourBand.objects.filter(program__code="groupe-d", code="D2").update(min_hours=Decimal(40))
    after = block_rows(employment_document(YEAR), "groupe-d-levels")
    independent = recompute(YEAR.start, YEAR.end)["levels"]["groupe-d"]
    assert [(row[1], row[2]) for row in after] == [(n, hours) for _l, n, hours in independent]
    d1, d2, d3, d4, total = (int(n) for n in counts(after))
    assert d2 < 15 and d1 == 224 + (15 - d2) and (d3, d4, total) == (4, 1, 244)
    assert after[1][0].startswith("D2") and "40h" in after[1][0]


def test_a_funded_level_stays_whatever_the_bands(year):
    """Orientation/stage's D4 participation (57h45) is funded at D4: moving D4's band up
    changes nothing for it, while the other levels follow the hours."""
    HourBand.objects.filter(program__code="groupe-d-os", code="D4").update(min_hours=Decimal(90))
    rows = block_rows(employment_document(YEAR), "groupe-d-os-levels")
    assert (rows[3][1], rows[3][2]) == ("1", "57h45")


def test_changing_a_target_recomputes_a_past_report(year):
    code = target_code("new_participants", "groupe-d")
    Target.objects.filter(indicator_code=code).update(value=Decimal(250))
    Target.objects.filter(indicator_code=target_code("employed", "groupe-d")).update(
        value=Decimal(100)
    )
    doc = employment_document(YEAR)
    assert block_rows(doc, "groupe-d-production")[0][1:] == ["250", "233", "93\u00a0%"]
    assert block_rows(doc, "groupe-d-impact")[0][1:] == ["100", "90", "90\u00a0%"]
    assert recompute(YEAR.start, YEAR.end)["production"]["groupe-d"] == ("250", "233", "93")


def test_a_removed_target_shows_no_rate(year):
    Target.objects.filter(indicator_code=target_code("new_participants", "pasi-1a")).delete()
    rows = block_rows(employment_document(YEAR), "pasi-semesters")
    assert rows[0][-2:] == ["--", "--"]
    assert rows[0][1:6] == ["146", "82", "11", "239", "228"]
