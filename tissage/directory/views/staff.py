"""Staff screens: the directory's home with its search, organization, service and location
pages and their edit forms. DIRECTORY_VIEW reads, DIRECTORY_EDIT changes."""

import uuid
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tissage.directory import actions, gazetteer, hours, verification
from tissage.directory.changes import history_of
from tissage.directory.forms import (
    LocationForm,
    LocationPhones,
    LocationSchedules,
    OrganizationForm,
    OrganizationPhones,
    ServiceAreas,
    ServiceForm,
    ServicePhones,
    ServiceSchedules,
    StaffSearchForm,
    current_terms,
)
from tissage.directory.models import (
    Feedback,
    FeedbackStatus,
    Location,
    Organization,
    Service,
    ServiceStatus,
    VerificationMethod,
)
from tissage.directory.models.base import english_active
from tissage.directory.search import search
from tissage.lib.text import match_key
from tissage.privacy.access import Perm, can, requires

PER_PAGE = 25


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@requires(Perm.DIRECTORY_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    form = StaffSearchForm(request.GET or None)
    results, hidden = None, None
    if form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["near"]):
        results = search(
            form.cleaned_data["q"],
            near=form.cleaned_data["near"] or None,
            public_only=False,
            page=_page_number(request),
            per_page=PER_PAGE,
        )
    elif form.is_valid() and form.cleaned_data["hidden"]:
        hidden = Service.objects.filter(
            Q(public=False) | Q(organization__public=False)
        ).select_related("organization")[:200]
    counts = {
        "organizations": Organization.objects.count(),
        "services": Service.objects.count(),
        "public": Service.objects.public().count(),
        "hidden": Service.objects.filter(Q(public=False) | Q(organization__public=False)).count(),
        "inactive": Service.objects.exclude(status=ServiceStatus.ACTIVE).count(),
        "locations": Location.objects.count(),
        "confidential": Location.objects.filter(confidential_address=True).count(),
        "feedback": Feedback.objects.filter(status=FeedbackStatus.NEW).count(),
    }
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/index.html",
        {
            "form": form,
            "results": results,
            "hidden": hidden,
            "counts": counts,
            "verification": verification.dashboard(),
            "query": query.urlencode(),
            "can_edit": can(request.user, Perm.DIRECTORY_EDIT),
            "municipalities": gazetteer.municipalities(),
        },
    )


@requires(Perm.DIRECTORY_VIEW)
def organization_list(request: HttpRequest) -> HttpResponse:
    items = Organization.objects.annotate(service_count=Count("services")).order_by("name")
    letter = request.GET.get("q", "").strip()
    if letter:
        items = items.filter(name_key__contains=match_key(letter))
    return render(
        request,
        "directory/organization_list.html",
        {
            "organizations": items[:500],
            "q": letter,
            "can_edit": can(request.user, Perm.DIRECTORY_EDIT),
        },
    )


@requires(Perm.DIRECTORY_VIEW)
def organization_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    services = organization.services.order_by("name")
    locations = organization.locations.prefetch_related("addresses").order_by("name")
    return render(
        request,
        "directory/organization_detail.html",
        {
            "org": organization,
            "services": services,
            "locations": locations,
            "phones": organization.phones.all(),
            "history": history_of(organization)[:30],
            "can_edit": can(request.user, Perm.DIRECTORY_EDIT),
            "verification_state": verification.state_of(organization),
            "methods": VerificationMethod.choices,
            "events": organization.verification_events.select_related("user")[:20],
        },
    )


@requires(Perm.DIRECTORY_EDIT)
def organization_edit(request: HttpRequest, pk: uuid.UUID | None = None) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk) if pk else Organization()
    data = request.POST if request.method == "POST" else None
    form = OrganizationForm(data, instance=organization)
    phones = OrganizationPhones(data, instance=organization, prefix="phones")
    if data is not None and form.is_valid() and phones.is_valid():
        organization = actions.do_save_organization(request, form, phones)
        messages.success(request, _("The organization was saved."))
        return redirect("directory:organization", pk=organization.pk)
    return render(
        request,
        "directory/organization_form.html",
        {"form": form, "formsets": [(_("Phones"), phones)], "org": organization},
    )


def _service_context(service: Service) -> dict[str, Any]:
    rules = hours.rules_for(service)
    today = timezone.localdate()
    week = hours.week_table(rules, today, english_active())
    return {
        "service": service,
        "org": service.organization,
        "links": service.service_at_locations.select_related("location").prefetch_related(
            "location__addresses", "location__phones"
        ),
        "phones": service.phones.all(),
        "terms": current_terms(service),
        "areas": service.service_areas.all(),
        "languages": service.languages.all(),
        "week": week,
        "hours_known": any(day["known"] for day in week),
        "closures": hours.upcoming_closures(rules, today),
        "open_now": hours.service_is_open(service),
        "alert_active": service.alert_active() or service.organization.alert_active(),
    }


@requires(Perm.DIRECTORY_VIEW)
def service_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    service = get_object_or_404(Service.objects.select_related("organization"), pk=pk)
    context = _service_context(service)
    context.update(
        {
            "history": history_of(service)[:50],
            "feedback": service.feedback.all()[:20],
            "methods": VerificationMethod.choices,
            "can_edit": can(request.user, Perm.DIRECTORY_EDIT),
        }
    )
    return render(request, "directory/service_detail.html", context)


@requires(Perm.DIRECTORY_EDIT)
def service_edit(
    request: HttpRequest, pk: uuid.UUID | None = None, organization_pk: uuid.UUID | None = None
) -> HttpResponse:
    if pk:
        service = get_object_or_404(Service.objects.select_related("organization"), pk=pk)
        organization = service.organization
    else:
        organization = get_object_or_404(Organization, pk=organization_pk)
        service = Service(organization=organization)
    data = request.POST if request.method == "POST" else None
    form = ServiceForm(data, instance=service, organization=organization)
    formsets = [
        (_("Phones"), ServicePhones(data, instance=service, prefix="phones")),
        (_("Opening hours"), ServiceSchedules(data, instance=service, prefix="hours")),
        (_("Areas served"), ServiceAreas(data, instance=service, prefix="areas")),
    ]
    if data is not None and form.is_valid() and all(f.is_valid() for _l, f in formsets):
        service = actions.do_save_service(request, form, [f for _l, f in formsets])
        # A "last checked" date typed in the form starts the verification cycle.
        verification.adopt_assured_dates(Service.objects.filter(pk=service.pk))
        messages.success(request, _("The service was saved."))
        return redirect("directory:service", pk=service.pk)
    return render(
        request,
        "directory/service_form.html",
        {"form": form, "formsets": formsets, "service": service, "org": organization},
    )


@requires(Perm.DIRECTORY_EDIT)
def location_edit(
    request: HttpRequest, pk: uuid.UUID | None = None, organization_pk: uuid.UUID | None = None
) -> HttpResponse:
    if pk:
        location = get_object_or_404(Location.objects.select_related("organization"), pk=pk)
        organization = location.organization
        if organization is None:
            raise Http404
    else:
        organization = get_object_or_404(Organization, pk=organization_pk)
        location = Location(organization=organization)
    data = request.POST if request.method == "POST" else None
    form = LocationForm(data, instance=location)
    formsets = [
        (_("Phones"), LocationPhones(data, instance=location, prefix="phones")),
        (_("Opening hours"), LocationSchedules(data, instance=location, prefix="hours")),
    ]
    if data is not None and form.is_valid() and all(f.is_valid() for _l, f in formsets):
        actions.do_save_location(request, form, organization, [f for _l, f in formsets])
        messages.success(request, _("The location was saved."))
        return redirect("directory:organization", pk=organization.pk)
    return render(
        request,
        "directory/location_form.html",
        {
            "form": form,
            "formsets": formsets,
            "location": location,
            "org": organization,
            "municipalities": gazetteer.municipalities(),
        },
    )
