"""Verification of directory records, kept apart from editing (as a 211 data team works).

Each organization and service carries its last verification (`Verifiable`); every
verification is also a `Verification` row. Update requests (`UpdateRequest`) are sent by
e-mail with a private link (`UpdateLink`, only a hash of its token is stored); what the
organization proposes through it waits as `ProposedChange` rows until the team accepts or
rejects each one. `VerificationEvent` is the log of the whole workflow: requests, reminders,
answers, decisions.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VerificationMethod(models.TextChoices):
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    WEB_FORM = "web_form", _("web form")
    IN_PERSON = "in_person", _("in person")


class Verifiable(models.Model):
    """The verification state of a record. `verification_due_on` is derived (last
    verification + cycle) and stored so that the queue is one query."""

    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verification_method = models.CharField(
        _("verified how"), max_length=20, choices=VerificationMethod.choices, blank=True
    )
    verification_cycle_months = models.PositiveSmallIntegerField(
        _("verification cycle (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: the directory's default cycle."),
    )
    verification_due_on = models.DateField(
        _("next verification due on"), null=True, blank=True, db_index=True
    )

    class Meta:
        abstract = True


class Verification(models.Model):
    """One verification of an organization (service empty) or of one of its services."""

    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="verifications"
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="verifications",
    )
    verified_on = models.DateField(_("verified on"), default=timezone.localdate, db_index=True)
    verified_at = models.DateTimeField(default=timezone.now)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    method = models.CharField(_("method"), max_length=20, choices=VerificationMethod.choices)
    note = models.TextField(_("note"), blank=True)
    update_request = models.ForeignKey(
        "directory.UpdateRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verifications",
    )

    class Meta:
        ordering = ["-verified_at"]
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")

    def __str__(self) -> str:
        return f"{self.organization_id} {self.verified_on} {self.method}"


class UpdateRequestStatus(models.TextChoices):
    SENT = "sent", _("sent")
    OPENED = "opened", _("opened")
    SUBMITTED = "submitted", _("answered, to review")
    REVIEWED = "reviewed", _("reviewed")
    EXPIRED = "expired", _("expired")


AWAITING_ANSWER = (UpdateRequestStatus.SENT, UpdateRequestStatus.OPENED)


class UpdateRequest(models.Model):
    """An e-mail asking an organization to check its record and its services' records."""

    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="update_requests"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=UpdateRequestStatus.choices,
        default=UpdateRequestStatus.SENT,
        db_index=True,
    )
    sent_to = models.EmailField(_("sent to"))
    language = models.CharField(max_length=10, default="fr")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent on"), default=timezone.now)
    expires_at = models.DateTimeField(_("link valid until"))
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminder_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment from the organization"), blank=True)
    confirmed_unchanged = models.BooleanField(default=False)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("update request")
        verbose_name_plural = _("update requests")

    def __str__(self) -> str:
        return f"{self.organization_id} {self.sent_at:%Y-%m-%d} {self.status}"

    def expired(self) -> bool:
        return self.status == UpdateRequestStatus.EXPIRED or self.expires_at <= timezone.now()


class UpdateLink(models.Model):
    """A private link of a request: the SHA-256 of its random token, never the token.
    A reminder adds a link (the first e-mail's link keeps working until the request ends)."""

    update_request = models.ForeignKey(
        UpdateRequest, on_delete=models.CASCADE, related_name="links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.update_request_id} {self.created_at:%Y-%m-%d}"


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("to review")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class ProposedChange(models.Model):
    """One field an organization proposes to change; nothing is applied before review.
    `resource_type` is organization, service or location; `field_name` a field of it, or
    `phone` (the record's main phone), or a note the team applies by hand (`hours`)."""

    update_request = models.ForeignKey(
        UpdateRequest, on_delete=models.CASCADE, related_name="changes"
    )
    resource_type = models.CharField(max_length=40)
    resource_id = models.UUIDField()
    record_label = models.CharField(_("record"), max_length=250)
    field_name = models.CharField(max_length=100)
    field_label = models.CharField(_("field"), max_length=250)
    previous_value = models.TextField(_("before"), blank=True)
    proposed_value = models.TextField(_("proposed"), blank=True)
    status = models.CharField(
        _("decision"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")

    def __str__(self) -> str:
        return f"{self.resource_type}.{self.field_name} ({self.status})"


class EventKind(models.TextChoices):
    REQUEST_SENT = "request_sent", _("update request sent")
    REMINDER_SENT = "reminder_sent", _("reminder sent")
    OPENED = "opened", _("link opened")
    SUBMITTED = "submitted", _("corrections received")
    CONFIRMED = "confirmed", _("confirmed without change")
    ACCEPTED = "accepted", _("change accepted")
    REJECTED = "rejected", _("change rejected")
    REVIEWED = "reviewed", _("review completed")
    VERIFIED = "verified", _("marked verified")
    EXPIRED = "expired", _("request expired")
    FAILED = "failed", _("e-mail could not be sent")


# The events that are one e-mail sent to an organization.
EMAIL_EVENTS = (EventKind.REQUEST_SENT, EventKind.REMINDER_SENT)


class VerificationEvent(models.Model):
    """The log of verification: one row per request, reminder, answer and decision."""

    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="verification_events"
    )
    update_request = models.ForeignKey(
        UpdateRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices, db_index=True)
    at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    detail = models.CharField(_("detail"), max_length=250, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("verification event")
        verbose_name_plural = _("verification events")

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind} {self.at:%Y-%m-%d}"
