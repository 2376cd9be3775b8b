"""The log of de-identified extractions: who asked, why, when, which tables, which threshold."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExtractionRequest(models.Model):
    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel (XLSX)"
        CSV = "csv", "CSV"

    requester = models.CharField(_("requester"), max_length=200)
    organization = models.CharField(_("requesting organization"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"))
    date = models.DateField(_("date answered"), default=timezone.localdate)
    period = models.CharField(_("period"), max_length=60)
    tables = models.JSONField(_("tables"), default=list)  # indicator codes
    five_years = models.BooleanField(_("five-year series"), default=False)
    threshold = models.PositiveSmallIntegerField(_("threshold override"), null=True, blank=True)
    thresholds = models.JSONField(_("thresholds applied"), default=dict)  # code → threshold
    format = models.CharField(_("format"), max_length=4, choices=Format, default=Format.XLSX)
    file_sha256 = models.CharField(_("file checksum (SHA-256)"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("de-identified extraction")
        verbose_name_plural = _("de-identified extractions")

    def __str__(self) -> str:
        return f"{self.date} {self.requester}"
