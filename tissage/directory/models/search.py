"""The search index: one row per service, rebuilt by tissage/directory/indexing.py whenever a
record that shows in it changes. Never edit these rows by hand.

`title`, `body` and `tags` hold normalized words (lower case, no accents, French light stems,
see tissage/directory/textsearch.py). The database indexes them for full-text search:
SQLite through the FTS5 table `directory_searchentry_fts` (external content, kept in sync by
triggers), PostgreSQL through the `tsv_words` and `tsv_tags` columns (kept in sync by a
trigger, one GIN index); migration 0003 creates them, 0009 splits PostgreSQL's column in two.
On PostgreSQL the trigger then empties `title`, `body` and `tags` (migration 0011): the words
live in the tsvectors only, and the rows a search visits are 60 % narrower.
`tags` holds filter tokens (public, categories, languages, places, map cells) so that one
full-text query applies every filter at once.
"""

from django.db import models

from .location import Location
from .service import Service


class SearchEntry(models.Model):
    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="search_entry")
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    # Place keys the service serves in whole, space-separated and space-framed:
    # " municipality:magog mrc:memphremagog " (see ServiceArea.search_key).
    areas = models.TextField(blank=True)
    sort_key = models.CharField(max_length=250, db_index=True)
    public = models.BooleanField(default=False)
    active = models.BooleanField(default=False)  # status "active": may be open now
    # The service's point when it has one, so that most distances need no join;
    # `more_points`: it has several, see SearchPoint.
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    more_points = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"search entry of {self.service_id}"


class SearchPoint(models.Model):
    """A point where the service is offered. `approximate`: the municipality's centre, used
    for a confidential address or a location without coordinates."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="points")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    latitude = models.FloatField()
    longitude = models.FloatField()
    approximate = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.latitude:.4f},{self.longitude:.4f}"


class HoursKind(models.TextChoices):
    REGULAR = "regular"
    SPECIAL = "special"
    CLOSED = "closed"


class SearchHours(models.Model):
    """The opening rules of a service, flattened from its HSDS schedules for "open now":
    minutes since midnight, `weekday` 0 = Monday; `month_week` 1–5 or -1 (last) for monthly
    rules."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="hours")
    kind = models.CharField(max_length=10, choices=HoursKind.choices)
    weekday = models.PositiveSmallIntegerField(null=True)
    month_week = models.SmallIntegerField(null=True)
    opens = models.PositiveSmallIntegerField(default=0)
    closes = models.PositiveSmallIntegerField(default=0)
    valid_from = models.DateField(null=True)
    valid_to = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["entry", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.weekday} {self.opens}-{self.closes}"
