"""The activities in figures for a period: aggregates only, for anyone who reads statistics."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tissage.accounts.models import OrganizationProfile
from tissage.lib.numbers import format_number
from tissage.privacy.access import Perm, requires
from tissage.reports.compute import compute
from tissage.reports.periods import Period, PeriodError, fiscal_year_of, parse_period
from tissage.reports.registry import indicator, source

FIGURES = [
    "activities.sessions",
    "activities.participants",
    "activities.eligible",
    "activities.registrations",
    "activities.waiting_list",
    "activities.children",
]
TABLES = [
    ("activities.by_kind", "activities.participants_by_kind"),
    ("activities.by_partner", "activities.participants_by_partner"),
    ("activities.by_project", "activities.participants_by_project"),
]


def _period(request: HttpRequest) -> tuple[Period, str]:
    start_month = OrganizationProfile.current().fiscal_year_start_month
    text = request.GET.get("period", "").strip()
    if text:
        try:
            return parse_period(text, start_month), ""
        except PeriodError as error:
            return fiscal_year_of(timezone.localdate(), start_month), str(error)
    return fiscal_year_of(timezone.localdate(), start_month), ""


def _table(count_code: str, people_code: str, period: Period) -> dict[str, Any]:
    counts = compute(count_code, period)
    people = {row.code: row.value for row in compute(people_code, period).rows}
    ind = indicator(count_code)
    return {
        "title": ind.label,
        "dimension": source(ind.source).dimension(ind.dimension or "").label,
        "definition": ind.definition,
        "rows": [
            {
                "label": row.label,
                "sessions": format_number(row.value),
                "participants": format_number(people.get(row.code, 0)),
            }
            for row in counts.rows
        ],
    }


@requires(Perm.STATS_VIEW)
def summary(request: HttpRequest) -> HttpResponse:
    period, error = _period(request)
    figures = [
        {
            "label": indicator(code).label,
            "value": format_number(compute(code, period).total),
            "definition": indicator(code).definition,
        }
        for code in FIGURES
    ]
    tables = [_table(count, people, period) for count, people in TABLES]
    context = {"period": period, "error": error, "figures": figures, "tables": tables}
    return render(request, "activities/summary.html", context)
