"""Organizational life: what every annual report lists besides the services themselves.

Trainings the team followed, the concertation tables and committees the organization sits on
(with each meeting, so a report can say "54 meetings"), representations, kiosks and
presentations, partnerships and projects, media appearances, and the team's clinical support
(supervisions, team meetings, retreat days). Figures that come from elsewhere (web visits,
social-media reach) are the reports app's manual indicators.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tissage.directory.models import Organization


def _team(verbose_name: str, related_name: str) -> models.ManyToManyField:
    return models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name=related_name, verbose_name=verbose_name
    )


class Stamped(models.Model):
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        abstract = True


class Training(Stamped):
    """A training, a conference or a presentation the team attended to learn."""

    title = models.CharField(_("title"), max_length=250)
    provider = models.CharField(
        _("given by"), max_length=200, blank=True, help_text=_("The organization or the trainer.")
    )
    date = models.DateField(_("date"), db_index=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    attendees = _team(_("who attended"), "trainings_followed")
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.title


class Committee(Stamped):
    """A concertation table, a committee or a sub-committee the organization sits on."""

    class Kind(models.TextChoices):
        TABLE = "table", _("Concertation table")
        COMMITTEE = "committee", _("Committee")
        SUBCOMMITTEE = "subcommittee", _("Sub-committee")
        NETWORK = "network", _("Network or coalition")
        BOARD = "board", _("Board of directors")

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subcommittees",
        verbose_name=_("part of"),
    )
    convener = models.CharField(_("convened by"), max_length=200, blank=True)
    role = models.CharField(
        _("our role"), max_length=120, blank=True, help_text=_("Member, chair, secretary…")
    )
    representatives = _team(_("who represents us"), "committees")
    joined_on = models.DateField(_("since"), null=True, blank=True)
    left_on = models.DateField(_("until"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("committee or table")
        verbose_name_plural = _("committees and tables")

    def __str__(self) -> str:
        return self.name


class Meeting(Stamped):
    """One meeting of a committee or table."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("committee")
    )
    date = models.DateField(_("date"), db_index=True)
    attendees = _team(_("who attended"), "committee_meetings")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.committee_id} {self.date}"


class Representation(Stamped):
    """An event attended, a kiosk held, a presentation given, a representation made."""

    class Kind(models.TextChoices):
        EVENT = "event", _("Event or conference attended")
        KIOSK = "kiosk", _("Kiosk")
        PRESENTATION = "presentation", _("Presentation of our services")
        REPRESENTATION = "representation", _("Representation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EVENT)
    title = models.CharField(_("title"), max_length=250)
    date = models.DateField(_("date"), db_index=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    organizer = models.CharField(_("organized by"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    audience = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    attendees = _team(_("who went"), "representations")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("representation")
        verbose_name_plural = _("representations, kiosks and presentations")

    def __str__(self) -> str:
        return self.title


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def during(self, start: object, end: object) -> "PartnershipQuerySet":
        """Partnerships under way at some time between `start` and `end`."""
        return self.filter(
            Q(start__isnull=True) | Q(start__lte=end), Q(end__isnull=True) | Q(end__gte=start)
        )


class Partnership(Stamped):
    """A partnership, a joint project or a funder."""

    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", _("Partnership")
        PROJECT = "project", _("Project")
        FUNDING = "funding", _("Funding partner")
        RESEARCH = "research", _("Research project")

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.PARTNERSHIP
    )
    name = models.CharField(_("name"), max_length=250)
    partners = models.CharField(_("partners"), max_length=400, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
        verbose_name=_("partner in the directory"),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount ($)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnership or project")
        verbose_name_plural = _("partnerships and projects")

    def __str__(self) -> str:
        return self.name


class MediaAppearance(Stamped):
    class Kind(models.TextChoices):
        TELEVISION = "tv", _("Television")
        RADIO = "radio", _("Radio")
        PRINT = "print", _("Newspaper or magazine")
        WEB = "web", _("Web")
        PODCAST = "podcast", _("Podcast")

    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("medium"), max_length=20, choices=Kind.choices, default=Kind.WEB)
    outlet = models.CharField(_("outlet"), max_length=200, help_text=_("TVA Nouvelles, QUB radio…"))
    program = models.CharField(_("program or column"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=250)
    spokesperson = models.CharField(_("spokesperson"), max_length=200, blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        ordering = ["-date", "outlet"]
        verbose_name = _("media appearance")
        verbose_name_plural = _("media appearances")

    def __str__(self) -> str:
        return f"{self.outlet} {self.date}"


class SupportSession(Stamped):
    """The team's clinical support: an individual supervision, a team meeting, a retreat day."""

    class Kind(models.TextChoices):
        SUPERVISION = "supervision", _("Individual clinical supervision")
        TEAM_MEETING = "team_meeting", _("Team meeting")
        RETREAT = "retreat", _("Retreat day")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"), db_index=True)
    participants = _team(_("participants"), "support_sessions")
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("clinical support session")
        verbose_name_plural = _("clinical support")

    def __str__(self) -> str:
        return f"{self.kind} {self.date}"
