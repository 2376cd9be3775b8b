"""The administrator's audit page: every kind of event the issue names, found by its filters.

Real actions make the events (a sign-in, a failed sign-in, a read of a file, an export, a role
change, a change of teams); the page at /confidentialite/ must list them and its filters (user,
action, record type, record, dates) must keep exactly the matching ones.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tissage.conftest import PASSWORD
from tissage.privacy.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(users, files, client_for):
    """One event of each kind, made the way users make them."""
    signed_in = Client()
    assert (
        signed_in.post(
            "/compte/connexion/", {"username": "carol", "password": PASSWORD}
        ).status_code
        == 302
    )
    Client().post("/compte/connexion/", {"username": "mallory", "password": "essai-au-hasard"})
    rue = files["rue"]
    assert signed_in.get(f"/personnes/{rue.code}/").status_code == 200
    assert signed_in.get(f"/confidentialite/personnes/{rue.code}/export/").status_code == 200
    dave = users["dave"]
    dave.role = "statistics"
    dave.save()
    dave.teams.clear()
    return {"rue": rue, "dave": dave}


def _listed(client: Client, **query: str) -> list[AuditEvent]:
    response = client.get("/confidentialite/", query)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_every_kind_of_event_is_recorded_and_listed(activity, client_for):
    rue, dave = activity["rue"], activity["dave"]
    events = _listed(client_for("alice"))
    seen = {(e.username, e.action, e.object_type, e.object_id) for e in events}
    assert ("carol", Action.LOGIN, "", "") in seen
    assert ("mallory", Action.LOGIN_FAILED, "", "") in seen
    assert ("carol", Action.READ, "people.person", str(rue.pk)) in seen
    assert ("carol", Action.EXPORT, "people.person", str(rue.pk)) in seen
    changes = [
        e.fields
        for e in events
        if e.action == Action.PERMISSION_CHANGE and e.object_id == str(dave.pk)
    ]
    assert ["role"] in changes and ["teams"] in changes


def test_the_filters_keep_only_the_matching_events(activity, client_for):
    alice = client_for("alice")
    rue = activity["rue"]

    failed = _listed(alice, action=Action.LOGIN_FAILED)
    assert [e.username for e in failed] == ["mallory"]

    carol_reads = _listed(alice, username="carol", action=Action.READ)
    assert carol_reads and all(
        e.username == "carol" and e.action == Action.READ for e in carol_reads
    )

    about_rue = _listed(alice, object_type="people.person", object_id=str(rue.pk))
    assert {e.action for e in about_rue} == {Action.READ, Action.EXPORT}
    assert all(e.object_id == str(rue.pk) for e in about_rue)

    today = timezone.localdate()
    assert len(_listed(alice, start=today.isoformat(), end=today.isoformat())) == len(
        _listed(alice)
    )
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    assert _listed(alice, start=tomorrow) == []
    assert _listed(alice, end=(today - datetime.timedelta(days=1)).isoformat()) == []


def test_the_page_names_records_never_their_content(activity, client_for):
    body = client_for("alice").get("/confidentialite/").content.decode()
    rue = activity["rue"]
    assert "mallory" in body and str(rue.pk) in body
    assert rue.alias not in body and rue.last_name not in body


@pytest.mark.parametrize("name", ["bob", "carol", "erin", "frank"])
def test_only_the_administrator_reads_the_trail(activity, client_for, name):
    assert client_for(name).get("/confidentialite/").status_code == 403
