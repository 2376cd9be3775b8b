"""The contact log's API: log a contact (CONTACT_LOG), read aggregates (STATS_VIEW).

Mounted by the lead at /api/contacts. Contacts are anonymous; the API never returns a
person's file, only the contact's own fields and the figures of the 211 report.
"""

import datetime
import uuid

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from tissage.contacts.models import Contact, UnmetNeed
from tissage.directory.models import Service, TaxonomyTerm
from tissage.privacy import audit
from tissage.privacy.access import Perm, api_access
from tissage.reports.compute import compute
from tissage.reports.periods import Period
from tissage.vocabularies.models import Term

router = Router(tags=["contacts"])
LOG = api_access(Perm.CONTACT_LOG)
STATS = api_access(Perm.STATS_VIEW)


class UnmetIn(Schema):
    need: uuid.UUID
    reason: str  # unmet_need_reason code


class ContactIn(Schema):
    date: datetime.date
    time: datetime.time | None = None
    duration_minutes: int | None = None
    channel: str = ""
    caller_type: str = ""
    gender: str = ""
    age_group: str = ""
    language: str = ""
    interpreter: bool = False
    newcomer: bool = False
    municipality: str = ""
    territory: str = ""
    needs: list[uuid.UUID] = []
    referrals: list[uuid.UUID] = []
    unmet_needs: list[UnmetIn] = []
    emergency_service: str = ""
    transferred: bool = False
    heard_from: str = ""
    programs: list[str] = []


class ContactOut(Schema):
    id: int
    date: datetime.date


class FigureRow(Schema):
    code: str
    label: str
    value: float
    share: float | None = None


class FigureOut(Schema):
    indicator: str
    total: float
    rows: list[FigureRow]


FIELDS = {
    "channel": "contact_channel",
    "caller_type": "caller_type",
    "gender": "gender",
    "age_group": "age_group",
    "language": "language",
    "municipality": "municipality",
    "emergency_service": "emergency_service",
    "heard_from": "referral_source",
}


def _term(vocabulary: str, code: str) -> Term | None:
    if not code:
        return None
    return get_object_or_404(Term.objects.active().of(vocabulary), code=code)


@router.post("/", response={201: ContactOut}, auth=LOG)
def log_contact(request: HttpRequest, payload: ContactIn) -> tuple[int, Contact]:
    from django.db import transaction

    with transaction.atomic():
        contact = Contact(
            date=payload.date,
            time=payload.time,
            duration_minutes=payload.duration_minutes,
            interpreter=payload.interpreter,
            newcomer=payload.newcomer,
            territory=payload.territory[:120],
            transferred=payload.transferred,
            navigator=request.user,
            created_by=request.user,
        )
        for name, vocabulary in FIELDS.items():
            setattr(contact, name, _term(vocabulary, getattr(payload, name)))
        contact.save()
        contact.needs.set(TaxonomyTerm.objects.filter(pk__in=payload.needs))
        contact.referrals.set(Service.objects.filter(pk__in=payload.referrals))
        contact.programs.set(Term.objects.of("special_program").filter(code__in=payload.programs))
        for item in payload.unmet_needs:
            UnmetNeed.objects.create(
                contact=contact,
                need=get_object_or_404(TaxonomyTerm, pk=item.need),
                reason=_term("unmet_need_reason", item.reason),
            )
    audit.record(request, audit.Action.CREATE, contact, fields=["contact"])
    return 201, contact


@router.get("/figures/{indicator}", response=FigureOut, auth=STATS)
def figures(
    request: HttpRequest, indicator: str, start: datetime.date, end: datetime.date
) -> FigureOut:
    """One indicator of the contact log (e.g. contacts.unmet_needs) over a period."""
    from django.http import Http404

    if not indicator.startswith("contacts."):
        raise Http404
    try:
        figure = compute(indicator, Period(start, end, f"{start}..{end}"))
    except KeyError as exc:
        raise Http404 from exc
    rows = [
        FigureRow(code=r.code, label=r.label, value=r.value, share=r.share) for r in figure.rows
    ]
    return FigureOut(indicator=indicator, total=figure.total, rows=rows)
