"""The synthetic directory indexes its new services itself, from the records it has just made
(tissage/directory/synthetic.py): its index must be exactly what the application's indexer
builds from the database, and what was there before must be indexed too."""

from typing import Any

import pytest

from tissage.directory import indexing, synthetic
from tissage.directory.models import (
    Organization,
    SearchEntry,
    SearchHours,
    SearchPoint,
    Service,
)
from tissage.directory.tests.corpus import indexed_words

pytestmark = pytest.mark.django_db


def snapshot() -> dict[Any, tuple]:
    """Every entry by service, with its points and hours, without the entries' own ids."""
    points: dict[Any, list[tuple]] = {}
    for row in SearchPoint.objects.values_list(
        "entry__service_id", "location_id", "latitude", "longitude", "approximate"
    ):
        points.setdefault(row[0], []).append(row[1:])
    hours: dict[Any, list[tuple]] = {}
    for row in SearchHours.objects.values_list(
        "entry__service_id", "kind", "weekday", "month_week", "opens", "closes", "valid_from",
        "valid_to",
    ):  # fmt: skip
        hours.setdefault(row[0], []).append(row[1:])
    fields = ["areas", "sort_key", "public", "active", "latitude", "longitude", "more_points"]
    words = indexed_words()
    return {
        service_id: (
            *values,
            words[service_id.hex],
            sorted(points.get(service_id, [])),
            sorted(hours.get(service_id, []), key=repr),
        )
        for service_id, *values in SearchEntry.objects.values_list("service_id", *fields)
    }


def test_the_generated_index_is_the_indexers_own(monkeypatch):
    # PostgreSQL cannot VACUUM inside the test's transaction.
    monkeypatch.setattr("tissage.directory.dbsearch.optimize", lambda: None)
    organization = Organization.objects.create(name="Déjà là")
    Service.objects.bulk_create([Service(organization=organization, name="Sans entrée")])
    synthetic.generate(600, seed=7)
    synthetic.generate(300, seed=8)  # a second batch, as the search benchmark adds one
    generated = snapshot()
    assert len(generated) == Service.objects.count() == 901
    assert SearchPoint.objects.count() == 900 and SearchHours.objects.exists()
    indexing.reindex_all()
    assert snapshot() == generated
