"""The writes of group activities that take more than one step: registering (with the waiting
list), cancelling (which frees a place for the next person waiting), recording attendance."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from tissage.activities.models import (
    Activity,
    AgeBand,
    Attendance,
    ChildrenPresent,
    Registration,
    Session,
)
from tissage.people.models import Person


def registration_date(activity: Activity, session: Session | None) -> Any:
    """The day a registration counts for: its session's, else the activity's first session's,
    else today (an activity whose dates are not set yet)."""
    if session is not None:
        return session.date
    first = activity.sessions.order_by("date").values_list("date", flat=True).first()
    return first or timezone.localdate()


def places_taken(activity: Activity, session: Session | None) -> int:
    """Places held by registrations in the same scope: the series, or one session."""
    taken = Registration.objects.filter(
        activity=activity, session=session, status=Registration.Status.REGISTERED
    ).aggregate(n=Sum("places"))["n"]
    return taken or 0


def _fits(activity: Activity, session: Session | None, places: int) -> bool:
    if activity.capacity is None:
        return True
    return places_taken(activity, session) + places <= activity.capacity


@transaction.atomic
def do_add_sessions(activity: Activity, dates: list[Any], **fields: Any) -> list[Session]:
    """Add sessions; registrations to the whole series then count on its first date."""
    made = [Session.objects.create(activity=activity, date=day, **fields) for day in dates]
    refresh_registration_dates(activity)
    return made


def refresh_registration_dates(activity: Activity) -> None:
    """After sessions were added or moved, registrations count on their session's date, or
    on the series' first date."""
    first = registration_date(activity, None)
    activity.registrations.filter(session__isnull=True).exclude(date=first).update(date=first)
    for registration in activity.registrations.filter(session__isnull=False).select_related(
        "session"
    ):
        if registration.date != registration.session.date:
            registration.date = registration.session.date
            registration.save(update_fields=["date"])


@transaction.atomic
def do_register(
    activity: Activity,
    *,
    person: Person | None = None,
    places: int = 1,
    session: Session | None = None,
    eligible: bool = False,
    notes: str = "",
    user: Any = None,
) -> Registration:
    """Register a person (or `places` anonymous people); on the waiting list when the activity
    is full. A person already registered in the same scope keeps their registration."""
    Activity.objects.select_for_update().filter(pk=activity.pk).first()  # one at a time
    if person is not None:
        places = 1
        existing = Registration.objects.filter(
            activity=activity, session=session, person=person
        ).exclude(status=Registration.Status.CANCELLED)
        found = existing.first()
        if found is not None:
            return found
    queue = Registration.objects.filter(
        activity=activity, session=session, status=Registration.Status.WAITING
    )
    # Someone already waiting keeps their turn: a newcomer waits behind them.
    fits = _fits(activity, session, places) and not queue.exists()
    status = Registration.Status.REGISTERED if fits else Registration.Status.WAITING
    return Registration.objects.create(
        activity=activity,
        session=session,
        person=person,
        places=places,
        status=status,
        eligible=eligible,
        notes=notes,
        date=registration_date(activity, session),
        created_by=user,
    )


@transaction.atomic
def do_cancel_registration(registration: Registration) -> list[Registration]:
    """Cancel a registration; the people waiting in the same scope take the freed places, in
    the order they registered. Returns the registrations moved off the waiting list."""
    activity = registration.activity
    Activity.objects.select_for_update().filter(pk=activity.pk).first()
    was_registered = registration.status == Registration.Status.REGISTERED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    if not was_registered:
        return []
    return _promote_waiting(activity, registration.session)


def _promote_waiting(activity: Activity, session: Session | None) -> list[Registration]:
    promoted = []
    waiting = Registration.objects.filter(
        activity=activity, session=session, status=Registration.Status.WAITING
    ).order_by("created_at", "pk")
    for candidate in waiting:
        if not _fits(activity, session, candidate.places):
            break  # first come, first served: nobody jumps the queue
        candidate.status = Registration.Status.REGISTERED
        candidate.save(update_fields=["status"])
        promoted.append(candidate)
    return promoted


@transaction.atomic
def do_promote(registration: Registration) -> Registration:
    """Move someone off the waiting list by hand (a place was added, an exception)."""
    registration.status = Registration.Status.REGISTERED
    registration.save(update_fields=["status"])
    return registration


@transaction.atomic
def do_record_attendance(
    session: Session,
    *,
    present: Mapping[Person, bool],
    anonymous_count: int = 0,
    anonymous_eligible: int = 0,
    children: Mapping[str, int] | None = None,
) -> Session:
    """Replace the session's attendance: the persons present (each with their eligibility),
    the people present who stay anonymous, the children by age band; then its totals."""
    if anonymous_eligible > anonymous_count:
        raise ValueError("more anonymous eligible participants than anonymous participants")
    children = {band: count for band, count in (children or {}).items() if count}
    if set(children) - set(AgeBand.values):
        raise ValueError("unknown age band")
    keep = {person.pk: eligible for person, eligible in present.items()}
    session.attendances.exclude(person_id__in=keep).delete()
    existing = {a.person_id: a for a in session.attendances.all()}
    for person_id, eligible in keep.items():
        attendance = existing.get(person_id)
        if attendance is None:
            Attendance.objects.create(session=session, person_id=person_id, eligible=eligible)
        elif attendance.eligible != eligible:
            attendance.eligible = eligible
            attendance.save(update_fields=["eligible"])
    session.children_present.exclude(age_band__in=children).delete()
    for band, count in children.items():
        ChildrenPresent.objects.update_or_create(
            session=session, age_band=band, defaults={"count": count}
        )
    session.anonymous_count = anonymous_count
    session.anonymous_eligible = anonymous_eligible
    session.attendance_taken_at = timezone.now()
    return recompute_totals(session)


def recompute_totals(session: Session) -> Session:
    named = session.attendances.count()
    named_eligible = session.attendances.filter(eligible=True).count()
    session.participants = named + session.anonymous_count
    session.eligible = named_eligible + session.anonymous_eligible
    session.children = session.children_present.aggregate(n=Sum("count"))["n"] or 0
    session.save()
    return session
