"""Field-level history (HSDS `metadata`), problems the public reports, and the log that rate
limits the public forms."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MetadataAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")


class Metadata(models.Model):
    """HSDS `metadata`: one row per changed field of a directory record. Directory records
    are public information, so the previous and new values are kept (unlike the audit
    trail of personal files, which holds field names only)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resource_id = models.UUIDField(db_index=True)
    resource_type = models.CharField(max_length=40)
    last_action_date = models.DateTimeField(default=timezone.now)
    last_action_type = models.CharField(max_length=10, choices=MetadataAction.choices)
    field_name = models.CharField(max_length=100)
    previous_value = models.TextField(blank=True)
    replacement_value = models.TextField(blank=True)
    updated_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-last_action_date", "field_name"]
        verbose_name = _("change history")
        verbose_name_plural = _("change history")
        indexes = [models.Index(fields=["resource_type", "resource_id"])]

    def __str__(self) -> str:
        return f"{self.resource_type}.{self.field_name} ({self.last_action_type})"


class FeedbackKind(models.TextChoices):
    ADDRESS = "address", _("The address is wrong")
    PHONE = "phone", _("The phone number is wrong")
    WEBSITE = "website", _("The website is wrong")
    HOURS = "hours", _("The opening hours are wrong")
    CLOSED = "closed", _("The service has closed")
    OTHER = "other", _("Something else")


class FeedbackStatus(models.TextChoices):
    NEW = "new", _("new")
    PROCESSED = "processed", _("processed")
    REJECTED = "rejected", _("rejected")


class Feedback(models.Model):
    """A problem reported from the public page of a service ("report a problem")."""

    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("service"),
    )
    kinds = models.JSONField(_("what is wrong"), default=list)
    comment = models.TextField(_("comment"), blank=True)
    contact_email = models.EmailField(_("e-mail address to reply to"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW
    )
    language = models.CharField(max_length=10, blank=True)
    # A keyed hash of the sender's IP address, for rate limits; never the address itself.
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    processed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reported problem")
        verbose_name_plural = _("reported problems")

    def __str__(self) -> str:
        return f"{self.service_id} {', '.join(self.kinds)}"


class PublicSubmission(models.Model):
    """One use of a public form (report a problem, send results by e-mail), kept an hour or
    so to limit how often one address may use it."""

    kind = models.CharField(max_length=20)
    ip_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "ip_hash", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"
