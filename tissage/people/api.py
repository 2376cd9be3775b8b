"""The people API: persons, interventions and referrals (issue #3). See docs/api.md.

Every operation declares its permission with `api_access`; every query starts from the
row-level rules of tissage/privacy/access.py. Lists select and prefetch what they show, so a
page costs the same few queries whatever its size.
"""

import datetime
import functools
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import PageNumberPagination, paginate

from tissage.accounts.models import Team
from tissage.directory.models import Organization
from tissage.lib.text import match_key
from tissage.people.actions import do_create_intervention
from tissage.people.models import Intervention, Person, Referral
from tissage.people.schemas import (
    PERSON_TERM_FIELDS,
    InterventionCreate,
    InterventionFilters,
    InterventionOut,
    OrganizationRef,
    PersonChange,
    PersonCreate,
    PersonDetailOut,
    PersonFilters,
    PersonOut,
    ReferralChange,
    ReferralCreate,
    ReferralFilters,
    ReferralOut,
)
from tissage.privacy import audit
from tissage.privacy.access import (
    Perm,
    api_access,
    interventions_for,
    persons_for,
    referrals_for,
)
from tissage.vocabularies.models import Term

router = Router(tags=["people"])

VIEW = api_access(Perm.PERSON_VIEW)
EDIT = api_access(Perm.PERSON_EDIT)

_PERSON_RELATED = (*PERSON_TERM_FIELDS, "team")
_TEXT_FIELDS = ("alias", "first_name", "last_name", "country_of_origin")


class Pages(PageNumberPagination):
    """`?page=2&page_size=100`: the answer says which page it is and how many records match."""

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        page_size: int

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        result = super().paginate_queryset(queryset, pagination, request, **params)
        size = self._get_page_size(pagination.page_size)
        return {**result, "page": pagination.page, "page_size": size}


_PAGES = {"page_size": 50, "max_page_size": 200}


# --- Helpers -----------------------------------------------------------------------------


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]  # set by ApiAccess


class _Errors:
    """Validation problems found after pydantic's own checks, answered as Ninja's 422 is:
    `{"detail": [{"type", "loc", "msg"}]}`, with `loc` naming the field."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, loc: Iterable[str | int], kind: str, message: str) -> None:
        self.items.append({"type": kind, "loc": ["body", "payload", *loc], "msg": message})

    def raise_any(self) -> None:
        if self.items:
            raise ValidationError(self.items)


def _terms(vocabulary: str, codes: Iterable[str], field: str, errors: _Errors) -> list[Term]:
    """The entries of `vocabulary` with these codes. A merged entry gives the entry that
    replaced it (as imports do); an entry taken out of use is refused."""
    codes = list(dict.fromkeys(codes))
    found = {
        term.code: term
        for term in Term.objects.of(vocabulary).filter(code__in=codes).select_related("merged_into")
    }
    terms: list[Term] = []
    for code in codes:
        term = found.get(code)
        if term is None:
            message = _("Unknown code “%(code)s” in the vocabulary “%(vocabulary)s”.")
            errors.add([field], "unknown_code", message % {"code": code, "vocabulary": vocabulary})
            continue
        term = term.canonical()
        if not term.active:
            message = _("The entry “%(code)s” of the vocabulary “%(vocabulary)s” is not in use.")
            errors.add([field], "inactive_code", message % {"code": code, "vocabulary": vocabulary})
        elif term not in terms:
            terms.append(term)
    return terms


def _term(vocabulary: str, code: str | None, field: str, errors: _Errors) -> Term | None:
    if code is None:
        return None
    terms = _terms(vocabulary, [code], field, errors)
    return terms[0] if terms else None


@functools.cache
def _letter_class(char: str) -> str:
    """The letter and its accented forms in both cases: "e" gives "[EeÈÉÊËèéêë…]"."""
    forms = {char, char.upper()} | {
        other for other in map(chr, range(0xC0, 0x250)) if match_key(other) == char
    }
    return "[" + "".join(sorted(forms)) + "]"


def _accent_free_pattern(word: str) -> str:
    """A regular expression that finds `word` whatever its accents and case, understood
    alike by SQLite (Python's `re`) and PostgreSQL."""
    parts = []
    for char in match_key(word):
        if char.isalpha():
            parts.append(_letter_class(char))
        elif char == "'":
            parts.append("['‘’]")
        elif char.isalnum():
            parts.append(char)
        else:
            parts.append("\\" + char)  # a backslash makes any punctuation literal in both
    return "".join(parts)


def _search(persons: QuerySet[Person], text: str) -> QuerySet[Person]:
    """Each word must appear in the code, the alias, the first or the last name."""
    for word in text.split():
        pattern = _accent_free_pattern(word)
        persons = persons.filter(
            Q(code__regex=pattern)
            | Q(alias__regex=pattern)
            | Q(first_name__regex=pattern)
            | Q(last_name__regex=pattern)
        )
    return persons


def _aware(moment: datetime.datetime) -> datetime.datetime:
    if timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _find_person(user: Any, code: str) -> Person | None:
    """The current file of the person with this code, if the user may see it.

    The code of a file merged into another still names the person: it leads to the kept
    file. The merged file is read only for that pointer, never shown.
    """
    visible = persons_for(user).select_related(*_PERSON_RELATED)
    person = visible.filter(code=code).first()
    if person is None:
        kept = (
            Person.objects.filter(code=code, merged_into__isnull=False)
            .values_list("merged_into_id", flat=True)
            .first()
        )
        if kept is not None:
            person = visible.filter(pk=kept).first()
    return person


def _person_or_404(user: Any, code: str) -> Person:
    person = _find_person(user, code)
    if person is None:
        raise Http404
    return person


def _persons(user: Any, codes: Iterable[str], field: str, errors: _Errors) -> list[Person]:
    persons: list[Person] = []
    for code in dict.fromkeys(codes):
        person = _find_person(user, code)
        if person is None:
            message = _("No person with the code “%(code)s”.") % {"code": code}
            errors.add([field], "unknown_person", message)
        elif person not in persons:
            persons.append(person)
    return persons


# --- Persons -----------------------------------------------------------------------------


@router.get("/persons", response=list[PersonOut], auth=VIEW)
@paginate(Pages, **_PAGES)
def list_persons(request: HttpRequest, filters: Query[PersonFilters]) -> QuerySet[Person]:
    """Current files, by code. Merged files are left out: their code leads to the kept file."""
    persons = persons_for(_user(request)).select_related(*_PERSON_RELATED)
    if filters.q:
        persons = _search(persons, filters.q)
    for name in ("gender", "age_group", "municipality"):
        code = getattr(filters, name)
        if code:
            persons = persons.filter(**{f"{name}__code": code})
    if filters.modified_after is not None:
        persons = persons.filter(updated_at__gte=_aware(filters.modified_after))
    return persons


@router.get("/persons/{code}", response=PersonDetailOut, auth=VIEW)
def get_person(request: HttpRequest, code: str) -> Person:
    """A person's file, with consents and how many interventions and referrals it holds.
    The code of a merged file gives the kept file (whose `code` then differs). The read is
    written to the audit trail."""
    person = _person_or_404(_user(request), code)
    audit.record(request, audit.Action.READ, person)
    return person


def _team(name: str, errors: _Errors) -> Team | None:
    team = Team.objects.filter(name=name).first()
    if team is None:
        errors.add(["team"], "unknown_team", _("No team named “%(name)s”.") % {"name": name})
    return team


def _person_values(sent: dict[str, Any], errors: _Errors) -> dict[str, Any]:
    """Model values from what the client sent: codes become terms, names become teams."""
    values: dict[str, Any] = {}
    for name, value in sent.items():
        if name in PERSON_TERM_FIELDS:
            values[name] = _term(name, value or None, name, errors)  # "" empties, as null
        elif name == "team":
            values[name] = None if value is None else _team(value, errors)
        elif name in _TEXT_FIELDS:
            values[name] = (value or "").strip()
        else:
            values[name] = value
    return values


def _default_team(user: Any) -> Team | None:
    # A user of a single team files the person where they work; with several teams (or
    # none), which one is the caller's choice to make, so the file stays without a team.
    teams = list(user.teams.all()[:2])
    return teams[0] if len(teams) == 1 else None


@router.post("/persons", response={201: PersonDetailOut}, auth=EDIT)
def create_person(request: HttpRequest, payload: PersonCreate) -> Person:
    """Open a file. Every field is optional; without `code`, the next free code is given."""
    user = _user(request)
    sent = payload.model_dump(exclude_unset=True)
    errors = _Errors()
    code = (sent.pop("code", None) or "").strip()
    if code and Person.objects.filter(code=code).exists():
        errors.add(
            ["code"], "code_taken", _("The code “%(code)s” is already used.") % {"code": code}
        )
    values = _person_values(sent, errors)
    errors.raise_any()
    if "team" not in values:
        values["team"] = _default_team(user)
    person = Person(code=code, created_by=user, **values)
    try:
        with transaction.atomic():
            person.save()
            fields = [name for name, value in values.items() if value not in (None, "")]
            audit.record(request, audit.Action.CREATE, person, fields=["code", *fields])
    except IntegrityError as error:  # another request took the same code meanwhile
        raise HttpError(409, _("The code is already used; try again.")) from error
    return person


@router.patch("/persons/{code}", response=PersonDetailOut, auth=EDIT)
def change_person(request: HttpRequest, code: str, payload: PersonChange) -> Person:
    """Change the fields sent, and only those; the audit trail names the fields changed."""
    person = _person_or_404(_user(request), code)
    errors = _Errors()
    values = _person_values(payload.model_dump(exclude_unset=True), errors)
    errors.raise_any()
    changed = sorted(name for name, value in values.items() if getattr(person, name) != value)
    if changed:
        for name in changed:
            setattr(person, name, values[name])
        with transaction.atomic():
            person.save()
            audit.record(request, audit.Action.CHANGE, person, fields=changed)
    return person


# --- Interventions -----------------------------------------------------------------------


def _interventions(user: Any) -> QuerySet[Intervention]:
    return (
        interventions_for(user)
        .select_related("place")
        .prefetch_related(
            Prefetch("persons", queryset=persons_for(user).only("id", "code")),
            Prefetch("workers", queryset=get_user_model().objects.only("id", "username")),
            "types",
            "problems",
        )
    )


@router.get("/interventions", response=list[InterventionOut], auth=VIEW)
@paginate(Pages, **_PAGES)
def list_interventions(
    request: HttpRequest, filters: Query[InterventionFilters]
) -> QuerySet[Intervention]:
    """Interventions, most recent first."""
    user = _user(request)
    interventions = _interventions(user)
    if filters.date_from is not None:
        interventions = interventions.filter(date__gte=filters.date_from)
    if filters.date_to is not None:
        interventions = interventions.filter(date__lte=filters.date_to)
    if filters.worker:
        interventions = interventions.filter(workers__username=filters.worker)
    if filters.type:
        interventions = interventions.filter(types__code=filters.type)
    if filters.problem:
        interventions = interventions.filter(problems__code=filters.problem)
    if filters.place:
        interventions = interventions.filter(place__code=filters.place)
    if filters.person:
        person = _find_person(user, filters.person)
        interventions = interventions.filter(persons=person) if person else interventions.none()
    return interventions


@router.get("/interventions/{id}", response=InterventionOut, auth=VIEW)
def get_intervention(request: HttpRequest, id: int) -> Intervention:
    intervention = _interventions(_user(request)).filter(pk=id).first()
    if intervention is None:
        raise Http404
    return intervention


def _workers(usernames: Iterable[str], errors: _Errors) -> list[Any]:
    usernames = list(dict.fromkeys(usernames))
    found = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=usernames, is_active=True)
    }
    for name in usernames:
        if name not in found:
            message = _("No active user named “%(name)s”.") % {"name": name}
            errors.add(["workers"], "unknown_user", message)
    return list(found.values())


@router.post("/interventions", response={201: InterventionOut}, auth=EDIT)
def create_intervention(request: HttpRequest, payload: InterventionCreate) -> Intervention:
    """Record an intervention with one or more persons; the workers default to the caller."""
    user = _user(request)
    errors = _Errors()
    persons = _persons(user, payload.persons, "persons", errors)
    workers = [user] if payload.workers is None else _workers(payload.workers, errors)
    types = _terms("intervention_type", payload.types, "types", errors)
    problems = _terms("problem", payload.problems, "problems", errors)
    place = _term("place", payload.place, "place", errors)
    errors.raise_any()
    data = payload.model_dump(
        include={"date", "time", "duration_minutes", "follow_up", "notes"}
    ) | {"place": place}
    intervention = do_create_intervention(
        request, data=data, persons=persons, workers=workers, types=types, problems=problems
    )
    return _interventions(user).get(pk=intervention.pk)


# --- Referrals ---------------------------------------------------------------------------


def _referrals(user: Any) -> QuerySet[Referral]:
    return referrals_for(user).select_related("person", "organization")


def _referral_or_404(user: Any, id: int) -> Referral:
    referral = _referrals(user).filter(pk=id).first()
    if referral is None:
        raise Http404
    return referral


@router.get("/referrals", response=list[ReferralOut], auth=VIEW)
@paginate(Pages, **_PAGES)
def list_referrals(request: HttpRequest, filters: Query[ReferralFilters]) -> QuerySet[Referral]:
    """Referrals out and in, most recent first."""
    user = _user(request)
    referrals = _referrals(user)
    if filters.direction:
        referrals = referrals.filter(direction=filters.direction)
    if filters.outcome:
        referrals = referrals.filter(outcome=filters.outcome)
    if filters.date_from is not None:
        referrals = referrals.filter(date__gte=filters.date_from)
    if filters.date_to is not None:
        referrals = referrals.filter(date__lte=filters.date_to)
    if filters.person:
        person = _find_person(user, filters.person)
        referrals = referrals.filter(person=person) if person else referrals.none()
    return referrals


@router.get("/referrals/{id}", response=ReferralOut, auth=VIEW)
def get_referral(request: HttpRequest, id: int) -> Referral:
    return _referral_or_404(_user(request), id)


def _organization(ref: OrganizationRef, errors: _Errors) -> Organization | None:
    """The organization by id, or by name (accents and case ignored); a new, unsaved one
    when no organization has that name."""
    if ref.id is not None:
        organization = Organization.objects.filter(pk=ref.id).first()
        if organization is None:
            message = _("No organization with this id.")
            errors.add(["organization", "id"], "unknown_organization", message)
        return organization
    name = (ref.name or "").strip()
    same = Organization.objects.filter(name_key=match_key(name)).order_by("created_at")
    return same.first() or Organization(name=name)


@router.post("/referrals", response={201: ReferralOut}, auth=EDIT)
def create_referral(request: HttpRequest, payload: ReferralCreate) -> Referral:
    """Record a referral. An organization named but not yet in the directory is added to it."""
    user = _user(request)
    errors = _Errors()
    persons = _persons(user, [payload.person], "person", errors)
    organization = _organization(payload.organization, errors)
    errors.raise_any()
    referral = Referral(
        date=payload.date or timezone.localdate(),
        person=persons[0],
        direction=payload.direction,
        organization=organization,
        reason=payload.reason.strip(),
        outcome=payload.outcome,
        created_by=user,
    )
    with transaction.atomic():
        if organization is not None and organization._state.adding:
            organization.save()
        referral.save()
        fields = ["date", "person", "direction", "organization", "outcome"]
        fields += ["reason"] if referral.reason else []
        audit.record(request, audit.Action.CREATE, referral, fields=fields)
    return referral


@router.patch("/referrals/{id}", response=ReferralOut, auth=EDIT)
def change_referral(request: HttpRequest, id: int, payload: ReferralChange) -> Referral:
    """Change the outcome or the reason of a referral."""
    referral = _referral_or_404(_user(request), id)
    sent = payload.model_dump(exclude_unset=True)
    if "outcome" in sent and sent["outcome"] is None:
        errors = _Errors()
        errors.add(["outcome"], "missing", _("The outcome cannot be empty."))
        errors.raise_any()
    if "reason" in sent:
        sent["reason"] = (sent["reason"] or "").strip()
    changed = sorted(name for name, value in sent.items() if getattr(referral, name) != value)
    if changed:
        for name in changed:
            setattr(referral, name, sent[name])
        with transaction.atomic():
            referral.save(update_fields=[*changed, "updated_at"])
            audit.record(request, audit.Action.CHANGE, referral, fields=changed)
    return referral
