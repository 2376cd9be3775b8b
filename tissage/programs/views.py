from django.http import HttpRequest, HttpResponse

from tissage.capabilities import capability_landing
from tissage.privacy.access import Perm, requires


@requires(Perm.PROGRAM_MANAGE)
def index(request: HttpRequest) -> HttpResponse:
    return capability_landing(request, "programs")
