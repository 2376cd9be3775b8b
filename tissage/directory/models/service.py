"""HSDS `service` and its own parts: where it is offered, the area it serves, its costs,
documents and languages."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tissage.lib.text import match_key

from .base import Bilingual, hsds_id
from .organization import Organization, Program, TemporaryMessage
from .verification import Verifiable


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    INACTIVE = "inactive", _("inactive")
    DEFUNCT = "defunct", _("defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")


# The statuses a person searching the public site can still use.
LISTED_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)


class ServiceQuerySet(models.QuerySet["Service"]):
    def public(self) -> "ServiceQuerySet":
        """What the public site shows: shown service of a shown organization, still listed."""
        return self.filter(public=True, organization__public=True, status__in=LISTED_STATUSES)


class Service(Bilingual, TemporaryMessage, Verifiable):
    id = hsds_id()
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("organization"),
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("program"),
    )
    name = models.CharField(_("name"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    alternate_name_en = models.CharField(_("alternate name (English)"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = models.TextField(_("interpretation services"), blank=True)
    interpretation_services_en = models.TextField(
        _("interpretation services (English)"), blank=True
    )
    application_process = models.TextField(_("how to apply"), blank=True)
    application_process_en = models.TextField(_("how to apply (English)"), blank=True)
    fees_description = models.TextField(_("fees"), blank=True)
    fees_description_en = models.TextField(_("fees (English)"), blank=True)
    wait_time = models.CharField(_("wait time"), max_length=250, blank=True)
    wait_time_en = models.CharField(_("wait time (English)"), max_length=250, blank=True)
    accreditations = models.TextField(_("accreditations"), blank=True)
    accreditations_en = models.TextField(_("accreditations (English)"), blank=True)
    eligibility_description = models.TextField(_("eligibility"), blank=True)
    eligibility_description_en = models.TextField(_("eligibility (English)"), blank=True)
    licenses = models.TextField(_("licenses"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    assured_date = models.DateField(_("information last checked on"), null=True, blank=True)
    assurer_email = models.EmailField(_("checked by (e-mail)"), blank=True)
    public = models.BooleanField(
        _("shown on the public site"),
        default=True,
        help_text=_("Unticked: the service stays in the staff view only."),
    )
    name_key = models.CharField(max_length=250, db_index=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_modified = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = match_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:  # type: ignore[operator]
            kwargs["update_fields"] = {*update_fields, "name_key"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_public(self) -> bool:
        return self.public and self.organization.public and self.status in LISTED_STATUSES


class ServiceAtLocation(Bilingual, models.Model):
    """HSDS `service_at_location`: a service offered at one of the organization's places."""

    id = hsds_id()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        "directory.Location", on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="sal_unique")]

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class AreaScope(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    MRC = "mrc", _("MRC")
    REGION = "region", _("administrative region")
    PROVINCE = "province", _("all of Québec")
    OTHER = "other", _("other (described)")


class ServiceArea(Bilingual, models.Model):
    """HSDS `service_area`: the territory a service serves, which may reach far beyond its
    office. `scope` and `place_code` tie it to the gazetteer so that search can tell that a
    service serving the whole MRC serves every town in it.

    `place_code`: the match key of the municipality or MRC name ("magog", "memphremagog"),
    the region's two-digit number ("05"), "QC" for the province, empty for "other".
    """

    id = hsds_id()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    scope = models.CharField(
        _("scope"), max_length=20, choices=AreaScope.choices, default=AreaScope.MUNICIPALITY
    )
    place_code = models.CharField(_("place code"), max_length=120, blank=True)
    name = models.CharField(_("name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    extent = models.TextField(_("extent"), blank=True)
    extent_type = models.CharField(_("extent type"), max_length=50, blank=True)
    uri = models.URLField(_("URI"), blank=True)

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self) -> str:
        return self.name or f"{self.scope}:{self.place_code}"

    @property
    def search_key(self) -> str:
        return f"{self.scope}:{self.place_code}"


class CostOption(Bilingual, models.Model):
    """HSDS `cost_option`: what the service costs, for whom, between which dates."""

    id = hsds_id()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    option = models.CharField(_("option"), max_length=250, blank=True)
    option_en = models.CharField(_("option (English)"), max_length=250, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="CAD")
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    amount_description = models.CharField(_("amount description"), max_length=250, blank=True)
    amount_description_en = models.CharField(
        _("amount description (English)"), max_length=250, blank=True
    )

    class Meta:
        verbose_name = _("cost option")
        verbose_name_plural = _("cost options")

    def __str__(self) -> str:
        return self.option or str(self.amount or "")


class RequiredDocument(Bilingual, models.Model):
    """HSDS `required_document`: what to bring (proof of residence, health card, …)."""

    id = hsds_id()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="required_documents"
    )
    document = models.TextField(_("document"))
    document_en = models.TextField(_("document (English)"), blank=True)
    uri = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.document


class Language(Bilingual, models.Model):
    """HSDS `language`: a language spoken by a service, at a location or on a phone line.
    `code` is the ISO 639-1 code ("fr", "en", "es"); search filters on it."""

    id = hsds_id()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    location = models.ForeignKey(
        "directory.Location",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="languages",
    )
    phone = models.ForeignKey(
        "directory.Phone", on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    name = models.CharField(_("language"), max_length=100, blank=True)
    code = models.CharField(_("ISO 639 code"), max_length=10, blank=True, db_index=True)
    note = models.CharField(_("note"), max_length=250, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name or self.code
