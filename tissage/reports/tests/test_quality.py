"""The data-quality checks count exactly the records that would make a report wrong."""

from datetime import date, timedelta

import pytest

from tissage.directory.models import Organization
from tissage.people.models import Intervention, Person, Referral
from tissage.reports.periods import fiscal_year
from tissage.reports.quality import EARLIEST_PLAUSIBLE, quality_checks
from tissage.vocabularies.models import Term

TODAY = date(2024, 6, 1)
YEAR = fiscal_year(2023)  # 2023-04-01 .. 2024-03-31


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.of(vocabulary).get(code=code)


def intervention(day: date, persons: list[Person], **kwargs: object) -> Intervention:
    """An intervention; types, problems given as codes, place as a code (None: missing)."""
    types = kwargs.pop("types", ["supportive-counselling"])
    problems = kwargs.pop("problems", ["housing"])
    place = kwargs.pop("place", "street")
    duration = kwargs.pop("duration", 30)
    made = Intervention.objects.create(
        date=day,
        place=term("place", place) if place else None,
        duration_minutes=duration,
    )
    made.persons.set(persons)
    made.types.set([term("intervention_type", code) for code in types])
    made.problems.set([term("problem", code) for code in problems])
    return made


def small_dataset() -> dict[str, object]:
    """Four persons, seven interventions, three referrals; every flaw counted once or twice.

    In the fiscal year 23/24: QX101 complete; QX102 without gender; QX103 without age group,
    both in one intervention without problem area nor place. QX104 (no gender) is only seen
    in 22/23, so no check of 23/24 counts them.
    """
    woman, man = term("gender", "woman"), term("gender", "man")
    adult = term("age_group", "25-34")
    p1 = Person.objects.create(code="QX101", gender=woman, age_group=adult)
    p2 = Person.objects.create(code="QX102", age_group=adult)
    p3 = Person.objects.create(code="QX103", gender=man)
    p4 = Person.objects.create(code="QX104", age_group=adult)
    made = {
        "complete": intervention(date(2023, 4, 3), [p1]),
        "no_problem_no_place": intervention(date(2023, 5, 10), [p2, p3], problems=[], place=None),
        "no_type_no_duration": intervention(date(2024, 3, 31), [p1], types=[], duration=None),
        "last_year": intervention(date(2023, 3, 31), [p4], problems=[]),
        "future": intervention(TODAY + timedelta(days=10), [p1]),
        "too_old": intervention(date(1923, 5, 1), [p1]),
        "second_no_place": intervention(date(2023, 12, 1), [p1], place=None),
    }
    named = Organization.objects.create(name="CLSC de Magog")
    unnamed = Organization.objects.create(name="  ")
    Referral.objects.create(date=date(2023, 6, 1), person=p1, direction="out", organization=named)
    Referral.objects.create(date=date(2023, 7, 1), person=p2, direction="out", organization=unnamed)
    Referral.objects.create(
        date=TODAY + timedelta(days=1), person=p2, direction="in", organization=named
    )
    return {"persons": [p1, p2, p3, p4], "interventions": made, "organization": named}


@pytest.fixture
def dataset(db):
    return small_dataset()


def counts(period=YEAR) -> dict[str, int]:
    return {check.code: check.count for check in quality_checks(period, TODAY)}


def test_each_check_counts_exactly_the_flawed_records_of_the_period(dataset):
    assert counts() == {
        "person_gender": 1,  # QX102 (QX104 has none either, but was not met in 23/24)
        "person_age_group": 1,  # QX103
        "intervention_problem": 1,
        "intervention_place": 2,
        "intervention_type": 1,
        "intervention_duration": 1,
        "referral_organization": 1,
        "intervention_future": 1,
        "referral_future": 1,
        "intervention_too_old": 1,
        "referral_too_old": 0,
    }


def test_another_period_counts_its_own_records(dataset):
    found = counts(fiscal_year(2022))
    assert found["person_gender"] == 1  # QX104
    assert found["intervention_problem"] == 1
    assert found["intervention_place"] == 0
    assert found["referral_organization"] == 0
    # Impossible dates fall in no period: every period's panel shows them.
    assert found["intervention_future"] == 1 and found["intervention_too_old"] == 1


def test_each_check_links_to_the_filtered_list_of_its_records(dataset):
    urls = {check.code: check.url for check in quality_checks(YEAR, TODAY)}
    assert urls["intervention_problem"].startswith("/personnes/interventions/?")
    assert "missing=problem" in urls["intervention_problem"]
    assert "start=2023-04-01" in urls["intervention_problem"]
    assert "end=2024-03-31" in urls["intervention_problem"]
    assert "missing=gender" in urls["person_gender"]
    assert urls["person_gender"].startswith("/personnes/liste/?")
    assert urls["referral_organization"].startswith("/personnes/references/?")
    assert urls["intervention_future"].endswith("?start=2024-06-02")
    assert urls["intervention_too_old"].endswith(
        f"?end={(EARLIEST_PLAUSIBLE - timedelta(days=1)).isoformat()}"
    )


def test_a_clean_database_has_nothing_to_fix(db):
    assert set(counts().values()) == {0}
