from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def in_language(french: str, english: str) -> str:
    language = get_language() or "fr-ca"
    return english if language.startswith("en") and english else french


class Vocabulary(models.Model):
    """A configurable list: problem areas, intervention types, places, genders, …"""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    label_fr = models.CharField(_("French label"), max_length=120)
    label_en = models.CharField(_("English label"), max_length=120)
    description_fr = models.CharField(_("French description"), max_length=300, blank=True)
    description_en = models.CharField(_("English description"), max_length=300, blank=True)

    class Meta:
        ordering = ["label_fr"]
        verbose_name = _("vocabulary")
        verbose_name_plural = _("vocabularies")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_language(self.label_fr, self.label_en)

    @property
    def description(self) -> str:
        return in_language(self.description_fr, self.description_en)


class TermQuerySet(models.QuerySet["Term"]):
    def active(self) -> "TermQuerySet":
        return self.filter(active=True, merged_into__isnull=True)

    def of(self, vocabulary_code: str) -> "TermQuerySet":
        return self.filter(vocabulary__code=vocabulary_code)


class Term(models.Model):
    """One entry of a vocabulary.

    Records point to a term by key, so renaming a label changes every past record and report
    at once. The stable `code` identifies it across installations, imports and exports.
    A merged term stays (inactive, `merged_into` set) so that old spreadsheets that still use
    its label import into the term that replaced it.
    """

    vocabulary = models.ForeignKey(
        Vocabulary, on_delete=models.PROTECT, related_name="terms", verbose_name=_("vocabulary")
    )
    code = models.SlugField(_("code"), max_length=60)
    label_fr = models.CharField(_("French label"), max_length=150)
    label_en = models.CharField(_("English label"), max_length=150)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_terms",
        verbose_name=_("merged into"),
    )
    aliases = models.JSONField(
        _("former labels"),
        default=list,
        blank=True,
        help_text=_("Labels this entry had before, still recognized by imports."),
    )

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["vocabulary", "order", "label_fr"]
        verbose_name = _("vocabulary entry")
        verbose_name_plural = _("vocabulary entries")
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="term_code_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_language(self.label_fr, self.label_en)

    def canonical(self) -> "Term":
        term = self
        while term.merged_into_id is not None:
            term = term.merged_into  # type: ignore[assignment]
        return term


def term_field(vocabulary: str, verbose_name: str, **kwargs: object) -> models.ForeignKey:
    """An optional link to one entry of `vocabulary` (a person's gender, an enrolment's
    referral source…), as every app that classifies its records declares it."""
    return models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary__code": vocabulary},
        verbose_name=verbose_name,
        **kwargs,  # type: ignore[arg-type]
    )
