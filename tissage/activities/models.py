"""Group activities: an activity (one event or a series of sessions), its sessions, who
registered and who came.

Participants are counted per session: the persons ticked present (named) plus a count of
people who stay anonymous. `Session.participants` and `Session.eligible` keep those totals,
written by `actions.do_record_attendance` (and by imports), so that a report sums one column
in one query. A person who comes to three sessions counts three participations, as the
annual reports count them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tissage.accounts.regions import Region
from tissage.directory.models import Organization
from tissage.lib.fields import created_by_field
from tissage.lib.text import match_key
from tissage.people.models import Person
from tissage.vocabularies.models import Term


class Activity(models.Model):
    """A workshop, a conference, a café-rencontre, a community day, an animation with a
    partner…: held once or as a series of sessions."""

    title = models.CharField(pgettext_lazy("activity", "title"), max_length=200)
    # Accent- and case-free title: imports find the activity a row belongs to by it.
    title_key = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__code": "activity_kind"},
        verbose_name=_("kind"),
    )
    program = models.TextField(
        _("program"), blank=True, help_text=_("What the activity holds: themes, agenda, goals.")
    )
    # The project or funded program the activity belongs to ("Échanger pour l'inclusion").
    # Free text for now: a link to the programs app can replace it without losing the values.
    project = models.CharField(_("project"), max_length=150, blank=True)
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Where the sessions usually take place."),
    )
    municipality = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary__code": "municipality"},
        verbose_name=_("municipality"),
    )
    region = models.CharField(_("region"), max_length=2, choices=Region.choices, blank=True)
    partners = models.ManyToManyField(
        Organization, blank=True, related_name="activities", verbose_name=_("partners")
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_activities",
        verbose_name=_("facilitators"),
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Beyond this number of registrations, people go on the waiting list."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    created_by = created_by_field()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.title_key = match_key(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "title_key"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Session(models.Model):
    """One occurrence of an activity, with its attendance."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("activity")
    )
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("start"), null=True, blank=True)
    end_time = models.TimeField(_("end"), null=True, blank=True)
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Empty: the activity's place.")
    )
    # People present who were not named (a drop-in, a public event).
    anonymous_count = models.PositiveIntegerField(_("people present, not named"), default=0)
    anonymous_eligible = models.PositiveIntegerField(_("of whom eligible"), default=0)
    # Totals kept by do_record_attendance: named persons present + anonymous count.
    participants = models.PositiveIntegerField(_("participants"), default=0, editable=False)
    eligible = models.PositiveIntegerField(_("eligible participants"), default=0, editable=False)
    children = models.PositiveIntegerField(_("children present"), default=0, editable=False)
    attendance_taken_at = models.DateTimeField(
        _("attendance recorded"), null=True, blank=True, editable=False
    )
    notes = models.TextField(_("notes"), blank=True)
    # Identity of an imported row, so that importing the same file twice creates nothing.
    import_key = models.CharField(max_length=80, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.activity} {self.date}"

    @property
    def where(self) -> str:
        return self.place or self.activity.place


class Attendance(models.Model):
    """A named person present at a session."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="activity_attendances",
        verbose_name=_("person"),
    )
    eligible = models.BooleanField(_("eligible"), default=False)

    class Meta:
        ordering = ["session", "person__code"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.person_id}"


class AgeBand(models.TextChoices):
    """Age bands of the children who come with the participants (a daycare, a family day)."""

    TODDLERS = "0-5", _("0-5 years")
    CHILDREN = "6-11", _("6-11 years")
    TEENS = "12-17", _("12-17 years")


class ChildrenPresent(models.Model):
    """How many children of an age band came to a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="children_present")
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices)
    count = models.PositiveIntegerField(_("children"))

    class Meta:
        ordering = ["session", "age_band"]
        verbose_name = _("children present")
        verbose_name_plural = _("children present")
        constraints = [
            models.UniqueConstraint(fields=["session", "age_band"], name="children_band_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.age_band} {self.count}"


class Registration(models.Model):
    """Someone registered to an activity (the whole series) or to one of its sessions: a
    person, or a number of people who stay anonymous."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("activity"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("session"),
        help_text=_("Empty: the whole activity."),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_registrations",
        verbose_name=_("person"),
    )
    places = models.PositiveIntegerField(
        _("number of people"), default=1, help_text=_("1 for a person; more for a group.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    eligible = models.BooleanField(_("eligible"), default=False)
    # The day the registration counts for in reports: its session's, or the activity's first.
    date = models.DateField(_("date"), db_index=True)
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = created_by_field()

    class Meta:
        ordering = ["activity", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.activity_id} {self.status} #{self.pk}"


class ActivityImport(models.Model):
    """A file brought in through the browser: checked first, then imported. The file is kept
    (as data, never run) between the two steps, and dropped once imported."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed")

    file_name = models.CharField(_("file"), max_length=255)
    data = models.BinaryField(editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKED
    )
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("activity import")
        verbose_name_plural = _("activity imports")

    def __str__(self) -> str:
        return self.file_name
