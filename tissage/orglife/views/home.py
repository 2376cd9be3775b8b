"""The summary of organizational life for the current year, counted by the report engine."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tissage.capabilities import CAPABILITIES
from tissage.lib.numbers import format_number
from tissage.orglife.kinds import KINDS
from tissage.privacy.access import Perm, requires
from tissage.reports.compute import compute
from tissage.reports.registry import indicator

from .common import current_year

SUMMARY = (
    "orglife.trainings",
    "orglife.committee_meetings",
    "orglife.committees_met",
    "orglife.representations",
    "orglife.media_appearances",
    "orglife.supervisions",
    "orglife.team_meetings",
    "orglife.retreat_days",
)


@requires(Perm.ORGLIFE_EDIT)
def index(request: HttpRequest) -> HttpResponse:
    year = current_year()
    figures = [
        (code, indicator(code).label, format_number(compute(code, year).total)) for code in SUMMARY
    ]
    context = {
        "capability": next(c for c in CAPABILITIES if c.code == "orglife"),
        "year": year,
        "figures": figures,
        "kinds": list(KINDS.values()),
    }
    return render(request, "orglife/index.html", context)
