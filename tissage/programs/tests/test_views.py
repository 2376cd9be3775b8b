"""The programs screens: who may open them, and what entering data through them does."""

from datetime import date
from decimal import Decimal

import pytest

from tissage.people.models import Intervention, Person
from tissage.privacy.models import AuditEvent
from tissage.programs.models import Agreement, Enrolment, Funder, HourBand, NeedsEvaluation, Program
from tissage.reports.models import Target

pytestmark = pytest.mark.django_db

MANAGE_PAGES = ["", "inscriptions/", "inscriptions/nouvelle/", "evaluations/"]
CONFIG_PAGES = ["configuration/", "configuration/bailleurs/nouveau/",
                "configuration/ententes/nouvelle/", "configuration/programmes/nouveau/",
                "configuration/programmes/d/", "configuration/programmes/d/cibles/"]  # fmt: skip


@pytest.fixture
def program(db):
    funder = Funder.objects.create(code="sq", name="Services Québec")
    agreement = Agreement.objects.create(
        funder=funder, name="Entente", start=date(2024, 7, 1), end=date(2025, 6, 30)
    )
    program = Program.objects.create(agreement=agreement, code="d", name="Groupe D")
    HourBand.objects.create(program=program, code="D1", min_hours=Decimal(15))
    HourBand.objects.create(program=program, code="D2", min_hours=Decimal(31))
    return program


@pytest.fixture
def person(db):
    return Person.objects.create(code="P00042", alias="Ti-Guy")


@pytest.mark.parametrize(
    ("name", "manage", "configure", "dashboard"),
    [
        ("alice", 200, 200, 200),
        ("bob", 200, 200, 200),
        ("carol", 200, 403, 200),
        ("erin", 403, 403, 403),
        ("frank", 403, 403, 200),
    ],
)
def test_pages_by_role(client_for, program, person, name, manage, configure, dashboard):
    client = client_for(name)
    enrolment = Enrolment.objects.create(
        person=person, program=program, start_date=date(2024, 8, 1)
    )
    for page in [
        *MANAGE_PAGES,
        f"inscriptions/{enrolment.pk}/",
        f"inscriptions/{enrolment.pk}/modifier/",
    ]:
        assert client.get(f"/programmes/{page}").status_code == manage, page
    for page in CONFIG_PAGES:
        assert client.get(f"/programmes/{page}").status_code == configure, page
    assert client.get("/programmes/tableau-de-bord/").status_code == dashboard


def test_enrol_a_person(client_for, program, person):
    client = client_for("carol")
    data = {
        "person_code": "p00042", "program": program.pk, "start_date": "2024-09-02",
        "end_date": "2024-12-20", "status": "completed", "eligible": "on",
        "direct_minutes": "1200", "indirect_minutes": "60", "internships": "1",
        "companies_contacted": "2", "outcome": "job", "outcome_date": "2025-01-10",
    }  # fmt: skip
    response = client.post("/programmes/inscriptions/nouvelle/", data)
    enrolment = Enrolment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{enrolment.pk}/")
    assert (enrolment.person, enrolment.status, enrolment.outcome) == (person, "completed", "job")
    event = AuditEvent.objects.get(action="create", object_type="programs.enrolment")
    assert "direct_minutes" in event.fields and "Ti-Guy" not in str(event.fields)
    page = client.get(f"/programmes/inscriptions/{enrolment.pk}/")
    assert b"21h" in page.content and b"D1" in page.content  # 20 h + 1 h: level D1
    assert AuditEvent.objects.filter(action="read", object_id=str(enrolment.pk)).exists()


def test_a_readmission_continues_the_earlier_enrolment(client_for, program, person):
    earlier = Enrolment.objects.create(
        person=person, program=program, start_date=date(2024, 3, 1), end_date=date(2024, 4, 1),
        status="not_completed", abandonment=True,
    )  # fmt: skip
    data = {"person_code": "P00042", "program": program.pk, "start_date": "2024-09-02",
            "status": "active", "eligible": "on", "readmission": "on",
            "internships": "0", "companies_contacted": "0"}  # fmt: skip
    assert client_for("bob").post("/programmes/inscriptions/nouvelle/", data).status_code == 302
    assert Enrolment.objects.get(readmission=True).continues == earlier


def test_the_form_refuses_inconsistent_input(client_for, program, person):
    client = client_for("carol")
    data = {"person_code": "NOPE", "program": program.pk, "start_date": "2024-09-02",
            "end_date": "2024-08-01", "status": "active", "funded_level": "D9",
            "internships": "0", "companies_contacted": "0"}  # fmt: skip
    response = client.post("/programmes/inscriptions/nouvelle/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"person_code", "end_date", "status", "funded_level"} <= set(errors)
    assert not Enrolment.objects.exists()


def test_link_the_persons_interventions(client_for, program, person):
    inside = Intervention.objects.create(date=date(2024, 10, 1), duration_minutes=90)
    outside = Intervention.objects.create(date=date(2025, 3, 1), duration_minutes=45)
    for intervention in (inside, outside):
        intervention.persons.add(person)
    data = {"person_code": "P00042", "program": program.pk, "start_date": "2024-09-02",
            "end_date": "2024-12-20", "status": "completed", "link_interventions": "on",
            "internships": "0", "companies_contacted": "0"}  # fmt: skip
    client_for("carol").post("/programmes/inscriptions/nouvelle/", data)
    assert list(Enrolment.objects.get().interventions.all()) == [inside]


def test_enrolment_list_filters(client_for, program, person):
    Enrolment.objects.create(person=person, program=program, start_date=date(2024, 8, 1))
    Enrolment.objects.create(
        person=Person.objects.create(code="P00099"), program=program,
        start_date=date(2024, 9, 1), eligible=False,
    )  # fmt: skip
    page = client_for("carol").get("/programmes/inscriptions/", {"not_eligible": "on"})
    assert [e.person.code for e in page.context["page"].object_list] == ["P00099"]


def test_record_a_needs_evaluation(client_for, program, person):
    client = client_for("dave")
    response = client.post(
        "/programmes/evaluations/",
        {"date": "2024-10-03", "person_code": "P00042", "program": program.pk},
    )
    assert response.status_code == 302
    evaluation = NeedsEvaluation.objects.get()
    assert (evaluation.person, evaluation.program) == (person, program)


def test_configure_a_program_and_its_bands(client_for, program):
    client = client_for("bob")
    data = {
        "agreement": program.agreement.pk, "name": "Groupe C", "code": "c",
        "counting_unit": "semester", "hours_rounding": "hour", "order": "2",
        "in_enrolment_table": "on", "tracks_readmissions": "on", "active": "on",
        "bands-TOTAL_FORMS": "2", "bands-INITIAL_FORMS": "0",
        "bands-0-code": "C1", "bands-0-min_hours": "0", "bands-0-max_hours": "5",
        "bands-1-code": "C2", "bands-1-min_hours": "5", "bands-1-max_hours": "",
    }  # fmt: skip
    response = client.post("/programmes/configuration/programmes/nouveau/", data)
    assert response.status_code == 302
    created = Program.objects.get(code="c")
    assert [(b.code, b.min_hours) for b in created.bands.all()] == [("C1", 0), ("C2", 5)]


def test_set_a_target(client_for, program):
    client = client_for("bob")
    data = {"metric": "new_participants", "period_start": "2024-07-01",
            "period_end": "2025-06-30", "value": "222"}  # fmt: skip
    assert client.post("/programmes/configuration/programmes/d/cibles/", data).status_code == 302
    target = Target.objects.get()
    assert (target.indicator_code, target.value) == ("programs.new_participants:d", 222)
    data["value"] = "230"  # the same period: replaced
    client.post("/programmes/configuration/programmes/d/cibles/", data)
    assert Target.objects.get().value == 230


def test_the_dashboard_shows_the_year_so_far(client_for, program, person):
    Target.objects.create(
        indicator_code="programs.new_participants:d", period_start=date(2024, 7, 1),
        period_end=date(2025, 6, 30), value=Decimal(4),
    )  # fmt: skip
    for day in (date(2024, 8, 1), date(2024, 12, 1), date(2025, 3, 1)):
        Enrolment.objects.create(person=person, program=program, start_date=day)
    response = client_for("frank").get("/programmes/tableau-de-bord/", {"au": "2024-12-31"})
    (row,) = response.context["rows"]
    assert (row.actual, row.target, round(row.percent)) == (2, 4, 50)
    assert 1.9 < row.expected < 2.1  # half the year gone: half the target expected
    assert b"<svg" in response.content and b"P00042" not in response.content


def test_the_enrolment_form_groups_every_field(users):
    from tissage.programs.forms import EnrolmentForm

    form = EnrolmentForm(user=users["carol"])
    grouped = [field.name for _legend, fields in form.groups for field in fields]
    assert sorted(grouped) == sorted(form.fields)
