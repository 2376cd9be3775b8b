"""Staff screens of verification (DIRECTORY_EDIT): the queue of records due, update
requests and their review, the log, the problems reported by the public."""

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tissage.accounts.regions import Region
from tissage.directory import gazetteer, update_form, update_requests, verification
from tissage.directory.models import (
    ChangeStatus,
    Feedback,
    FeedbackStatus,
    Organization,
    Service,
    UpdateRequest,
    UpdateRequestStatus,
    VerificationEvent,
    VerificationMethod,
)
from tissage.privacy.access import Perm, requires


class QueueForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=[
            ("due", gettext_lazy("due within the coming days, overdue or never verified")),
            ("overdue", gettext_lazy("overdue")),
            ("due_soon", gettext_lazy("due soon")),
            ("never", gettext_lazy("never verified")),
        ],
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Records"),
        required=False,
        choices=[
            ("", gettext_lazy("organizations and services")),
            ("organization", gettext_lazy("organizations")),
            ("service", gettext_lazy("services")),
        ],
    )
    organization = forms.CharField(label=gettext_lazy("Organization"), required=False)
    mrc = forms.ChoiceField(label=gettext_lazy("MRC"), required=False)
    region = forms.ChoiceField(
        label=gettext_lazy("Region"),
        required=False,
        choices=[("", "—"), *Region.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mrc"].choices = [("", "—")] + [
            (key, name) for key, (name, _region) in gazetteer.mrcs().items()
        ]

    def filters(self) -> verification.QueueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return verification.QueueFilters(
            state=data.get("state") or "due",
            kind=data.get("kind") or "",
            organization=data.get("organization") or "",
            mrc=data.get("mrc") or "",
            region=data.get("region") or "",
        )


def _selected(request: HttpRequest) -> list[Organization | Service]:
    """The records ticked in the queue: "organization:<id>" or "service:<id>"."""
    ids: dict[str, list[uuid.UUID]] = {"organization": [], "service": []}
    for value in request.POST.getlist("records"):
        kind, _sep, raw = value.partition(":")
        try:
            ids[kind].append(uuid.UUID(raw))
        except (KeyError, ValueError):
            continue
    return [
        *Organization.objects.filter(pk__in=ids["organization"]),
        *Service.objects.select_related("organization").filter(pk__in=ids["service"]),
    ]


def _send(request: HttpRequest, records: list[Organization | Service]) -> None:
    organizations: dict[Any, Organization] = {}
    for record in records:
        organization = record if isinstance(record, Organization) else record.organization
        organizations[organization.pk] = organization
    batch = update_requests.do_send_requests(
        sorted(organizations.values(), key=lambda o: o.name),
        user=request.user,
        base_url=request.build_absolute_uri("/"),
    )
    if batch.sent:
        messages.success(
            request,
            _("%(count)d update requests sent.") % {"count": len(batch.sent)},
        )
    for organization, reason in batch.skipped:
        messages.warning(
            request,
            _("Not sent to %(name)s: %(reason)s.") % {"name": organization.name, "reason": reason},
        )


@requires(Perm.DIRECTORY_EDIT)
def queue(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        records = _selected(request)
        action = request.POST.get("action")
        method = request.POST.get("method", "")
        if not records:
            messages.warning(request, _("Select at least one record."))
        elif action == "send":
            _send(request, records)
        elif action == "verify" and method in VerificationMethod.values:
            verification.do_mark_verified(
                records, user=request.user, method=method, note=request.POST.get("note", "")
            )
            messages.success(
                request, _("%(count)d records marked verified.") % {"count": len(records)}
            )
        else:
            messages.warning(request, _("Choose how the records were verified."))
        return redirect(request.get_full_path())
    form = QueueForm(request.GET or None)
    return render(
        request,
        "directory/verification_queue.html",
        {
            "form": form,
            "items": verification.queue(form.filters()),
            "counts": verification.dashboard(),
            "methods": VerificationMethod.choices,
        },
    )


class RecordVerifyForm(forms.Form):
    method = forms.ChoiceField(
        label=gettext_lazy("Verified how"),
        choices=[("", "—"), *VerificationMethod.choices],
        required=False,
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)
    cycle = forms.IntegerField(
        label=gettext_lazy("Verification cycle (months)"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=gettext_lazy("Empty: the directory's default cycle."),
    )


@requires(Perm.DIRECTORY_EDIT)
def record_verify(request: HttpRequest, pk: uuid.UUID, kind: str) -> HttpResponse:
    """Mark one organization or service verified, and set its own cycle."""
    model = Organization if kind == "organization" else Service
    record = get_object_or_404(model, pk=pk)
    target = "directory:organization" if kind == "organization" else "directory:service"
    form = RecordVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cycle = form.cleaned_data["cycle"]
        if cycle != record.verification_cycle_months:
            verification.do_set_cycle(record, cycle)
        if form.cleaned_data["method"]:
            verification.do_mark_verified(
                [record],
                user=request.user,
                method=form.cleaned_data["method"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Marked verified."))
    elif request.method == "POST":
        messages.warning(request, _("The verification cycle must be between 1 and 120 months."))
    return redirect(target, pk=record.pk)


@requires(Perm.DIRECTORY_EDIT)
def request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    items = UpdateRequest.objects.select_related("organization")
    if status in UpdateRequestStatus.values:
        items = items.filter(status=status)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/update_requests.html",
        {"page": page, "status": status, "statuses": UpdateRequestStatus.choices},
    )


def _review_rows(update_request: UpdateRequest) -> list[dict[str, Any]]:
    rows = []
    for change in update_request.changes.all():
        record = update_form.record_of(change)
        current = update_form.current_value(record, change.field_name) if record else ""
        rows.append(
            {
                "change": change,
                "current": current,
                "moved": record is not None
                and current.strip() != change.previous_value.strip()
                and change.status == ChangeStatus.PENDING,
                "note": update_form.is_note(change),
            }
        )
    return rows


@requires(Perm.DIRECTORY_EDIT)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    update_request = get_object_or_404(UpdateRequest.objects.select_related("organization"), pk=pk)
    if request.method == "POST":
        pending = update_request.changes.filter(status=ChangeStatus.PENDING)
        everything = request.POST.get("all")
        decisions = {
            change.pk: everything or request.POST.get(f"decision-{change.pk}", "")
            for change in pending
        }
        decisions = {key: value for key, value in decisions.items() if value}
        taken = update_requests.do_review(request, update_request, decisions)
        update_request.refresh_from_db()
        if update_request.status == UpdateRequestStatus.REVIEWED:
            messages.success(request, _("Review complete: the records are marked verified."))
        else:
            messages.info(request, _("%(count)d decisions saved.") % {"count": taken})
        return redirect("directory:update_review", pk=update_request.pk)
    return render(
        request,
        "directory/update_review.html",
        {
            "item": update_request,
            "rows": _review_rows(update_request),
            "events": update_request.events.select_related("user")[:100],
            "can_review": update_request.status == UpdateRequestStatus.SUBMITTED,
        },
    )


@requires(Perm.DIRECTORY_EDIT)
def event_log(request: HttpRequest) -> HttpResponse:
    events = VerificationEvent.objects.select_related("organization", "user")
    organization = None
    raw = request.GET.get("organization", "")
    if raw:
        try:
            organization = Organization.objects.filter(pk=uuid.UUID(raw)).first()
        except ValueError:
            organization = None
        events = events.filter(organization=organization)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "directory/verification_log.html", {"page": page, "org": organization})


@requires(Perm.DIRECTORY_EDIT)
def feedback_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        raw = request.POST.get("feedback", "")
        item = get_object_or_404(Feedback, pk=int(raw) if raw.isdigit() else 0)
        status = request.POST.get("status", "")
        if status in (FeedbackStatus.PROCESSED, FeedbackStatus.REJECTED):
            verification.do_process_feedback(item, status, request.user)
            messages.success(request, _("The report was updated."))
        return redirect(request.get_full_path())
    status = request.GET.get("status", FeedbackStatus.NEW)
    items = Feedback.objects.select_related("service__organization")
    if status in FeedbackStatus.values:
        items = items.filter(status=status)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/feedback_list.html",
        {"page": page, "status": status, "statuses": FeedbackStatus.choices},
    )
