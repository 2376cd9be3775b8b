"""People served, and what happens with them: interventions and referrals."""

import datetime
import re
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tissage.accounts.models import Team
from tissage.directory.models import Organization
from tissage.lib.fields import created_by_field
from tissage.lib.text import match_key
from tissage.vocabularies.models import Term, term_field


class PersonQuerySet(models.QuerySet["Person"]):
    def current(self) -> "PersonQuerySet":
        """Files in use: a file merged into another is kept only to resolve its old code."""
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    """A person served. Often known by a code or an alias only; a name is optional."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    alias = models.CharField(_("alias or nickname"), max_length=100, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    gender = term_field("gender", _("gender"))
    age_group = term_field("age_group", _("age group"))
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    language = term_field("language", _("language"))
    municipality = term_field("municipality", _("municipality"))
    immigration_status = term_field("immigration_status", _("immigration status"))
    country_of_origin = models.CharField(_("country of origin"), max_length=100, blank=True)
    income_source = term_field("income_source", _("income source"))
    education_level = term_field("education_level", _("education level"))
    newcomer = models.BooleanField(_("newcomer"), null=True, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("team")
    )
    # A sealed file (conjugal violence, a person known to the staff) is seen only by the users
    # named on it, administrators included; see persons_for in tissage/privacy/access.py.
    sealed = models.BooleanField(_("sealed file"), default=False, editable=False)
    allowed_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="unsealed_persons",
        verbose_name=_("users allowed to see the sealed file"),
        editable=False,
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_files",
        verbose_name=_("merged into"),
    )
    former_codes = models.JSONField(_("former codes"), default=list, blank=True)
    # The key possible duplicates share: alias (or name), year of birth, municipality.
    duplicate_key = models.CharField(max_length=250, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    created_by = created_by_field()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        # Codes, not names, wherever a person is named in lists and logs.
        return self.code

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.code:
            self.code = next_person_code()
        self.duplicate_key = self.compute_duplicate_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "duplicate_key"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.first_name, self.last_name) if part)
        label = name or self.alias
        return f"{self.code} · {label}" if label else self.code

    def compute_duplicate_key(self) -> str:
        who = match_key(self.alias or f"{self.first_name} {self.last_name}")
        if not who or self.birth_year is None:
            return ""
        return f"{who}|{self.birth_year}|{self.municipality_id or ''}"


_CODE = re.compile(r"^P(\d+)$")


def next_person_code() -> str:
    """P00001, P00002, …: short enough to say on the phone, continuing imported codes."""
    highest = 0
    for code in Person.objects.filter(code__regex=r"^P[0-9]+$").values_list("code", flat=True):
        match = _CODE.match(code)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"P{highest + 1:05d}"


class ConsentQuerySet(models.QuerySet["Consent"]):
    def valid_on(self, day: datetime.date | None = None) -> "ConsentQuerySet":
        """The consents in force on `day` (today by default): given, not ended, not withdrawn."""
        day = day or timezone.localdate()
        return self.filter(
            models.Q(given_on__lte=day),
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day),
            models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=day),
        )


class Consent(models.Model):
    """What a person agreed to, and when (Law 25: consent is given per purpose, and can be
    withdrawn at any time; a withdrawn consent is kept, with its date, as proof)."""

    class Purpose(models.TextChoices):
        SERVICES = "services", _("Receiving services and keeping a file")
        REFERRAL = "referral", _("Sharing information with a partner for a referral")
        CONTACT = "contact", _("Being contacted by the organization")
        STATISTICS = "statistics", _("Use in de-identified statistics")
        PHOTOS = "photos", _("Photos and testimonials")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
        editable=False,
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.person_id} {self.purpose}"

    def is_valid(self, day: datetime.date | None = None) -> bool:
        """In force on `day` (today by default); the same rule as `Consent.objects.valid_on`."""
        day = day or timezone.localdate()
        return (
            self.given_on <= day
            and (self.ends_on is None or self.ends_on >= day)
            and (self.withdrawn_on is None or self.withdrawn_on > day)
        )


class Intervention(models.Model):
    """One act of support: one or more workers with one or more persons."""

    date = models.DateField(_("date"), db_index=True)
    time = models.TimeField(_("time"), null=True, blank=True)
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="interventions", verbose_name=_("workers")
    )
    persons = models.ManyToManyField(
        Person, related_name="interventions", verbose_name=_("persons")
    )
    types = models.ManyToManyField(
        Term,
        related_name="interventions_as_type",
        limit_choices_to={"vocabulary__code": "intervention_type"},
        verbose_name=_("intervention types"),
    )
    problems = models.ManyToManyField(
        Term,
        related_name="interventions_as_problem",
        blank=True,
        limit_choices_to={"vocabulary__code": "problem"},
        verbose_name=_("problem areas"),
    )
    place = term_field("place", _("place"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), null=True, blank=True, validators=[MaxValueValidator(24 * 60)]
    )
    notes = models.TextField(_("confidential notes"), blank=True)
    follow_up = models.BooleanField(_("follow-up needed"), default=False)
    # Identity of an imported row (its number in the source file, or a hash of its content),
    # so that importing the same file twice creates nothing the second time.
    import_key = models.CharField(max_length=80, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    created_by = created_by_field()

    class Meta:
        ordering = ["-date", "-time", "-pk"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return f"{self.date} #{self.pk}"


class Referral(models.Model):
    """A referral out to an organization of the directory, or in from one."""

    class Direction(models.TextChoices):
        OUT = "out", _("Referral out (to an organization)")
        IN = "in", _("Referral in (from an organization)")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        NOT_REACHED = "not_reached", _("Person not reached")

    date = models.DateField(_("date"), db_index=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("person")
    )
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("organization"),
    )
    reason = models.CharField(_("need or reason"), max_length=300, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    notes = models.TextField(_("confidential notes"), blank=True)
    import_key = models.CharField(max_length=80, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    created_by = created_by_field()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.date} {self.direction} #{self.pk}"


class ImportProfile(models.Model):
    """A saved column mapping, reused for the next file of the same shape."""

    class Kind(models.TextChoices):
        PERSONS = "persons", _("Persons")
        INTERVENTIONS = "interventions", _("Interventions")
        REFERRALS = "referrals", _("Referrals")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind of records"), max_length=20, choices=Kind.choices)
    # {"column header in the file": "field name"}
    columns = models.JSONField(_("columns"), default=dict)
    # {"field name": {"value in the file": "term code"}}
    values = models.JSONField(_("values"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("import profile")
        verbose_name_plural = _("import profiles")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="import_profile_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    """One file brought in through the browser: kept until it is imported or abandoned."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        CHECKED = "checked", _("Checked")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind of records"), max_length=20, choices=ImportProfile.Kind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    stored_path = models.CharField(max_length=500, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    columns = models.JSONField(default=dict, blank=True)
    values = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.file_name
