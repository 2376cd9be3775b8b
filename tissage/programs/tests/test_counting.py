"""The counting rules on a handful of records: new participants by start date, levels by end
date, a readmission counted once, hours typed or from linked interventions, funded levels."""

from datetime import date
from decimal import Decimal

import pytest

from tissage.people.models import Intervention, Person
from tissage.programs import metrics
from tissage.programs.models import Agreement, Enrolment, Funder, HourBand, Program
from tissage.reports.periods import fiscal_year

pytestmark = pytest.mark.django_db

YEAR = fiscal_year(2024, 7)
H = 60


@pytest.fixture
def program():
    funder = Funder.objects.create(code="sq", name="Services Québec")
    agreement = Agreement.objects.create(
        funder=funder, name="Entente", start=YEAR.start, end=YEAR.end
    )
    program = Program.objects.create(agreement=agreement, code="d", name="Groupe D")
    for code, low in (("D1", 15), ("D2", 31), ("D3", 46)):
        HourBand.objects.create(program=program, code=code, min_hours=Decimal(low))
    return program


def enrol(program, start, end=None, minutes=0, **fields):
    person = fields.pop("person", None) or Person.objects.create()
    status = fields.pop("status", "completed" if end else "active")
    return Enrolment.objects.create(
        person=person, program=program, start_date=start, end_date=end, status=status,
        direct_minutes=minutes, **fields,
    )  # fmt: skip


def test_new_participants_count_by_start_levels_by_end(program):
    enrol(program, date(2024, 3, 1), date(2024, 9, 1), 20 * H)  # began before, ended in
    enrol(program, date(2024, 10, 1), None, 40 * H)  # began in, still active
    enrol(program, date(2024, 11, 1), date(2025, 2, 1), 50 * H)  # began and ended in
    enrol(program, date(2025, 5, 1), date(2025, 8, 1), 5 * H)  # began in, ends after
    assert metrics.value(program, "new_participants", YEAR) == 3
    rows, overall = metrics.levels(program, YEAR)
    assert [(row.code, row.count) for row in rows] == [("D1", 1), ("D2", 0), ("D3", 1)]
    assert overall.count == 2 and overall.minutes == 35 * H


def test_a_readmitted_participant_is_counted_once(program):
    person = Person.objects.create()
    first = enrol(
        program, date(2024, 3, 1), date(2024, 5, 1), 10 * H, person=person,
        status="not_completed", abandonment=True,
    )  # fmt: skip
    enrol(
        program, date(2024, 9, 1), date(2025, 1, 15), 25 * H, person=person,
        readmission=True, continues=first,
    )  # fmt: skip
    assert metrics.value(program, "new_participants", YEAR) == 0
    assert metrics.value(program, "readmissions", YEAR) == 1
    found = metrics.participations(program, YEAR)
    assert [(p.minutes, p.level) for p in found] == [(35 * H, "D2")]  # one participation
    assert metrics.value(program, "exits", YEAR) == 1
    # The part it continues is no longer a non-completion of the year before.
    assert metrics.value(program, "non_completed", fiscal_year(2023, 7)) == 0


def test_non_eligible_enrolments_are_not_new_participants(program):
    enrol(program, date(2024, 8, 1), eligible=False)
    enrol(program, date(2024, 8, 2))
    assert metrics.value(program, "new_participants", YEAR) == 1
    assert metrics.value(program, "not_eligible", YEAR) == 1


def test_hours_typed_or_from_linked_interventions(program):
    person = Person.objects.create()
    typed = enrol(program, date(2024, 8, 1), date(2024, 9, 1), 16 * H, indirect_minutes=H)
    linked = Enrolment.objects.create(
        person=person, program=program, start_date=date(2024, 8, 1), end_date=date(2024, 9, 1),
        status="completed", indirect_minutes=30,
    )  # fmt: skip
    for minutes in (90, 30, None):
        intervention = Intervention.objects.create(date=date(2024, 8, 15), duration_minutes=minutes)
        linked.interventions.add(intervention)
    assert metrics.enrolment_minutes(typed) == 17 * H
    assert metrics.enrolment_minutes(linked) == 150
    levels = {p.enrolment.pk: (p.minutes, p.level) for p in metrics.participations(program, YEAR)}
    assert levels == {typed.pk: (17 * H, "D1"), linked.pk: (150, "D1")}  # below D1: D1


def test_the_funded_level_comes_before_the_bands(program):
    enrol(program, date(2024, 8, 1), date(2024, 9, 1), 20 * H, funded_level="D3")
    assert [p.level for p in metrics.participations(program, YEAR)] == ["D3"]


def test_band_for_takes_the_highest_band_reached():
    bands = [HourBand(code="C2", min_hours=5), HourBand(code="C1", min_hours=0)]
    assert metrics.band_for(bands, 4 * H + 59) == "C1"
    assert metrics.band_for(bands, 5 * H) == "C2"
    assert metrics.band_for([], 5 * H) is None


def test_averages_as_the_funder_shows_them(program):
    assert metrics.format_average(875, program) == "14h35"
    program.hours_rounding = Program.Rounding.HOUR
    assert metrics.format_average(880, program) == "15h"
    assert metrics.format_average(None, program) == "-"


def test_non_completions_by_kind_and_outcomes(program):
    enrol(program, date(2024, 8, 1), date(2024, 9, 1), status="not_completed", abandonment=True)
    enrol(program, date(2024, 8, 1), date(2024, 9, 1), status="not_completed")
    enrol(program, date(2024, 8, 1), date(2024, 9, 1), outcome="job", wage_subsidy=True)
    enrol(program, date(2024, 8, 1), None, outcome="job")  # still active: not counted
    assert metrics.value(program, "non_completed_abandonment", YEAR) == 1
    assert metrics.value(program, "non_completed_other", YEAR) == 1
    assert metrics.value(program, "non_completed", YEAR) == 2
    assert metrics.value(program, "employed", YEAR) == 1
    assert metrics.value(program, "wage_subsidy", YEAR) == 1
