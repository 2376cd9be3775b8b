"""Merging two files of one person: choose the other file, compare, confirm."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tissage.people.actions import MergeError, do_merge_persons
from tissage.people.models import Person
from tissage.privacy.access import Perm, interventions_for, persons_for, referrals_for, requires

from .common import find_person
from .persons import visible_duplicates

COMPARED = (
    "code",
    "alias",
    "first_name",
    "last_name",
    "gender",
    "age_group",
    "birth_year",
    "language",
    "municipality",
    "immigration_status",
    "country_of_origin",
    "income_source",
    "education_level",
    "newcomer",
    "team",
    "created_at",
)


def _display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    return str(value)


def comparison(user: Any, one: Person, other: Person) -> dict[str, Any]:
    rows = []
    for name in COMPARED:
        label = str(Person._meta.get_field(name).verbose_name)
        mine, theirs = getattr(one, name), getattr(other, name)
        if name == "created_at":
            mine, theirs = mine.date(), theirs.date()
        rows.append(
            {
                "name": name,
                "label": label,
                "one": _display(mine),
                "other": _display(theirs),
                "same": mine == theirs,
            }
        )
    counts = []
    for person in (one, other):
        counts.append(
            {
                "interventions": interventions_for(user).filter(persons=person).count(),
                "referrals": referrals_for(user).filter(person=person).count(),
                "consents": person.consents.count(),
            }
        )
    return {"rows": rows, "counts": counts}


@requires(Perm.PERSON_EDIT)
def merge(request: HttpRequest, code: str) -> HttpResponse:
    person, former = find_person(request, code)
    if former:
        return redirect("people:merge", code=person.code)
    other_code = (request.POST.get("other") or request.GET.get("other") or "").strip()
    other = persons_for(request.user).filter(code__iexact=other_code).first()
    if other is None or other.pk == person.pk:
        if other_code:
            messages.error(request, _("Choose another current file, by its code."))
        context = {
            "person": person,
            "duplicates": visible_duplicates(request.user, person),
            "other_code": other_code,
        }
        return render(request, "people/merge_choose.html", context)
    if request.method == "POST":
        keep = request.POST.get("keep")
        kept, absorbed = (other, person) if keep == other.code else (person, other)
        try:
            do_merge_persons(request, absorbed, kept)
        except MergeError:
            messages.error(request, _("These files cannot be merged: one was already merged."))
            return redirect("people:person", code=person.code)
        messages.success(
            request,
            _("File %(absorbed)s merged into %(kept)s; its code still leads here.")
            % {"absorbed": absorbed.code, "kept": kept.code},
        )
        return redirect("people:person", code=kept.code)
    context = {"person": person, "other": other, **comparison(request.user, person, other)}
    return render(request, "people/merge_confirm.html", context)
