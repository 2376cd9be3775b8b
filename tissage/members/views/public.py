"""The public member directory (bottin): members who agreed to list their services.

Only members who opted in and whose membership is in force today appear, with the public
contact details they gave for it — never the office's own contact fields or notes.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tissage.lib.text import match_key
from tissage.members.counting import directory_entries_on
from tissage.privacy.access import public

from .common import paginate

PER_PAGE = 30
PUBLIC_FIELDS = (
    "pk",
    "kind",
    "name",
    "services",
    "services_en",
    "area",
    "public_email",
    "public_phone",
    "website",
)


@public
def directory(request: HttpRequest) -> HttpResponse:
    entries = directory_entries_on(timezone.localdate()).order_by("name", "pk").only(*PUBLIC_FIELDS)
    text = request.GET.get("q", "")[:100]
    words = match_key(text).split()
    if words:
        found = [
            entry
            for entry in entries
            if all(
                word in match_key(f"{entry.name} {entry.services} {entry.services_en} {entry.area}")
                for word in words
            )
        ]
    else:
        found = list(entries)
    page, query = paginate(request, found, PER_PAGE)
    return render(request, "members/directory.html", {"page": page, "query": query, "q": text})
