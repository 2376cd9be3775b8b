"""The quick entry: one form to log an intervention in seconds, from a keyboard or a phone."""

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tissage.accounts.models import User
from tissage.people.draft import keep_draft, mark_owner, pop_draft
from tissage.people.forms import InterventionForm, rounded_now
from tissage.people.models import Intervention
from tissage.privacy.access import Perm, interventions_for, persons_for, requires

# The form right after a save takes its date, place and workers from the intervention just
# saved (several are often logged in a row), named in the redirect's query rather than kept
# in the session: reading the form then writes nothing (a session write is a write
# transaction, and on SQLite writers wait for each other).
AFTER = "apres"
DURATIONS = (15, 30, 45, 60)


def last_place(user: Any) -> int | None:
    """The place of the user's last logged intervention: most are logged from the same spot.
    Only a place of the user's own work, nothing of a person: no visibility rule to apply
    (that rule, a subquery over every intervention of the user, cost 9 ms per form)."""
    mine = Intervention.objects.filter(workers=user, place__isnull=False)
    return mine.order_by("-created_at", "-pk").values_list("place_id", flat=True).first()


def just_saved(request: HttpRequest) -> Intervention | None:
    """The intervention the redirect after a save names, if this user may see it."""
    pk = request.GET.get(AFTER, "")
    if not pk.isdigit():
        return None
    visible = interventions_for(request.user, each=True).filter(pk=int(pk))
    workers = Prefetch("workers", queryset=User.objects.order_by("pk"))
    return visible.prefetch_related("persons", workers).first()


def sticky_from(saved: Intervention | None) -> dict[str, Any]:
    if saved is None:
        return {}
    return {
        "date": saved.date.isoformat(),
        "place": saved.place_id,
        "workers": [worker.pk for worker in saved.workers.all()],
    }


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
    saved = None
    if request.method == "POST":
        form = InterventionForm(request.POST, user=user)
        if form.is_valid():
            intervention = form.save(request)
            messages.success(request, _("Intervention saved."))
            return redirect(f"{reverse('people:quick_entry')}?{AFTER}={intervention.pk}")
    else:
        saved = just_saved(request)
        draft = pop_draft(request)
        if draft is not None:
            form = InterventionForm(draft, user=user)
        else:
            form = InterventionForm(initial=defaults(request, sticky_from(saved)), user=user)
    context = {"form": form, "saved": saved, "durations": DURATIONS}
    return mark_owner(request, render(request, "people/entry.html", context))
