"""The public site of the directory (no sign-in): search, a page per service, print,
send by e-mail, report a problem. Only `Service.objects.public()` ever shows here, and a
confidential address never does."""

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tissage.directory import gazetteer, hours, ratelimit
from tissage.directory.forms import current_terms
from tissage.directory.models import Feedback, Service
from tissage.directory.models.base import english_active
from tissage.directory.public_forms import EmailResultsForm, FeedbackForm, PublicSearchForm
from tissage.directory.search import Results, search
from tissage.privacy.access import public

PER_PAGE = 20
PRINT_LIMIT = 100
EMAIL_LIMIT = 50


def public_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A shared link may carry `lang=en` or `lang=fr`: the page answers in that language."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lang = request.GET.get("lang", "")
        code = {"en": "en", "fr": "fr-ca"}.get(lang)
        if code is None:
            return view(request, *args, **kwargs)
        with translation.override(code):
            request.LANGUAGE_CODE = code
            response = view(request, *args, **kwargs)
            response.headers["Content-Language"] = code
            return response

    return wrapper


def _run_search(request: HttpRequest, per_page: int, page: int = 1) -> tuple[Any, Results | None]:
    form = PublicSearchForm(request.GET or None)
    if not (form.is_bound and form.is_valid() and form.has_criteria()):
        return form, None
    data = form.cleaned_data
    results = search(
        data["q"],
        near=data["near"] or None,
        radius_km=data["radius"],
        categories=[data["category"]] if data["category"] else [],
        municipality=data["municipality"],
        mrc=data["mrc"],
        region=data["region"],
        language=data["language"],
        open_now=data["open_now"],
        public_only=True,
        page=page,
        per_page=per_page,
    )
    return form, results


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _page(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 1000))
    except ValueError:
        return 1


@public
@public_language
def search_page(request: HttpRequest) -> HttpResponse:
    form, results = _run_search(request, PER_PAGE, _page(request))
    return render(
        request,
        "directory/public/search.html",
        {
            "form": form,
            "results": results,
            "query": _query_without(request, "page"),
            "municipalities": gazetteer.municipalities(),
            "english": english_active(),
        },
    )


@public
@public_language
def print_list(request: HttpRequest) -> HttpResponse:
    form, results = _run_search(request, PRINT_LIMIT)
    return render(
        request,
        "directory/public/print.html",
        {"form": form, "results": results, "query": _query_without(request, "page"),
         "today": timezone.localdate()},
    )  # fmt: skip


def _public_service(pk: uuid.UUID) -> Service:
    return get_object_or_404(
        Service.objects.public().select_related("organization", "program"), pk=pk
    )


def public_locations(service: Service) -> list[dict[str, Any]]:
    """The places of a service as the public may see them: a confidential address becomes
    its municipality only."""
    places = []
    links = service.service_at_locations.select_related("location").prefetch_related(
        "location__addresses", "location__phones", "location__accessibility"
    )
    for link in links:
        location = link.location
        address = location.main_address
        places.append(
            {
                "name": location.tr("name"),
                "confidential": location.confidential_address,
                "address": None if location.confidential_address else address,
                "municipality": address.city if address else "",
                "transportation": ""
                if location.confidential_address
                else location.tr("transportation"),
                "phones": list(location.phones.all()),
                "accessibility": [a.tr("description") for a in location.accessibility.all()],
            }
        )
    return places


@public
@public_language
def service_page(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    service = _public_service(pk)
    rules = hours.rules_for(service)
    today = timezone.localdate()
    week = hours.week_table(rules, today, english_active())
    return render(
        request,
        "directory/public/service.html",
        {
            "service": service,
            "org": service.organization,
            "places": public_locations(service),
            "phones": [*service.phones.all(), *service.organization.phones.all()],
            "terms": current_terms(service),
            "areas": service.service_areas.all(),
            "languages": service.languages.all(),
            "week": week,
            "hours_known": any(day["known"] for day in week),
            "closures": hours.upcoming_closures(rules, today),
            "open_now": hours.service_is_open(service),
            "alerts": [obj for obj in (service, service.organization) if obj.alert_active(today)],
        },
    )


@public
@public_language
def report_problem(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    service = _public_service(pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        if form.is_spam():
            return render(request, "directory/public/thanks.html", {"service": service})
        if form.is_valid():
            if not ratelimit.allow(request, "feedback"):
                return _too_many(request)
            Feedback.objects.create(
                service=service,
                kinds=form.cleaned_data["kinds"],
                comment=form.cleaned_data["comment"],
                contact_email=form.cleaned_data["contact_email"],
                language=translation.get_language() or "",
                ip_hash=ratelimit.ip_hash(request),
            )
            return render(request, "directory/public/thanks.html", {"service": service})
    return render(request, "directory/public/report.html", {"service": service, "form": form})


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/public/too_many.html", status=429)


@public
@public_language
def email_results(request: HttpRequest) -> HttpResponse:
    search_form, results = _run_search(request, EMAIL_LIMIT)
    if results is None:
        raise Http404
    form = EmailResultsForm(request.POST or None)
    query = _query_without(request, "page")
    if request.method == "POST":
        if form.is_spam():
            return render(request, "directory/public/sent.html", {"query": query})
        if form.is_valid():
            if not ratelimit.allow(request, "email"):
                return _too_many(request)
            _send_results(request, results, form.cleaned_data["email"], query)
            return render(request, "directory/public/sent.html", {"query": query})
    return render(
        request,
        "directory/public/email.html",
        {"form": form, "results": results, "query": query, "search_form": search_form},
    )


def _send_results(request: HttpRequest, results: Results, address: str, query: str) -> None:
    search_url = request.build_absolute_uri(reverse("public_directory:search")) + f"?{query}"
    items = [
        {
            "hit": hit,
            "url": request.build_absolute_uri(
                reverse("public_directory:service", args=[hit.service.pk])
            ),
            "places": public_locations(hit.service),
        }
        for hit in results.hits
    ]
    body = render_to_string(
        "directory/public/email.txt",
        {"items": items, "results": results, "search_url": search_url},
    )
    send_mail(
        _("Community resources you asked for"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [address],
    )
