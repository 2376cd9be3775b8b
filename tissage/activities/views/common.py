"""What the activity pages share: the registrations a user may see, paging, counts."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet, Sum
from django.http import HttpRequest

from tissage.activities.models import Activity, Registration, Session
from tissage.privacy.access import persons_for


def visible_registrations(user: Any, activity: Activity) -> QuerySet[Registration]:
    """The activity's registrations: anonymous ones, and those of persons this user may see."""
    return (
        activity.registrations.filter(Q(person__isnull=True) | Q(person__in=persons_for(user)))
        .select_related("person", "session")
        .order_by("created_at", "pk")
    )


def registered_per_session(activity: Activity) -> dict[int | None, int]:
    """Places registered (not waiting, not cancelled) for each session; None = the series."""
    found = (
        activity.registrations.filter(status=Registration.Status.REGISTERED)
        .values("session_id")
        .annotate(n=Sum("places"))
        .order_by()
    )
    return {row["session_id"]: row["n"] or 0 for row in found}


def session_rows(activity: Activity, sessions: list[Session]) -> list[dict[str, Any]]:
    """Registrations versus attendance, session by session."""
    registered = registered_per_session(activity)
    series = registered.get(None, 0)
    return [
        {
            "session": session,
            "registered": series + registered.get(session.pk, 0),
            "taken": session.attendance_taken_at is not None or session.participants > 0,
        }
        for session in sessions
    ]


def paginate(request: HttpRequest, items: Any, per_page: int = 50) -> tuple[Page, str]:
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
