"""The organizational-life screens: lists, forms, a committee with its meetings."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tissage.orglife.models import Committee, Meeting, Partnership, SupportSession, Training
from tissage.orglife.views.common import current_year

pytestmark = pytest.mark.django_db


def test_a_training_is_recorded_with_who_attended(client_for, users):
    client = client_for("bob")
    assert client.get("/vie-associative/formations/nouveau/").status_code == 200
    response = client.post(
        "/vie-associative/formations/nouveau/",
        {
            "title": "Administration de la naloxone",
            "provider": "CIUSSS de l'Estrie",
            "date": "2023-10-12",
            "hours": "3",
            "attendees": [users["carol"].pk, users["dave"].pk],
        },
    )
    assert response.status_code == 302
    training = Training.objects.get()
    assert set(training.attendees.values_list("username", flat=True)) == {"carol", "dave"}
    listing = client.get("/vie-associative/formations/?start=2023-01-01&end=2023-12-31")
    assert [values[2][0] for _item, values in listing.context["rows"]] == ["CIUSSS de l'Estrie"]
    assert [values[3][0] for _item, values in listing.context["rows"]] == [2]
    empty = client.get("/vie-associative/formations/?start=2024-01-01")
    assert empty.context["rows"] == []


def test_workers_and_statistics_users_cannot_edit_organizational_life(client_for, users):
    assert client_for("carol").get("/vie-associative/formations/").status_code == 403
    assert client_for("frank").get("/vie-associative/").status_code == 403
    assert client_for("alice").get("/vie-associative/").status_code == 200


def test_a_committee_page_adds_meetings_and_the_list_counts_them(client_for, users):
    client = client_for("bob")
    table = Committee.objects.create(name="Table jeunesse", kind="table")
    sub = Committee.objects.create(name="Sous-comité 12-17", kind="subcommittee", parent=table)
    year = current_year()
    page = client.get(f"/vie-associative/comites/{table.pk}/")
    assert page.status_code == 200 and page.context["this_year"] == 0
    for offset in (0, 14):
        response = client.post(
            f"/vie-associative/comites/{table.pk}/",
            {"date": (year.start + timedelta(days=offset)).isoformat(), "notes": "Bilan"},
        )
        assert response.status_code == 302
    Meeting.objects.create(committee=sub, date=year.start + timedelta(days=3))
    Meeting.objects.create(committee=sub, date=year.start - timedelta(days=3))  # the year before
    assert client.get(f"/vie-associative/comites/{table.pk}/").context["this_year"] == 2
    listing = client.get("/vie-associative/comites/")
    assert listing.context["total_meetings"] == 3
    counts = {item.name: item.met for item, _values in listing.context["rows"]}
    assert counts == {"Table jeunesse": 2, "Sous-comité 12-17": 1}
    wider = client.get(
        f"/vie-associative/comites/?start={(year.start - timedelta(days=10)).isoformat()}"
        f"&end={year.end.isoformat()}"
    )
    assert wider.context["total_meetings"] == 4


def test_a_meeting_is_changed_and_deleted(client_for, users):
    client = client_for("bob")
    committee = Committee.objects.create(name="Comité Vigie")
    meeting = Meeting.objects.create(committee=committee, date=date(2023, 5, 1))
    response = client.post(f"/vie-associative/rencontres/{meeting.pk}/", {"date": "2023-05-02"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.date == date(2023, 5, 2)
    assert client.get(f"/vie-associative/rencontres/{meeting.pk}/supprimer/").status_code == 200
    client.post(f"/vie-associative/rencontres/{meeting.pk}/supprimer/")
    assert not Meeting.objects.exists()


def test_every_kind_has_a_list_a_form_and_a_deletion(client_for, users):
    client = client_for("alice")
    today = timezone.localdate().isoformat()
    records = {
        "representations": {"kind": "kiosk", "title": "Salon FADOQ", "date": today},
        "partenariats": {"kind": "funding", "name": "MESS", "partners": "Québec"},
        "medias": {"date": today, "kind": "radio", "outlet": "QUB radio", "topic": "Détresse"},
        "soutien-clinique": {"kind": "supervision", "date": today},
        "comites": {"name": "Table aînés", "kind": "table"},
    }
    for slug, data in records.items():
        assert client.get(f"/vie-associative/{slug}/").status_code == 200
        response = client.post(f"/vie-associative/{slug}/nouveau/", data)
        assert response.status_code == 302, (slug, response.context["form"].errors)
        item = client.get(f"/vie-associative/{slug}/").context["rows"][0][0]
        edit = client.get(f"/vie-associative/{slug}/{item.pk}/modifier/")
        assert edit.status_code == 200
        client.post(f"/vie-associative/{slug}/{item.pk}/supprimer/")
        assert not type(item).objects.filter(pk=item.pk).exists()
    assert client.get("/vie-associative/inconnu/").status_code == 404


def test_a_partnership_ending_before_it_starts_is_refused(client_for, users):
    response = client_for("bob").post(
        "/vie-associative/partenariats/nouveau/",
        {"kind": "project", "name": "Projet", "start": "2024-05-01", "end": "2024-01-01"},
    )
    assert response.status_code == 200 and "end" in response.context["form"].errors
    assert not Partnership.objects.exists()


def test_the_home_counts_the_year_with_the_report_engine(client_for, users):
    today = timezone.localdate()
    SupportSession.objects.create(kind="supervision", date=today)
    SupportSession.objects.create(kind="supervision", date=current_year().start - timedelta(1))
    figures = client_for("bob").get("/vie-associative/").context["figures"]
    values = {code: value for code, _label, value in figures}
    assert values["orglife.supervisions"] == "1" and values["orglife.trainings"] == "0"


def test_the_api_lists_committees_with_their_meetings_and_adds_one(client_for, users):
    committee = Committee.objects.create(name="Comité de lutte à la pauvreté")
    Meeting.objects.create(committee=committee, date=date(2023, 6, 1))
    client = client_for("bob")
    response = client.post(
        f"/api/orglife/committees/{committee.pk}/meetings",
        data=json.dumps({"date": "2023-09-14", "notes": "Plan d'action"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    body = client.get("/api/orglife/committees?start=2023-01-01&end=2023-12-31").json()
    assert body["total_meetings"] == 2
    assert body["committees"][0]["meetings"] == 2
    summary = client_for("frank").get("/api/orglife/summary?start=2023-01-01&end=2023-12-31")
    values = {row["code"]: row["value"] for row in summary.json()}
    assert values["orglife.committee_meetings"] == 2
    assert client_for("frank").get("/api/orglife/committees").status_code == 403
