"""The engine's query shapes and per-build memory: faster, never different.

Every registered indicator is computed by the engine and by the plain definition (COUNT
DISTINCT over the joined records, as the engine did before `queries.py`), on records made to
repeat rows: a person met several times, an intervention with two persons, two types, two
problem areas, none. A build asks each question once, and a second build sees what changed.
"""

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth
from django.test.utils import CaptureQueriesContext

from tissage.people.models import Person
from tissage.reports import queries
from tissage.reports.builder import build_report
from tissage.reports.compute import compute, records
from tissage.reports.memo import active, computing_once
from tissage.reports.models import ReportTemplate
from tissage.reports.periods import Period, fiscal_year
from tissage.reports.registry import DimensionKind, Indicator, Measure, all_indicators, source
from tissage.reports.templates_default import OUTREACH
from tissage.reports.tests.test_quality import intervention, small_dataset, term

YEAR = fiscal_year(2023)
PERIODS = [fiscal_year(2022), YEAR, Period(date(2023, 5, 1), date(2023, 5, 31), "05", "month")]


@pytest.fixture
def dataset(db) -> dict[str, Any]:
    made = small_dataset()
    p1, p2, p3, _p4 = made["persons"]
    # Two persons, two types, two problem areas: a row per pair without care.
    intervention(
        date(2023, 5, 20),
        [p1, p3],
        types=["supportive-counselling", "trust-building"],
        problems=["housing", "mental-health"],
    )
    intervention(date(2023, 9, 2), [p2], problems=["housing", "food-security"])
    return made


# ---------------------------------------------------------------- the plain definition


def plain_total(ind: Indicator, period: Period) -> Any:
    src = source(ind.source)
    found = records(ind, period)
    if ind.measure == Measure.DISTINCT:
        path = src.dimension(ind.dimension or "").path
        return found.filter(**{f"{path}__isnull": False}).aggregate(n=Count(path, distinct=True))[
            "n"
        ]
    persons = Count(src.person_path or "pk", distinct=True)
    if ind.measure == Measure.PER_PERSON:
        counts = found.aggregate(rows=Count("pk", distinct=True), persons=persons)
        return counts["rows"] / counts["persons"] if counts["persons"] else 0
    if ind.measure == Measure.SUM:
        if "__" in src.date_path:
            found = src.model._default_manager.filter(pk__in=found.values("pk"))
        return found.aggregate(n=Sum(src.sum_path))["n"] or 0
    aggregate = persons if ind.measure == Measure.PERSONS else Count("pk", distinct=True)
    return found.aggregate(n=aggregate)["n"] or 0


def plain_grouped(ind: Indicator, period: Period) -> dict[Any, Any]:
    src = source(ind.source)
    dimension = src.dimension(ind.dimension or "")
    key = TruncMonth(dimension.path) if dimension.kind == DimensionKind.MONTH else F(dimension.path)
    found = records(ind, period).annotate(_key=key)
    persons = Count(src.person_path or "pk", distinct=True)
    if ind.measure == Measure.PER_PERSON:
        rows = found.values("_key").annotate(rows=Count("pk", distinct=True), persons=persons)
        result = {r["_key"]: r["rows"] / r["persons"] if r["persons"] else 0 for r in rows}
    else:
        aggregate = {
            Measure.ROWS: Count("pk", distinct=True),
            Measure.PERSONS: persons,
            Measure.SUM: Sum(src.sum_path or "pk"),
        }[ind.measure]
        rows = found.values("_key").annotate(n=aggregate).order_by()
        result = {r["_key"]: r["n"] or 0 for r in rows}
    if not ind.include_unknown:
        result.pop(None, None)
    return result


def test_every_indicator_gives_the_plain_definitions_numbers(dataset):
    checked = 0
    for ind in all_indicators():
        for period in PERIODS:
            assert queries.total(ind, period) == plain_total(ind, period), ind.code
            if ind.dimension and ind.measure != Measure.DISTINCT:
                assert queries.grouped(ind, period) == plain_grouped(ind, period), ind.code
                checked += 1
    assert checked > 20
    # The data does repeat rows: otherwise the comparison would prove nothing.
    assert queries.total(all_ind("people.persons_served"), YEAR) == 3
    trust_building = term("intervention_type", "trust-building").pk
    assert queries.grouped(all_ind("people.top_types"), YEAR)[trust_building] == 1


def test_the_five_years_in_one_query_give_each_years_numbers(dataset):
    years = YEAR.previous(4)
    for code in ("people.top_problems", "people.top_types", "people.interventions_by_month"):
        ind = all_ind(code)
        bucketed = queries._bucketed(ind, years)
        assert bucketed == [plain_grouped(ind, year) for year in years], code
        assert queries.grouped_over(ind, years) == bucketed, code
    # A date reached through a relation may put a person in several years: one query each.
    assert queries._bucketed(all_ind("people.gender_share"), years) is None


def all_ind(code: str) -> Indicator:
    return next(ind for ind in all_indicators() if ind.code == code)


def test_the_cheap_shapes_are_the_ones_asked(dataset):
    def sql_of(ask: Any) -> str:
        with CaptureQueriesContext(connection) as captured:
            ask()
        return " ".join(q["sql"] for q in captured.captured_queries).upper()

    interventions = sql_of(lambda: queries.total(all_ind("people.interventions"), YEAR))
    assert "COUNT(*)" in interventions and "DISTINCT" not in interventions
    met = sql_of(lambda: queries.total(all_ind("people.persons_served"), YEAR))
    assert " IN (SELECT" in met and "DISTINCT" not in met
    assert 'JOIN "PEOPLE_PERSON"' not in met  # the ids come from the link table
    gender = sql_of(lambda: queries.grouped(all_ind("people.gender_share"), YEAR))
    assert " IN (SELECT" in gender and "DISTINCT" not in gender
    problems = sql_of(lambda: queries.grouped(all_ind("people.top_problems"), YEAR))
    assert "COUNT(*)" in problems and "DISTINCT" not in problems and "IS NOT NULL" in problems
    # Records ÷ persons: two totals, neither with COUNT(DISTINCT).
    per_person = sql_of(lambda: queries.total(all_ind("people.interventions_per_person"), YEAR))
    assert per_person.count("COUNT(*)") == 2 and "DISTINCT" not in per_person
    referred = sql_of(lambda: queries.total(all_ind("people.persons_referred_out"), YEAR))
    assert " IN (SELECT" in referred and "DISTINCT" not in referred


# ---------------------------------------------------------------- the memory of a build


def sections_once() -> list[dict[str, Any]]:
    keys = {"summary", "gender", "problems", "places", "referred_to", "highlights"}
    return [section for section in OUTREACH if section["key"] in keys]


def sections_twice() -> list[dict[str, Any]]:
    doubled = []
    for section in sections_once():
        doubled += [section, {**section, "key": section["key"] + "-again"}]
    # The same indicators again under other shapes: a table of the places, a figure.
    doubled.append({"kind": "table", "key": "places-table", "indicator": "people.places"})
    doubled.append({"kind": "figures", "key": "one", "indicators": ["people.interventions"]})
    return doubled


def test_a_build_asks_each_question_once(dataset):
    ReportTemplate.objects.create(code="once", name="Once", sections=sections_once())
    ReportTemplate.objects.create(code="twice", name="Twice", sections=sections_twice())
    build_report("once", YEAR, language="fr-ca")  # the first build saves the organization
    with CaptureQueriesContext(connection) as once:
        single = build_report("once", YEAR, language="fr-ca")
    with CaptureQueriesContext(connection) as twice:
        double = build_report("twice", YEAR, language="fr-ca")
    assert len(twice.captured_queries) == len(once.captured_queries)
    blocks = {block.key: block for block in double.blocks}
    for block in single.blocks:
        again = blocks[block.key + "-again"]
        assert again.figures == block.figures
        assert again.sentences == block.sentences
        assert (again.table.rows if again.table else None) == (
            block.table.rows if block.table else None
        )
    # Without the memory, the doubled sections would have asked again.
    with CaptureQueriesContext(connection) as plain:
        for _ in range(2):
            compute("people.persons_served", YEAR)
    assert len(plain.captured_queries) == 2


def test_a_second_build_sees_a_change(dataset):
    def summary() -> dict[str, Any]:
        doc = build_report("outreach", YEAR, language="fr-ca")
        block = next(block for block in doc.blocks if block.key == "summary")
        return {figure.label: figure.cell.value for figure in block.figures}

    before = summary()
    newcomer = Person.objects.create(code="QX105", gender=term("gender", "woman"))
    intervention(date(2023, 10, 1), [newcomer], problems=["food-security"])
    after = summary()
    assert after["Interventions"] == before["Interventions"] + 1
    assert after["Personnes rencontrées"] == before["Personnes rencontrées"] + 1
    assert not active()  # nothing is remembered outside a build


def test_the_memory_ends_with_its_block(dataset):
    with computing_once():
        first = compute("people.gender_share", YEAR)
        with CaptureQueriesContext(connection) as inside:
            again = compute("people.gender_share", YEAR)
        assert inside.captured_queries == []
        assert [(r.code, r.value, r.share) for r in again.rows] == [
            (r.code, r.value, r.share) for r in first.rows
        ]
        again.rows[0].value = -1  # a caller editing its figure edits only its own
        assert compute("people.gender_share", YEAR).rows[0].value != -1
    Person.objects.create(code="QX106")
    with CaptureQueriesContext(connection) as after:
        compute("people.gender_share", YEAR)
    assert after.captured_queries
