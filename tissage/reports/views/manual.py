"""Manual indicators: define a figure that comes from elsewhere, type its values per period."""

from django.contrib import messages
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tissage.privacy import audit
from tissage.privacy.access import Perm, can, requires
from tissage.reports.forms import ManualIndicatorForm, ManualValueForm, recognize, start_month
from tissage.reports.manual import manual_cell
from tissage.reports.models import ManualIndicator, ManualValue


@requires(Perm.STATS_VIEW)
def manual_list(request: HttpRequest) -> HttpResponse:
    indicators = ManualIndicator.objects.annotate(
        value_count=Count("values"), last_end=Max("values__period_end")
    )
    context = {"indicators": indicators, "can_edit": can(request.user, Perm.REPORT_EDIT)}
    return render(request, "reports/manual_list.html", context)


@requires(Perm.REPORT_EDIT)
def manual_new(request: HttpRequest) -> HttpResponse:
    form = ManualIndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicator = form.save()
        audit.record(request, audit.Action.CREATE, indicator, fields=form.changed_data)
        messages.success(request, _("The indicator is saved; type its values below."))
        return redirect("reports:manual_detail", code=indicator.code)
    return render(request, "reports/manual_form.html", {"form": form, "indicator": None})


@requires(Perm.REPORT_EDIT)
def manual_edit(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(ManualIndicator, code=code)
    form = ManualIndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(request, audit.Action.CHANGE, indicator, fields=form.changed_data)
        messages.success(request, _("The indicator is saved."))
        return redirect("reports:manual_detail", code=code)
    return render(request, "reports/manual_form.html", {"form": form, "indicator": indicator})


@requires(Perm.STATS_VIEW)
def manual_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(ManualIndicator, code=code)
    can_edit = can(request.user, Perm.REPORT_EDIT)
    form = ManualValueForm(request.POST or None) if can_edit else None
    if request.method == "POST" and form is not None and form.is_valid():
        value = form.save(commit=False)
        value.indicator = indicator
        value.entered_by = request.user
        value.save()
        audit.record(request, audit.Action.CREATE, value, fields=form.changed_data)
        messages.success(request, _("The value is saved."))
        return redirect("reports:manual_detail", code=code)
    first_month = start_month()
    values = [
        {
            "value": value,
            "period": recognize(value.period_start, value.period_end, first_month),
            "cell": manual_cell(value.value),
        }
        for value in indicator.values.select_related("entered_by").order_by("-period_start")
    ]
    context = {"indicator": indicator, "values": values, "form": form, "can_edit": can_edit}
    return render(request, "reports/manual_detail.html", context)


@requires(Perm.REPORT_EDIT)
@require_POST
def manual_value_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    value = get_object_or_404(ManualValue, indicator__code=code, pk=pk)
    audit.record(request, audit.Action.DELETE, value)
    value.delete()
    messages.success(request, _("The value is deleted."))
    return redirect("reports:manual_detail", code=code)
