"""Lists, searches, drill-downs and API lists obey the file rules of the pages.

carol works in team rue, dave in team ecole (tissage/conftest.py, `files`). Every place that
lists files — the persons list and its search, the interventions and referrals lists, a
report's drill-down, the API lists — must show the rue file to carol and hide it from dave;
the sealed file (team rue, bob named on it) appears for bob only. Each check also proves that
the allowed user does see the file there, so that an empty page cannot pass for a protection.
"""

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

DRILL = "/rapports/detail/?indicator=people.interventions&start=2024-04-01&end=2025-03-31"


def _places(files: dict[str, Any]) -> list[tuple[str, str]]:
    """(URL, what shows the rue file there) for every list that can show it."""
    rue = files["rue"]
    intervention = files["intervention"]
    return [
        ("/personnes/liste/", rue.code),
        (f"/personnes/liste/?q={rue.alias[:8]}", rue.code),
        ("/personnes/liste/?q=Nom", rue.code),
        ("/personnes/interventions/", f"/personnes/interventions/{intervention.pk}/"),
        ("/personnes/references/", rue.code),
        (DRILL, f"/personnes/interventions/{intervention.pk}/"),
        ("/api/people/persons", rue.code),
        (f"/api/people/persons?q={rue.alias[:8]}", rue.code),
        ("/api/people/interventions", intervention.notes),
        ("/api/people/referrals", rue.code),
    ]


def _client(users: dict[str, Any], name: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(users[name])
    return client


def test_lists_and_searches_follow_the_teams(users, files):
    carol, dave = _client(users, "carol"), _client(users, "dave")
    rue = files["rue"]
    secrets = [rue.alias, rue.last_name, files["intervention"].notes]
    failures = []
    for url, shown in _places(files):
        allowed = carol.get(url)
        if allowed.status_code != 200 or shown not in allowed.content.decode():
            failures.append((url, "carol does not see the file", allowed.status_code))
        refused = dave.get(url)
        body = refused.content.decode()
        if refused.status_code != 200:
            failures.append((url, "dave's list failed", refused.status_code))
        leaked = [text for text in [shown, rue.code, *secrets] if text in body]
        if leaked:
            failures.append((url, "dave sees", leaked))
    assert failures == []


def test_a_sealed_file_is_listed_only_for_the_users_named_on_it(users, files):
    sealed = files["sealed"]
    listed = [
        "/personnes/liste/",
        f"/personnes/liste/?q={sealed.alias[:6]}",
        "/api/people/persons",
        "/personnes/interventions/",
        DRILL,
    ]
    bob = _client(users, "bob")
    assert sealed.code in bob.get("/personnes/liste/").content.decode()
    for name in ["alice", "carol", "dave"]:
        client = _client(users, name)
        for url in listed:
            body = client.get(url).content.decode()
            assert sealed.code not in body, (name, url)
            assert sealed.alias not in body, (name, url)


def test_activity_registrations_and_attendance_follow_the_teams(users, files):
    """A collective activity names persons: its page, its attendance sheet and the API show
    the rue file to carol and hide it from dave (a count of the others remains)."""
    from datetime import date

    from tissage.activities.models import Activity, Attendance, Registration, Session
    from tissage.vocabularies.models import Term

    rue = files["rue"]
    workshop = Term.objects.of("activity_kind").get(code="workshop")
    activity = Activity.objects.create(title="Atelier budget", kind=workshop)
    session = Session.objects.create(activity=activity, date=date(2024, 5, 7))
    Registration.objects.create(activity=activity, person=rue, date=date(2024, 5, 1))
    Attendance.objects.create(session=session, person=rue)
    places = [
        f"/activites/{activity.pk}/",
        f"/activites/seances/{session.pk}/presences/",
        f"/api/activities/sessions/{session.pk}/attendance",
    ]
    carol, dave = _client(users, "carol"), _client(users, "dave")
    failures = []
    for url in places:
        allowed = carol.get(url)
        if allowed.status_code != 200 or rue.code not in allowed.content.decode():
            failures.append((url, "carol does not see the file", allowed.status_code))
        refused = dave.get(url)
        body = refused.content.decode()
        if refused.status_code >= 500 or rue.code in body or rue.alias in body:
            failures.append((url, "dave sees the file", refused.status_code))
    assert failures == []


def test_one_intervention_is_visible_to_whom_the_list_shows_it(users, files):
    """interventions_for asks its rule of all the interventions at once (lists) or of each
    one (`each=True`: one intervention's page, the form after a save, a file's timeline):
    both give every user the same interventions, whatever their persons."""
    import datetime

    from tissage.people.models import Intervention
    from tissage.privacy.access import interventions_for

    day = datetime.date(2024, 6, 1)
    mixes = [("rue", "ecole"), ("ecole",), ("loose",), ("sealed", "ecole"), ()]
    for persons in mixes:  # () names nobody: visible to all who may see interventions
        Intervention.objects.create(date=day).persons.set([files[key] for key in persons])
    seen = {}
    for name, user in users.items():
        at_once = set(interventions_for(user).values_list("pk", flat=True))
        one_by_one = set(interventions_for(user, each=True).values_list("pk", flat=True))
        assert at_once == one_by_one, name
        for pk in Intervention.objects.values_list("pk", flat=True):  # as the pages ask it
            assert interventions_for(user, each=True).filter(pk=pk).exists() == (pk in at_once)
        seen[name] = len(at_once)
    # the rule does tell users apart (an empty or full set everywhere would pass above)
    assert seen["carol"] != seen["dave"] and seen["frank"] == 0
    assert seen["bob"] == Intervention.objects.count()
