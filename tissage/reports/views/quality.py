"""The data-quality panel: what would make the report of a period wrong, before publishing."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tissage.privacy.access import Perm, can, requires
from tissage.reports.forms import PeriodForm, default_period, period_slug
from tissage.reports.quality import EARLIEST_PLAUSIBLE, problems_found, quality_checks

from .common import period_or_404


@requires(Perm.STATS_VIEW)
def quality_panel(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    slug = request.GET.get("period") or period_slug(default_period(today))
    period = period_or_404(slug)
    checks = quality_checks(period, today)
    form = PeriodForm(initial={"period": period_slug(period)}, today=today)
    context = {
        "period": period,
        "checks": checks,
        "problems": problems_found(checks),
        "form": form,
        "may_fix": can(request.user, Perm.PERSON_EDIT),
        "earliest": EARLIEST_PLAUSIBLE,
    }
    return render(request, "reports/quality.html", context)
