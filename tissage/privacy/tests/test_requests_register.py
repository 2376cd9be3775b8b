"""The register of access and rectification requests (Law 25, s. 27 to 32)."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from tissage.privacy.models import AuditEvent, PrivacyRequest
from tissage.privacy.register import steps_of
from tissage.reports.compute import compute
from tissage.reports.periods import date_range

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _request(**values: object) -> PrivacyRequest:
    fields = {"kind": PrivacyRequest.Kind.ACCESS, "requester": "La personne, en personne"}
    return PrivacyRequest.objects.create(**{**fields, **values})


def test_the_answer_is_due_thirty_days_after_the_request():
    item = _request(received_on=datetime.date(2024, 1, 20))
    assert item.due_on == datetime.date(2024, 2, 19)
    item.received_on = datetime.date(2024, 3, 1)
    item.save(update_fields=["received_on"])
    item.refresh_from_db()
    assert item.due_on == datetime.date(2024, 3, 31)
    assert not item.is_overdue(datetime.date(2024, 3, 31))
    assert item.is_overdue(datetime.date(2024, 4, 1))
    item.status = PrivacyRequest.Status.ANSWERED
    assert not item.is_overdue(datetime.date(2024, 4, 1))


def test_the_list_flags_the_overdue_requests(client_for):
    late = _request(received_on=TODAY - datetime.timedelta(days=40))
    _request(received_on=TODAY - datetime.timedelta(days=40), status="answered", decision="granted")
    _request(received_on=TODAY)
    page = client_for("alice").get(reverse("privacy:requests")).content.decode()
    assert 'id="requests-overdue"' in page
    assert page.count('class="overdue"') == 1
    assert reverse("privacy:request_edit", args=[late.pk]) in page


def test_an_administrator_records_a_request_audited(client_for, files):
    data = {
        "kind": "rectification",
        "received_on": "2024-05-02",
        "requester": "Par courriel",
        "details": "Corriger l'année de naissance",
        "status": "received",
        "code": files["rue"].code,
    }
    response = client_for("alice").post(reverse("privacy:request_new"), data)
    assert response.status_code == 302
    item = PrivacyRequest.objects.get()
    assert item.person == files["rue"] and item.due_on == datetime.date(2024, 6, 1)
    event = AuditEvent.objects.get(object_type="privacy.privacyrequest")
    assert event.action == "create" and "person" in event.fields


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "answered"}, "decision"),
        ({"status": "answered", "decision": "granted"}, "answered_on"),
        ({"status": "answered", "decision": "refused", "answered_on": "2024-05-20"}, "reason"),
        ({"status": "in_progress", "decision": "granted"}, "status"),
        ({"answered_on": "2024-04-01"}, "answered_on"),
        ({"code": "NOPE"}, "code"),
    ],
)
def test_an_incomplete_answer_is_refused(client_for, changes, field):
    data = {"kind": "access", "received_on": "2024-05-02", "requester": "X", "status": "received"}
    response = client_for("alice").post(reverse("privacy:request_new"), {**data, **changes})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not PrivacyRequest.objects.exists()


@pytest.mark.parametrize("name", ["bob", "carol", "frank", "erin"])
def test_only_administrators_open_the_register(client_for, name):
    item = _request()
    for url in [
        reverse("privacy:requests"),
        reverse("privacy:request_new"),
        reverse("privacy:request_edit", args=[item.pk]),
    ]:
        assert client_for(name).get(url).status_code == 403


def test_the_export_done_for_a_request_records_itself(client_for, files):
    item = _request()
    client = client_for("alice")
    url = reverse("privacy:person_export", args=[files["rue"].code])
    response = client.get(f"{url}?demande={item.pk}")
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    item.refresh_from_db()
    assert item.person == files["rue"]  # linked by the action
    assert item.status == PrivacyRequest.Status.IN_PROGRESS
    assert [event.fields for event in steps_of(item)] == [["person_export"]]
    page = client.get(reverse("privacy:request_edit", args=[item.pk])).content.decode()
    assert "File exported for the person" in page or "Dossier exporté" in page
    assert f"?demande={item.pk}" in page  # the actions are offered from the request


def test_the_rectification_done_for_a_request_records_its_fields(client_for, files):
    person = files["rue"]
    item = _request(kind=PrivacyRequest.Kind.RECTIFICATION, person=person)
    client = client_for("alice")
    url = reverse("people:person_edit", args=[person.code])
    form = client.get(f"{url}?demande={item.pk}").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["birth_year"] = 1991
    response = client.post(f"{url}?demande={item.pk}", data)
    assert response.status_code == 302, response.context["form"].errors
    person.refresh_from_db()
    assert person.birth_year == 1991
    steps = [event.fields for event in steps_of(item)]
    assert steps == [["birth_year", "rectification"]]


def test_only_an_administrator_writes_in_the_register(client_for, files):
    item = _request()
    url = reverse("privacy:person_export", args=[files["rue"].code])
    response = client_for("carol").get(f"{url}?demande={item.pk}")
    assert response.status_code == 403
    assert files["rue"].alias.encode() not in response.content
    assert not steps_of(item).exists()
    assert client_for("alice").get(f"{url}?demande=999999").status_code == 404


def test_the_officer_page_links_to_the_register_for_administrators(client, client_for):
    url = reverse("privacy:officer")
    assert reverse("privacy:requests") in client_for("alice").get(url).content.decode()
    assert reverse("privacy:requests") not in client.get(url).content.decode()
    assert reverse("privacy:requests") not in client_for("carol").get(url).content.decode()


def test_the_annual_report_can_count_the_requests():
    _request(received_on=datetime.date(2024, 5, 1))
    _request(received_on=datetime.date(2024, 6, 1), kind=PrivacyRequest.Kind.RECTIFICATION)
    _request(received_on=datetime.date(2023, 5, 1))
    period = date_range(datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))
    assert compute("privacy.requests", period).total == 2
    rows = {row.key: row.value for row in compute("privacy.requests_by_kind", period).rows}
    assert rows == {"access": 1, "rectification": 1}
