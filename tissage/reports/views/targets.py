"""Targets: what the organization aims at for a period, and how far it got."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tissage.lib.numbers import format_number, format_percent
from tissage.privacy import audit
from tissage.privacy.access import Perm, requires
from tissage.reports import targets
from tissage.reports.forms import TargetForm, default_period, period_slug, recognize, start_month
from tissage.reports.manual import plain_number
from tissage.reports.models import Target


def _rows() -> list[dict[str, object]]:
    first_month = start_month()
    rows = []
    for target in targets.targets():
        period = recognize(target.period_start, target.period_end, first_month)
        found = targets.attainment(target.indicator_code, period)
        actual, _value, percent = found if found is not None else (None, None, None)
        rows.append(
            {
                "target": target,
                "label": targets.indicator_label(target.indicator_code),
                "period": period,
                "goal": format_number(
                    plain_number(target.value), 0 if target.value % 1 == 0 else 2
                ),
                "actual": format_number(actual, 0 if isinstance(actual, int) else 1),
                "percent": format_percent(percent, 1),
            }
        )
    return rows


@requires(Perm.REPORT_EDIT)
def target_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = TargetForm(
        request.POST or None, today=today, initial={"period": period_slug(default_period(today))}
    )
    if request.method == "POST" and form.is_valid():
        period = form.chosen
        target, created = Target.objects.update_or_create(
            indicator_code=form.cleaned_data["indicator"],
            period_start=period.start,
            period_end=period.end,
            defaults={"value": form.cleaned_data["value"]},
        )
        action = audit.Action.CREATE if created else audit.Action.CHANGE
        audit.record(request, action, target, fields=["value"])
        messages.success(request, _("The target is saved."))
        return redirect("reports:targets")
    return render(request, "reports/targets.html", {"form": form, "rows": _rows()})


@requires(Perm.REPORT_EDIT)
@require_POST
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(Target, pk=pk)
    audit.record(request, audit.Action.DELETE, target)
    target.delete()
    messages.success(request, _("The target is deleted."))
    return redirect("reports:targets")
