"""Error answers hold no personal data: the 500 page never shows the error, the API's 403
and 404 never echo the request.

A view that fails after reading a file must answer the plain 500 page, not the exception's
message. The access matrix checks that the 403 and 404 pages of real files hold none of their
data; test_error_pages_language.py checks that the HTML 403 and 404 pages do not repeat
the address typed either (their language switch returns to the home page).
"""

import types

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client

from tissage.privacy.access import Perm, requires
from tissage.privacy.tests.urlconfs import with_page

MARKER = "Marqueur-personnel-Quentine"


@requires(Perm.PERSON_VIEW)
def _failing(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"a bug while showing {MARKER}")


def failing_urlconf() -> types.ModuleType:
    return with_page("panne/", _failing, "failing")


@pytest.mark.django_db
def test_a_server_error_shows_the_plain_page(settings, users):
    settings.ROOT_URLCONF = failing_urlconf()
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(users["carol"])
    response = client.get("/panne/", {"q": MARKER})
    assert response.status_code == 500
    body = response.content.decode()
    assert MARKER not in body
    assert "RuntimeError" not in body and "Traceback" not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "url", "status"),
    [
        ("frank", f"/api/people/interventions?q={MARKER}", 403),
        ("frank", f"/api/people/persons?q={MARKER}", 403),
        ("dave", f"/api/people/persons/{MARKER}", 404),
    ],
)
def test_api_refusals_do_not_echo_the_request(users, name, url, status):
    client = Client(raise_request_exception=False)
    client.force_login(users[name])
    response = client.get(url)
    assert response.status_code == status
    assert MARKER not in response.content.decode()
