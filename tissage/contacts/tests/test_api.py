"""The contacts API (router tested on its own: the lead mounts it at /api/contacts)."""

import pytest
from ninja.testing import TestClient

from tissage.accounts.models import ApiToken
from tissage.contacts.api import router
from tissage.contacts.models import Contact
from tissage.directory.models import TaxonomyTerm

pytestmark = pytest.mark.django_db


def client(user) -> TestClient:
    _token, key = ApiToken.issue(user, "test")
    return TestClient(router, headers={"Authorization": f"Bearer {key}"})


def test_log_a_contact_and_read_its_figures(users):
    need, other = TaxonomyTerm.objects.filter(active=True).order_by("code")[:2]
    payload = {
        "date": "2024-10-01",
        "gender": "woman",
        "needs": [str(need.pk)],
        "unmet_needs": [{"need": str(other.pk), "reason": "cost-too-high"}],
        "emergency_service": "911",
        "transferred": True,
    }
    made = client(users["carol"]).post("/", json=payload)
    assert made.status_code == 201, made.content
    contact = Contact.objects.get(pk=made.json()["id"])
    assert contact.unmet_needs.get().reason.code == "cost-too-high"
    assert client(users["frank"]).post("/", json=payload).status_code == 403

    url = "/figures/contacts.emergency_transferred?start=2024-04-01&end=2025-03-31"
    figures = client(users["frank"]).get(url)
    assert figures.status_code == 200
    assert figures.json()["total"] == 1
    assert figures.json()["rows"][0]["code"] == "911"
    assert client(users["erin"]).get(url).status_code == 403  # directory role: no STATS_VIEW


def test_demo_contacts_build(users):
    import datetime
    import random

    from tissage.contacts.demo import CONTACTS, build_contacts

    assert build_contacts(random.Random(1), datetime.date(2025, 3, 31)) == CONTACTS
    assert Contact.objects.count() == CONTACTS
