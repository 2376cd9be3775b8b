"""The private link of an update request (no sign-in): the organization checks its record
and its services' records and proposes corrections, or confirms that all is correct.

The token is the only key. An unknown token, an expired request or one already answered
gives a bilingual message and no data; repeated wrong tokens from one address are refused
for an hour (ratelimit "token"). Pages carry "Referrer-Policy: same-origin": the link's
token never leaves in a Referer header, while the form's own POST keeps its Origin (CSRF).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from tissage.directory import ratelimit, update_requests
from tissage.directory.models import UpdateRequestStatus
from tissage.directory.update_form import UpdateForm
from tissage.directory.views.public import public_language
from tissage.privacy.access import public


def _closed(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    response = render(request, "directory/public/update_closed.html", {"reason": reason},
                      status=status)  # fmt: skip
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@public
@never_cache
@public_language
def update_page(request: HttpRequest, token: str) -> HttpResponse:
    update_request = update_requests.find(token)
    if update_request is None:
        if not ratelimit.allow(request, "token"):
            return _closed(request, "too_many", 429)
        return _closed(request, "unknown", 404)
    if update_request.status in (UpdateRequestStatus.SUBMITTED, UpdateRequestStatus.REVIEWED):
        return _closed(request, "answered", 410)
    if update_request.expired():
        return _closed(request, "expired", 410)
    update_requests.do_open(update_request)
    organization = update_request.organization
    form = UpdateForm(request.POST or None, organization=organization)
    if request.method == "POST" and (request.POST.get("unchanged") or form.is_valid()):
        if request.POST.get("unchanged"):
            update_requests.do_confirm(update_request)
        else:
            update_requests.do_submit(
                update_request, form.proposed_changes(), form.cleaned_data["comment"]
            )
        response = render(request, "directory/public/update_done.html", {"org": organization})
        response.headers["Referrer-Policy"] = "same-origin"
        return response
    response = render(
        request,
        "directory/public/update_form.html",
        {"org": organization, "form": form, "item": update_request},
    )
    response.headers["Referrer-Policy"] = "same-origin"
    return response
