"""Writes of the programs app: each one atomic, each one in the audit trail."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from tissage.people.models import Person
from tissage.privacy import audit
from tissage.privacy.access import interventions_for
from tissage.programs.models import Enrolment, NeedsEvaluation
from tissage.reports.models import Target


def earlier_part(enrolment: Enrolment) -> Enrolment | None:
    """The enrolment a readmission continues: the person's latest earlier one in the program."""
    earlier = Enrolment.objects.filter(
        person=enrolment.person_id,
        program=enrolment.program_id,
        start_date__lte=enrolment.start_date,
    ).exclude(pk=enrolment.pk)
    return earlier.order_by("-start_date", "-pk").first()


@transaction.atomic
def do_save_enrolment(
    request: HttpRequest,
    enrolment: Enrolment,
    person: Person,
    *,
    changed: list[str],
    link_interventions: bool = False,
) -> Enrolment:
    """Save an enrolment from its form: chain a readmission to the part it continues, link
    the person's interventions within the dates if asked, and record who did it."""
    created = enrolment.pk is None
    enrolment.person = person
    if created:
        enrolment.created_by = request.user  # type: ignore[assignment]
    if enrolment.readmission and enrolment.continues_id is None:
        enrolment.continues = earlier_part(enrolment)
    if not enrolment.readmission:
        enrolment.continues = None
    enrolment.save()
    if link_interventions:
        within = interventions_for(request.user).filter(
            persons=person, date__gte=enrolment.start_date, date__lte=enrolment.end_date or date.max
        )
        enrolment.interventions.add(*within)
        changed = [*changed, "interventions"]
    action = audit.Action.CREATE if created else audit.Action.CHANGE
    audit.record(request, action, enrolment, fields=changed)
    return enrolment


@transaction.atomic
def do_record_evaluation(request: HttpRequest, evaluation: NeedsEvaluation) -> NeedsEvaluation:
    evaluation.created_by = request.user  # type: ignore[assignment]
    evaluation.save()
    audit.record(request, audit.Action.CREATE, evaluation, fields=["date", "person", "program"])
    return evaluation


@transaction.atomic
def do_set_target(
    request: HttpRequest, code: str, start: date, end: date, value: Decimal
) -> Target:
    """Set the target of an indicator for a period; one for the same period is replaced."""
    target, created = Target.objects.update_or_create(
        indicator_code=code, period_start=start, period_end=end, defaults={"value": value}
    )
    action = audit.Action.CREATE if created else audit.Action.CHANGE
    audit.record(request, action, target, fields=["value"])
    return target


def changed_fields(form: Any) -> list[str]:
    return [name for name in form.changed_data if name != "person_code"] + (
        ["person"] if "person_code" in form.changed_data else []
    )
