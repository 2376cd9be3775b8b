"""Interventions: the list with its filters, one intervention, its change."""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tissage.accounts.models import User
from tissage.people.draft import keep_draft, mark_owner, pop_draft
from tissage.people.forms import InterventionForm, user_label
from tissage.people.models import Intervention
from tissage.privacy import audit
from tissage.privacy.access import Perm, interventions_for, requires
from tissage.vocabularies.models import in_language

from .common import paginate
from .entry import DURATIONS
from .filters import InterventionFilter

LIST_RELATIONS = ("persons", "types", "problems", "workers")


@requires(Perm.PERSON_VIEW)
def intervention_list(request: HttpRequest) -> HttpResponse:
    filters = InterventionFilter(request.GET or None)
    items = filters.apply(interventions_for(request.user)).select_related("place")
    page, query = paginate(request, items)
    list_links(page.object_list)
    context = {"filters": filters, "page": page, "query": query}
    return render(request, "people/intervention_list.html", context)


def list_links(interventions: Iterable[Intervention]) -> None:
    """What the list shows of each intervention's persons, types, problem areas and workers,
    in `intervention.listed`: plain values, one query a relation for the whole page.
    prefetch_related made a model instance of each, and a queryset per intervention and
    relation: a third of the page's time at 50 rows."""
    listed = {item.pk: item for item in interventions}
    for item in listed.values():
        item.listed = {name: [] for name in LIST_RELATIONS}  # type: ignore[attr-defined]
    if not listed:
        return

    def links(name: str) -> Any:
        """The page's links to `name`, in the order of the linked model (as `.all()`)."""
        field = Intervention._meta.get_field(name)
        through = field.remote_field.through  # type: ignore[union-attr]
        target = field.m2m_reverse_field_name()  # type: ignore[union-attr]
        ordering = field.related_model._meta.ordering or ["pk"]
        by = [f"{'-' if o.startswith('-') else ''}{target}__{o.lstrip('-')}" for o in ordering]
        return through.objects.filter(intervention_id__in=list(listed)).order_by(*by)

    for pk, code in links("persons").values_list("intervention_id", "person__code"):
        listed[pk].listed["persons"].append(code)
    for name in ("types", "problems"):
        terms = links(name).values_list("intervention_id", "term__label_fr", "term__label_en")
        for pk, french, english in terms:
            listed[pk].listed[name].append(in_language(french, english))
    names = ("intervention_id", "user__first_name", "user__last_name", "user__username")
    for pk, first, last, username in links("workers").values_list(*names):
        worker = User(first_name=first, last_name=last, username=username)
        listed[pk].listed["workers"].append(user_label(worker))


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
