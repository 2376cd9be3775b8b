from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tissage.capabilities import CAPABILITIES
from tissage.privacy.access import Perm, can, requires
from tissage.programs.models import Program


@requires(Perm.PROGRAM_MANAGE)
def index(request: HttpRequest) -> HttpResponse:
    """The entry page: where to enrol, record an evaluation, follow the targets."""
    capability = next(c for c in CAPABILITIES if c.code == "programs")
    programs = Program.objects.filter(active=True).select_related("agreement__funder")
    context = {
        "capability": capability,
        "programs": programs,
        "may_configure": can(request.user, Perm.REPORT_EDIT),
    }
    return render(request, "programs/index.html", context)
