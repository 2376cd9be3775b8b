"""The people home: find a file, log an intervention, see one's own recent work."""

from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from tissage.privacy.access import Perm, interventions_for, persons_for, requires

RECENT = 10


def duplicate_keys(user: Any) -> QuerySet[Any]:
    """The keys shared by several current files this user may see."""
    return (
        persons_for(user)
        .exclude(duplicate_key="")
        .values("duplicate_key")
        .annotate(count=Count("pk"))
        .filter(count__gt=1)
        .order_by("duplicate_key")
    )


def import_url() -> str:
    try:
        return reverse("people:import_start")
    except NoReverseMatch:
        return "/personnes/importer/"


@requires(Perm.PERSON_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    mine = interventions_for(user).filter(workers=user)
    recent = mine.select_related("place").prefetch_related("persons", "types")[:RECENT]
    flagged = mine.filter(follow_up=True)
    follow_up = persons_for(user).filter(interventions__in=flagged).distinct().order_by("code")[:20]
    context = {
        "recent": recent,
        "follow_up": follow_up,
        "duplicate_count": duplicate_keys(user).count(),
        "import_url": import_url(),
    }
    return render(request, "people/index.html", context)
