"""Targets: set one for an indicator and a period, see the attainment rate."""

from datetime import date
from decimal import Decimal

import pytest

from tissage.reports.models import Target
from tissage.reports.tests.test_quality import small_dataset


@pytest.fixture
def dataset(db):
    return small_dataset()


def test_an_editor_sets_a_target_and_sees_its_attainment(client_for, dataset):
    bob = client_for("bob")
    response = bob.post(
        "/rapports/cibles/",
        {"indicator": "people.interventions", "period": "2023-24", "value": "8"},
    )
    assert response["Location"] == "/rapports/cibles/"
    target = Target.objects.get()
    assert (target.period_start, target.period_end) == (date(2023, 4, 1), date(2024, 3, 31))
    rows = bob.get("/rapports/cibles/").context["rows"]
    assert [(r["period"].label, r["goal"], r["actual"], r["percent"]) for r in rows] == [
        ("23/24", "8", "4", "50,0\u00a0%")
    ]
    # The same indicator and period again: the target is replaced, not doubled.
    bob.post(
        "/rapports/cibles/",
        {"indicator": "people.interventions", "period": "2023-24", "value": "5"},
    )
    assert Target.objects.get().value == Decimal("5")


def test_a_target_over_any_range(client_for, dataset):
    client_for("bob").post(
        "/rapports/cibles/",
        {
            "indicator": "people.persons_served",
            "start": "2023-04-01",
            "end": "2023-06-30",
            "value": "4",
        },
    )
    target = Target.objects.get()
    assert (target.period_start, target.period_end) == (date(2023, 4, 1), date(2023, 6, 30))
    row = client_for("bob").get("/rapports/cibles/").context["rows"][0]
    assert row["period"].label == "23/24 T1"
    assert row["percent"] == "75,0\u00a0%"  # QX101, QX102, QX103 of 4


def test_a_target_needs_an_indicator_a_period_and_a_value(client_for, dataset):
    response = client_for("bob").post(
        "/rapports/cibles/", {"indicator": "people.places", "value": "-1"}
    )
    errors = response.context["form"].errors
    assert {"indicator", "value", "__all__"} <= set(errors)
    assert not Target.objects.exists()


def test_delete_a_target(client_for, dataset):
    target = Target.objects.create(
        indicator_code="people.interventions",
        period_start=date(2023, 4, 1),
        period_end=date(2024, 3, 31),
        value=3,
    )
    client_for("bob").post(f"/rapports/cibles/{target.pk}/supprimer/")
    assert not Target.objects.exists()


@pytest.mark.parametrize("name", ["carol", "frank"])
def test_targets_are_for_report_editors(client_for, dataset, name):
    assert client_for(name).get("/rapports/cibles/").status_code == 403
