"""The members API: list, a member with their periods, renewing, statistics by role."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tissage.privacy.models import AuditEvent

from .factories import member, period

pytestmark = pytest.mark.django_db


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def julie(db, today):
    who = member("Julie Roy")
    period(who, today - timedelta(days=360))  # ends in a few days
    period(member("Coop Santé", kind="organization"), today - timedelta(days=30), "organization")
    return who


def test_the_list_gives_status_and_category(client_for, julie):
    response = client_for("carol").get("/api/members?status=expiring")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["name"], item["status"], item["category"]) == ("Julie Roy", "expiring", "regular")
    everyone = client_for("carol").get("/api/members?category=organization").json()
    assert [m["name"] for m in everyone["items"]] == ["Coop Santé"]


def test_a_member_with_periods_and_payments_is_audited(client_for, julie):
    response = client_for("carol").get(f"/api/members/{julie.pk}")
    assert response.status_code == 200
    memberships = response.json()["memberships"]
    assert memberships[0]["payments"][0]["amount"] == "25.00"
    assert AuditEvent.objects.filter(action="read", object_id=str(julie.pk)).exists()


def test_renewing_through_the_api(client_for, julie):
    current = julie.memberships.get()
    response = client_for("carol").post(
        f"/api/members/{julie.pk}/renew",
        data=json.dumps({"payment": {"method": "online", "receipt_number": "W-1"}}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["start"] == (current.end + timedelta(days=1)).isoformat()
    assert body["renewal"] is True
    assert body["payments"][0]["amount"] == "25.00"
    assert julie.memberships.count() == 2
    refused = client_for("carol").post(
        f"/api/members/{julie.pk}/renew",
        data=json.dumps({"start": current.start.isoformat()}),
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert julie.memberships.count() == 2


def test_statistics_for_the_statistics_role_only_aggregates(client_for, julie, today):
    frank = client_for("frank")
    assert frank.get("/api/members").status_code == 403
    stats = frank.get(f"/api/members/stats?day={today.isoformat()}").json()
    assert stats["total"] == 2
    assert {row["category"]: row["count"] for row in stats["categories"]} == {
        "regular": 1,
        "organization": 1,
    }
    assert Decimal(str(stats["total_before"])) == 0 and stats["growth"] is None
