"""The organizational-life API (mounted at /api/orglife): the year's counts (aggregates, for
the statistics role too), the lists, and adding a committee meeting."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import model_validator

from tissage.orglife.models import (
    Committee,
    MediaAppearance,
    Meeting,
    Partnership,
    Representation,
    Training,
)
from tissage.privacy.access import Perm, api_access
from tissage.reports.compute import compute
from tissage.reports.periods import date_range
from tissage.reports.registry import all_indicators

router = Router(tags=["orglife"])

EDIT = api_access(Perm.ORGLIFE_EDIT)
STATS = api_access(Perm.STATS_VIEW)


class Span(Schema):
    start: date = date(1900, 1, 1)
    end: date = date(2999, 12, 31)

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        # A span that ends before it starts is the caller's mistake (422), not a server error
        # (the summary's period refused it with a 500; schemathesis found it).
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class FigureOut(Schema):
    code: str
    label: str
    value: float


class TrainingOut(Schema):
    id: int
    title: str
    provider: str
    date: date
    hours: Decimal | None
    attendees: int


class CommitteeOut(Schema):
    id: int
    name: str
    kind: str
    parent: int | None
    meetings: int


class CommitteesOut(Schema):
    total_meetings: int
    committees: list[CommitteeOut]


class MeetingIn(Schema):
    date: date
    notes: str = ""


class MeetingOut(Schema):
    id: int
    committee: int
    date: date
    notes: str


class RepresentationOut(Schema):
    id: int
    kind: str
    title: str
    date: date
    organizer: str
    place: str
    audience: int | None


class PartnershipOut(Schema):
    id: int
    kind: str
    name: str
    partners: str
    start: date | None
    end: date | None


class MediaOut(Schema):
    id: int
    kind: str
    date: date
    outlet: str
    program: str
    topic: str


def _in(span: Span) -> dict[str, date]:
    return {"date__gte": span.start, "date__lte": span.end}


@router.get("/summary", response=list[FigureOut], auth=STATS)
def summary(request: HttpRequest, span: Query[Span]) -> list[dict[str, Any]]:
    """Every organizational-life indicator over the span (totals only)."""
    period = date_range(span.start, span.end)
    return [
        {"code": ind.code, "label": str(ind.label), "value": float(compute(ind, period).total)}
        for ind in all_indicators()
        if ind.code.startswith("orglife.") and ind.dimension is None
    ]


@router.get("/trainings", response=list[TrainingOut], auth=EDIT)
def trainings(request: HttpRequest, span: Query[Span]) -> Any:
    found = Training.objects.filter(**_in(span)).annotate(attendees_count=Count("attendees"))
    return [
        {**{f: getattr(t, f) for f in ("id", "title", "provider", "date", "hours")},
         "attendees": t.attendees_count}
        for t in found.order_by("date", "title")
    ]  # fmt: skip


@router.get("/committees", response=CommitteesOut, auth=EDIT)
def committees(request: HttpRequest, span: Query[Span]) -> dict[str, Any]:
    """Each committee with its meetings in the span, and the total of meetings."""
    met = Q(meetings__date__gte=span.start, meetings__date__lte=span.end)
    found = Committee.objects.annotate(count=Count("meetings", filter=met)).order_by("name")
    return {
        "total_meetings": Meeting.objects.filter(**_in(span)).count(),
        "committees": [
            {"id": c.pk, "name": c.name, "kind": c.kind, "parent": c.parent_id, "meetings": c.count}
            for c in found
        ],
    }


@router.post("/committees/{id}/meetings", response={201: MeetingOut}, auth=EDIT)
def add_meeting(request: HttpRequest, id: int, payload: MeetingIn) -> Status[dict[str, Any]]:
    committee = Committee.objects.filter(pk=id).first()
    if committee is None:
        raise Http404
    meeting = Meeting.objects.create(committee=committee, date=payload.date, notes=payload.notes)
    out = {
        "id": meeting.pk,
        "committee": committee.pk,
        "date": meeting.date,
        "notes": meeting.notes,
    }
    return Status(201, out)


@router.get("/representations", response=list[RepresentationOut], auth=EDIT)
def representations(request: HttpRequest, span: Query[Span], kind: str = "") -> Any:
    found = Representation.objects.filter(**_in(span)).order_by("date", "title")
    return found.filter(kind=kind) if kind else found


@router.get("/partnerships", response=list[PartnershipOut], auth=EDIT)
def partnerships(request: HttpRequest, span: Query[Span], kind: str = "") -> Any:
    found = Partnership.objects.during(span.start, span.end).order_by("kind", "name")
    return found.filter(kind=kind) if kind else found


@router.get("/media", response=list[MediaOut], auth=EDIT)
def media(request: HttpRequest, span: Query[Span]) -> Any:
    return MediaAppearance.objects.filter(**_in(span)).order_by("date", "outlet")
