"""The reports home: the dashboard, opening a report, the reports already written."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from tissage.capabilities import CAPABILITIES
from tissage.privacy.access import Perm, can, requires
from tissage.reports.dashboard import build_dashboard
from tissage.reports.forms import (
    OpenReportForm,
    default_period,
    period_slug,
    recognize,
    start_month,
    template_choices,
)
from tissage.reports.models import Report


def report_url(template: str, slug: str, language: str = "") -> str:
    url = reverse("reports:report", args=[template, slug])
    return f"{url}?lang={language}" if language else url


@requires(Perm.STATS_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    asked = "template" in request.GET  # the dashboard's own links carry other parameters
    form = OpenReportForm(request.GET if asked else None, today=today)
    if form.is_bound and form.is_valid():
        return redirect(report_url(form.cleaned_data["template"], period_slug(form.chosen)))
    if not form.is_bound:
        form.initial = {"period": period_slug(default_period(today))}
    names = dict(template_choices())
    first_month = start_month()
    saved = []
    for report in Report.objects.select_related("updated_by")[:50]:
        period = recognize(report.period_start, report.period_end, first_month)
        saved.append(
            {
                "report": report,
                "template": names.get(report.template_code, report.template_code),
                "period": period.label,
                "url": report_url(report.template_code, period_slug(period)),
            }
        )
    context = {
        "capability": next(c for c in CAPABILITIES if c.code == "reports"),
        "form": form,
        "saved": saved,
        "dashboard": build_dashboard(today),
        "can_edit": can(request.user, Perm.REPORT_EDIT),
    }
    return render(request, "reports/index.html", context)
