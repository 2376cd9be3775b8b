"""HSDS `taxonomy`, `taxonomy_term` and `attribute` (a term linked to any record), plus
search hints: the lay words people type ("bouffe") attached to a term or a service."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from tissage.lib.text import match_key

from .base import Bilingual, hsds_id

OPEN_ELIGIBILITY = "open-eligibility"
LOCAL = "local"
# Terms of Open Eligibility get the same UUID in every installation: uuid5 of their code.
TERM_NAMESPACE = uuid.UUID("5b0f4f5e-8d56-4c2e-9d43-6f1d2b0c7a11")


def stable_term_id(taxonomy_code: str, term_code: str) -> uuid.UUID:
    return uuid.uuid5(TERM_NAMESPACE, f"{taxonomy_code}:{term_code}")


class Taxonomy(Bilingual, models.Model):
    """A classification: Open Eligibility (loaded by a migration) or the organization's own
    terms (`code` "local")."""

    id = hsds_id()
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    uri = models.URLField(_("URI"), blank=True)
    version = models.CharField(_("version"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.tr("name")


class TermQuerySet(models.QuerySet["TaxonomyTerm"]):
    def active(self) -> "TermQuerySet":
        return self.filter(active=True)


class TaxonomyTerm(Bilingual, models.Model):
    id = hsds_id()
    taxonomy = models.ForeignKey(
        Taxonomy, on_delete=models.PROTECT, related_name="terms", verbose_name=_("taxonomy")
    )
    code = models.CharField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent term"),
    )
    term_uri = models.URLField(_("URI"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["taxonomy", "code"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="taxonomy_term_code_unique")
        ]

    def __str__(self) -> str:
        return self.tr("name")

    def ancestors(self) -> list["TaxonomyTerm"]:
        """Parents up to the root, nearest first (loops in imported data are cut)."""
        found: list[TaxonomyTerm] = []
        seen = {self.pk}
        term = self.parent
        while term is not None and term.pk not in seen:
            found.append(term)
            seen.add(term.pk)
            term = term.parent
        return found


class LinkEntity(models.TextChoices):
    ORGANIZATION = "organization"
    SERVICE = "service"
    LOCATION = "location"
    SERVICE_AT_LOCATION = "service_at_location"
    PROGRAM = "program"


class Attribute(models.Model):
    """HSDS `attribute`: a taxonomy term attached to any record, by the record's id and the
    name of its table (`link_entity`). Services get their categories this way."""

    id = hsds_id()
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    link_id = models.UUIDField(db_index=True)
    link_entity = models.CharField(max_length=30, choices=LinkEntity.choices)
    link_type = models.CharField(max_length=50, blank=True)
    value = models.TextField(blank=True)

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        constraints = [
            models.UniqueConstraint(
                fields=["link_entity", "link_id", "taxonomy_term"], name="attribute_unique"
            )
        ]
        indexes = [models.Index(fields=["taxonomy_term", "link_entity"])]

    def __str__(self) -> str:
        return f"{self.link_entity}:{self.link_id} → {self.taxonomy_term_id}"


class SearchHint(models.Model):
    """A word or phrase people type for a term or a service: "bouffe" → food banks.
    Search indexes the hints with the services they reach, in any language."""

    text = models.CharField(_("words"), max_length=120)
    key = models.CharField(max_length=120, db_index=True, editable=False)
    term = models.ForeignKey(
        TaxonomyTerm,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="hints",
        verbose_name=_("term"),
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="hints",
        verbose_name=_("service"),
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("search hint")
        verbose_name_plural = _("search hints")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term__isnull=False, service__isnull=True)
                | models.Q(term__isnull=True, service__isnull=False),
                name="search_hint_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args: object, **kwargs: object) -> None:
        self.key = match_key(self.text)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
