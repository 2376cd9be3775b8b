"""The CSV of import errors quotes cells of the file: downloading it is an export, recorded in
the audit trail like the errors of the people and activities importers."""

import io

import pytest
from django.urls import reverse

from tissage.contacts.models import Contact
from tissage.contacts.tests.test_views_import import csv_file
from tissage.privacy.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


def test_downloading_the_import_errors_is_an_audited_export(client_for):
    client = client_for("carol")
    upload = io.BytesIO(csv_file("32/13/2024;;;Licorne;;;;;;;;E-1"))
    upload.name = "demandes.csv"
    response = client.post(reverse("contacts:import"), {"file": upload})
    assert response.status_code == 200 and not Contact.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()

    report = client.get(reverse("contacts:import_errors"))
    assert report.status_code == 200
    assert "Licorne" in report.content.decode("utf-8-sig")  # the file's own cells, quoted
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.user.username == "carol"
    assert event.object_type == "contacts.contact"
    assert event.fields == ["errors"]
    assert "Licorne" not in f"{event.object_id} {event.fields}"  # names of fields, no values


def test_a_refused_download_records_nothing(client_for):
    assert client_for("frank").get(reverse("contacts:import_errors")).status_code == 403
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
