"""The activity screens: list and filters, an activity's page, the forms, the attendance
sheet, the figures page, the import pages; who may open them; what the audit trail keeps."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tissage.activities.actions import do_register
from tissage.activities.models import Activity, ActivityImport, Registration, Session
from tissage.directory.models import Organization
from tissage.people.models import Person
from tissage.privacy.models import AuditEvent
from tissage.vocabularies.models import Term

pytestmark = pytest.mark.django_db

BASE = "/activites/"


def kind(code: str) -> Term:
    return Term.objects.of("activity_kind").get(code=code)


@pytest.fixture
def workshop() -> Activity:
    activity = Activity.objects.create(title="Atelier budget", kind=kind("workshop"), capacity=2)
    activity.partners.add(Organization.objects.create(name="CLSC de Magog"))
    Session.objects.create(activity=activity, date=date(2024, 3, 5))
    Session.objects.create(activity=activity, date=date(2024, 3, 12))
    return activity


@pytest.fixture
def registered(workshop) -> list[Person]:
    persons = [Person.objects.create(code=f"T{n}", alias=f"Alias {n}") for n in range(3)]
    for person in persons:
        do_register(workshop, person=person, eligible=person.code == "T0")
    return persons


def audit_events(action: str, obj) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
        )
    )


def test_the_list_filters_by_kind_partner_and_period(client_for, workshop):
    Activity.objects.create(title="Fête de quartier", kind=kind("public-event"))
    client = client_for("carol")
    page = client.get(BASE + "liste/").content.decode()
    assert "Atelier budget" in page and "Fête de quartier" in page
    by_kind = client.get(BASE + "liste/", {"kind": kind("workshop").pk}).content.decode()
    assert "Atelier budget" in by_kind and "Fête de quartier" not in by_kind
    by_partner = client.get(BASE + "liste/", {"partner": "clsc"}).content.decode()
    assert "Atelier budget" in by_partner and "Fête de quartier" not in by_partner
    by_period = client.get(BASE + "liste/", {"start": "2024-03-10", "end": "2024-12-31"})
    assert by_period.context["page"].object_list[0].session_count == 1


def test_the_activity_page_shows_registrations_the_waiting_list_and_records_the_read(
    client_for, workshop, registered
):
    response = client_for("carol").get(f"{BASE}{workshop.pk}/")
    assert response.status_code == 200
    assert [i["registration"].person.code for i in response.context["registered"]] == ["T0", "T1"]
    assert [i["registration"].person.code for i in response.context["waiting"]] == ["T2"]
    rows = response.context["rows"]
    assert [row["registered"] for row in rows] == [2, 2]
    assert audit_events("read", workshop)[0].fields == ["registrations"]


def test_statistics_and_directory_roles_cannot_open_activities(client_for, workshop):
    for name in ("frank", "erin"):
        assert client_for(name).get(f"{BASE}{workshop.pk}/").status_code == 403
    assert client_for("frank").get(BASE + "bilan/").status_code == 200
    assert client_for("erin").get(BASE + "bilan/").status_code == 403


def test_creating_an_activity_then_weekly_sessions(client_for):
    client = client_for("carol")
    response = client.post(
        BASE + "nouvelle/",
        {
            "title": "Café-rencontre du jeudi",
            "kind": kind("drop-in").pk,
            "partner_names": "Maison de la famille\nCLSC de Magog\n",
            "project": "",
            "place": "Local",
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/{activity.pk}/seances/nouvelle/"
    )
    assert activity.partners.count() == 2 and activity.created_by.username == "carol"
    assert audit_events("create", activity)
    client.post(
        f"{BASE}{activity.pk}/seances/nouvelle/",
        {"date": "2024-01-04", "start_time": "13:30", "repeat": 4, "place": "Local"},
    )
    dates = list(activity.sessions.values_list("date", flat=True))
    assert dates == [date(2024, 1, 4), date(2024, 1, 11), date(2024, 1, 18), date(2024, 1, 25)]
    assert all(session.place == "" for session in activity.sessions.all())  # the activity's


def test_registering_a_person_by_code_and_a_group(client_for, workshop):
    Person.objects.create(code="P00042")
    client = client_for("carol")
    client.post(f"{BASE}{workshop.pk}/inscriptions/nouvelle/", {"person": "p00042", "places": 1})
    client.post(f"{BASE}{workshop.pk}/inscriptions/nouvelle/", {"person": "", "places": 5})
    first, group = Registration.objects.order_by("pk")
    assert first.person.code == "P00042" and first.status == "registered"
    assert group.person is None and group.status == "waiting"  # 1 + 5 > 2 places
    bad = client.post(f"{BASE}{workshop.pk}/inscriptions/nouvelle/", {"person": "NOPE"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_cancelling_moves_the_waiting_list_up(client_for, workshop, registered):
    client = client_for("carol")
    first = Registration.objects.get(person__code="T0")
    client.post(f"{BASE}inscriptions/{first.pk}/annuler/")
    statuses = dict(Registration.objects.values_list("person__code", "status"))
    assert statuses == {"T0": "cancelled", "T1": "registered", "T2": "registered"}
    assert client.get(f"{BASE}inscriptions/{first.pk}/annuler/").status_code == 302


def test_the_attendance_sheet_records_persons_anonymous_people_and_children(
    client_for, workshop, registered
):
    session = workshop.sessions.first()
    walk_in = Person.objects.create(code="W1")
    client = client_for("carol")
    sheet = client.get(f"{BASE}seances/{session.pk}/presences/")
    assert [p.code for p in sheet.context["form"].persons] == ["T0", "T1"]  # not T2, waiting
    assert sheet.context["form"][f"eligible_{registered[0].pk}"].initial is True
    response = client.post(
        f"{BASE}seances/{session.pk}/presences/",
        {
            f"present_{registered[0].pk}": "on",
            f"eligible_{registered[0].pk}": "on",
            "other_codes": "w1",
            "anonymous_count": 3,
            "anonymous_eligible": 1,
            "children_0-5": 2,
            "children_6-11": "",
            "children_12-17": 1,
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.participants, session.eligible, session.children) == (5, 2, 3)
    assert set(session.attendances.values_list("person__code", flat=True)) == {"T0", "W1"}
    assert audit_events("change", session)[0].fields == [
        "anonymous_count", "anonymous_eligible", "attendances", "children_present",
    ]  # fmt: skip
    # The sheet opens again with what was recorded, the walk-in listed.
    again = client.get(f"{BASE}seances/{session.pk}/presences/").context["form"]
    assert walk_in in again.persons and again[f"present_{walk_in.pk}"].initial is True


def test_the_attendance_sheet_refuses_impossible_counts(client_for, workshop):
    session = workshop.sessions.first()
    response = client_for("carol").post(
        f"{BASE}seances/{session.pk}/presences/",
        {"anonymous_count": 1, "anonymous_eligible": 2, "other_codes": "NOBODY"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"anonymous_eligible", "other_codes"}
    session.refresh_from_db()
    assert session.participants == 0


def test_the_figures_page_counts_for_a_period(client_for, workshop):
    session = workshop.sessions.first()
    session.anonymous_count = session.participants = 7
    session.save()
    response = client_for("frank").get(BASE + "bilan/", {"period": "2024"})
    values = [figure["value"] for figure in response.context["figures"]]
    assert values[:2] == ["2", "7"]
    assert client_for("frank").get(BASE + "bilan/", {"period": "n'importe"}).context["error"]


def test_the_import_pages_check_then_import_and_offer_the_error_report(client_for):
    client = client_for("carol")
    good = "date;type;titre;participants\n2023-04-01;Événement public;Sunfest;9\n".encode()
    response = client.post(BASE + "importer/", {"file": SimpleUploadedFile("a.csv", good)})
    run = ActivityImport.objects.get()
    assert response["Location"].endswith(f"/importer/{run.pk}/")
    assert run.status == "checked" and not Session.objects.exists()  # checked, not saved
    client.post(f"{BASE}importer/{run.pk}/importer/")
    run.refresh_from_db()
    assert run.status == "imported" and bytes(run.data) == b""
    assert Session.objects.get().participants == 9
    assert audit_events("create", run)

    bad = b"date;type;titre;participants\n2023-04-01;Tricot;Sunfest;9\n"
    client.post(BASE + "importer/", {"file": SimpleUploadedFile("b.csv", bad)})
    failed = ActivityImport.objects.order_by("-pk").first()
    assert failed.status == "failed"
    page = client.get(f"{BASE}importer/{failed.pk}/")
    assert page.context["errors"][0]["row"] == 2 and page.context["errors"][0]["column"] == "type"
    report = client.get(f"{BASE}importer/{failed.pk}/erreurs.csv")
    assert "Tricot" in report.content.decode("utf-8-sig")
    assert audit_events("export", failed)
    client.post(f"{BASE}importer/{failed.pk}/importer/")  # a failed check cannot be imported
    assert Session.objects.count() == 1
