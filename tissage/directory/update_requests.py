"""Update requests: e-mails asking organizations to check their records through a private
link, the answers they send, the team's review, reminders and expiry.

The link's token is random (`secrets.token_urlsafe`, 256 bits) and only its SHA-256 is
stored. Settings (all optional): DIRECTORY_UPDATE_LINK_DAYS (60) how long a link works,
DIRECTORY_REMINDER_AFTER_DAYS (14) and DIRECTORY_MAX_REMINDERS (2) for reminders,
DIRECTORY_PUBLIC_URL the site's address for links sent by the reminders command.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tissage.directory import indexing, update_form
from tissage.directory.models import (
    AWAITING_ANSWER,
    ChangeStatus,
    EventKind,
    Organization,
    ProposedChange,
    ServiceStatus,
    UpdateLink,
    UpdateRequest,
    UpdateRequestStatus,
    VerificationMethod,
)
from tissage.directory.verification import User, do_mark_verified, log, setting
from tissage.privacy import audit

LANGUAGES = ("fr-ca", "en")


def link_days() -> int:
    return setting("DIRECTORY_UPDATE_LINK_DAYS", 60)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_link(update_request: UpdateRequest) -> str:
    token = secrets.token_urlsafe(32)
    UpdateLink.objects.create(update_request=update_request, token_hash=hash_token(token))
    return token


def find(token: str) -> UpdateRequest | None:
    """The request a token opens, whatever its state; None for an unknown token."""
    if not token or len(token) > 100:
        return None
    link = (
        UpdateLink.objects.select_related("update_request__organization")
        .filter(token_hash=hash_token(token))
        .first()
    )
    return link.update_request if link is not None else None


def recipient(organization: Organization) -> str:
    """Where to send: the organization's address, else a contact's, else a service's."""
    if organization.email:
        return organization.email
    for contact in organization.contacts.exclude(email="").order_by("name"):
        return contact.email
    service = organization.services.exclude(email="").order_by("name").first()
    return service.email if service is not None else ""


def link_url(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("public_directory:update", args=[token])


def _send(update_request: UpdateRequest, url: str, reminder: bool) -> None:
    """One e-mail, French then English in the same message."""
    organization = update_request.organization
    context = {
        "org": organization,
        "url": url,
        "expires": timezone.localdate(update_request.expires_at),
        "reminder": reminder,
        "services": organization.services.exclude(status=ServiceStatus.DEFUNCT).order_by("name"),
    }
    subjects, bodies = [], []
    for language in LANGUAGES:
        with translation.override(language):
            subjects.append(
                _("Reminder: please check your information in the directory")
                if reminder
                else _("Please check your information in the directory")
            )
            bodies.append(render_to_string("directory/email/update_request.txt", context))
    subject = " / ".join(dict.fromkeys(subjects))
    body = "\n\n-----\n\n".join(bodies)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [update_request.sent_to])


@dataclass
class Batch:
    sent: list[UpdateRequest] = field(default_factory=list)
    skipped: list[tuple[Organization, str]] = field(default_factory=list)


def do_send_requests(organizations: list[Organization], *, user: User, base_url: str) -> Batch:
    """One request per organization (its record and all its services), each in its own
    transaction: one failed e-mail does not undo the others."""
    batch = Batch()
    now = timezone.now()
    for organization in organizations:
        address = recipient(organization)
        if not address:
            batch.skipped.append((organization, _("no e-mail address")))
            continue
        open_requests = organization.update_requests.filter(
            status__in=AWAITING_ANSWER, expires_at__gt=now
        )
        if open_requests.exists():
            batch.skipped.append((organization, _("a request is already awaiting an answer")))
            continue
        try:
            with transaction.atomic():
                update_request = UpdateRequest.objects.create(
                    organization=organization,
                    sent_to=address,
                    created_by=user if user is not None and user.is_authenticated else None,
                    sent_at=now,
                    expires_at=now + datetime.timedelta(days=link_days()),
                )
                token = _new_link(update_request)
                _send(update_request, link_url(base_url, token), reminder=False)
                log(organization, EventKind.REQUEST_SENT, user=user, update_request=update_request,
                    detail=address)  # fmt: skip
        except OSError as exc:  # SMTP errors are OSErrors
            log(organization, EventKind.FAILED, user=user, detail=type(exc).__name__)
            batch.skipped.append((organization, _("the e-mail could not be sent")))
            continue
        batch.sent.append(update_request)
    return batch


# Reminders and expiry ---------------------------------------------------------------------


def reminder_due(now: datetime.datetime | None = None) -> list[UpdateRequest]:
    now = now or timezone.now()
    after = datetime.timedelta(days=setting("DIRECTORY_REMINDER_AFTER_DAYS", 14))
    candidates = UpdateRequest.objects.filter(
        status__in=AWAITING_ANSWER,
        expires_at__gt=now,
        reminders_sent__lt=setting("DIRECTORY_MAX_REMINDERS", 2),
    ).select_related("organization")
    return [r for r in candidates if (r.last_reminder_at or r.sent_at) <= now - after]


def expiry_due(now: datetime.datetime | None = None) -> list[UpdateRequest]:
    now = now or timezone.now()
    return list(UpdateRequest.objects.filter(status__in=AWAITING_ANSWER, expires_at__lte=now))


def do_reminders(base_url: str, now: datetime.datetime | None = None) -> dict[str, int]:
    """Expire the requests whose link ran out, remind those left unanswered."""
    now = now or timezone.now()
    counts = {"expired": 0, "reminded": 0, "failed": 0}
    for update_request in expiry_due(now):
        with transaction.atomic():
            update_request.status = UpdateRequestStatus.EXPIRED
            update_request.save(update_fields=["status"])
            log(update_request.organization_id, EventKind.EXPIRED, update_request=update_request)
        counts["expired"] += 1
    for update_request in reminder_due(now):
        try:
            with transaction.atomic():
                token = _new_link(update_request)
                _send(update_request, link_url(base_url, token), reminder=True)
                update_request.reminders_sent += 1
                update_request.last_reminder_at = now
                update_request.save(update_fields=["reminders_sent", "last_reminder_at"])
                log(update_request.organization_id, EventKind.REMINDER_SENT,
                    update_request=update_request, detail=update_request.sent_to)  # fmt: skip
        except OSError as exc:
            log(update_request.organization_id, EventKind.FAILED, detail=type(exc).__name__)
            counts["failed"] += 1
            continue
        counts["reminded"] += 1
    return counts


# The organization's answer ----------------------------------------------------------------


def do_open(update_request: UpdateRequest) -> None:
    if update_request.status == UpdateRequestStatus.SENT:
        update_request.status = UpdateRequestStatus.OPENED
        update_request.opened_at = timezone.now()
        update_request.save(update_fields=["status", "opened_at"])
        log(update_request.organization_id, EventKind.OPENED, update_request=update_request)


def _services(organization: Organization) -> list[Any]:
    return list(organization.services.exclude(status=ServiceStatus.DEFUNCT))


def _still_open(update_request: UpdateRequest) -> bool:
    """Lock the request; False when it was answered meanwhile (two submissions at once)."""
    locked = UpdateRequest.objects.select_for_update().get(pk=update_request.pk)
    return locked.status in AWAITING_ANSWER


@transaction.atomic
def do_submit(update_request: UpdateRequest, changes: list[ProposedChange], comment: str) -> None:
    """The organization's corrections, kept for review. Nothing changes in the directory;
    an answer without any change nor comment confirms the record (see do_confirm)."""
    if not changes and not comment.strip():
        do_confirm(update_request)
        return
    if not _still_open(update_request):
        return
    for change in changes:
        change.update_request = update_request
    ProposedChange.objects.bulk_create(changes)
    update_request.status = UpdateRequestStatus.SUBMITTED
    update_request.submitted_at = timezone.now()
    update_request.comment = comment.strip()
    update_request.save(update_fields=["status", "submitted_at", "comment"])
    log(update_request.organization_id, EventKind.SUBMITTED, update_request=update_request,
        detail=_("%(count)d changes proposed") % {"count": len(changes)})  # fmt: skip


@transaction.atomic
def do_confirm(update_request: UpdateRequest) -> None:
    """The organization says everything is correct: a verification by web form, nothing to
    review."""
    if not _still_open(update_request):
        return
    organization = update_request.organization
    now = timezone.now()
    update_request.status = UpdateRequestStatus.REVIEWED
    update_request.confirmed_unchanged = True
    update_request.submitted_at = update_request.reviewed_at = now
    update_request.save(
        update_fields=["status", "confirmed_unchanged", "submitted_at", "reviewed_at"]
    )
    log(organization, EventKind.CONFIRMED, update_request=update_request)
    do_mark_verified(
        [organization, *_services(organization)],
        user=None,
        method=VerificationMethod.WEB_FORM,
        note=_("Confirmed without change by the organization."),
        update_request=update_request,
    )


# The team's review ------------------------------------------------------------------------


@transaction.atomic
def do_review(
    request: HttpRequest | None, update_request: UpdateRequest, decisions: dict[int, str]
) -> int:
    """Accept or reject pending changes ({change id: "accept" | "reject"}); accepted ones are
    written with their history. When none is left pending, the review is complete and the
    organization and its services are verified by web form, by the reviewer. Returns the
    number of decisions taken."""
    user = getattr(request, "user", None)
    update_request = UpdateRequest.objects.select_for_update().get(pk=update_request.pk)
    if update_request.status != UpdateRequestStatus.SUBMITTED:
        return 0
    pending = update_request.changes.filter(status=ChangeStatus.PENDING, pk__in=list(decisions))
    now = timezone.now()
    taken = 0
    touched: dict[Any, tuple[Any, list[str]]] = {}
    with indexing.deferred():
        for change in pending.select_for_update():
            decision = decisions[change.pk]
            if decision not in ("accept", "reject"):
                continue
            accepted = decision == "accept"
            try:
                applied = accepted and update_form.apply(request, change)
            except ValidationError:  # a value the record no longer accepts: stays pending
                continue
            if applied:
                key = (change.resource_type, change.resource_id)
                record = touched.get(key, (update_form.record_of(change), []))[0]
                touched[key] = (record, [*touched.get(key, (None, []))[1], change.field_name])
            change.status = ChangeStatus.ACCEPTED if accepted else ChangeStatus.REJECTED
            change.decided_by = user
            change.decided_at = now
            change.save(update_fields=["status", "decided_by", "decided_at"])
            log(update_request.organization_id,
                EventKind.ACCEPTED if accepted else EventKind.REJECTED, user=user,
                update_request=update_request,
                detail=f"{change.record_label} · {change.field_label}")  # fmt: skip
            taken += 1
    for record, fields in touched.values():
        audit.record(request, audit.Action.CHANGE, record, fields=fields)
    if not update_request.changes.filter(status=ChangeStatus.PENDING).exists():
        _complete(update_request, user)
    return taken


def _complete(update_request: UpdateRequest, user: User) -> None:
    organization = Organization.objects.get(pk=update_request.organization_id)
    update_request.status = UpdateRequestStatus.REVIEWED
    update_request.reviewed_at = timezone.now()
    update_request.reviewed_by = user if user is not None and user.is_authenticated else None
    update_request.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    log(organization, EventKind.REVIEWED, user=user, update_request=update_request)
    do_mark_verified(
        [organization, *_services(organization)],
        user=user,
        method=VerificationMethod.WEB_FORM,
        update_request=update_request,
    )
