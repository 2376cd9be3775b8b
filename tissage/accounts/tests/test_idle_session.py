"""The idle timeout, end to end: a session left alone 30 minutes is over; one in use is not.

(test_security.py checks how often the expiry moves; here, that the expiry is really 30
minutes ahead of the last request and that an expired session signs the user out.)
"""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _session(client) -> Session:
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def test_the_session_ends_thirty_minutes_after_the_last_request(client_for) -> None:
    client = client_for("carol")
    assert client.get("/personnes/").status_code == 200
    left = _session(client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)
    # Thirty idle minutes later (the expiry has passed): signed out, sent to the sign-in page.
    Session.objects.filter(pk=_session(client).pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/personnes/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")
    assert client.get("/api/people/persons").status_code == 401


def test_a_session_in_use_is_kept(client_for) -> None:
    client = client_for("carol")
    assert client.get("/personnes/").status_code == 200
    # Twenty minutes before the end: still signed in.
    Session.objects.filter(pk=_session(client).pk).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=10)
    )
    assert client.get("/personnes/").status_code == 200
