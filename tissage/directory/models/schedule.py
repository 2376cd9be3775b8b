"""HSDS `schedule`: opening hours as iCalendar-like rules.

Several periods a day are several rows (Monday 9:00–12:00 and Monday 13:00–16:30).
Holiday exceptions are rows with dates: `closed` set for a closure ("closed from
December 24 to January 2"), or rows without `freq` that give special hours for their
dates only ("December 24: 9:00–12:00"). See tissage/directory/hours.py for "open now".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import Bilingual, hsds_id
from .location import Location
from .service import Service, ServiceAtLocation


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("weekly")
    MONTHLY = "MONTHLY", _("monthly")


class Weekday(models.TextChoices):
    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


class Schedule(Bilingual, models.Model):
    id = hsds_id()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    dtstart = models.DateField(_("first occurrence"), null=True, blank=True)
    until = models.DateField(_("last occurrence"), null=True, blank=True)
    count = models.PositiveIntegerField(_("number of occurrences"), null=True, blank=True)
    wkst = models.CharField(_("week starts on"), max_length=2, choices=Weekday.choices, blank=True)
    freq = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, blank=True)
    interval = models.PositiveSmallIntegerField(_("interval"), null=True, blank=True)
    # Comma-separated iCalendar days: "MO,TU,WE"; with MONTHLY, an ordinal may lead ("1MO",
    # "-1FR": first Monday, last Friday of the month).
    byday = models.CharField(_("days"), max_length=60, blank=True)
    byweekno = models.CharField(_("weeks of the year"), max_length=60, blank=True)
    bymonthday = models.CharField(_("days of the month"), max_length=60, blank=True)
    byyearday = models.CharField(_("days of the year"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    schedule_link = models.URLField(_("schedule link"), blank=True)
    attending_type = models.CharField(_("attending type"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    # Tissage's addition to HSDS: the dates valid_from–valid_to are a closure (holidays).
    closed = models.BooleanField(_("closed on these dates"), default=False)

    class Meta:
        ordering = ["valid_from", "byday", "opens_at"]
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self) -> str:
        if self.closed:
            return f"closed {self.valid_from}–{self.valid_to}"
        return f"{self.byday or self.valid_from} {self.opens_at}–{self.closes_at}"

    @property
    def days(self) -> list[str]:
        return [day.strip().upper() for day in self.byday.split(",") if day.strip()]
