"""HSDS `location` with its addresses, accessibility notes, and the phones of any record."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import Bilingual, LocationType, hsds_id
from .organization import Contact, Organization
from .service import Service, ServiceAtLocation


class Location(Bilingual, models.Model):
    """A place where services are offered (or a postal or virtual location).

    `confidential_address`: a shelter's address. Its street address and coordinates never
    leave the staff view: public pages, the public API and exports show the municipality
    only, and search measures distances from the municipality's centre instead.
    """

    id = hsds_id()
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("organization"),
    )
    location_type = models.CharField(
        _("type"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    url = models.URLField(_("website"), blank=True)
    name = models.CharField(_("name"), max_length=250, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    transportation = models.TextField(_("how to get there"), blank=True)
    transportation_en = models.TextField(_("how to get there (English)"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    external_identifier = models.CharField(_("external identifier"), max_length=100, blank=True)
    external_identifier_type = models.CharField(
        _("external identifier type"), max_length=100, blank=True
    )
    confidential_address = models.BooleanField(
        _("confidential address"),
        default=False,
        help_text=_(
            "A shelter's address: it stays in the staff view. The public sees the municipality."
        ),
    )
    services = models.ManyToManyField(
        Service, through=ServiceAtLocation, related_name="locations", blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name or self.municipality or str(self.id)

    @property
    def main_address(self) -> "Address | None":
        """The physical address when there is one, else the first address."""
        addresses = list(self.addresses.all())
        for address in addresses:
            if address.address_type == LocationType.PHYSICAL:
                return address
        return addresses[0] if addresses else None

    @property
    def municipality(self) -> str:
        address = self.main_address
        return address.city if address else ""


class Address(models.Model):
    """HSDS `address`. Addresses are proper names: one language."""

    id = hsds_id()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(_("attention"), max_length=250, blank=True)
    address_1 = models.CharField(_("address"), max_length=250)
    address_2 = models.CharField(_("address (continued)"), max_length=250, blank=True)
    city = models.CharField(_("municipality"), max_length=150)
    region = models.CharField(_("region"), max_length=150, blank=True)
    state_province = models.CharField(_("province"), max_length=50, default="QC")
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    country = models.CharField(_("country"), max_length=2, default="CA")
    address_type = models.CharField(
        _("type"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return ", ".join(part for part in (self.address_1, self.city) if part)


class Accessibility(Bilingual, models.Model):
    """HSDS `accessibility`: access for people with disabilities at a location."""

    id = hsds_id()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    details = models.TextField(_("details"), blank=True)
    details_en = models.TextField(_("details (English)"), blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("accessibility")
        verbose_name_plural = _("accessibility")

    def __str__(self) -> str:
        return self.description[:60]


class PhoneType(models.TextChoices):
    VOICE = "voice", _("voice")
    TEXT = "text", _("text messages")
    CELL = "cell", _("cell phone")
    FAX = "fax", _("fax")
    VIDEO = "video", _("video")
    PAGER = "pager", _("pager")
    TEXTPHONE = "textphone", _("TTY")


class Phone(Bilingual, models.Model):
    """HSDS `phone`, attached to exactly one of: location, service, organization, contact,
    service at location."""

    id = hsds_id()
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=50)
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    type = models.CharField(
        _("type"), max_length=10, choices=PhoneType.choices, default=PhoneType.VOICE, blank=True
    )
    description = models.CharField(_("description"), max_length=250, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self) -> str:
        return f"{self.number} #{self.extension}" if self.extension else self.number

    @property
    def tel_uri(self) -> str:
        digits = "".join(char for char in self.number if char.isdigit())
        if len(digits) == 10:
            digits = "1" + digits
        # 211, 811: short numbers stay local.
        uri = f"tel:+{digits}" if len(digits) == 11 else (f"tel:{digits}" if digits else "")
        return f"{uri};ext={self.extension}" if uri and self.extension else uri
