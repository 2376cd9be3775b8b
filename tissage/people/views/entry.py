"""The quick entry: one form to log an intervention in seconds, from a keyboard or a phone."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tissage.people.draft import keep_draft, mark_owner, pop_draft
from tissage.people.forms import InterventionForm, rounded_now
from tissage.people.models import Intervention
from tissage.privacy.access import Perm, interventions_for, persons_for, requires

# What the next intervention takes from the one just saved (several are often logged in a row).
STICKY = "people:entry"
DURATIONS = (15, 30, 45, 60)


def last_place(user: Any) -> int | None:
    """The place of the user's last logged intervention: most are logged from the same spot.
    Only a place of the user's own work, nothing of a person: no visibility rule to apply
    (that rule, a subquery over every intervention of the user, cost 9 ms per form)."""
    mine = Intervention.objects.filter(workers=user, place__isnull=False)
    return mine.order_by("-created_at", "-pk").values_list("place_id", flat=True).first()


def defaults(request: HttpRequest, sticky: dict[str, Any]) -> dict[str, Any]:
    # Opened from a file ("New intervention" on a person's page): that person is picked.
    code = request.GET.get("person", "")
    picked = persons_for(request.user).filter(code=code).values_list("code", flat=True)
    return {
        "persons": list(picked[:1]) if code else [],
        "date": sticky.get("date") or timezone.localdate().isoformat(),
        "time": rounded_now(),
        "workers": sticky.get("workers") or [request.user.pk],
        "place": sticky.get("place") or last_place(request.user),
    }


@keep_draft
@requires(Perm.PERSON_EDIT)
def quick_entry(request: HttpRequest) -> HttpResponse:
    user = request.user
    sticky: dict[str, Any] = {}
    if request.method == "POST":
        form = InterventionForm(request.POST, user=user)
        if form.is_valid():
            intervention = form.save(request)
            request.session[STICKY] = {
                "date": intervention.date.isoformat(),
                "place": intervention.place_id,
                "workers": [worker.pk for worker in form.cleaned_data["workers"]],
                "saved": intervention.pk,
            }
            messages.success(request, _("Intervention saved."))
            return redirect("people:quick_entry")
    else:
        sticky = request.session.pop(STICKY, None) or {}
        draft = pop_draft(request)
        if draft is not None:
            form = InterventionForm(draft, user=user)
        else:
            form = InterventionForm(initial=defaults(request, sticky), user=user)
    saved = None
    if sticky.get("saved"):
        saved = interventions_for(user).prefetch_related("persons").filter(pk=sticky["saved"])
        saved = saved.first()
    context = {"form": form, "saved": saved, "durations": DURATIONS}
    return mark_owner(request, render(request, "people/entry.html", context))
