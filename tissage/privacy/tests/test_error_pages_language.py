"""The HTML 403 and 404 pages never echo the request, not even through the language switch:
on an error page, the switch returns to the home page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

MARKER = "Marqueur-adresse-Quentine"


def _next_field(body: str) -> str:
    found = re.search(r'<input type="hidden" name="next" value="([^"]*)">', body)
    assert found is not None, "no language switch on the page"
    return found.group(1)


@pytest.mark.parametrize("name", ["carol", "frank", None])
def test_a_404_does_not_repeat_the_address_typed(users, name):
    client = Client()
    if name:
        client.force_login(users[name])
    response = client.get(f"/nulle-part-{MARKER}/", {"q": MARKER})
    assert response.status_code == 404
    body = response.content.decode()
    assert MARKER not in body
    assert _next_field(body) == reverse("home")


def test_a_403_does_not_repeat_the_address_typed(client_for):
    response = client_for("frank").get(reverse("contacts:entry"), {"q": MARKER})
    assert response.status_code == 403
    body = response.content.decode()
    assert MARKER not in body
    assert _next_field(body) == reverse("home")


def test_the_switch_of_an_error_page_leads_home_in_the_other_language(client_for):
    client = client_for("carol")
    body = client.get(f"/nulle-part-{MARKER}/").content.decode()
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": _next_field(body)}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "Page not found" in client.get(f"/nulle-part-{MARKER}/").content.decode()


def test_an_ordinary_page_still_switches_back_to_itself(client_for):
    url = reverse("contacts:entry") + "?jour=2024-10-01"
    body = client_for("carol").get(url).content.decode()
    assert _next_field(body) == url.replace("&", "&amp;")
