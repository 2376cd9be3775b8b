import random
from datetime import date

import pytest

from tissage.people.models import Person
from tissage.programs.dashboard import rows_on
from tissage.programs.demo import build_programs
from tissage.programs.models import Enrolment, Program

pytestmark = pytest.mark.django_db


def test_the_demo_programs_fill_the_dashboard():
    for n in range(40):
        Person.objects.create(code=f"P{n:05d}")
    today = date(2025, 2, 15)
    counts = build_programs(random.Random(1), today)
    assert counts["programs"] == Program.objects.count() == 14
    assert counts["enrolments"] == Enrolment.objects.count() > 100
    assert not Enrolment.objects.filter(start_date__gt=today).exists()
    assert not Enrolment.objects.filter(end_date__gt=today).exists()
    rows = rows_on(today)
    assert {row.program.code for row in rows} >= {"groupe-d", "pasi-1a"}
    assert any(row.actual for row in rows)
    again = build_programs(random.Random(1), today)  # a second run adds no program
    assert again["programs"] == Program.objects.count() == 14
