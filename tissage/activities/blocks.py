"""A report section the generic kinds cannot draw: registrations, participants and eligible
participants side by side, one row per session (the employment centre's group activities,
seed 002). The builder calls it for sections of kind "activity_sessions":

    {"kind": "activity_sessions", "key": "group_sessions", "title": {...} or msgid,
     "kinds": ["information-session"], "project": "PASI"}   # both filters optional
"""

from typing import Any

from django.db.models import Q, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from tissage.activities.models import Registration, Session
from tissage.lib.numbers import format_number
from tissage.reports.document import Block, Cell, Table
from tissage.reports.periods import Period


def _localized(value: Any) -> str:
    if isinstance(value, dict):
        english = (translation.get_language() or "").startswith("en")
        return str(value.get("en" if english else "fr") or value.get("fr") or value.get("en") or "")
    return _(value) if value else ""


def _number(value: int) -> Cell:
    return Cell(value, format_number(value), None, "number")


def sessions_block(section: dict[str, Any], period: Period) -> Block:
    sessions = Session.objects.filter(date__gte=period.start, date__lte=period.end)
    if section.get("kinds"):
        sessions = sessions.filter(activity__kind__code__in=section["kinds"])
    if section.get("project"):
        sessions = sessions.filter(activity__project=section["project"])
    sessions = sessions.select_related("activity").order_by("date", "start_time", "pk")
    activities = {session.activity_id for session in sessions}
    places = (
        Registration.objects.filter(
            activity_id__in=activities, status=Registration.Status.REGISTERED
        )
        .filter(Q(session__isnull=True) | Q(session__in=sessions))
        .values("activity_id", "session_id")
        .annotate(n=Sum("places"))
        .order_by()
    )
    registered = {(row["activity_id"], row["session_id"]): row["n"] or 0 for row in places}
    rows, totals = [], [0, 0, 0]
    for session in sessions:
        counts = [
            registered.get((session.activity_id, None), 0)
            + registered.get((session.activity_id, session.pk), 0),
            session.participants,
            session.eligible,
        ]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        date = session.date.isoformat()
        rows.append([Cell(date, date), Cell(session.activity.title, session.activity.title)])
        rows[-1] += [_number(value) for value in counts]
    if rows:
        rows.append([Cell(_("Total"), _("Total")), Cell("", "")] + [_number(v) for v in totals])
    title = _localized(section.get("title")) or _("Registrations and participants per session")
    columns = [_("Date"), _("Activity"), _("Registered"), _("Participants"), _("Eligible")]
    definition = _(
        "Registered: people registered to the session or to its whole activity (not waiting, "
        "not cancelled). Participants: people present, named or not. Eligible: those of them "
        "who meet the funder's rules."
    )
    table = Table(section["key"], title, columns, rows, definition)
    return Block(section["key"], "table", title, table=table)
