"""Registrations: registering a person or a number of anonymous people, cancelling (the
waiting list moves up), confirming someone off the waiting list."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tissage.activities.actions import do_cancel_registration, do_promote, do_register
from tissage.activities.forms import RegistrationForm
from tissage.activities.models import Activity, Registration
from tissage.privacy import audit
from tissage.privacy.access import Perm, requires

from .common import visible_registrations


@requires(Perm.ACTIVITY_MANAGE)
def registration_new(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    form = RegistrationForm(request.POST or None, activity=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        registration = do_register(
            activity,
            person=data["person"],
            places=data["places"],
            session=data["session"],
            eligible=data["eligible"],
            notes=data["notes"],
            user=request.user,
        )
        audit.record(
            request,
            audit.Action.CREATE,
            registration,
            fields=["person" if registration.person_id else "places", "status", "eligible"],
        )
        if registration.status == Registration.Status.WAITING:
            messages.warning(request, _("The activity is full: registered on the waiting list."))
        else:
            messages.success(request, _("Registration saved."))
        return redirect("activities:activity", pk=activity.pk)
    context = {"form": form, "activity": activity}
    return render(request, "activities/registration_form.html", context)


def _registration(request: HttpRequest, pk: int) -> Registration:
    found = get_object_or_404(Registration.objects.select_related("activity"), pk=pk)
    # A registration of a file this user may not see does not exist for them.
    return get_object_or_404(visible_registrations(request.user, found.activity), pk=pk)


@requires(Perm.ACTIVITY_MANAGE)
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration(request, pk)
    if request.method == "POST" and registration.status != Registration.Status.CANCELLED:
        promoted = do_cancel_registration(registration)
        audit.record(request, audit.Action.CHANGE, registration, fields=["status"])
        for moved in promoted:
            audit.record(request, audit.Action.CHANGE, moved, fields=["status"])
        messages.success(request, _("Registration cancelled."))
        if promoted:
            messages.info(
                request,
                _("Moved off the waiting list: %(count)s.") % {"count": len(promoted)},
            )
    return redirect("activities:activity", pk=registration.activity_id)


@requires(Perm.ACTIVITY_MANAGE)
def registration_promote(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration(request, pk)
    if request.method == "POST" and registration.status == Registration.Status.WAITING:
        do_promote(registration)
        audit.record(request, audit.Action.CHANGE, registration, fields=["status"])
        messages.success(request, _("Registration confirmed."))
    return redirect("activities:activity", pk=registration.activity_id)
