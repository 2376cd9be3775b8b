from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tissage.privacy.access import Perm, can, requires
from tissage.privacy.audit import verify_chain
from tissage.privacy.forms import AuditFilterForm
from tissage.privacy.models import AuditEvent


def _filtered(form: AuditFilterForm) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if not form.is_valid():
        return events
    data = form.cleaned_data
    if data["username"]:
        events = events.filter(username__icontains=data["username"])
    if data["action"]:
        events = events.filter(action=data["action"])
    if data["object_type"]:
        events = events.filter(object_type__icontains=data["object_type"])
    if data["object_id"]:
        events = events.filter(object_id=data["object_id"])
    if data["start"]:
        events = events.filter(at__date__gte=data["start"])
    if data["end"]:
        events = events.filter(at__date__lte=data["end"])
    return events


@requires(Perm.AUDIT_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    """The audit trail, newest first, filterable; the administrator's view of who did what."""
    form = AuditFilterForm(request.GET or None)
    page = Paginator(_filtered(form), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("verify", None)
    # Verifying reads the whole trail: on request, not on every page.
    problems = verify_chain() if request.GET.get("verify") else None
    return render(
        request,
        "privacy/index.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "chain_problems": problems,
            "perms_administer": can(request.user, Perm.ADMINISTER),
        },
    )
