"""Referrals: the list with its filters, a new referral for a person, the change of its outcome."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from tissage.directory.models import Organization
from tissage.people.draft import keep_draft, mark_owner, pop_draft
from tissage.people.forms import OutcomeForm, ReferralForm
from tissage.privacy import audit
from tissage.privacy.access import Perm, referrals_for, requires

from .common import find_person, paginate
from .filters import ReferralFilter

# Without JavaScript the organization field offers the directory's first names as a list.
DATALIST_SIZE = 300


@requires(Perm.PERSON_VIEW)
def referral_list(request: HttpRequest) -> HttpResponse:
    filters = ReferralFilter(request.GET or None)
    items = filters.apply(referrals_for(request.user))
    page, query = paginate(request, items.select_related("person", "organization"))
    context = {"filters": filters, "page": page, "query": query}
    return render(request, "people/referral_list.html", context)


@keep_draft
@requires(Perm.PERSON_EDIT)
def referral_new(request: HttpRequest, code: str) -> HttpResponse:
    person, former = find_person(request, code)
    if former:
        return redirect("people:referral_new", code=person.code)
    data = request.POST if request.method == "POST" else pop_draft(request)
    form = ReferralForm(data, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        referral = form.save_for(request, person)
        if form.new_organization:
            messages.info(
                request,
                _("“%(name)s” was added to the directory.") % {"name": referral.organization.name},
            )
        messages.success(request, _("Referral saved."))
        return redirect("people:person", code=person.code)
    names = Organization.objects.order_by("name").values_list("name", flat=True)
    context = {"form": form, "person": person, "organizations": names[:DATALIST_SIZE]}
    return mark_owner(request, render(request, "people/referral_form.html", context))


@requires(Perm.PERSON_EDIT)
def referral_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(referrals_for(request.user).select_related("person"), pk=pk)
    form = OutcomeForm(request.POST or None, instance=referral)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
            audit.record(request, audit.Action.CHANGE, referral, fields=["outcome"])
        messages.success(request, _("Outcome saved."))
        target = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            return redirect(target)
        return redirect("people:person", code=referral.person.code)
    return render(request, "people/referral_outcome.html", {"form": form, "referral": referral})
