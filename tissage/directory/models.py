"""The directory's records (Open Referral HSDS 3.0). This first step holds the organization,
which referrals point to; issue #5 grows it into the whole directory."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tissage.lib.text import match_key


class Organization(models.Model):
    """An organization of the community-resource directory (HSDS `organization`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
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
        super().save(*args, **kwargs)  # type: ignore[arg-type]
