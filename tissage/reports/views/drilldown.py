"""Drill-down: the records behind a figure of a report, as far as the reader may see them.

Anyone who reads statistics sees how many records make the figure; only those who may open
persons' files (Perm.PERSON_VIEW) see the records themselves, and then only those the access
module lets them see (persons_for, interventions_for, referrals_for).
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tissage.people.models import Intervention, Person, Referral
from tissage.privacy import audit
from tissage.privacy.access import (
    Perm,
    can,
    interventions_for,
    persons_for,
    referrals_for,
    requires,
)
from tissage.reports.compute import records
from tissage.reports.forms import period_slug, recognize
from tissage.reports.periods import Period
from tissage.reports.quality import people_url
from tissage.reports.registry import (
    Dimension,
    DimensionKind,
    Indicator,
    Measure,
    indicator,
    source,
)
from tissage.vocabularies.models import Term

PER_PAGE = 50
VISIBLE = {Intervention: interventions_for, Person: persons_for, Referral: referrals_for}


def row_filter(dimension: Dimension, code: str) -> dict[str, Any]:
    """The lookup that keeps the records of one row of a table (Row.code)."""
    if code == "":
        return {f"{dimension.path}__isnull": True}  # the "Not specified" row
    if dimension.kind == DimensionKind.TERM:
        return {f"{dimension.path}__code": code}
    if dimension.kind == DimensionKind.MONTH:
        year, month = code.split("-")
        return {f"{dimension.path}__year": int(year), f"{dimension.path}__month": int(month)}
    if dimension.kind == DimensionKind.RELATED:
        return {f"{dimension.path}__pk": code}
    return {dimension.path: code}


def _related_model(model: Any, dimension: Dimension) -> Any:
    for part in dimension.path.split("__"):
        model = model._meta.get_field(part).related_model
    return model


def row_label(model: Any, dimension: Dimension, code: str) -> str:
    if code == "":
        return _("Not specified")
    if dimension.kind == DimensionKind.TERM:
        term = Term.objects.of(dimension.vocabulary or "").filter(code=code).first()
        return term.label if term is not None else code
    if dimension.kind == DimensionKind.CHOICE:
        return str((dimension.choices or {}).get(code, code))
    if dimension.kind == DimensionKind.RELATED:
        found = _related_model(model, dimension)._default_manager.filter(pk=code).first()
        return str(found) if found is not None else code
    return code


def audit_id(ind: Indicator, period: Period, code: str | None) -> str:
    """indicator:period[:row], as short as the audit trail's 64 characters need:
    people.referred_to:2023-24:<an organization's UUID> just fits."""
    found = f"{ind.code}:{period_slug(period)}"
    return (found if code is None else f"{found}:{code}")[:64]


def _dates(request: HttpRequest) -> tuple[date, date]:
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
        end = date.fromisoformat(request.GET.get("end", ""))
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    if end < start:
        raise Http404("end before start")
    return start, end


def _indicator(request: HttpRequest) -> Indicator:
    try:
        return indicator(request.GET.get("indicator", ""))
    except KeyError as exc:
        raise Http404(str(exc)) from exc


def behind(ind: Indicator, start: date, end: date, code: str | None) -> QuerySet[Any]:
    """The records of the figure, each once (a date reached through a relation repeats them)."""
    src = source(ind.source)
    found = records(ind, recognize(start, end))
    if code is not None:
        if ind.dimension is None:
            raise Http404("this figure has no rows")
        found = found.filter(**row_filter(src.dimension(ind.dimension), code))
    return src.model._default_manager.filter(pk__in=found.values("pk"))


@requires(Perm.STATS_VIEW)
def drilldown(request: HttpRequest) -> HttpResponse:
    ind = _indicator(request)
    start, end = _dates(request)
    code = request.GET.get("code")
    src = source(ind.source)
    try:
        items = behind(ind, start, end, code)
        count = items.count()
    except (ValidationError, ValueError) as exc:  # a code that is no key of the dimension
        raise Http404(str(exc)) from exc
    persons = None
    if ind.measure == Measure.PERSONS and src.person_path:
        persons = items.aggregate(n=Count(src.person_path, distinct=True))["n"]
    audit.record(
        request,
        audit.Action.READ,
        object_type="reports.drilldown",
        object_id=audit_id(ind, recognize(start, end), code),
    )
    context: dict[str, Any] = {
        "indicator": ind,
        "source": src,
        "period": recognize(start, end),
        "row": row_label(src.model, src.dimension(ind.dimension or ""), code)
        if code is not None
        else "",
        "count": count,
        "persons": persons,
        "may_see": can(request.user, Perm.PERSON_VIEW),
    }
    if context["may_see"]:
        context |= listing(request, src.model, items)
    return render(request, "reports/drilldown.html", context)


def listing(request: HttpRequest, model: type, items: QuerySet[Any]) -> dict[str, Any]:
    """One page of the records this user may see, with what the list shows of each."""
    visible_to = VISIBLE.get(model)
    if visible_to is None:
        return {"kind": "", "visible": 0}  # a source of another app: counts only, for now
    visible = visible_to(request.user).filter(pk__in=items.values("pk"))
    if model is Intervention:
        visible = visible.select_related("place").prefetch_related("persons", "types")
        kind = "interventions"
    elif model is Referral:
        visible = visible.select_related("person", "organization")
        kind = "referrals"
    else:
        kind = "persons"
    page = Paginator(visible.order_by(*_order(model)), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    shown = set()
    if kind == "interventions":
        # An intervention may name a person this user may not open: show no code of theirs.
        ids = {p.pk for item in page.object_list for p in item.persons.all()}
        shown = set(persons_for(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    rows = [_row(kind, item, shown) for item in page.object_list]
    return {
        "kind": kind,
        "page": page,
        "query": query.urlencode(),
        "rows": rows,
        "visible": page.paginator.count,
    }


def _order(model: type) -> tuple[str, ...]:
    return ("code",) if model is Person else ("-date", "-pk")


def _row(kind: str, item: Any, shown: set[int]) -> dict[str, Any]:
    if kind == "interventions":
        return {
            "item": item,
            "url": people_url(
                "people:intervention", f"/personnes/interventions/{item.pk}/", item.pk
            ),
            "persons": [(p.code, _person_url(p.code)) for p in item.persons.all() if p.pk in shown],
            "types": ", ".join(t.label for t in item.types.all()),
        }
    if kind == "referrals":
        return {"item": item, "person_url": _person_url(item.person.code)}
    return {"item": item, "url": _person_url(item.code)}


def _person_url(code: str) -> str:
    return people_url("people:person", f"/personnes/{code}/", code)
