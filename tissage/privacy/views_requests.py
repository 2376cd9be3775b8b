"""The register of privacy requests: the list (overdue ones marked), one request, a new one."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from tissage.privacy import audit
from tissage.privacy.access import Perm, requires
from tissage.privacy.forms import PrivacyRequestForm
from tissage.privacy.models import PrivacyRequest
from tissage.privacy.register import REQUEST_PARAM, step_label, steps_of


@requires(Perm.ADMINISTER)
def request_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    items = list(PrivacyRequest.objects.select_related("person", "handled_by"))
    rows = [(item, item.is_overdue(today)) for item in items]
    overdue = sum(1 for _item, late in rows if late)
    open_count = sum(1 for item in items if item.status != PrivacyRequest.Status.ANSWERED)
    context = {"rows": rows, "overdue": overdue, "open_count": open_count}
    return render(request, "privacy/requests.html", context)


@requires(Perm.ADMINISTER)
def request_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(PrivacyRequest, pk=pk) if pk else None
    form = PrivacyRequestForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if item is None:
            saved.recorded_by = request.user
        saved.save()
        changed = [name if name != "code" else "person" for name in form.changed_data]
        action = audit.Action.CREATE if item is None else audit.Action.CHANGE
        audit.record(request, action, saved, fields=changed)
        return redirect("privacy:request_edit", pk=saved.pk)
    steps = [(event, step_label(event.fields)) for event in steps_of(item)] if item else []
    context = {
        "form": form,
        "item": item,
        "steps": steps,
        "param": REQUEST_PARAM,
        "overdue": item.is_overdue() if item else False,
    }
    return render(request, "privacy/request_form.html", context)
