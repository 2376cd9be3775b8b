from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportTemplate(models.Model):
    """An ordered list of sections an organization composed (see `templates_default.py`)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    # [{"kind": "table", "key": "...", "indicator": "...", "title": {"fr": "", "en": ""}, …}]
    sections = models.JSONField(_("sections"), default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    """A report of a template for a period: it keeps the text the organization wrote."""

    template_code = models.SlugField(_("template"), max_length=50)
    period_start = models.DateField(_("start"))
    period_end = models.DateField(_("end"))
    period_label = models.CharField(_("period"), max_length=40)
    # {"block key": {"fr-ca": "text", "en": "text"}}
    texts = models.JSONField(_("texts"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["template_code", "period_start", "period_end"], name="report_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template_code} {self.period_label}"


class ManualIndicator(models.Model):
    """A figure that comes from elsewhere (web visits, social-media impressions), typed in."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    label_fr = models.CharField(_("French label"), max_length=150)
    label_en = models.CharField(_("English label"), max_length=150)
    definition = models.CharField(_("source and definition"), max_length=300, blank=True)

    class Meta:
        ordering = ["label_fr"]
        verbose_name = _("manual indicator")
        verbose_name_plural = _("manual indicators")

    def __str__(self) -> str:
        return self.label_fr


class ManualValue(models.Model):
    indicator = models.ForeignKey(ManualIndicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("start"))
    period_end = models.DateField(_("end"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    entered_at = models.DateTimeField(default=timezone.now, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "period_start"]
        verbose_name = _("manual value")
        verbose_name_plural = _("manual values")

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_start}"


class Target(models.Model):
    """A target for an indicator over a period; attainment = actual ÷ target."""

    indicator_code = models.CharField(_("indicator"), max_length=80)
    period_start = models.DateField(_("start"))
    period_end = models.DateField(_("end"))
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["indicator_code", "period_start"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_code", "period_start", "period_end"], name="target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.period_start}"
