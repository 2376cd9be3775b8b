"""The group-activities API (issue #8), mounted at /api/activities.

Activities and sessions are named by their number; a kind by its term code in the
activity_kind vocabulary; a person by their code, looked up among the files the caller may
see. Every operation needs Perm.ACTIVITY_MANAGE; reads and changes of who registered or
came are recorded in the audit trail.
"""

import datetime
from typing import Any

from django.db.models import Count, Q, Sum
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from tissage.activities.actions import do_add_sessions, do_record_attendance, do_register
from tissage.activities.models import Activity, AgeBand, Registration, Session
from tissage.directory.models import Organization
from tissage.lib.text import match_key
from tissage.privacy import audit
from tissage.privacy.access import Perm, api_access, persons_for
from tissage.vocabularies.models import Term

router = Router(tags=["activities"])
MANAGE = api_access(Perm.ACTIVITY_MANAGE)


class ActivityFilters(Schema):
    kind: str | None = Field(None, description="Term code of the activity_kind vocabulary.")
    partner: str | None = Field(None, description="Words of a partner organization's name.")
    project: str | None = None
    start: datetime.date | None = Field(None, description="With a session on or after.")
    end: datetime.date | None = Field(None, description="With a session on or before.")


class ActivityOut(Schema):
    id: int
    title: str
    kind: str
    project: str
    place: str
    partners: list[str]
    capacity: int | None
    sessions: int
    participants: int


class SessionOut(Schema):
    id: int
    date: datetime.date
    start_time: datetime.time | None
    place: str
    registered: int
    participants: int
    eligible: int
    children: int


class ActivityDetailOut(ActivityOut):
    program: str
    session_list: list[SessionOut]


class ActivityIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: str = Field(..., description="Term code of the activity_kind vocabulary.")
    program: str = ""
    project: str | None = Field(None, max_length=150)
    place: str = Field("", max_length=200)
    partners: list[str] = Field(default_factory=list, description="Organization names.")
    capacity: int | None = Field(None, ge=0)


class SessionIn(Schema):
    date: datetime.date
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    place: str = Field("", max_length=200)


class PresentIn(Schema):
    code: str
    eligible: bool = False


class AttendanceIn(Schema):
    persons: list[PresentIn] = Field(default_factory=list)
    anonymous_count: int = Field(0, ge=0)
    anonymous_eligible: int = Field(0, ge=0)
    children: dict[str, int] = Field(
        default_factory=dict, description='By age band: {"0-5": 2, "6-11": 1, "12-17": 0}.'
    )


class AttendanceOut(Schema):
    session: int
    persons: list[PresentIn]
    anonymous_count: int
    anonymous_eligible: int
    children: dict[str, int]
    participants: int
    eligible: int


class RegistrationIn(Schema):
    person: str | None = Field(None, description="A person's code; empty for anonymous people.")
    places: int = Field(1, ge=1, le=10_000)
    session: int | None = Field(None, description="A session of the activity; empty: all.")
    eligible: bool = False


class RegistrationOut(Schema):
    id: int
    person: str | None
    places: int
    session: int | None
    status: str
    eligible: bool


def _activities() -> Any:
    return (
        Activity.objects.select_related("kind")
        .prefetch_related("partners")
        .annotate(
            session_count=Count("sessions", distinct=True),
            participant_count=Sum("sessions__participants"),
        )
    )


def _out(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "title": activity.title,
        "kind": activity.kind.code,
        "project": activity.project,
        "place": activity.place,
        "partners": [partner.name for partner in activity.partners.all()],
        "capacity": activity.capacity,
        "sessions": getattr(activity, "session_count", 0),
        "participants": getattr(activity, "participant_count", None) or 0,
    }


def _session_out(session: Session, registered: int) -> dict[str, Any]:
    return {
        "id": session.pk,
        "date": session.date,
        "start_time": session.start_time,
        "place": session.where,
        "registered": registered,
        "participants": session.participants,
        "eligible": session.eligible,
        "children": session.children,
    }


def _kind(code: str) -> Term:
    term = Term.objects.of("activity_kind").filter(code=code).first()
    if term is None:
        raise HttpError(422, f"unknown activity_kind code: {code}")
    return term.canonical()


@router.get("/", response=list[ActivityOut], auth=MANAGE)
@paginate(PageNumberPagination, page_size=50)
def list_activities(request: HttpRequest, filters: Query[ActivityFilters]) -> Any:
    chosen = Activity.objects.all()
    if filters.kind:
        chosen = chosen.filter(kind__code=filters.kind)
    if filters.partner:
        chosen = chosen.filter(partners__name_key__contains=match_key(filters.partner))
    if filters.project:
        chosen = chosen.filter(project__icontains=filters.project)
    if filters.start:
        chosen = chosen.filter(sessions__date__gte=filters.start)
    if filters.end:
        chosen = chosen.filter(sessions__date__lte=filters.end)
    items = _activities().filter(pk__in=chosen.values("pk")).order_by("title", "pk")
    return [_out(activity) for activity in items]


@router.get("/{activity_id}", response=ActivityDetailOut, auth=MANAGE)
def get_activity(request: HttpRequest, activity_id: int) -> Any:
    activity = get_object_or_404(_activities(), pk=activity_id)
    registered = dict(
        activity.registrations.filter(status=Registration.Status.REGISTERED)
        .values("session_id")
        .annotate(n=Sum("places"))
        .order_by()
        .values_list("session_id", "n")
    )
    series = registered.get(None, 0)
    sessions = [
        _session_out(session, series + registered.get(session.pk, 0))
        for session in activity.sessions.all()
    ]
    return {**_out(activity), "program": activity.program, "session_list": sessions}


@router.post("/", response={201: ActivityOut}, auth=MANAGE)
def create_activity(request: HttpRequest, payload: ActivityIn) -> Any:
    activity = Activity.objects.create(
        title=payload.title.strip(),
        kind=_kind(payload.kind),
        program=payload.program,
        project=(payload.project or "").strip(),
        place=payload.place,
        capacity=payload.capacity,
        created_by=request.auth,  # type: ignore[attr-defined]
    )
    partners = []
    for name in dict.fromkeys(" ".join(n.split()) for n in payload.partners if n.strip()):
        found = Organization.objects.filter(name_key=match_key(name)).first()
        partners.append(found or Organization.objects.create(name=name[:250]))
    activity.partners.set(partners)
    audit.record(request, audit.Action.CREATE, activity, fields=["title", "kind"])
    return 201, _out(get_object_or_404(_activities(), pk=activity.pk))


@router.post("/{activity_id}/sessions", response={201: SessionOut}, auth=MANAGE)
def create_session(request: HttpRequest, activity_id: int, payload: SessionIn) -> Any:
    activity = get_object_or_404(Activity, pk=activity_id)
    (session,) = do_add_sessions(activity, [payload.date], **payload.dict(exclude={"date"}))
    audit.record(request, audit.Action.CREATE, session, fields=["date"])
    return 201, _session_out(session, 0)


def _attendance_out(session: Session) -> dict[str, Any]:
    return {
        "session": session.pk,
        "persons": [],
        "anonymous_count": session.anonymous_count,
        "anonymous_eligible": session.anonymous_eligible,
        "children": {c.age_band: c.count for c in session.children_present.all()},
        "participants": session.participants,
        "eligible": session.eligible,
    }


@router.get("/sessions/{session_id}/attendance", response=AttendanceOut, auth=MANAGE)
def get_attendance(request: HttpRequest, session_id: int) -> Any:
    session = get_object_or_404(Session, pk=session_id)
    return _with_persons(request, session)


def _with_persons(request: HttpRequest, session: Session) -> dict[str, Any]:
    visible = persons_for(request.auth)  # type: ignore[attr-defined]
    present = session.attendances.filter(person__in=visible).select_related("person")
    found = _attendance_out(session)
    found["persons"] = [{"code": a.person.code, "eligible": a.eligible} for a in present]
    if found["persons"]:
        audit.record(request, audit.Action.READ, session, fields=["attendances"])
    return found


@router.put("/sessions/{session_id}/attendance", response=AttendanceOut, auth=MANAGE)
def put_attendance(request: HttpRequest, session_id: int, payload: AttendanceIn) -> Any:
    session = get_object_or_404(Session.objects.select_related("activity"), pk=session_id)
    user = request.auth  # type: ignore[attr-defined]
    if payload.anonymous_eligible > payload.anonymous_count:
        raise HttpError(422, "anonymous_eligible is more than anonymous_count")
    unknown_bands = set(payload.children) - set(AgeBand.values)
    if unknown_bands or any(count < 0 for count in payload.children.values()):
        raise HttpError(422, f"children: age bands are {', '.join(AgeBand.values)}")
    codes = [item.code for item in payload.persons]
    wanted = Q(pk__in=[])
    for code in codes:
        wanted |= Q(code__iexact=code)
    persons = {p.code.casefold(): p for p in persons_for(user).filter(wanted)}
    missing = [code for code in codes if code.casefold() not in persons]
    if missing:
        raise HttpError(422, f"unknown person codes: {', '.join(missing)}")
    hidden = {
        a.person: a.eligible for a in session.attendances.exclude(person__in=persons_for(user))
    }
    present = {persons[item.code.casefold()]: item.eligible for item in payload.persons}
    do_record_attendance(
        session,
        present={**hidden, **present},
        anonymous_count=payload.anonymous_count,
        anonymous_eligible=payload.anonymous_eligible,
        children=payload.children,
    )
    fields = ["attendances", "anonymous_count", "anonymous_eligible", "children_present"]
    audit.record(request, audit.Action.CHANGE, session, fields=fields)
    return _with_persons(request, session)


@router.post("/{activity_id}/registrations", response={201: RegistrationOut}, auth=MANAGE)
def create_registration(request: HttpRequest, activity_id: int, payload: RegistrationIn) -> Any:
    activity = get_object_or_404(Activity, pk=activity_id)
    user = request.auth  # type: ignore[attr-defined]
    person = None
    if payload.person:
        person = persons_for(user).filter(code__iexact=payload.person.strip()).first()
        if person is None:
            raise HttpError(422, f"unknown person code: {payload.person}")
    session = None
    if payload.session is not None:
        session = activity.sessions.filter(pk=payload.session).first()
        if session is None:
            raise HttpError(422, "this session is not one of the activity's")
    registration = do_register(
        activity,
        person=person,
        places=payload.places,
        session=session,
        eligible=payload.eligible,
        user=user,
    )
    audit.record(
        request,
        audit.Action.CREATE,
        registration,
        fields=["person" if person else "places", "status", "eligible"],
    )
    return 201, {
        "id": registration.pk,
        "person": person.code if person else None,
        "places": registration.places,
        "session": registration.session_id,
        "status": registration.status,
        "eligible": registration.eligible,
    }
