"""Enrolments: the list with its filters, the form, the page of one enrolment."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tissage.privacy import audit
from tissage.privacy.access import Perm, persons_for, requires
from tissage.programs import metrics
from tissage.programs.actions import changed_fields, do_save_enrolment
from tissage.programs.forms import EnrolmentFilters, EnrolmentForm
from tissage.programs.models import Enrolment

PER_PAGE = 50


def visible_enrolments(user: object) -> object:
    """The enrolments of the persons this user may see (the row-level rule of people)."""
    return Enrolment.objects.filter(person__in=persons_for(user))


def _enrolment(request: HttpRequest, pk: int) -> Enrolment:
    found = (
        visible_enrolments(request.user)
        .select_related("person", "program", "reason", "referral_source", "continues")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@requires(Perm.PROGRAM_MANAGE)
def enrolment_list(request: HttpRequest) -> HttpResponse:
    filters = EnrolmentFilters(request.GET or None)
    enrolments = filters.apply(
        visible_enrolments(request.user).select_related("person", "program")
    ).order_by("-start_date", "-pk")
    page = Paginator(enrolments, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "page": page, "query": query.urlencode()}
    return render(request, "programs/enrolment_list.html", context)


@requires(Perm.PROGRAM_MANAGE)
def enrolment_new(request: HttpRequest) -> HttpResponse:
    initial = {"person_code": request.GET.get("personne", "")}
    form = EnrolmentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        enrolment = do_save_enrolment(
            request,
            form.save(commit=False),
            form.person,  # type: ignore[arg-type]
            changed=changed_fields(form),
            link_interventions=form.cleaned_data["link_interventions"],
        )
        messages.success(request, _("Enrolment saved."))
        return redirect("programs:enrolment", pk=enrolment.pk)
    return render(request, "programs/enrolment_form.html", {"form": form, "enrolment": None})


@requires(Perm.PROGRAM_MANAGE)
def enrolment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    form = EnrolmentForm(request.POST or None, user=request.user, instance=enrolment)
    if request.method == "POST" and form.is_valid():
        do_save_enrolment(
            request,
            form.save(commit=False),
            form.person,  # type: ignore[arg-type]
            changed=changed_fields(form),
            link_interventions=form.cleaned_data["link_interventions"],
        )
        messages.success(request, _("Enrolment saved."))
        return redirect("programs:enrolment", pk=enrolment.pk)
    context = {"form": form, "enrolment": enrolment}
    return render(request, "programs/enrolment_form.html", context)


@requires(Perm.PROGRAM_MANAGE)
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    audit.record(request, audit.Action.READ, enrolment)
    minutes = metrics.enrolment_minutes(enrolment)
    bands = list(enrolment.program.bands.all())
    computed = metrics.band_for(bands, minutes)
    context = {
        "enrolment": enrolment,
        "hours": metrics.format_average(minutes, enrolment.program),
        "computed_level": computed,
        "level": enrolment.funded_level or computed,
        "interventions": enrolment.interventions.order_by("-date"),
        "continuations": visible_enrolments(request.user).filter(continues=enrolment),
    }
    return render(request, "programs/enrolment_detail.html", context)
