from django.http import HttpRequest, HttpResponse

from tissage.capabilities import capability_landing
from tissage.privacy.access import Perm, requires


@requires(Perm.STATS_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    return capability_landing(request, "reports")


@requires(Perm.STATS_VIEW)
def drilldown(request: HttpRequest) -> HttpResponse:
    return capability_landing(request, "reports")
