"""Interventions: the list with its filters, one intervention, its change."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tissage.people.draft import keep_draft, mark_owner, pop_draft
from tissage.people.forms import InterventionForm
from tissage.privacy import audit
from tissage.privacy.access import Perm, interventions_for, requires

from .common import paginate
from .entry import DURATIONS
from .filters import InterventionFilter

LIST_RELATIONS = ("persons", "types", "problems", "workers")


@requires(Perm.PERSON_VIEW)
def intervention_list(request: HttpRequest) -> HttpResponse:
    filters = InterventionFilter(request.GET or None)
    items = filters.apply(interventions_for(request.user))
    items = items.select_related("place").prefetch_related(*LIST_RELATIONS)
    page, query = paginate(request, items)
    context = {"filters": filters, "page": page, "query": query}
    return render(request, "people/intervention_list.html", context)


@requires(Perm.PERSON_VIEW)
def intervention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visible = interventions_for(request.user, each=True).select_related("place", "created_by")
    intervention = get_object_or_404(visible.prefetch_related(*LIST_RELATIONS), pk=pk)
    # Its notes are confidential: reading them is recorded like reading a file.
    audit.record(request, audit.Action.READ, intervention)
    return render(request, "people/intervention_detail.html", {"intervention": intervention})


@keep_draft
@requires(Perm.PERSON_EDIT)
def intervention_edit(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = get_object_or_404(interventions_for(request.user, each=True), pk=pk)
    data = request.POST if request.method == "POST" else pop_draft(request)
    form = InterventionForm(data, user=request.user, instance=intervention)
    if request.method == "POST" and form.is_valid():
        form.save(request)
        messages.success(request, _("Intervention saved."))
        return redirect("people:intervention", pk=intervention.pk)
    context = {"form": form, "intervention": intervention, "durations": DURATIONS}
    return mark_owner(request, render(request, "people/intervention_form.html", context))
