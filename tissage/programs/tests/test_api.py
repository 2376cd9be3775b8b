"""The programs API: its operations called as Ninja calls them, and, once the router is
mounted at /api/programs (tissage/api.py), through HTTP with each role."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404
from django.test import RequestFactory
from ninja.errors import ValidationError

from tissage.api import api
from tissage.people.models import Person
from tissage.privacy.models import AuditEvent
from tissage.programs import api as programs_api
from tissage.programs.models import Agreement, Enrolment, Funder, HourBand, Program
from tissage.reports.models import Target

pytestmark = pytest.mark.django_db

MOUNTED = any(router is programs_api.router for _prefix, router in api._routers)


def test_the_router_is_mounted_under_the_api():
    assert MOUNTED


@pytest.fixture
def program(db):
    funder = Funder.objects.create(code="sq", name="Services Québec")
    agreement = Agreement.objects.create(
        funder=funder, name="Entente", start=date(2024, 7, 1), end=date(2025, 6, 30)
    )
    program = Program.objects.create(
        agreement=agreement, code="d", name="Groupe D", hours_rounding="hour"
    )
    HourBand.objects.create(program=program, code="D1", min_hours=Decimal(15))
    HourBand.objects.create(program=program, code="D2", min_hours=Decimal(31))
    Target.objects.create(
        indicator_code="programs.new_participants:d", period_start=date(2024, 7, 1),
        period_end=date(2025, 6, 30), value=Decimal(2),
    )  # fmt: skip
    return program


@pytest.fixture
def person(db):
    return Person.objects.create(code="P00042")


def request_of(user):
    request = RequestFactory().post("/api/programs/")
    request.user = request.auth = user
    return request


def payload(**fields):
    base = {"person": "P00042", "program": "d", "start_date": date(2024, 9, 1)}
    return programs_api.EnrolmentIn(**(base | fields))


def test_create_read_and_change_an_enrolment(users, program, person):
    request = request_of(users["carol"])
    created = programs_api.create_enrolment(
        request, payload(end_date=date(2024, 12, 1), status="completed", direct_minutes=1200)
    )
    assert created["person"] == "P00042" and created["program"] == "d"
    assert AuditEvent.objects.filter(action="create", object_type="programs.enrolment").exists()
    found = programs_api.get_enrolment(request, created["id"])
    assert found["direct_minutes"] == 1200
    changed = programs_api.change_enrolment(request, created["id"], {"outcome": "job"})
    assert changed["outcome"] == "job" and changed["direct_minutes"] == 1200
    assert Enrolment.objects.get().outcome == "job"


def test_the_api_refuses_what_the_form_refuses(users, program, person):
    request = request_of(users["carol"])
    with pytest.raises(ValidationError) as error:
        programs_api.create_enrolment(
            request, payload(person="NOPE", end_date=date(2024, 8, 1), reason="no-such-reason")
        )
    fields = {item["loc"][-1] for item in error.value.errors}
    assert {"person_code", "end_date", "reason"} <= fields
    assert not Enrolment.objects.exists()
    enrolment = Enrolment.objects.create(
        person=person, program=program, start_date=date(2024, 9, 1)
    )
    with pytest.raises(ValidationError):
        programs_api.change_enrolment(request, enrolment.pk, {"colour": "blue"})
    with pytest.raises(ValidationError):
        programs_api.change_enrolment(request, enrolment.pk, {"status": "completed"})  # no end


def test_a_user_who_sees_no_person_sees_no_enrolment(users, program, person):
    enrolment = Enrolment.objects.create(
        person=person, program=program, start_date=date(2024, 9, 1)
    )
    with pytest.raises(Http404):
        programs_api.get_enrolment(request_of(users["frank"]), enrolment.pk)


def test_indicators_of_a_program(users, program, person):
    Enrolment.objects.create(
        person=person, program=program, start_date=date(2024, 9, 1), end_date=date(2025, 1, 1),
        status="completed", direct_minutes=20 * 60, outcome="job",
    )  # fmt: skip
    found = programs_api.program_indicators(
        request_of(users["frank"]), "d", date(2024, 7, 1), date(2025, 6, 30)
    )
    assert found["figures"]["new_participants"] == 1 and found["figures"]["employed"] == 1
    assert [(row["level"], row["participations"]) for row in found["levels"]] == [
        ("D1", 1),
        ("D2", 0),
    ]
    assert found["overall"]["average"] == "20h"
    assert found["targets"] == [
        {"indicator": "new_participants", "target": 2.0, "actual": 1, "attainment": 50.0}
    ]
    with pytest.raises(Http404):
        programs_api.program_indicators(
            request_of(users["frank"]), "x", date(2024, 7, 1), date(2025, 6, 30)
        )


@pytest.mark.parametrize(("name", "aggregates", "enrolments"), [
    ("carol", 200, 200), ("frank", 200, 403), ("erin", 403, 403),
])  # fmt: skip
def test_http_by_role(client_for, program, person, name, aggregates, enrolments):
    client = client_for(name)
    assert client.get("/api/programs/programs").status_code == aggregates
    url = "/api/programs/programs/d/indicators?start=2024-07-01&end=2025-06-30"
    assert client.get(url).status_code == aggregates
    assert client.get("/api/programs/enrolments").status_code == enrolments
    body = json.dumps({"person": "P00042", "program": "d", "start_date": "2024-09-01"})
    response = client.post("/api/programs/enrolments", body, content_type="application/json")
    assert response.status_code == (201 if enrolments == 200 else 403)


def test_record_a_needs_evaluation(users, program, person):
    found = programs_api.create_evaluation(
        request_of(users["dave"]),
        programs_api.EvaluationIn(date=date(2024, 10, 1), person="P00042", program="d"),
    )
    assert (found["person"], found["program"]) == ("P00042", "d")
    with pytest.raises(ValidationError):
        programs_api.create_evaluation(
            request_of(users["dave"]),
            programs_api.EvaluationIn(date=date(2024, 10, 1), program="nope"),
        )
