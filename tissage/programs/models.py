"""Funded programs and what a funder asks to count: enrolments, hours, levels, outcomes.

A funder (Services Québec, MIFI, …) signs agreements; an agreement funds programs (group D,
group C, PASI volet 1A, …). A person's enrolment in a program carries what the funder's form
asks: eligibility, readmission, status and the reason of a non-completion, hours of
intervention, the funded intensity level, the outcome 0–3 months after the end.

The intensity level is computed when a report is read (see `metrics.py`), from the program's
hour bands, never stored: changing a band recomputes every past report. Targets are
`reports.Target` rows whose indicator code names the program (see `metrics.target_code`).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tissage.lib.fields import created_by_field
from tissage.people.models import Intervention, Person
from tissage.vocabularies.models import term_field


class Funder(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("funder")
        verbose_name_plural = _("funders")

    def __str__(self) -> str:
        return self.short_name or self.name


class Agreement(models.Model):
    """A funding agreement: its dates give the year programs count in (e.g. July–June)."""

    funder = models.ForeignKey(
        Funder, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("funder")
    )
    name = models.CharField(_("name"), max_length=200)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        ordering = ["-start", "name"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.funder} · {self.name}"


class Program(models.Model):
    """A funded service (group D, PPENT, PASI volet 1A…), counted as its agreement says."""

    class Unit(models.TextChoices):
        YEAR = "year", _("Year")
        SEMESTER = "semester", _("Semester")
        QUARTER = "quarter", _("Quarter")

    class Rounding(models.TextChoices):
        MINUTE = "minute", _("To the minute (14h35)")
        HOUR = "hour", _("To the hour (15h)")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="programs", verbose_name=_("agreement")
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Short and stable: targets and report templates refer to it."),
    )
    name = models.CharField(_("name"), max_length=200)
    counting_unit = models.CharField(
        _("counting unit"), max_length=10, choices=Unit.choices, default=Unit.YEAR
    )
    in_enrolment_table = models.BooleanField(
        _("listed in the table of enrolments per service"), default=True
    )
    tracks_readmissions = models.BooleanField(
        _("readmissions apply"),
        default=True,
        help_text=_("When unchecked, reports show “NA” for readmissions."),
    )
    hours_rounding = models.CharField(
        _("average hours shown"), max_length=10, choices=Rounding.choices, default=Rounding.MINUTE
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self) -> str:
        return self.name


class HourBand(models.Model):
    """A band of hours of intervention that guides the intensity level (D1: 15 h to 30 h).

    A participation falls in the highest band whose minimum its hours reach; below the
    first band it falls in the first one (funders fund the lowest level at least)."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="bands", verbose_name=_("program")
    )
    code = models.CharField(_("level"), max_length=10)
    min_hours = models.DecimalField(
        _("from (hours)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    max_hours = models.DecimalField(
        _("to (hours)"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["program", "min_hours", "code"]
        verbose_name = _("hour band")
        verbose_name_plural = _("hour bands")
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="hour_band_unique_code")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def min_minutes(self) -> int:
        return int(self.min_hours * 60)

    @property
    def max_minutes(self) -> int | None:
        return None if self.max_hours is None else int(self.max_hours * 60)


class Enrolment(models.Model):
    """A person's participation in a program, as the funder's form describes it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        NOT_COMPLETED = "not_completed", _("Not completed")

    class Outcome(models.TextChoices):
        JOB = "job", _("Employed")
        STUDIES = "studies", _("Back to studies")
        OTHER_MEASURE = "other_measure", _("Another measure or program")
        NONE = "none", _("None of these")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("person")
    )
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("program")
    )
    start_date = models.DateField(_("start"), db_index=True)
    end_date = models.DateField(_("end"), null=True, blank=True, db_index=True)
    eligible = models.BooleanField(_("eligible"), default=True)
    readmission = models.BooleanField(
        _("readmission"),
        default=False,
        help_text=_(
            "The person continues an activity begun earlier: counted once, not as a new "
            "participant."
        ),
    )
    # The earlier enrolment a readmission continues: hours add up, and the participation
    # ends with the last one.
    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continuations",
        verbose_name=_("continues"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    abandonment = models.BooleanField(
        _("linked to abandonment"),
        default=False,
        help_text=_("For a participation not completed: is the reason an abandonment?"),
    )
    reason = term_field("non_completion_reason", _("reason"))
    trial_period_not_completed = models.BooleanField(_("trial period not completed"), default=False)
    direct_minutes = models.PositiveIntegerField(
        _("direct hours (minutes)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1000 * 60)],
        help_text=_("Leave empty to add up the durations of the linked interventions."),
    )
    indirect_minutes = models.PositiveIntegerField(
        _("indirect hours (minutes)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1000 * 60)],
    )
    interventions = models.ManyToManyField(
        Intervention, blank=True, related_name="enrolments", verbose_name=_("interventions")
    )
    funded_level = models.CharField(
        _("funded level"),
        max_length=10,
        blank=True,
        help_text=_("The level funded for this participant, when it differs from the hours."),
    )
    outcome = models.CharField(
        _("outcome within 0–3 months"), max_length=20, choices=Outcome.choices, blank=True
    )
    outcome_date = models.DateField(_("outcome date"), null=True, blank=True)
    wage_subsidy = models.BooleanField(_("wage subsidy"), default=False)
    internships = models.PositiveSmallIntegerField(_("internships"), default=0)
    companies_contacted = models.PositiveSmallIntegerField(_("companies contacted"), default=0)
    referral_source = term_field("referral_source", _("referred by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    created_by = created_by_field()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.program_id} {self.person_id} {self.start_date}"

    @property
    def ended(self) -> bool:
        return self.status != self.Status.ACTIVE and self.end_date is not None


class NeedsEvaluation(models.Model):
    """An evaluation of a person's needs (before an enrolment, or to refer elsewhere)."""

    date = models.DateField(_("date"), db_index=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs_evaluations",
        verbose_name=_("person"),
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs_evaluations",
        verbose_name=_("program"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = created_by_field()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("needs evaluation")
        verbose_name_plural = _("needs evaluations")

    def __str__(self) -> str:
        return f"{self.date} #{self.pk}"
