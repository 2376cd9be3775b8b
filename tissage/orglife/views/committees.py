"""A committee or table with its meetings: the count a report gives ("54 meetings")."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tissage.orglife.forms import MeetingForm
from tissage.orglife.kinds import KINDS
from tissage.orglife.models import Committee, Meeting
from tissage.privacy.access import Perm, requires

from .common import current_year


@requires(Perm.ORGLIFE_EDIT)
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee, its meetings (newest first) and a form to add one."""
    committee = get_object_or_404(Committee.objects.select_related("parent"), pk=pk)
    form = MeetingForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.committee = committee
        meeting.save()
        form.save_m2m()
        messages.success(request, _("Meeting added."))
        return redirect("orglife:committee", pk=committee.pk)
    year = current_year()
    meetings = committee.meetings.prefetch_related("attendees")
    context = {
        "kind": KINDS["comites"],
        "committee": committee,
        "meetings": meetings,
        "this_year": meetings.filter(date__gte=year.start, date__lte=year.end).count(),
        "year": year,
        "subcommittees": committee.subcommittees.order_by("name"),
        "form": form,
    }
    return render(request, "orglife/committee_detail.html", context)


@requires(Perm.ORGLIFE_EDIT)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Meeting saved."))
        return redirect("orglife:committee", pk=meeting.committee_id)
    return render(request, "orglife/meeting_form.html", {"form": form, "meeting": meeting})


@requires(Perm.ORGLIFE_EDIT)
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    if request.method == "POST":
        meeting.delete()
        messages.success(request, _("Meeting deleted."))
        return redirect("orglife:committee", pk=meeting.committee_id)
    context = {"kind": KINDS["comites"], "item": meeting, "meeting": meeting}
    return render(request, "orglife/item_delete.html", context)
