"""Error pages: they say what happened in the user's language and never echo the request."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from tissage.privacy.access import DENIED_HEADER


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    # The language switch returns to the home page, not to the address typed, which the
    # page would otherwise repeat.
    try:
        body = render_to_string(template, {"language_next": reverse("home")}, request=request)
    except Exception:  # the shell itself failed (database down): answer plainly
        body = render_to_string("500.html", {"bare": True})
    return HttpResponse(body, status=status)


def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    response = _page(request, "403.html", 403)
    if getattr(request, "tissage_denied", False):
        response[DENIED_HEADER] = "denied-by-role"
    return response


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponse(render_to_string("500.html", {"bare": True}), status=500)
