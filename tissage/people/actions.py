"""Writes that touch several records at once, each in one transaction."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from tissage.people.models import Consent, Intervention, Person, Referral
from tissage.privacy import audit
from tissage.vocabularies.models import Term

# Fields a merge copies from the absorbed file when the kept file leaves them empty.
_FILLABLE = [
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
]


class MergeError(ValueError):
    pass


def possible_duplicates(person: Person) -> QuerySet[Person]:
    """Other current files with the same alias (or name), year of birth and municipality."""
    if not person.duplicate_key:
        return Person.objects.none()
    return Person.objects.current().filter(duplicate_key=person.duplicate_key).exclude(pk=person.pk)


@transaction.atomic(savepoint=False)  # all or nothing with the caller's change, if any
def do_create_intervention(
    request: HttpRequest | None,
    *,
    data: dict[str, Any],
    persons: Iterable[Person],
    workers: Iterable[Any],
    types: Iterable[Term],
    problems: Iterable[Term] = (),
) -> Intervention:
    user = getattr(request, "user", None) if request is not None else None
    intervention = Intervention.objects.create(
        created_by=user if user is not None and user.is_authenticated else None, **data
    )
    # add(), not set(): a new intervention has no links to compare with (one query each).
    intervention.persons.add(*persons)
    intervention.workers.add(*workers)
    intervention.types.add(*types)
    intervention.problems.add(*problems)
    audit.record(request, audit.Action.CREATE, intervention)
    return intervention


@transaction.atomic
def do_merge_persons(request: HttpRequest | None, absorbed: Person, kept: Person) -> Person:
    """Merge `absorbed` into `kept` without losing anything.

    Interventions, referrals and consents move to `kept`; empty fields of `kept` take the
    values of `absorbed`. `absorbed` itself stays, its fields untouched, pointing to `kept`:
    a value that differed is still there to read, and its code still resolves.
    """
    if absorbed.pk == kept.pk:
        raise MergeError("A file cannot be merged into itself.")
    if absorbed.merged_into_id is not None or kept.merged_into_id is not None:
        raise MergeError("One of these files was already merged.")
    filled = []
    for name in _FILLABLE:
        mine, theirs = getattr(kept, name), getattr(absorbed, name)
        if mine in (None, "") and theirs not in (None, ""):
            setattr(kept, name, theirs)
            filled.append(name)
    kept.former_codes = sorted({*kept.former_codes, absorbed.code, *absorbed.former_codes})
    kept.save()

    through = Intervention.persons.through
    already = set(through.objects.filter(person=kept).values_list("intervention_id", flat=True))
    for row in through.objects.filter(person=absorbed):
        if row.intervention_id in already:
            row.delete()
        else:
            row.person = kept
            row.save(update_fields=["person"])
    Referral.objects.filter(person=absorbed).update(person=kept)
    Consent.objects.filter(person=absorbed).update(person=kept)
    Person.objects.filter(merged_into=absorbed).update(merged_into=kept)
    absorbed.merged_into = kept
    absorbed.save(update_fields=["merged_into"])
    audit.record(request, audit.Action.CHANGE, kept, fields=["merged_from", *filled])
    audit.record(request, audit.Action.CHANGE, absorbed, fields=["merged_into"])
    return kept
