"""Activities: the list with its filters, an activity's page, creating and changing one."""

from django.contrib import messages
from django.db.models import Count, Max, Min, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tissage.activities.forms import ActivityFilter, ActivityForm
from tissage.activities.models import Activity, Attendance, Registration
from tissage.capabilities import capability_landing
from tissage.privacy import audit
from tissage.privacy.access import Perm, requires

from .common import paginate, session_rows, visible_registrations


@requires(Perm.ACTIVITY_MANAGE)
def index(request: HttpRequest) -> HttpResponse:
    return capability_landing(request, "activities")


@requires(Perm.ACTIVITY_MANAGE)
def activity_list(request: HttpRequest) -> HttpResponse:
    filters = ActivityFilter(request.GET or None)
    chosen = filters.apply(Activity.objects.all()).values("pk")
    period = filters.session_filter()
    in_period = Q(**period) if period else Q()
    # Counted apart from the filters: a filter on partners would repeat the sessions.
    items = (
        Activity.objects.filter(pk__in=chosen)
        .select_related("kind")
        .prefetch_related("partners")
        .annotate(
            session_count=Count("sessions", filter=in_period, distinct=True),
            participant_count=Sum("sessions__participants", filter=in_period),
            first_date=Min("sessions__date", filter=in_period),
            last_date=Max("sessions__date", filter=in_period),
        )
        .order_by("-last_date", "title")
    )
    page, query = paginate(request, items)
    context = {"filters": filters, "page": page, "query": query}
    return render(request, "activities/activity_list.html", context)


@requires(Perm.ACTIVITY_MANAGE)
def activity_new(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        activity = form.save()
        audit.record(request, audit.Action.CREATE, activity, fields=form.changed_data)
        _say_new_organizations(request, form)
        messages.success(request, _("Activity saved. Add its sessions."))
        return redirect("activities:session_new", pk=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form})


@requires(Perm.ACTIVITY_MANAGE)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.has_changed():
            audit.record(request, audit.Action.CHANGE, activity, fields=form.changed_data)
        _say_new_organizations(request, form)
        messages.success(request, _("Activity saved."))
        return redirect("activities:activity", pk=activity.pk)
    context = {"form": form, "activity": activity}
    return render(request, "activities/activity_form.html", context)


def _say_new_organizations(request: HttpRequest, form: ActivityForm) -> None:
    if form.new_organizations:
        messages.info(
            request,
            _("Added to the directory: %(names)s.") % {"names": ", ".join(form.new_organizations)},
        )


@requires(Perm.ACTIVITY_MANAGE)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related("kind", "municipality").prefetch_related(
            "partners", "facilitators"
        ),
        pk=pk,
    )
    page, query = paginate(request, activity.sessions.order_by("-date", "-start_time", "-pk"))
    registrations = list(visible_registrations(request.user, activity))
    named = [r.person_id for r in registrations if r.person_id]
    attended = dict(
        Attendance.objects.filter(session__activity=activity, person_id__in=named)
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    by_status: dict[str, list[dict[str, object]]] = {status: [] for status in Registration.Status}
    for registration in registrations:
        by_status[registration.status].append(
            {"registration": registration, "attended": attended.get(registration.person_id, 0)}
        )
    if named:
        # The page names persons registered: a read of their files.
        audit.record(request, audit.Action.READ, activity, fields=["registrations"])
    totals = activity.sessions.aggregate(
        sessions=Count("pk"), participants=Sum("participants"), eligible=Sum("eligible")
    )
    context = {
        "activity": activity,
        "page": page,
        "query": query,
        "rows": session_rows(activity, list(page.object_list)),
        "registered": by_status[Registration.Status.REGISTERED],
        "waiting": by_status[Registration.Status.WAITING],
        "cancelled": by_status[Registration.Status.CANCELLED],
        "totals": totals,
    }
    return render(request, "activities/activity_detail.html", context)
