"""Thresholds: 5 by default, 20 for immigration status and judicial history, per table settings.

The rule of 20 holds for a table cut by such a dimension (immigration status) and for a table
whose rows include such a category: the "Judiciarisation" and "Immigration" problem areas of a
table by problem area.
"""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from tissage.extractions.tables import default_threshold, series_table, table
from tissage.extractions.tests.solver import recoverable
from tissage.people.models import Intervention
from tissage.reports.periods import fiscal_year
from tissage.reports.registry import indicator
from tissage.vocabularies.models import Term

pytestmark = pytest.mark.django_db


def _problem(code: str) -> Term:
    return Term.objects.get(vocabulary__code="problem", code=code)


def _interventions(problem: str, count: int) -> None:
    term = _problem(problem)
    for n in range(count):
        intervention = Intervention.objects.create(date=date(2023, 6, 1 + n % 28))
        intervention.problems.set([term])


@pytest.fixture
def problems() -> None:
    """In 2023-24: 30 interventions about housing, 12 about employment, 8 about justice."""
    _interventions("housing", 30)
    _interventions("employment", 12)
    _interventions("justice-involvement", 8)


def _published(result) -> dict[str, list]:
    return {label: cells for label, cells in result.rows}


def test_a_judicial_history_row_brings_the_table_to_twenty(problems) -> None:
    ind = indicator("people.top_problems")
    result = table(ind, fiscal_year(2023))
    assert result.threshold == 20
    cells = _published(result)
    justice = _problem("justice-involvement")
    # 8 interventions about justice: published under the rule of 5, hidden under 20.
    assert cells[justice.label] == ["< 20"]
    assert cells[_problem("employment").label] == ["< 20"]
    assert cells[_problem("housing").label] == [30]
    assert result.totals == [50]
    # 12 + 8 = 20 is known, each between 1 and 19: neither can be worked out.
    assert recoverable(result.grid, 20) == []


def test_an_immigration_row_brings_the_table_to_twenty(db) -> None:
    _interventions("housing", 30)
    _interventions("immigration", 7)
    result = table(indicator("people.top_problems"), fiscal_year(2023))
    assert result.threshold == 20
    assert _published(result)[_problem("immigration").label] == ["< 20"]


def test_a_five_year_series_follows_the_same_rule(problems) -> None:
    periods = fiscal_year(2023).previous(4)
    result = series_table(indicator("people.top_problems"), periods)
    assert result.threshold == 20
    assert _published(result)[_problem("justice-involvement").label][-1] == "< 20"


def test_a_table_without_sensitive_rows_keeps_five(db) -> None:
    _interventions("housing", 30)
    _interventions("employment", 8)
    result = table(indicator("people.top_problems"), fiscal_year(2023))
    assert result.threshold == 5
    assert _published(result)[_problem("employment").label] == [8]


def test_the_immigration_status_dimension_uses_twenty(db) -> None:
    assert default_threshold(indicator("programs.portrait_immigration_status")) == 20
    assert default_threshold(indicator("people.gender_share")) == 5


@pytest.mark.parametrize(
    "configured",
    [{"people.top_problems": 8}, ["people.top_problems=8"], ["people.top_problems = 8 "]],
)
def test_a_table_threshold_can_be_set_in_the_settings(db, settings, configured) -> None:
    settings.TISSAGE_EXTRACTION_THRESHOLDS = configured
    _interventions("housing", 30)
    _interventions("employment", 7)
    result = table(indicator("people.top_problems"), fiscal_year(2023))
    assert result.threshold == 8
    assert _published(result)[_problem("employment").label] == ["< 8"]
    # Other tables keep their rule.
    assert default_threshold(indicator("people.gender_share")) == 5


def test_a_setting_never_lowers_a_table_under_its_rule(problems, settings) -> None:
    settings.TISSAGE_EXTRACTION_THRESHOLDS = {
        "people.top_problems": 2,
        "people.gender_share": 3,
    }
    assert table(indicator("people.top_problems"), fiscal_year(2023)).threshold == 20
    assert default_threshold(indicator("people.gender_share")) == 5


def test_a_malformed_setting_is_refused(db, settings) -> None:
    settings.TISSAGE_EXTRACTION_THRESHOLDS = ["people.top_problems=beaucoup"]
    with pytest.raises(ImproperlyConfigured):
        default_threshold(indicator("people.top_problems"))
