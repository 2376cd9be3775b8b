"""The activities API (router tested on its own: the lead mounts it at /api/activities)."""

from datetime import date

import pytest
from ninja.testing import TestClient

from tissage.accounts.models import ApiToken
from tissage.activities.api import router
from tissage.activities.models import Activity, Session
from tissage.people.models import Person
from tissage.privacy.models import AuditEvent
from tissage.vocabularies.models import Term

pytestmark = pytest.mark.django_db


def client(user) -> TestClient:
    _token, key = ApiToken.issue(user, "test")
    return TestClient(router, headers={"Authorization": f"Bearer {key}"})


def test_create_an_activity_a_session_register_and_record_attendance(users):
    api = client(users["carol"])
    made = api.post(
        "/",
        json={"title": "Budget", "kind": "workshop", "partners": ["CLSC"], "capacity": 1},
    )
    assert made.status_code == 201, made.content
    activity_id = made.json()["id"]
    assert made.json()["partners"] == ["CLSC"]
    session = api.post(f"/{activity_id}/sessions", json={"date": "2024-02-01"}).json()

    Person.objects.create(code="A1")
    Person.objects.create(code="A2")
    first = api.post(f"/{activity_id}/registrations", json={"person": "a1", "eligible": True})
    second = api.post(f"/{activity_id}/registrations", json={"person": "A2"})
    assert (first.json()["status"], second.json()["status"]) == ("registered", "waiting")

    recorded = api.put(
        f"/sessions/{session['id']}/attendance",
        json={
            "persons": [{"code": "A1", "eligible": True}],
            "anonymous_count": 2,
            "children": {"0-5": 1},
        },
    )
    assert recorded.status_code == 200, recorded.content
    assert (recorded.json()["participants"], recorded.json()["eligible"]) == (3, 1)
    assert recorded.json()["persons"] == [{"code": "A1", "eligible": True}]
    assert AuditEvent.objects.filter(action="change", object_type="activities.session").exists()

    detail = api.get(f"/{activity_id}").json()
    assert detail["session_list"][0]["registered"] == 1
    assert detail["session_list"][0]["participants"] == 3
    listed = api.get("/?kind=workshop").json()
    assert listed["count"] == 1 and listed["items"][0]["participants"] == 3


def test_bad_values_are_refused(users):
    api = client(users["carol"])
    assert api.post("/", json={"title": "X", "kind": "tricot"}).status_code == 422
    activity = Activity.objects.create(title="X", kind_id=_kind_id())
    session = Session.objects.create(activity=activity, date=date(2024, 1, 1))
    url = f"/sessions/{session.pk}/attendance"
    assert api.put(url, json={"persons": [{"code": "NOPE"}]}).status_code == 422
    assert api.put(url, json={"anonymous_count": 1, "anonymous_eligible": 2}).status_code == 422
    assert api.put(url, json={"children": {"99": 1}}).status_code == 422


def test_roles_without_activity_management_are_refused(users):
    for name in ("frank", "erin"):
        assert client(users[name]).get("/").status_code == 403
    assert TestClient(router).get("/").status_code == 401


def _kind_id() -> int:
    return Term.objects.of("activity_kind").get(code="workshop").pk
