"""Person files: the list, one file with its timeline, its changes, consents, duplicates."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tissage.people.actions import possible_duplicates
from tissage.people.draft import keep_draft, mark_owner, pop_draft
from tissage.people.forms import ConsentForm, ConsentWithdrawalForm, PersonForm
from tissage.people.models import Intervention, Person, Referral
from tissage.privacy import audit
from tissage.privacy.access import Perm, interventions_for, persons_for, referrals_for, requires
from tissage.privacy.register import do_note_step, request_for

from .common import find_person, paginate
from .filters import PersonFilter
from .home import duplicate_keys

TIMELINE_PAGE = 25
KINDS = ("intervention", "referral")
DEMOGRAPHICS = (
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
)
TERM_FIELDS = (
    "gender",
    "age_group",
    "language",
    "municipality",
    "immigration_status",
    "income_source",
    "education_level",
)


def visible_duplicates(user: Any, person: Person) -> QuerySet[Person]:
    return persons_for(user).filter(pk__in=possible_duplicates(person).values("pk"))


def demographics(person: Person) -> list[tuple[str, Any]]:
    """(label, value) of each demographic field, as the file shows them."""
    rows = []
    for name in DEMOGRAPHICS:
        field = Person._meta.get_field(name)
        value = getattr(person, name)
        if name == "newcomer" and value is not None:
            value = _("Yes") if value else _("No")
        elif name == "birth_year" and value is not None:
            value = str(value)  # a year, not a quantity: no thousands separator
        rows.append((str(field.verbose_name), value))
    return rows


def _per_person(aggregate: Any, output_field: Any = None) -> Subquery:
    """One figure of each listed person's interventions, computed for the page's rows only:
    a join and GROUP BY over every file cost as much as the whole table (80 ms at 10,000
    interventions), where the subquery runs once per row shown."""
    links = Intervention.persons.through.objects.filter(person_id=OuterRef("pk"))
    figure = links.values("person_id").annotate(figure=aggregate).values("figure")
    return Subquery(figure, output_field=output_field)


@requires(Perm.PERSON_VIEW)
def person_list(request: HttpRequest) -> HttpResponse:
    filters = PersonFilter(request.GET or None)
    items = filters.apply(persons_for(request.user))
    items = items.select_related("gender", "age_group", "municipality", "team").annotate(
        intervention_count=Coalesce(_per_person(Count("intervention_id"), IntegerField()), 0),
        last_seen=_per_person(Max("intervention__date")),
    )
    page, query = paginate(request, items.order_by("code"))
    return render(
        request, "people/person_list.html", {"filters": filters, "page": page, "query": query}
    )


def timeline(request: HttpRequest, person: Person) -> Any:
    """Interventions and referrals of a file, newest first, one page of them."""
    user = request.user
    interventions = interventions_for(user, each=True).filter(persons=person)
    referrals = referrals_for(user).filter(person=person)
    keys = [
        (date, time or datetime.time.min, "intervention", pk)
        for date, time, pk in interventions.values_list("date", "time", "pk")
    ]
    keys += [
        (date, datetime.time.min, "referral", pk)
        for date, pk in referrals.values_list("date", "pk")
    ]
    keys.sort(reverse=True)
    page = Paginator(keys, TIMELINE_PAGE).get_page(request.GET.get("page"))
    wanted = {kind: [key[3] for key in page.object_list if key[2] == kind] for kind in KINDS}
    found = {
        "intervention": interventions.filter(pk__in=wanted["intervention"])
        .select_related("place")
        .prefetch_related("types", "problems", "workers")
        .in_bulk(),
        "referral": referrals.filter(pk__in=wanted["referral"])
        .select_related("organization")
        .in_bulk(),
    }
    page.object_list = [(kind, found[kind][pk]) for _d, _t, kind, pk in page.object_list]
    return page


@requires(Perm.PERSON_VIEW)
def person_detail(request: HttpRequest, code: str) -> HttpResponse:
    person, former = find_person(request, code)
    if former:
        return redirect("people:person", code=person.code)
    audit.record(request, audit.Action.READ, person)
    context = {
        "person": person,
        "demographics": demographics(person),
        "consents": person.consents.select_related("withdrawal_recorded_by"),
        "duplicates": visible_duplicates(request.user, person),
        "merged_files": person.merged_files.order_by("code"),
        "page": timeline(request, person),
        "query": "",
        "outcomes": Referral.Outcome.choices,
    }
    return render(request, "people/person_detail.html", context)


def _person_form(request: HttpRequest, form: PersonForm, person: Person | None) -> HttpResponse:
    response = render(request, "people/person_form.html", {"form": form, "person": person})
    return mark_owner(request, response)


@keep_draft
@requires(Perm.PERSON_EDIT)
def person_new(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else pop_draft(request)
    teams = list(request.user.teams.all())  # type: ignore[union-attr]
    initial = {"team": teams[0].pk} if len(teams) == 1 else {}
    form = PersonForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        person.created_by = request.user
        person.save()
        audit.record(request, audit.Action.CREATE, person)
        messages.success(request, _("File %(code)s created.") % {"code": person.code})
        return redirect("people:person", code=person.code)
    return _person_form(request, form, None)


@keep_draft
@requires(Perm.PERSON_EDIT)
def person_edit(request: HttpRequest, code: str) -> HttpResponse:
    person, former = find_person(request, code)
    if former:
        return redirect("people:person_edit", code=person.code)
    privacy_request = request_for(request)  # a rectification asked in the privacy register?
    data = request.POST if request.method == "POST" else pop_draft(request)
    form = PersonForm(data, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(request, audit.Action.CHANGE, person, fields=form.changed_data)
        if privacy_request is not None:
            do_note_step(request, privacy_request, person, "rectification", form.changed_data)
        messages.success(request, _("File saved."))
        return redirect("people:person", code=person.code)
    return _person_form(request, form, person)


@requires(Perm.PERSON_EDIT)
def consent_add(request: HttpRequest, code: str) -> HttpResponse:
    person, former = find_person(request, code)
    if former:
        return redirect("people:consent_add", code=person.code)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent = form.save(commit=False)
        consent.person = person
        consent.save()
        audit.record(request, audit.Action.CREATE, consent)
        messages.success(request, _("Consent recorded."))
        return redirect("people:person", code=person.code)
    return render(request, "people/consent_form.html", {"form": form, "person": person})


@requires(Perm.PERSON_EDIT)
def consent_withdraw(request: HttpRequest, code: str, pk: str) -> HttpResponse:
    """Record the day a person withdrew a consent; the consent stays, as proof, no longer valid."""
    person, former = find_person(request, code)
    if former:
        return redirect("people:consent_withdraw", code=person.code, pk=pk)
    consent = get_object_or_404(person.consents, pk=pk)
    privacy_request = request_for(request)  # a withdrawal asked in the privacy register?
    form = ConsentWithdrawalForm(request.POST or None, instance=consent)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            consent = form.save(commit=False)
            consent.withdrawal_recorded_by = request.user
            consent.save(update_fields=["withdrawn_on", "withdrawal_recorded_by"])
            audit.record(request, audit.Action.CHANGE, consent, fields=["withdrawn_on"])
            if privacy_request is not None:
                do_note_step(request, privacy_request, person, "consent_withdrawal")
        messages.success(request, _("Withdrawal of the consent recorded."))
        return redirect("people:person", code=person.code)
    context = {"form": form, "person": person, "consent": consent}
    return render(request, "people/consent_withdraw.html", context)


@requires(Perm.PERSON_VIEW)
def duplicates(request: HttpRequest) -> HttpResponse:
    """Groups of current files that share alias (or name), year of birth and municipality."""
    page, query = paginate(request, duplicate_keys(request.user), per_page=25)
    keys = [row["duplicate_key"] for row in page.object_list]
    persons = (
        persons_for(request.user)
        .filter(duplicate_key__in=keys)
        .select_related("municipality", "gender", "age_group")
        .annotate(intervention_count=Count("interventions"))
        .order_by("code")
    )
    groups: dict[str, list[Person]] = {key: [] for key in keys}
    for person in persons:
        groups[person.duplicate_key].append(person)
    context = {"groups": list(groups.values()), "page": page, "query": query}
    return render(request, "people/duplicates.html", context)
