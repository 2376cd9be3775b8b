"""HSDS `organization` and what hangs only on it: programs, identifiers, funding, contacts."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tissage.lib.text import match_key

from .base import Bilingual, hsds_id
from .verification import Verifiable


class TemporaryMessage(models.Model):
    """A message shown on the public page while today lies between its two dates:
    "closed for the holidays". HSDS calls it `alert` (on the service)."""

    alert = models.TextField(_("temporary message"), blank=True)
    alert_en = models.TextField(_("temporary message (English)"), blank=True)
    alert_start = models.DateField(_("message shown from"), null=True, blank=True)
    alert_end = models.DateField(_("message shown until"), null=True, blank=True)

    class Meta:
        abstract = True

    def alert_active(self, today: datetime.date | None = None) -> bool:
        if not self.alert:
            return False
        today = today or timezone.localdate()
        if self.alert_start and today < self.alert_start:
            return False
        return not (self.alert_end and today > self.alert_end)


class Organization(Bilingual, TemporaryMessage, Verifiable):
    """An organization of the community-resource directory (HSDS `organization`).

    Referrals of the case log point to it; imports match it by `name_key`.
    """

    id = hsds_id()
    name = models.CharField(_("name"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    alternate_name_en = models.CharField(_("alternate name (English)"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    tax_status = models.CharField(_("tax status"), max_length=100, blank=True)
    tax_id = models.CharField(_("tax number"), max_length=100, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(
        _("year incorporated"), null=True, blank=True
    )
    legal_status = models.CharField(_("legal status"), max_length=100, blank=True)
    logo = models.URLField(_("logo address"), blank=True)
    uri = models.URLField(_("persistent identifier (URI)"), blank=True)
    parent_organization = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="child_organizations",
        verbose_name=_("parent organization"),
    )
    public = models.BooleanField(
        _("shown on the public site"),
        default=True,
        help_text=_("Unticked: the organization and all its services stay in the staff view."),
    )
    # Accent- and case-free form of the name: "CLSC de Magog" and "clsc de magog" are one.
    name_key = models.CharField(max_length=250, db_index=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = match_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:  # type: ignore[operator]
            kwargs["update_fields"] = {*update_fields, "name_key"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Program(Bilingual, models.Model):
    """HSDS `program`: services of one organization grouped under a name."""

    id = hsds_id()
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="programs"
    )
    name = models.CharField(_("name"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self) -> str:
        return self.name


class OrganizationIdentifier(models.Model):
    """HSDS `organization_identifier`: an official number (Québec enterprise number, …)."""

    id = hsds_id()
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="identifiers"
    )
    identifier_scheme = models.CharField(_("scheme"), max_length=100, blank=True)
    identifier_type = models.CharField(_("type"), max_length=100)
    identifier = models.CharField(_("identifier"), max_length=100)

    class Meta:
        verbose_name = _("organization identifier")
        verbose_name_plural = _("organization identifiers")

    def __str__(self) -> str:
        return f"{self.identifier_type} {self.identifier}"


class Funding(Bilingual, models.Model):
    """HSDS `funding`: where the money of an organization or a service comes from."""

    id = hsds_id()
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="funding"
    )
    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, null=True, blank=True, related_name="funding"
    )
    source = models.TextField(_("source"))
    source_en = models.TextField(_("source (English)"), blank=True)

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")

    def __str__(self) -> str:
        return self.source


class Contact(Bilingual, models.Model):
    """HSDS `contact`: a named person or desk to reach, with its own phones."""

    id = hsds_id()
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
    )
    service_at_location = models.ForeignKey(
        "directory.ServiceAtLocation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
    )
    location = models.ForeignKey(
        "directory.Location",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=250, blank=True)
    title = models.CharField(_("title"), max_length=250, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    department = models.CharField(_("department"), max_length=250, blank=True)
    department_en = models.CharField(_("department (English)"), max_length=250, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name or self.department or self.email
