"""Sessions: adding them (one, or one a week), changing one, and its attendance sheet."""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tissage.activities.actions import (
    do_add_sessions,
    do_record_attendance,
    refresh_registration_dates,
)
from tissage.activities.forms import AttendanceForm, SessionForm
from tissage.activities.models import Activity, Registration, Session
from tissage.people.models import Person
from tissage.privacy import audit
from tissage.privacy.access import Perm, persons_for, requires

from .common import registered_per_session


@requires(Perm.ACTIVITY_MANAGE)
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    form = SessionForm(request.POST or None, initial={"place": activity.place})
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("start_time", "end_time", "notes")}
        place = form.cleaned_data["place"]
        data["place"] = "" if place == activity.place else place
        made = do_add_sessions(activity, form.dates(), **data)
        for session in made:
            audit.record(request, audit.Action.CREATE, session, fields=["date"])
        messages.success(
            request,
            ngettext("%(count)s session added.", "%(count)s sessions added.", len(made))
            % {"count": len(made)},
        )
        return redirect("activities:activity", pk=activity.pk)
    return render(request, "activities/session_form.html", {"form": form, "activity": activity})


@requires(Perm.ACTIVITY_MANAGE)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("activity"), pk=pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
            refresh_registration_dates(session.activity)
            audit.record(request, audit.Action.CHANGE, session, fields=form.changed_data)
        messages.success(request, _("Session saved."))
        return redirect("activities:activity", pk=session.activity_id)
    context = {"form": form, "activity": session.activity, "session": session}
    return render(request, "activities/session_form.html", context)


def _sheet_persons(request: HttpRequest, session: Session) -> list[Person]:
    """Who the sheet lists: the persons registered to the series or to this session (not
    waiting, not cancelled), and those already marked present; only files this user sees."""
    registered = Registration.objects.filter(
        Q(session=session) | Q(session__isnull=True),
        activity=session.activity,
        person__isnull=False,
        status=Registration.Status.REGISTERED,
    )
    ids = set(registered.values_list("person_id", flat=True))
    ids |= set(session.attendances.values_list("person_id", flat=True))
    return list(persons_for(request.user).filter(pk__in=ids).order_by("code"))


@requires(Perm.ACTIVITY_MANAGE)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("activity__kind"), pk=pk)
    persons = _sheet_persons(request, session)
    form = AttendanceForm(request.POST or None, session=session, persons=persons, user=request.user)
    if request.method == "POST" and form.is_valid():
        # Attendances of files this user cannot see stay as they are.
        hidden = {
            a.person: a.eligible
            for a in session.attendances.exclude(person__in=persons_for(request.user))
        }
        do_record_attendance(
            session,
            present={**hidden, **form.present()},
            anonymous_count=form.cleaned_data["anonymous_count"],
            anonymous_eligible=form.cleaned_data["anonymous_eligible"],
            children=form.children(),
        )
        fields = ["attendances", "anonymous_count", "anonymous_eligible", "children_present"]
        audit.record(request, audit.Action.CHANGE, session, fields=fields)
        messages.success(
            request,
            _("Attendance saved: %(count)s participants.") % {"count": session.participants},
        )
        return redirect("activities:activity", pk=session.activity_id)
    if persons:
        audit.record(request, audit.Action.READ, session, fields=["attendances"])
    registered = registered_per_session(session.activity)
    context = {
        "form": form,
        "session": session,
        "activity": session.activity,
        "registered": registered.get(None, 0) + registered.get(session.pk, 0),
    }
    return render(request, "activities/attendance.html", context)
