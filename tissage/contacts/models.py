"""The contact log of an information-and-referral line: one row per call, chat or visit.

A contact is anonymous by default: it describes the caller in broad strokes (gender, age
group, language, municipality) and links to a person's file only when the organization
follows that person. The needs are directory taxonomy terms and the referrals directory
services, so the 211 report and the directory speak the same language.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tissage.directory.models import Service, TaxonomyTerm
from tissage.vocabularies.models import Term, term_field


class Contact(models.Model):
    date = models.DateField(_("date"), db_index=True)
    time = models.TimeField(_("time"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    channel = term_field("contact_channel", _("channel"))
    navigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logged_contacts",
        verbose_name=_("navigator"),
    )
    caller_type = term_field("caller_type", _("caller type"))
    gender = term_field("gender", _("gender"))
    age_group = term_field("age_group", _("age group"))
    language = term_field("language", _("language"))
    interpreter = models.BooleanField(_("interpreter used"), default=False)
    newcomer = models.BooleanField(_("newcomer"), default=False)
    municipality = term_field("municipality", _("municipality"))
    territory = models.CharField(_("territory"), max_length=120, blank=True)
    needs = models.ManyToManyField(
        TaxonomyTerm, blank=True, related_name="logged_contacts", verbose_name=_("needs")
    )
    referrals = models.ManyToManyField(
        Service, blank=True, related_name="referred_contacts", verbose_name=_("referrals given")
    )
    emergency_service = term_field("emergency_service", _("emergency service"))
    transferred = models.BooleanField(_("warm transfer"), default=False)
    heard_from = term_field("referral_source", _("how the caller heard of the service"))
    programs = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary__code": "special_program"},
        verbose_name=_("special programs"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logged_contacts",
        verbose_name=_("person followed"),
    )
    notes = models.TextField(_("notes"), blank=True)
    import_key = models.CharField(_("import key"), max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-date", "-time", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.date} #{self.pk}"


class UnmetNeed(models.Model):
    """A need no service could meet, with the reason (the 211's "besoin non comblé")."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="unmet_needs", verbose_name=_("contact")
    )
    need = models.ForeignKey(
        TaxonomyTerm, on_delete=models.PROTECT, related_name="unmet_needs", verbose_name=_("need")
    )
    reason = term_field("unmet_need_reason", _("reason"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("unmet need")
        verbose_name_plural = _("unmet needs")

    def __str__(self) -> str:
        return str(self.need)
