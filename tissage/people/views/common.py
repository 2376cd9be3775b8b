"""Helpers the people views share: finding a file by its code, paginating a list."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest

from tissage.people.models import Person
from tissage.privacy.access import persons_for

PER_PAGE = 50


def find_person(request: HttpRequest, code: str) -> tuple[Person, bool]:
    """The file under `code` that this user may see, and whether `code` is a former code
    (a file merged into another): the caller then redirects to the kept file."""
    visible = persons_for(request.user)
    person = visible.filter(code=code).first()
    if person is not None:
        return person, False
    merged = Person.objects.filter(code=code, merged_into__isnull=False).first()
    while merged is not None and merged.merged_into_id is not None:
        merged = merged.merged_into
    if merged is not None and visible.filter(pk=merged.pk).exists():
        return merged, True
    raise Http404


def paginate(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> tuple[Page, str]:
    """One page of `items`, and the query string of the other parameters for the links."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
