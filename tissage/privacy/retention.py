"""Retention rules (Law 25: keep personal information no longer than needed).

A rule says, for a kind of record, how many years after its last activity it is kept, and
whether it is then anonymized (the statistics stay right: dates, types, demographic categories
are kept; aliases, names, year of birth and notes are blanked) or deleted. Nothing happens
without a rule: the organization chooses its periods.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from tissage.people.models import ImportRun, Intervention, Person, Referral
from tissage.privacy import audit
from tissage.privacy.models import RetentionRule

Kind = RetentionRule.Kind
Outcome = RetentionRule.Outcome


@dataclass(frozen=True)
class Result:
    kind: str
    action: str
    years: int
    count: int


def _cutoff(years: int, today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _anonymized() -> Q:
    return Q(alias="", first_name="", last_name="", birth_year__isnull=True, country_of_origin="")


def _due_persons(cutoff: datetime.date, outcome: str) -> QuerySet[Person]:
    persons = Person.objects.annotate(
        last_intervention=Max("interventions__date"), last_referral=Max("referrals__date")
    ).filter(
        Q(last_intervention__isnull=True) | Q(last_intervention__lt=cutoff),
        Q(last_referral__isnull=True) | Q(last_referral__lt=cutoff),
        created_at__date__lt=cutoff,
        merged_into__isnull=True,
    )
    if outcome == Outcome.ANONYMIZE:
        persons = persons.exclude(_anonymized())
    return persons


def _apply_persons(persons: list[int], outcome: str) -> None:
    interventions = Intervention.objects.filter(persons__in=persons)
    if outcome == Outcome.ANONYMIZE:
        Person.objects.filter(pk__in=persons).update(
            alias="",
            first_name="",
            last_name="",
            birth_year=None,
            country_of_origin="",
            duplicate_key="",
        )
        interventions.update(notes="")
        Referral.objects.filter(person__in=persons).update(notes="", reason="")
        return
    Referral.objects.filter(person__in=persons).delete()
    links = Intervention.persons.through.objects
    touched = list(interventions.values_list("pk", flat=True).distinct())
    links.filter(person_id__in=persons).delete()
    alone = Intervention.objects.filter(pk__in=touched).exclude(
        pk__in=links.values("intervention_id")
    )
    alone.delete()
    files = Person.objects.filter(Q(pk__in=persons) | Q(merged_into__in=persons))
    files.filter(merged_into__isnull=False).delete()
    files.delete()


def _due(rule: RetentionRule, cutoff: datetime.date) -> QuerySet[Any]:
    anonymize = rule.action == Outcome.ANONYMIZE
    if rule.kind == Kind.PERSONS:
        return _due_persons(cutoff, rule.action)
    if rule.kind == Kind.INTERVENTIONS:
        due = Intervention.objects.filter(date__lt=cutoff)
        return due.exclude(notes="") if anonymize else due
    if rule.kind == Kind.REFERRALS:
        due = Referral.objects.filter(date__lt=cutoff)
        return due.exclude(notes="", reason="") if anonymize else due
    return ImportRun.objects.filter(created_at__date__lt=cutoff)


def _apply(rule: RetentionRule, due: QuerySet[Any]) -> None:
    anonymize = rule.action == Outcome.ANONYMIZE
    if rule.kind == Kind.PERSONS:
        _apply_persons(list(due.values_list("pk", flat=True)), rule.action)
    elif rule.kind == Kind.INTERVENTIONS:
        due.update(notes="") if anonymize else due.delete()
    elif rule.kind == Kind.REFERRALS:
        due.update(notes="", reason="") if anonymize else due.delete()
    else:
        # An imported file holds the raw rows: it goes in either case.
        for run in due:
            if run.stored_path:
                Path(run.stored_path).unlink(missing_ok=True)
        due.delete()


def apply_retention(*, dry_run: bool, today: datetime.date | None = None) -> list[Result]:
    """Apply every rule (or only count, for a dry run); one audit event per rule applied."""
    today = today or timezone.localdate()
    results = []
    for rule in RetentionRule.objects.all():
        with transaction.atomic():
            due = _due(rule, _cutoff(rule.years, today))
            count = due.count()
            if not dry_run and count:
                _apply(rule, due)
                action = (
                    audit.Action.DELETE if rule.action == Outcome.DELETE else audit.Action.CHANGE
                )
                audit.record(
                    None,
                    action,
                    object_type=f"retention.{rule.kind}",
                    object_id=str(count),
                    fields=[rule.action],
                )
        results.append(Result(rule.kind, rule.action, rule.years, count))
    return results
