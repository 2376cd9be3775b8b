"""Suggestions for the tag inputs of the forms, as JSON: persons and organizations."""

from django.http import HttpRequest, JsonResponse

from tissage.directory.models import Organization
from tissage.lib.text import match_key
from tissage.privacy.access import Perm, persons_for, requires

from .search import best_first, search_persons

LIMIT = 10


def _label(person: object) -> str:
    label = person.display_name  # type: ignore[attr-defined]
    year = person.birth_year  # type: ignore[attr-defined]
    return f"{label} ({year})" if year else label


@requires(Perm.PERSON_VIEW)
def person_suggestions(request: HttpRequest) -> JsonResponse:
    """At most ten files this user may see, best matches first: [{value, label}]."""
    query = request.GET.get("q", "").strip()[:100]
    if not query:
        return JsonResponse({"results": []})
    found = list(search_persons(persons_for(request.user), query).order_by("code")[:50])
    results = [{"value": p.code, "label": _label(p)} for p in best_first(found, query)[:LIMIT]]
    return JsonResponse({"results": results})


@requires(Perm.PERSON_VIEW)
def organization_suggestions(request: HttpRequest) -> JsonResponse:
    """Organizations of the directory whose name contains what was typed (any accents)."""
    key = match_key(request.GET.get("q", ""))[:100]
    if not key:
        return JsonResponse({"results": []})
    names = Organization.objects.filter(name_key__contains=key).order_by("name")
    first = names.values_list("name", flat=True)[:LIMIT]
    return JsonResponse({"results": [{"value": name, "label": name} for name in first]})
