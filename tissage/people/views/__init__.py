from django.http import HttpRequest, HttpResponse

from tissage.capabilities import capability_landing
from tissage.privacy.access import Perm, requires


@requires(Perm.PERSON_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    return capability_landing(request, "people")
