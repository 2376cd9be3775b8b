"""The programs API (issue #7), mounted at /api/programs. See docs/programs.md.

Aggregates (programs, their indicators) need STATS_VIEW and show no person; enrolments and
needs evaluations need PROGRAM_MANAGE and start from the persons the user may see. Writes go
through the same form as the screens, so the API and the pages refuse the same input.
"""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import PageNumberPagination, paginate

from tissage.privacy import audit
from tissage.privacy.access import Perm, api_access, persons_for
from tissage.programs import metrics
from tissage.programs.actions import do_record_evaluation, do_save_enrolment
from tissage.programs.forms import EnrolmentForm, NeedsEvaluationForm
from tissage.programs.models import Enrolment, Program
from tissage.reports.periods import PeriodError, date_range
from tissage.vocabularies.models import Term

router = Router(tags=["programs"])

STATS = api_access(Perm.STATS_VIEW)
MANAGE = api_access(Perm.PROGRAM_MANAGE)


class BandOut(Schema):
    code: str
    min_hours: float
    max_hours: float | None


class ProgramOut(Schema):
    code: str
    name: str
    funder: str
    agreement: str
    agreement_start: datetime.date
    agreement_end: datetime.date
    counting_unit: str
    bands: list[BandOut]


class LevelOut(Schema):
    level: str = Field(description="Level code; empty for all participations together.")
    participations: int
    average_minutes: float | None
    average: str = Field(description="As the funder's form shows it: 15h, 14h35.")


class TargetOut(Schema):
    indicator: str
    target: float | None
    actual: float
    attainment: float | None = Field(description="actual ÷ target × 100, unrounded.")


class IndicatorsOut(Schema):
    program: str
    start: datetime.date
    end: datetime.date
    figures: dict[str, float]
    levels: list[LevelOut]
    overall: LevelOut
    targets: list[TargetOut]


class EnrolmentOut(Schema):
    id: int
    person: str
    program: str
    start_date: datetime.date
    end_date: datetime.date | None
    eligible: bool
    readmission: bool
    continues: int | None
    status: str
    abandonment: bool
    reason: str | None
    trial_period_not_completed: bool
    direct_minutes: int | None
    indirect_minutes: int | None
    funded_level: str
    outcome: str
    outcome_date: datetime.date | None
    wage_subsidy: bool
    internships: int
    companies_contacted: int
    referral_source: str | None


class EnrolmentIn(Schema):
    person: str = Field(description="Code of the person's file.")
    program: str = Field(description="Code of the program.")
    start_date: datetime.date
    end_date: datetime.date | None = None
    eligible: bool = True
    readmission: bool = False
    status: str = "active"
    abandonment: bool = False
    reason: str | None = Field(None, description="Term code of non_completion_reason.")
    trial_period_not_completed: bool = False
    direct_minutes: int | None = None
    indirect_minutes: int | None = None
    funded_level: str = ""
    outcome: str = ""
    outcome_date: datetime.date | None = None
    wage_subsidy: bool = False
    internships: int = 0
    companies_contacted: int = 0
    referral_source: str | None = Field(None, description="Term code of referral_source.")


class EnrolmentFilters(Schema):
    program: str | None = Field(None, description="Code of the program.")
    status: str | None = None
    started_from: datetime.date | None = None
    started_to: datetime.date | None = None
    person: str | None = Field(None, description="Code of the person's file.")


class EvaluationIn(Schema):
    date: datetime.date
    person: str | None = None
    program: str | None = None


class EvaluationOut(Schema):
    id: int
    date: datetime.date
    person: str | None
    program: str | None


def _enrolment_out(enrolment: Enrolment) -> dict[str, Any]:
    return {
        **{field: getattr(enrolment, field) for field in EnrolmentOut.model_fields},
        "person": enrolment.person.code,
        "program": enrolment.program.code,
        "continues": enrolment.continues_id,
        "reason": enrolment.reason.code if enrolment.reason else None,
        "referral_source": enrolment.referral_source.code if enrolment.referral_source else None,
    }


def _visible(request: HttpRequest) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(person__in=persons_for(request.auth)).select_related(  # type: ignore[attr-defined]
        "person", "program", "reason", "referral_source"
    )


def _form_errors(form: Any) -> ValidationError:
    return ValidationError(
        [
            {"type": "invalid", "loc": ["body", "payload", field], "msg": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ]
    )


def _term_pk(vocabulary: str, code: str | None) -> int | str:
    if not code:
        return ""
    term = Term.objects.of(vocabulary).filter(code=code).first()
    return term.canonical().pk if term else -1  # -1: the form says the choice is invalid


def _form_data(sent: dict[str, Any]) -> dict[str, Any]:
    program = Program.objects.filter(code=sent.get("program") or "").first()
    data = {key: value for key, value in sent.items() if value is not None}
    data |= {
        "person_code": sent.get("person") or "",
        "program": program.pk if program else -1,
        "reason": _term_pk("non_completion_reason", sent.get("reason")),
        "referral_source": _term_pk("referral_source", sent.get("referral_source")),
    }
    # A form's checkbox is absent when false.
    return {key: value for key, value in data.items() if value is not False}


def _save(request: HttpRequest, sent: dict[str, Any], instance: Enrolment | None) -> Enrolment:
    form = EnrolmentForm(_form_data(sent), user=request.auth, instance=instance)  # type: ignore[attr-defined]
    if not form.is_valid():
        raise _form_errors(form)
    changed = [name for name in form.changed_data if name != "person_code"]
    return do_save_enrolment(request, form.save(commit=False), form.person, changed=changed)  # type: ignore[arg-type]


@router.get("/programs", response=list[ProgramOut], auth=STATS)
def list_programs(request: HttpRequest) -> list[dict[str, Any]]:
    """The programs, their agreement and the hour bands of their intensity levels."""
    programs = Program.objects.select_related("agreement__funder").prefetch_related("bands")
    return [
        {
            "code": p.code,
            "name": p.name,
            "funder": p.agreement.funder.name,
            "agreement": p.agreement.name,
            "agreement_start": p.agreement.start,
            "agreement_end": p.agreement.end,
            "counting_unit": p.counting_unit,
            "bands": [
                {"code": b.code, "min_hours": b.min_hours, "max_hours": b.max_hours}
                for b in p.bands.all()
            ],
        }
        for p in programs
    ]


@router.get("/programs/{code}/indicators", response=IndicatorsOut, auth=STATS)
def program_indicators(
    request: HttpRequest, code: str, start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    """Every figure of a program for a period: counts, levels with average hours, targets."""
    program = Program.objects.filter(code=code).first()
    if program is None:
        raise Http404
    try:
        period = date_range(start, end)
    except PeriodError as exc:
        raise ValidationError(
            [{"type": "period", "loc": ["query", "end"], "msg": str(exc)}]
        ) from exc
    figures = {name: float(metrics.value(program, name, period)) for name in metrics.METRICS}
    rows, overall = metrics.levels(program, period)

    def level(row: metrics.LevelRow) -> dict[str, Any]:
        return {
            "level": row.code,
            "participations": row.count,
            "average_minutes": row.minutes,
            "average": metrics.format_average(row.minutes, program),
        }

    targets = []
    for name in metrics.TARGETABLE:
        result = metrics.attainment(program, name, period, figures[name])
        if result.target is not None:
            targets.append(
                {
                    "indicator": name,
                    "target": float(result.target),
                    "actual": result.actual,
                    "attainment": result.percent,
                }
            )
    return {
        "program": program.code,
        "start": start,
        "end": end,
        "figures": figures,
        "levels": [level(row) for row in rows],
        "overall": level(overall),
        "targets": targets,
    }


@router.get("/enrolments", response=list[EnrolmentOut], auth=MANAGE)
@paginate(PageNumberPagination, page_size=50)
def list_enrolments(request: HttpRequest, filters: Query[EnrolmentFilters]) -> list[dict[str, Any]]:
    enrolments = _visible(request)
    if filters.program:
        enrolments = enrolments.filter(program__code=filters.program)
    if filters.status:
        enrolments = enrolments.filter(status=filters.status)
    if filters.started_from:
        enrolments = enrolments.filter(start_date__gte=filters.started_from)
    if filters.started_to:
        enrolments = enrolments.filter(start_date__lte=filters.started_to)
    if filters.person:
        enrolments = enrolments.filter(person__code=filters.person)
    audit.record(request, audit.Action.READ, object_type="programs.enrolment", object_id="list")
    return [_enrolment_out(e) for e in enrolments.order_by("-start_date", "-pk")]


@router.get("/enrolments/{enrolment_id}", response=EnrolmentOut, auth=MANAGE)
def get_enrolment(request: HttpRequest, enrolment_id: int) -> dict[str, Any]:
    enrolment = _visible(request).filter(pk=enrolment_id).first()
    if enrolment is None:
        raise Http404
    audit.record(request, audit.Action.READ, enrolment)
    return _enrolment_out(enrolment)


@router.post("/enrolments", response={201: EnrolmentOut}, auth=MANAGE)
def create_enrolment(request: HttpRequest, payload: EnrolmentIn) -> dict[str, Any]:
    return _enrolment_out(_save(request, payload.dict(), None))


@router.patch("/enrolments/{enrolment_id}", response=EnrolmentOut, auth=MANAGE)
def change_enrolment(
    request: HttpRequest, enrolment_id: int, payload: dict[str, Any]
) -> dict[str, Any]:
    """Change some fields: the others keep their values."""
    enrolment = _visible(request).filter(pk=enrolment_id).first()
    if enrolment is None:
        raise Http404
    current = _enrolment_out(enrolment)
    unknown = set(payload) - set(EnrolmentIn.model_fields)
    if unknown:
        raise ValidationError(
            [
                {"type": "unknown", "loc": ["body", "payload", name], "msg": "unknown field"}
                for name in sorted(unknown)
            ]
        )
    sent = EnrolmentIn(**{**current, **payload}).dict()
    return _enrolment_out(_save(request, sent, enrolment))


@router.post("/needs-evaluations", response={201: EvaluationOut}, auth=MANAGE)
def create_evaluation(request: HttpRequest, payload: EvaluationIn) -> dict[str, Any]:
    program = Program.objects.filter(code=payload.program or "").first()
    data = {
        "date": payload.date,
        "person_code": payload.person or "",
        "program": program.pk if program else ("" if not payload.program else -1),
    }
    form = NeedsEvaluationForm(data, user=request.auth)  # type: ignore[attr-defined]
    if not form.is_valid():
        raise _form_errors(form)
    evaluation = form.save(commit=False)
    evaluation.person = form.person
    do_record_evaluation(request, evaluation)
    return {
        "id": evaluation.pk,
        "date": evaluation.date,
        "person": evaluation.person.code if evaluation.person else None,
        "program": program.code if program else None,
    }
