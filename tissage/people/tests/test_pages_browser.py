"""Every people page in headless Chromium: no serious accessibility violation, no overflow."""

import pytest

from tissage.conftest import sign_in
from tissage.directory.models import Organization
from tissage.people.models import Consent, Referral
from tissage.people.tests.test_entry_browser import restore_vocabularies, serious_violations
from tissage.people.tests.test_pages_people import log, make_people, term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_people_page_passes_axe_on_a_phone(phone, live_server, users):
    restore_vocabularies()
    people = make_people()
    loup = people["loup"]
    intervention = log(loup, users["carol"], place=term("place", "Parcs"), notes="Notes " * 40)
    intervention.problems.add(term("problem", "Logement"))
    org = Organization.objects.create(name="CLSC de Magog")
    referral = Referral.objects.create(
        date="2024-03-01", person=loup, direction="out", organization=org
    )
    Consent.objects.create(person=loup, purpose=Consent.Purpose.SERVICES)
    code, other = loup.code, people["loup2"].code
    pages = [
        "/personnes/",
        f"/personnes/{code}/",
        f"/personnes/{code}/modifier/",
        "/personnes/nouvelle/",
        f"/personnes/{code}/consentement/",
        f"/personnes/{code}/reference/nouvelle/",
        f"/personnes/{code}/fusionner/",
        f"/personnes/{code}/fusionner/?other={other}",
        "/personnes/doublons/",
        "/personnes/liste/",
        "/personnes/interventions/",
        "/personnes/references/",
        f"/personnes/references/{referral.pk}/resultat/",
        f"/personnes/interventions/{intervention.pk}/",
        f"/personnes/interventions/{intervention.pk}/modifier/",
    ]  # fmt: skip
    sign_in(phone, live_server, "carol")
    failures = {}
    for path in pages:
        phone.goto(live_server.url + path)
        problems = serious_violations(phone)
        if phone.evaluate("document.documentElement.scrollWidth") > 360:
            problems.append("wider than the phone")
        if problems:
            failures[path] = problems
    assert failures == {}
