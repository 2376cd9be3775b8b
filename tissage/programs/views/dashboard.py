from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tissage.privacy.access import Perm, requires
from tissage.programs.dashboard import BAR_WIDTH, default_year, rows_on


def _day(text: str | None) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return timezone.localdate()


@requires(Perm.STATS_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Each program's targets: the year so far, with bars. Aggregates only, no person."""
    on = _day(request.GET.get("au"))
    context = {"on": on, "year": default_year(on), "rows": rows_on(on), "width": BAR_WIDTH}
    return render(request, "programs/dashboard.html", context)
