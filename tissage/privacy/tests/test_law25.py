"""Law 25 duties: the person in charge, incidents, seals, a person's export, retention."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.test import Client

from tissage.accounts.models import OrganizationProfile
from tissage.people.models import Intervention, Person, Referral
from tissage.privacy.access import persons_for
from tissage.privacy.models import AuditEvent, ConfidentialityIncident, RetentionRule


@pytest.mark.django_db
def test_the_person_in_charge_is_on_a_public_page():
    profile = OrganizationProfile.current()
    profile.privacy_officer = "Ariane Gagnon"
    profile.privacy_officer_email = "vie-privee@example.org"
    profile.save()
    page = Client().get("/confidentialite/responsable/")
    assert page.status_code == 200
    assert "Ariane Gagnon" in page.content.decode()
    assert "vie-privee@example.org" in page.content.decode()


INCIDENT = {
    "information": "Noms et numéros de téléphone de participants",
    "circumstances": "Un portable volé dans une voiture",
    "occurred_on": "début mars 2025",
    "aware_on": "2025-03-05",
    "persons_count": "environ 40",
    "risk_assessment": "Faible : coordonnées seulement, appareil chiffré",
    "measures": "Mot de passe changé, accès révoqués",
}


@pytest.mark.django_db
def test_the_incident_register_has_the_fields_of_the_regulation(client_for):
    alice = client_for("alice")
    response = alice.post("/confidentialite/incidents/nouveau/", INCIDENT)
    assert response.status_code == 302
    incident = ConfidentialityIncident.objects.get()
    assert incident.persons_count == "environ 40"
    assert incident.aware_on == datetime.date(2025, 3, 5)
    assert AuditEvent.objects.filter(
        action="create", object_type="privacy.confidentialityincident"
    ).exists()
    assert "environ 40" in alice.get("/confidentialite/incidents/").content.decode()
    incomplete = alice.post("/confidentialite/incidents/nouveau/", {"information": "x"})
    assert incomplete.status_code == 200
    assert ConfidentialityIncident.objects.count() == 1
    for name in ["bob", "carol", "frank"]:
        assert client_for(name).get("/confidentialite/incidents/").status_code == 403


@pytest.mark.django_db
def test_sealing_a_file_hides_it_from_everyone_not_named(users, files, client_for):
    ecole = files["ecole"]
    response = client_for("alice").post(
        "/confidentialite/scelles/",
        {"code": ecole.code, "sealed": "on", "allowed_users": [users["carol"].pk]},
    )
    assert response.status_code == 302
    visible = {name: persons_for(users[name]).filter(pk=ecole.pk).exists() for name in users}
    assert visible == {
        "alice": False,
        "bob": False,
        "carol": True,
        "dave": False,
        "erin": False,
        "frank": False,
    }
    assert AuditEvent.objects.filter(
        action="permission_change", object_type="people.person", object_id=str(ecole.pk)
    ).exists()
    page = client_for("alice").get("/confidentialite/scelles/").content.decode()
    assert ecole.code in page and ecole.alias not in page


@pytest.mark.django_db
def test_a_person_gets_their_file_as_json_and_csv(users, files, client_for):
    rue = files["rue"]
    response = client_for("carol").get(f"/confidentialite/personnes/{rue.code}/export/")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert f"{rue.code}.json" in names
    assert f"{rue.code}-interventions.csv" in names
    data = json.loads(archive.read(f"{rue.code}.json"))
    assert data["person"][0]["alias"] == rue.alias
    assert data["interventions"][0]["notes"] == files["intervention"].notes
    assert data["referrals"][0]["organization"] == "Maison Repère"
    assert len(data["consents"]) == 1
    assert rue.alias in archive.read(f"{rue.code}-person.csv").decode("utf-8-sig")
    assert AuditEvent.objects.filter(action="export", object_id=str(rue.pk)).exists()
    assert (
        client_for("dave").get(f"/confidentialite/personnes/{rue.code}/export/").status_code == 404
    )


@pytest.mark.django_db
def test_retention_anonymizes_old_files_and_keeps_the_statistics(users, files):
    rue = files["rue"]
    Person.objects.filter(pk=rue.pk).update(
        created_at=datetime.datetime(2010, 1, 1, tzinfo=datetime.UTC)
    )
    Intervention.objects.filter(pk=files["intervention"].pk).update(date=datetime.date(2012, 1, 1))
    Referral.objects.filter(pk=files["referral"].pk).update(date=datetime.date(2012, 1, 2))
    call_command("retention", "--dry-run")
    assert Person.objects.get(pk=rue.pk).alias == rue.alias  # a dry run changes nothing
    RetentionRule.objects.create(kind=RetentionRule.Kind.PERSONS, years=7)
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "persons: 1 record(s) would be anonymized" in out.getvalue()
    assert Person.objects.get(pk=rue.pk).alias == rue.alias
    call_command("retention", stdout=io.StringIO())
    kept = Person.objects.get(pk=rue.pk)
    assert (kept.alias, kept.last_name, kept.birth_year) == ("", "", None)
    assert Intervention.objects.get(pk=files["intervention"].pk).notes == ""
    assert kept.interventions.count() == 1  # the statistics still count it
    assert Person.objects.get(pk=files["ecole"].pk).alias  # recent files are untouched
    assert AuditEvent.objects.filter(object_type="retention.persons", object_id="1").exists()


@pytest.mark.django_db
def test_retention_can_delete_old_files(users, files):
    rue = files["rue"]
    Person.objects.filter(pk=rue.pk).update(
        created_at=datetime.datetime(2010, 1, 1, tzinfo=datetime.UTC)
    )
    Intervention.objects.filter(pk=files["intervention"].pk).update(date=datetime.date(2012, 1, 1))
    Referral.objects.filter(pk=files["referral"].pk).update(date=datetime.date(2012, 1, 2))
    RetentionRule.objects.create(kind=RetentionRule.Kind.PERSONS, years=7, action="delete")
    call_command("retention", stdout=io.StringIO())
    assert not Person.objects.filter(pk=rue.pk).exists()
    assert not Intervention.objects.filter(pk=files["intervention"].pk).exists()
    assert Person.objects.filter(pk=files["ecole"].pk).exists()
