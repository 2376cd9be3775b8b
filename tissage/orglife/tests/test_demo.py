"""The demonstration organizational life: about 54 meetings a year, as in seed 003."""

import random
from datetime import date

import pytest

from tissage.orglife.demo import build_orglife
from tissage.reports.compute import compute
from tissage.reports.manual import manual_total
from tissage.reports.periods import calendar_year

pytestmark = pytest.mark.django_db


def test_the_demo_fills_every_kind_of_record(users):
    counts = build_orglife(random.Random(3), date(2025, 6, 30))
    year = calendar_year(2024)
    assert 45 <= compute("orglife.committee_meetings", year).total <= 75
    assert compute("orglife.supervisions", year).total == 89
    assert compute("orglife.trainings", year).total == 6
    assert counts["trainings"] == 18
    assert manual_total("facebook-reach", year) is not None
