"""The demonstration directory."""

import random

import pytest

from tissage.directory.demo import build_directory
from tissage.directory.models import Location, Organization, Schedule, Service
from tissage.directory.search import search

pytestmark = pytest.mark.django_db


def test_the_demo_directory_is_searchable_and_reuses_the_referral_organizations():
    existing = Organization.objects.create(name="CLSC de Magog")
    counts = build_directory(random.Random(7))
    assert counts["services"] >= 55
    assert Service.objects.count() == counts["services"]
    assert Organization.objects.filter(name="CLSC de Magog").get() == existing
    assert existing.services.count() >= 3
    assert Location.objects.filter(confidential_address=True).count() == 1
    assert Service.objects.filter(public=False).count() == 1
    assert Schedule.objects.filter(closed=True).exists()
    near_magog = {hit.service.name for hit in search("bouffe", near="Magog", per_page=50).hits}
    assert {"Dépannage alimentaire", "Popote roulante"} <= near_magog
    assert search("", near="Potton", radius_km=5).total >= 2
