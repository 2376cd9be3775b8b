"""Withdrawing a consent (Law 25): the consent stays as proof, dated, and no longer counts."""

import datetime

import pytest
from django.urls import reverse

from tissage.people.models import Consent, Person
from tissage.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def consent(teams) -> Consent:
    person = Person.objects.create(code="CW1", alias="Consentante", team=teams["rue"])
    return Consent.objects.create(person=person, purpose=Consent.Purpose.CONTACT, given_on=DAY)


def test_a_withdrawn_consent_is_no_longer_valid(consent):
    later = DAY + datetime.timedelta(days=10)
    assert consent.is_valid(later)
    assert list(Consent.objects.valid_on(later)) == [consent]
    consent.withdrawn_on = later
    consent.save()
    # Valid the day before the withdrawal, not on the day nor after.
    before = later - datetime.timedelta(days=1)
    assert consent.is_valid(before) and Consent.objects.valid_on(before).exists()
    for day in (later, later + datetime.timedelta(days=400)):
        assert not consent.is_valid(day)
        assert not Consent.objects.valid_on(day).exists()


def test_an_ended_or_future_consent_is_not_valid(consent):
    consent.ends_on = DAY + datetime.timedelta(days=30)
    consent.save()
    assert not consent.is_valid(DAY - datetime.timedelta(days=1))
    assert not consent.is_valid(DAY + datetime.timedelta(days=31))
    assert not Consent.objects.valid_on(DAY + datetime.timedelta(days=31)).exists()


def test_a_worker_records_a_withdrawal_audited_and_shown(client_for, users, consent):
    client = client_for("carol")
    person = consent.person
    page = client.get(reverse("people:person", args=[person.code])).content.decode()
    url = reverse("people:consent_withdraw", args=[person.code, consent.pk])
    assert url in page  # offered on a consent in force
    response = client.post(url, {"withdrawn_on": "2024-04-02"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date(2024, 4, 2)
    assert consent.withdrawal_recorded_by == users["carol"]
    assert not consent.is_valid()
    event = AuditEvent.objects.filter(object_type="people.consent", object_id=str(consent.pk))
    assert event.get().fields == ["withdrawn_on"]
    page = client.get(reverse("people:person", args=[person.code])).content.decode()
    assert "2024-04-02" in page and "consent-withdrawn" in page
    assert url not in page  # no second withdrawal offered
    api = client.get(f"/api/people/persons/{person.code}").json()
    assert api["consents"][0]["withdrawn_on"] == "2024-04-02"


def test_a_withdrawal_cannot_precede_the_consent(client_for, consent):
    url = reverse("people:consent_withdraw", args=[consent.person.code, consent.pk])
    response = client_for("carol").post(url, {"withdrawn_on": "2024-02-01"})
    assert response.status_code == 200
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_another_team_cannot_withdraw(client_for, consent):
    url = reverse("people:consent_withdraw", args=[consent.person.code, consent.pk])
    assert client_for("dave").post(url, {"withdrawn_on": "2024-04-02"}).status_code == 404
    assert client_for("frank").post(url, {"withdrawn_on": "2024-04-02"}).status_code == 403
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_the_export_shows_the_withdrawal(client_for, consent):
    import io
    import json
    import zipfile

    consent.withdrawn_on = datetime.date(2024, 4, 2)
    consent.save()
    response = client_for("carol").get(f"/confidentialite/personnes/{consent.person.code}/export/")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read(f"{consent.person.code}.json"))
    assert data["consents"][0]["withdrawn_on"] == "2024-04-02"
