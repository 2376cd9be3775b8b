"""Members on a day, by category, compared with a year earlier: aggregates only."""

from datetime import date

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tissage.members.actions import add_months
from tissage.members.counting import counts_by_category, directory_entries_on, growth_percent
from tissage.privacy.access import Perm, requires


class DayForm(forms.Form):
    day = forms.DateField(
        label=_("Members on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


@requires(Perm.STATS_VIEW)
def statistics(request: HttpRequest) -> HttpResponse:
    form = DayForm(request.GET or None, initial={"day": timezone.localdate()})
    day: date = form.cleaned_data["day"] if form.is_valid() else timezone.localdate()
    before_day = add_months(day, -12)
    now = {row.category.pk: row for row in counts_by_category(day)}
    before = {row.category.pk: row for row in counts_by_category(before_day)}
    rows = []
    for pk in dict.fromkeys([*now, *before]):
        category = (now.get(pk) or before[pk]).category
        current = now[pk].count if pk in now else 0
        earlier = before[pk].count if pk in before else 0
        rows.append((category, current, earlier, growth_percent(current, earlier)))
    total = sum(row[1] for row in rows)
    total_before = sum(row[2] for row in rows)
    context = {
        "form": form,
        "day": day,
        "before_day": before_day,
        "rows": rows,
        "total": total,
        "total_before": total_before,
        "growth": growth_percent(total, total_before),
        "listed": directory_entries_on(day).count(),
    }
    return render(request, "members/statistics.html", context)
