"""One list and one form for each kind of record (trainings, committees, representations,
partnerships, media appearances, clinical support)."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tissage.orglife.kinds import Kind
from tissage.orglife.models import Committee, Partnership
from tissage.privacy.access import Perm, requires

from .common import SpanForm, current_year, kind_of, paginate


def _choices(kind: Kind) -> list[tuple[str, Any]] | None:
    if kind.choices_field is None:
        return None
    return list(kind.model._meta.get_field(kind.choices_field).choices or [])


def listed(kind: Kind, form: SpanForm) -> tuple[QuerySet[Any], Any, Any]:
    """The records of the list, and the span it covers (committees: their meetings in it)."""
    # An annotated (grouped) query drops the model's ordering: say it again.
    items = kind.model._default_manager.order_by(*kind.model._meta.ordering, "pk")
    if kind.team_field:
        items = items.annotate(team_count=Count(kind.team_field, distinct=True))
    if kind.model is Committee:
        start, end = form.span(current_year())
        met = Q(meetings__date__gte=start, meetings__date__lte=end)
        items = items.select_related("parent").annotate(met=Count("meetings", filter=met))
    else:
        start, end = form.span()
    if kind.model is Partnership and (start or end):
        items = items.during(start or date.min, end or date.max)
    if kind.date_field and start:
        items = items.filter(**{f"{kind.date_field}__gte": start})
    if kind.date_field and end:
        items = items.filter(**{f"{kind.date_field}__lte": end})
    if kind.choices_field and form.is_valid() and form.cleaned_data.get("kind"):
        items = items.filter(**{kind.choices_field: form.cleaned_data["kind"]})
    return items, start, end


@requires(Perm.ORGLIFE_EDIT)
def item_list(request: HttpRequest, kind: str) -> HttpResponse:
    spec = kind_of(kind)
    form = SpanForm(request.GET or None, choices=_choices(spec))
    items, start, end = listed(spec, form)
    page, query = paginate(request, items)
    rows = [
        (item, [(column.value(item), column.numeric) for column in spec.columns])
        for item in page.object_list
    ]
    total_meetings = sum(item.met for item in items) if spec.model is Committee else None
    context = {
        "kind": spec,
        "form": form,
        "page": page,
        "query": query,
        "rows": rows,
        "start": start,
        "end": end,
        "total_meetings": total_meetings,
    }
    return render(request, "orglife/item_list.html", context)


def _form_page(request: HttpRequest, spec: Kind, instance: Any) -> HttpResponse:
    form = spec.form(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Saved."))
        if spec.model is Committee:
            return redirect("orglife:committee", pk=saved.pk)
        return redirect("orglife:list", kind=spec.slug)
    context = {"kind": spec, "form": form, "item": instance}
    return render(request, "orglife/item_form.html", context)


@requires(Perm.ORGLIFE_EDIT)
def item_new(request: HttpRequest, kind: str) -> HttpResponse:
    return _form_page(request, kind_of(kind), None)


@requires(Perm.ORGLIFE_EDIT)
def item_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = kind_of(kind)
    return _form_page(request, spec, get_object_or_404(spec.model, pk=pk))


@requires(Perm.ORGLIFE_EDIT)
def item_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = kind_of(kind)
    item = get_object_or_404(spec.model, pk=pk)
    if request.method == "POST":
        item.delete()
        messages.success(request, _("Deleted."))
        return redirect("orglife:list", kind=spec.slug)
    return render(request, "orglife/item_delete.html", {"kind": spec, "item": item})
