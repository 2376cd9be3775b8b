import datetime
import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tissage.lib.fields import created_by_field


class Action(models.TextChoices):
    CREATE = "create", _("created")
    CHANGE = "change", _("changed")
    DELETE = "delete", _("deleted")
    READ = "read", _("read")
    EXPORT = "export", _("exported")
    LOGIN = "login", _("signed in")
    LOGOUT = "logout", _("signed out")
    LOGIN_FAILED = "login_failed", _("failed sign-in")
    PERMISSION_CHANGE = "permission_change", _("permissions changed")


class AppendOnlyError(RuntimeError):
    """The audit trail is appended to, never changed nor deleted."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("the audit trail cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the audit trail cannot be deleted")


class AuditEvent(models.Model):
    """One line of the audit trail: who did what to which record, when, from where.

    It names records by type and identifier (a person's code), and changes by field name;
    never by value, so the trail itself holds no personal information.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("record type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True, db_index=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    ip = models.GenericIPAddressField(_("from"), null=True, blank=True)
    # The chain: each event keeps the hash of the one before it and of its own content, so
    # that an event changed or removed in the database shows as a broken link (audit_verify).
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("the audit trail cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the audit trail cannot be deleted")

    def compute_hash(self) -> str:
        """The hash of this event's content and of the previous event's hash."""
        at = self.at.astimezone(datetime.UTC) if self.at.tzinfo else self.at
        content = [
            self.previous_hash,
            at.isoformat(),
            self.username,
            self.action,
            self.object_type,
            self.object_id,
            list(self.fields or []),
            self.ip or "",
        ]
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


class ConfidentialityIncident(models.Model):
    """The register Québec's Regulation respecting confidentiality incidents requires (s. 2).

    One field per item of the regulation; kept even when the risk is not serious.
    """

    information = models.TextField(
        _("personal information involved"),
        help_text=_("Describe it; if unknown, say why it cannot be described."),
    )
    circumstances = models.TextField(_("circumstances of the incident"))
    occurred_on = models.CharField(
        _("date or period of the incident"),
        max_length=100,
        help_text=_("An approximation if it is not known exactly."),
    )
    aware_on = models.DateField(_("date the organization became aware of it"))
    persons_count = models.CharField(
        _("number of persons concerned"),
        max_length=50,
        help_text=_("An approximation if it is not known exactly."),
    )
    risk_assessment = models.TextField(
        _("assessment of the risk of serious injury"),
        help_text=_(
            "Sensitivity of the information, its anticipated misuses, the likelihood "
            "and the consequences for the persons concerned."
        ),
    )
    serious_risk = models.BooleanField(_("risk of serious injury"), default=False)
    commission_notified_on = models.DateField(
        _("notice to the Commission d'accès à l'information"), null=True, blank=True
    )
    persons_notified_on = models.DateField(
        _("notice to the persons concerned"), null=True, blank=True
    )
    public_notice = models.CharField(_("public notice, if any"), max_length=300, blank=True)
    measures = models.TextField(_("measures taken to reduce the risk of injury"))
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = created_by_field()

    class Meta:
        ordering = ["-aware_on", "-pk"]
        verbose_name = _("confidentiality incident")
        verbose_name_plural = _("confidentiality incidents")

    def __str__(self) -> str:
        return f"#{self.pk} {self.aware_on}"


class RetentionRule(models.Model):
    """How long a kind of record is kept after its last activity, and what happens then."""

    class Kind(models.TextChoices):
        PERSONS = "persons", _("Persons and their files")
        INTERVENTIONS = "interventions", _("Notes of interventions")
        REFERRALS = "referrals", _("Notes of referrals")
        IMPORT_FILES = "import_files", _("Imported files")

    class Outcome(models.TextChoices):
        ANONYMIZE = "anonymize", _("Anonymize (keep the statistics)")
        DELETE = "delete", _("Delete")

    kind = models.CharField(_("kind of records"), max_length=20, choices=Kind.choices, unique=True)
    years = models.PositiveSmallIntegerField(_("years after the last activity"), default=7)
    action = models.CharField(
        _("then"), max_length=10, choices=Outcome.choices, default=Outcome.ANONYMIZE
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.kind} {self.years} {self.action}"


ANSWER_DAYS = 30  # Law 25, s. 32: answer a request of access or rectification within 30 days


class PrivacyRequest(models.Model):
    """The register of the requests a person makes about their own information (Law 25,
    s. 27 to 32): what was asked, when, the answer due 30 days later, the decision."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access to the information")
        RECTIFICATION = "rectification", _("Rectification")
        PORTABILITY = "portability", _("Portability (a copy in a structured format)")
        WITHDRAWAL = "withdrawal", _("Withdrawal of a consent")
        DELETION = "deletion", _("Deletion or de-indexing")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")

    class Decision(models.TextChoices):
        GRANTED = "granted", _("Granted")
        PARTLY = "partly", _("Partly granted")
        REFUSED = "refused", _("Refused")

    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    requester = models.CharField(
        _("requester"),
        max_length=200,
        help_text=_(
            "Who asks (the person, or their representative), as you can identify them. "
            "Avoid health or other sensitive details."
        ),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("file"),
    )
    details = models.TextField(_("what is asked"), blank=True)
    due_on = models.DateField(_("answer due on"), editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    reason = models.TextField(
        _("reasons of the decision"),
        blank=True,
        help_text=_("Required when the request is refused or partly granted (s. 34)."),
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = created_by_field()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.received_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.due_on = self.received_on + datetime.timedelta(days=ANSWER_DAYS)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "due_on"}
        super().save(*args, **kwargs)

    def is_overdue(self, day: datetime.date | None = None) -> bool:
        """Not answered, and the 30 days are over."""
        day = day or timezone.localdate()
        return self.status != self.Status.ANSWERED and day > self.due_on
