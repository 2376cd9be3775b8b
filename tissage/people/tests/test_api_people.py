"""The people API: persons, interventions, referrals (issue #3)."""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tissage.accounts.models import ApiToken
from tissage.directory.models import Organization
from tissage.people.models import Consent, Intervention, Person, Referral
from tissage.privacy.models import AuditEvent
from tissage.vocabularies.models import Term

pytestmark = pytest.mark.django_db

JSON = "application/json"


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.of(vocabulary).get(code=code)


def send(client: Client, method: str, url: str, data: object) -> object:
    return client.generic(method, url, json.dumps(data), content_type=JSON)


def error_fields(response) -> set[str]:
    """The fields a 422 names (the last element of each error's location)."""
    assert response.status_code == 422, response.content
    return {str(error["loc"][-1]) for error in response.json()["detail"]}


def events(action: str, obj) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
        )
    )


@pytest.fixture
def helene(teams) -> Person:
    person = Person.objects.create(
        code="P00007",
        alias="Lène",
        first_name="Hélène",
        last_name="Tremblay",
        gender=term("gender", "woman"),
        age_group=term("age_group", "25-34"),
        municipality=term("municipality", "magog"),
        birth_year=1995,
        newcomer=False,
        team=teams["rue"],
    )
    Consent.objects.create(person=person, purpose=Consent.Purpose.SERVICES)
    return person


@pytest.fixture
def marc() -> Person:
    return Person.objects.create(
        code="P00008",
        first_name="Marc",
        gender=term("gender", "man"),
        municipality=term("municipality", "stanstead"),
    )


@pytest.fixture
def clsc() -> Organization:
    return Organization.objects.create(name="CLSC de Magog")


def make_intervention(persons, workers, *, date, type_code="supportive-counselling", **extra):
    intervention = Intervention.objects.create(date=date, **extra)
    intervention.persons.set(persons)
    intervention.workers.set(workers)
    intervention.types.set([term("intervention_type", type_code)])
    return intervention


# --- Access ------------------------------------------------------------------------------


OPERATIONS = [
    ("GET", "/api/people/persons", None),
    ("GET", "/api/people/persons/P00007", None),
    ("POST", "/api/people/persons", {"alias": "X"}),
    ("PATCH", "/api/people/persons/P00007", {"alias": "X"}),
    ("GET", "/api/people/interventions", None),
    ("GET", "/api/people/interventions/1", None),
    ("POST", "/api/people/interventions", {"date": "2024-01-01", "persons": ["P00007"]}),
    ("GET", "/api/people/referrals", None),
    ("GET", "/api/people/referrals/1", None),
    ("POST", "/api/people/referrals", {"person": "P00007", "organization": {"name": "A"}}),
    ("PATCH", "/api/people/referrals/1", {"outcome": "done"}),
]


class TestAccess:
    @pytest.mark.parametrize("name", ["frank", "erin"])
    def test_statistics_and_directory_roles_get_403_everywhere(self, name, client_for, helene):
        client = client_for(name)
        for method, url, data in OPERATIONS:
            response = send(client, method, url, data) if data else client.generic(method, url)
            assert response.status_code == 403, (method, url)
        assert Person.objects.count() == 1
        assert not AuditEvent.objects.filter(action="read").exists()

    def test_anonymous_gets_401_everywhere(self, helene):
        for method, url, data in OPERATIONS:
            response = send(Client(), method, url, data) if data else Client().generic(method, url)
            assert response.status_code == 401, (method, url)

    def test_a_session_write_needs_the_csrf_token(self, users):
        client = Client(enforce_csrf_checks=True)
        client.force_login(users["carol"])
        assert client.get("/api/people/persons").status_code == 200  # reads need none
        refused = send(client, "POST", "/api/people/persons", {"alias": "Ti-Loup"})
        assert refused.status_code == 403
        assert not Person.objects.exists()

        client.cookies["csrftoken"] = "a" * 32
        accepted = client.post(
            "/api/people/persons",
            json.dumps({"alias": "Ti-Loup"}),
            content_type=JSON,
            HTTP_X_CSRFTOKEN="a" * 32,
        )
        assert accepted.status_code == 201
        assert Person.objects.get().alias == "Ti-Loup"

    def test_a_token_write_needs_no_csrf_token(self, users):
        _token, key = ApiToken.issue(users["carol"], "script")
        client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")
        response = send(client, "POST", "/api/people/persons", {"alias": "Ti-Loup"})
        assert response.status_code == 201
        person = Person.objects.get(code=response.json()["code"])
        assert person.created_by == users["carol"]
        assert events("create", person)[0].username == "carol"

    def test_a_token_of_a_statistics_user_is_refused(self, users, helene):
        _token, key = ApiToken.issue(users["frank"], "script")
        response = Client().get("/api/people/persons", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 403


# --- Persons -----------------------------------------------------------------------------


class TestPersonList:
    def test_items_name_terms_by_code_and_show_no_key(self, client_for, helene, marc):
        data = client_for("carol").get("/api/people/persons").json()
        assert data["count"] == 2
        assert data["page"] == 1
        assert data["page_size"] == 50
        first = data["items"][0]
        assert first["code"] == "P00007"
        assert "id" not in first and "pk" not in first
        assert first["gender"] == "woman"
        assert first["age_group"] == "25-34"
        assert first["municipality"] == "magog"
        assert first["language"] is None
        assert first["team"] == "Travail de rue"
        assert first["birth_year"] == 1995
        assert first["newcomer"] is False
        assert data["items"][1]["team"] is None

    def test_pages(self, client_for):
        Person.objects.bulk_create(Person(code=f"C{n:03d}") for n in range(5))
        data = client_for("carol").get("/api/people/persons?page=2&page_size=2").json()
        assert data["count"] == 5
        assert [item["code"] for item in data["items"]] == ["C002", "C003"]
        assert data["page"] == 2 and data["page_size"] == 2

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("q=helene", ["P00007"]),  # accents ignored
            ("q=TREMB", ["P00007"]),  # case ignored
            ("q=lene+tremblay", ["P00007"]),  # every word, in any field
            ("q=marc+tremblay", []),
            ("q=p0000", ["P00007", "P00008"]),
            ("gender=man", ["P00008"]),
            ("age_group=25-34", ["P00007"]),
            ("municipality=magog", ["P00007"]),
            ("gender=nope", []),
            ("q=(P0", []),  # taken literally, not as a pattern
            ("q=L%C3%A8ne+%5C%27%2A", []),
        ],
    )
    def test_filters(self, client_for, helene, marc, query, expected):
        data = client_for("carol").get(f"/api/people/persons?{query}").json()
        assert [item["code"] for item in data["items"]] == expected

    def test_modified_after(self, client_for, helene, marc):
        Person.objects.filter(pk=helene.pk).update(
            updated_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
        )
        client = client_for("carol")
        data = client.get("/api/people/persons?modified_after=2024-06-01T00:00:00").json()
        assert [item["code"] for item in data["items"]] == ["P00008"]
        data = client.get("/api/people/persons?modified_after=2023-12-31T00:00:00Z").json()
        assert data["count"] == 2

    def test_merged_files_are_left_out(self, client_for, helene, marc):
        Person.objects.filter(pk=marc.pk).update(merged_into=helene)
        data = client_for("carol").get("/api/people/persons").json()
        assert [item["code"] for item in data["items"]] == ["P00007"]


class TestPersonDetail:
    def test_detail_with_consents_and_counts_is_audited(self, client_for, users, helene, clsc):
        make_intervention([helene], [users["carol"]], date=datetime.date(2024, 5, 1))
        Referral.objects.create(
            date=datetime.date(2024, 5, 2), person=helene, direction="out", organization=clsc
        )
        response = client_for("carol").get("/api/people/persons/P00007")
        assert response.status_code == 200
        data = response.json()
        assert data["code"] == "P00007"
        assert data["first_name"] == "Hélène"
        assert [consent["purpose"] for consent in data["consents"]] == ["services"]
        assert data["intervention_count"] == 1
        assert data["referral_count"] == 1
        [event] = events("read", helene)
        assert event.username == "carol"
        assert event.fields == []

    def test_unknown_code_is_404_and_not_audited(self, client_for, helene):
        assert client_for("carol").get("/api/people/persons/P99999").status_code == 404
        assert not AuditEvent.objects.filter(action="read").exists()

    def test_the_code_of_a_merged_file_gives_the_kept_file(self, client_for, helene, marc):
        Person.objects.filter(pk=marc.pk).update(merged_into=helene)
        Person.objects.filter(pk=helene.pk).update(former_codes=["P00008"])
        data = client_for("carol").get("/api/people/persons/P00008").json()
        assert data["code"] == "P00007"
        assert data["former_codes"] == ["P00008"]
        assert len(events("read", helene)) == 1


class TestPersonCreate:
    def test_create_with_a_generated_code(self, client_for, users, helene):
        payload = {
            "alias": " Ti-Loup ",
            "gender": "man",
            "municipality": "magog",
            "birth_year": 1980,
            "newcomer": True,
        }
        response = send(client_for("carol"), "POST", "/api/people/persons", payload)
        assert response.status_code == 201
        data = response.json()
        assert data["code"] == "P00008"
        assert data["alias"] == "Ti-Loup"
        assert data["gender"] == "man"
        assert data["consents"] == [] and data["intervention_count"] == 0
        person = Person.objects.get(code="P00008")
        assert person.municipality == term("municipality", "magog")
        assert person.team.name == "Travail de rue"  # carol's only team
        assert person.created_by == users["carol"]
        [event] = events("create", person)
        assert event.fields == sorted(
            ["alias", "birth_year", "code", "gender", "municipality", "newcomer", "team"]
        )
        assert "Ti-Loup" not in json.dumps(event.fields)

    def test_create_with_a_given_code_and_team(self, client_for):
        payload = {"code": "RUE-12", "team": "Milieu scolaire"}
        data = send(client_for("carol"), "POST", "/api/people/persons", payload).json()
        assert data["code"] == "RUE-12"
        assert data["team"] == "Milieu scolaire"

    def test_a_person_of_several_teams_files_in_none_unless_told(self, client_for):
        data = send(client_for("bob"), "POST", "/api/people/persons", {"alias": "A"}).json()
        assert data["team"] is None

    def test_a_taken_code_is_refused(self, client_for, helene):
        response = send(client_for("carol"), "POST", "/api/people/persons", {"code": "P00007"})
        assert error_fields(response) == {"code"}
        assert Person.objects.count() == 1

    def test_unknown_codes_name_their_field(self, client_for):
        payload = {"gender": "magog", "municipality": "atlantis", "team": "Nope"}
        response = send(client_for("carol"), "POST", "/api/people/persons", payload)
        assert error_fields(response) == {"gender", "municipality", "team"}
        messages = " ".join(error["msg"] for error in response.json()["detail"])
        assert "magog" in messages and "atlantis" in messages
        assert not Person.objects.exists()

    def test_a_merged_term_gives_its_replacement_and_an_unused_one_is_refused(self, client_for):
        old, new = term("municipality", "ogden"), term("municipality", "stanstead")
        Term.objects.filter(pk=old.pk).update(merged_into=new, active=False)
        Term.objects.filter(code="potton").update(active=False)
        client = client_for("carol")
        data = send(client, "POST", "/api/people/persons", {"municipality": "ogden"}).json()
        assert data["municipality"] == "stanstead"
        response = send(client, "POST", "/api/people/persons", {"municipality": "potton"})
        assert error_fields(response) == {"municipality"}

    def test_a_misspelt_field_or_a_bad_value_is_refused(self, client_for):
        client = client_for("carol")
        response = send(client, "POST", "/api/people/persons", {"genre": "woman"})
        assert error_fields(response) == {"genre"}
        response = send(client, "POST", "/api/people/persons", {"birth_year": 1492})
        assert error_fields(response) == {"birth_year"}
        assert client.generic("POST", "/api/people/persons").status_code == 422  # no body
        assert not Person.objects.exists()


class TestPersonChange:
    def test_only_the_fields_sent_change_and_the_trail_names_them(self, client_for, helene):
        payload = {"alias": "Hél", "gender": None, "language": "french", "birth_year": 1995}
        response = send(client_for("carol"), "PATCH", "/api/people/persons/P00007", payload)
        assert response.status_code == 200
        assert response.json()["language"] == "french"
        helene.refresh_from_db()
        assert helene.alias == "Hél"
        assert helene.gender is None
        assert helene.municipality.code == "magog"  # not sent, not changed
        [event] = events("change", helene)
        assert event.fields == ["alias", "gender", "language"]  # birth_year was the same

    def test_nothing_changed_writes_no_event(self, client_for, helene):
        payload = {"alias": "Lène"}
        response = send(client_for("carol"), "PATCH", "/api/people/persons/P00007", payload)
        assert response.status_code == 200
        assert events("change", helene) == []

    def test_errors_and_unknown_persons(self, client_for, helene):
        client = client_for("carol")
        response = send(client, "PATCH", "/api/people/persons/P00007", {"age_group": "999"})
        assert error_fields(response) == {"age_group"}
        response = send(client, "PATCH", "/api/people/persons/P00007", {"code": "Z"})
        assert error_fields(response) == {"code"}  # a code does not change
        response = send(client, "PATCH", "/api/people/persons/P404", {"alias": "X"})
        assert response.status_code == 404
        helene.refresh_from_db()
        assert helene.age_group.code == "25-34"


# --- Interventions -----------------------------------------------------------------------


@pytest.fixture
def interventions(users, helene, marc) -> list[Intervention]:
    first = make_intervention(
        [helene, marc],
        [users["carol"], users["dave"]],
        date=datetime.date(2024, 4, 10),
        place=term("place", "street"),
        duration_minutes=30,
        notes="Confidentiel",
    )
    first.problems.set([term("problem", "housing")])
    second = make_intervention(
        [marc], [users["dave"]], date=datetime.date(2024, 6, 1), type_code="referral"
    )
    return [first, second]


class TestInterventionList:
    def test_items(self, client_for, interventions):
        data = client_for("carol").get("/api/people/interventions").json()
        assert data["count"] == 2
        assert [item["id"] for item in data["items"]] == [i.pk for i in interventions[::-1]]
        item = data["items"][1]
        assert item["date"] == "2024-04-10"
        assert sorted(item["persons"]) == ["P00007", "P00008"]
        assert sorted(item["workers"]) == ["carol", "dave"]
        assert item["types"] == ["supportive-counselling"]
        assert item["problems"] == ["housing"]
        assert item["place"] == "street"
        assert item["duration_minutes"] == 30
        assert item["notes"] == "Confidentiel"
        assert item["follow_up"] is False

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("date_from=2024-05-01", [1]),
            ("date_to=2024-05-01", [0]),
            ("worker=carol", [0]),
            ("worker=dave", [1, 0]),
            ("type=referral", [1]),
            ("problem=housing", [0]),
            ("place=street", [0]),
            ("person=P00007", [0]),
            ("person=P00008&date_from=2024-01-01", [1, 0]),
            ("person=P404", []),
        ],
    )
    def test_filters(self, client_for, interventions, query, expected):
        data = client_for("carol").get(f"/api/people/interventions?{query}").json()
        assert [item["id"] for item in data["items"]] == [interventions[i].pk for i in expected]

    def test_detail(self, client_for, interventions):
        client = client_for("carol")
        data = client.get(f"/api/people/interventions/{interventions[1].pk}").json()
        assert data["types"] == ["referral"] and data["persons"] == ["P00008"]
        assert client.get("/api/people/interventions/999999").status_code == 404
        assert client.get("/api/people/interventions/x").status_code == 422


class TestInterventionCreate:
    def test_create_with_the_caller_as_worker(self, client_for, users, helene, marc):
        payload = {
            "date": "2024-07-02",
            "time": "14:30",
            "persons": ["P00007", "P00008"],
            "types": ["trust-building", "referral"],
            "problems": ["mental-health"],
            "place": "home",
            "duration_minutes": 45,
            "follow_up": True,
            "notes": "À revoir",
        }
        response = send(client_for("carol"), "POST", "/api/people/interventions", payload)
        assert response.status_code == 201
        data = response.json()
        assert data["workers"] == ["carol"]
        intervention = Intervention.objects.get(pk=data["id"])
        assert set(intervention.persons.values_list("code", flat=True)) == {"P00007", "P00008"}
        assert set(intervention.types.values_list("code", flat=True)) == {
            "trust-building",
            "referral",
        }
        assert intervention.place.code == "home"
        assert intervention.time == datetime.time(14, 30)
        assert intervention.follow_up and intervention.notes == "À revoir"
        assert intervention.created_by == users["carol"]
        assert len(events("create", intervention)) == 1

    def test_named_workers_and_a_merged_person(self, client_for, helene, marc):
        Person.objects.filter(pk=marc.pk).update(merged_into=helene)
        payload = {
            "date": "2024-07-02",
            "persons": ["P00008"],
            "types": ["referral"],
            "workers": ["dave", "carol"],
        }
        data = send(client_for("bob"), "POST", "/api/people/interventions", payload).json()
        assert data["persons"] == ["P00007"]
        assert sorted(data["workers"]) == ["carol", "dave"]

    @pytest.mark.parametrize(
        ("change", "fields"),
        [
            ({"persons": []}, {"persons"}),
            ({"types": []}, {"types"}),
            ({"persons": ["P404"]}, {"persons"}),
            ({"types": ["housing"]}, {"types"}),  # a problem is not a type
            ({"problems": ["nope"], "place": "moon"}, {"problems", "place"}),
            ({"workers": ["nobody"]}, {"workers"}),
            ({"workers": []}, {"workers"}),
            ({"duration_minutes": 5000}, {"duration_minutes"}),
        ],
    )
    def test_invalid(self, client_for, helene, change, fields):
        payload = {"date": "2024-07-02", "persons": ["P00007"], "types": ["referral"], **change}
        response = send(client_for("carol"), "POST", "/api/people/interventions", payload)
        assert error_fields(response) == fields
        assert not Intervention.objects.exists()

    def test_only_persons_the_user_may_see(self, client_for, helene, monkeypatch):
        # The row-level rule decides; here it hides everyone from the caller.
        monkeypatch.setattr("tissage.people.api.persons_for", lambda user: Person.objects.none())
        payload = {"date": "2024-07-02", "persons": ["P00007"], "types": ["referral"]}
        response = send(client_for("carol"), "POST", "/api/people/interventions", payload)
        assert error_fields(response) == {"persons"}


# --- Referrals ---------------------------------------------------------------------------


@pytest.fixture
def referrals(helene, marc, clsc) -> list[Referral]:
    other = Organization.objects.create(name="Banque alimentaire")
    return [
        Referral.objects.create(
            date=datetime.date(2024, 4, 1),
            person=helene,
            direction="out",
            organization=clsc,
            reason="Suivi",
        ),
        Referral.objects.create(
            date=datetime.date(2024, 5, 1),
            person=marc,
            direction="in",
            organization=other,
            outcome="done",
        ),
    ]


class TestReferrals:
    def test_list_items(self, client_for, referrals, clsc):
        data = client_for("carol").get("/api/people/referrals").json()
        assert data["count"] == 2
        item = data["items"][1]
        assert item == {
            "id": referrals[0].pk,
            "date": "2024-04-01",
            "person": "P00007",
            "direction": "out",
            "organization": {"id": str(clsc.pk), "name": "CLSC de Magog"},
            "reason": "Suivi",
            "outcome": "pending",
        }

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("direction=in", [1]),
            ("outcome=pending", [0]),
            ("date_from=2024-04-15", [1]),
            ("date_to=2024-04-15", [0]),
            ("person=P00007", [0]),
            ("", [1, 0]),
        ],
    )
    def test_filters(self, client_for, referrals, query, expected):
        data = client_for("carol").get(f"/api/people/referrals?{query}").json()
        assert [item["id"] for item in data["items"]] == [referrals[i].pk for i in expected]

    def test_a_bad_filter_value_is_422(self, client_for):
        response = client_for("carol").get("/api/people/referrals?direction=sideways")
        assert response.status_code == 422

    def test_detail(self, client_for, referrals):
        client = client_for("carol")
        assert client.get(f"/api/people/referrals/{referrals[1].pk}").json()["direction"] == "in"
        assert client.get("/api/people/referrals/999999").status_code == 404

    def test_create_with_an_organization_by_id(self, client_for, users, helene, clsc):
        payload = {"person": "P00007", "organization": {"id": str(clsc.pk)}, "reason": "Logement"}
        response = send(client_for("carol"), "POST", "/api/people/referrals", payload)
        assert response.status_code == 201
        referral = Referral.objects.get(pk=response.json()["id"])
        assert referral.organization == clsc
        assert referral.direction == "out" and referral.outcome == "pending"
        assert referral.date == timezone.localdate()
        assert referral.created_by == users["carol"]
        [event] = events("create", referral)
        assert "reason" in event.fields

    def test_an_organization_by_name_is_found_accents_and_case_ignored(self, client_for, clsc):
        Person.objects.create(code="P1")
        payload = {
            "person": "P1",
            "date": "2024-02-03",
            "direction": "in",
            "organization": {"name": "clsc DE magóg"},
        }
        data = send(client_for("carol"), "POST", "/api/people/referrals", payload).json()
        assert data["organization"] == {"id": str(clsc.pk), "name": "CLSC de Magog"}
        assert Organization.objects.count() == 1

    def test_an_unknown_organization_name_is_added_to_the_directory(self, client_for, helene):
        payload = {"person": "P00007", "organization": {"name": "Maison des jeunes"}}
        data = send(client_for("carol"), "POST", "/api/people/referrals", payload).json()
        organization = Organization.objects.get(name="Maison des jeunes")
        assert data["organization"]["id"] == str(organization.pk)

    @pytest.mark.parametrize(
        ("payload", "fields"),
        [
            ({"person": "P404", "organization": {"name": "A"}}, {"person"}),
            ({"person": "P00007", "organization": {}}, {"organization"}),
            ({"person": "P00007", "organization": {"id": str(uuid.UUID(int=0))}}, {"id"}),
            ({"person": "P00007", "organization": {"name": "A"}, "outcome": "lost"}, {"outcome"}),
        ],
    )
    def test_invalid(self, client_for, helene, payload, fields):
        response = send(client_for("carol"), "POST", "/api/people/referrals", payload)
        assert error_fields(response) == fields
        assert not Referral.objects.exists()
        assert not Organization.objects.exists()

    def test_change_the_outcome(self, client_for, referrals):
        referral = referrals[0]
        client = client_for("carol")
        url = f"/api/people/referrals/{referral.pk}"
        response = send(client, "PATCH", url, {"outcome": "not_reached", "reason": "Suivi"})
        assert response.json()["outcome"] == "not_reached"
        referral.refresh_from_db()
        assert referral.outcome == "not_reached"
        [event] = events("change", referral)
        assert event.fields == ["outcome"]
        assert error_fields(send(client, "PATCH", url, {"outcome": None})) == {"outcome"}
        assert error_fields(send(client, "PATCH", url, {"person": "P00008"})) == {"person"}
        assert send(client, "PATCH", "/api/people/referrals/999999", {}).status_code == 404


# --- Cost and schema ---------------------------------------------------------------------


def _fill(start: int, stop: int, users, organization) -> None:
    """Rows numbered start…stop-1, each with every relation a list shows."""
    persons = Person.objects.bulk_create(
        Person(
            code=f"Q{n:04d}",
            gender=term("gender", "woman"),
            municipality=term("municipality", "magog"),
            team=users["carol"].teams.first(),
        )
        for n in range(start, stop)
    )
    interventions = Intervention.objects.bulk_create(
        Intervention(date=datetime.date(2024, 1, 1), place=term("place", "street")) for _ in persons
    )
    kind, problem = term("intervention_type", "referral"), term("problem", "housing")
    for person, intervention in zip(persons, interventions, strict=True):
        intervention.persons.add(person)
        intervention.workers.add(users["carol"], users["dave"])
        intervention.types.add(kind)
        intervention.problems.add(problem)
    Referral.objects.bulk_create(
        Referral(
            date=datetime.date(2024, 1, 1), person=p, direction="out", organization=organization
        )
        for p in persons
    )


def test_lists_cost_the_same_few_queries_for_5_or_50_rows(client_for, users, clsc):
    client = client_for("carol")
    client.get("/")  # the session's first request writes its idle clock: not a list's cost
    urls = ["/api/people/persons", "/api/people/interventions", "/api/people/referrals"]

    def cost() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    _fill(0, 5, users, clsc)
    few = cost()
    _fill(5, 50, users, clsc)
    many = cost()
    assert [client.get(url).json()["count"] for url in urls] == [50, 50, 50]
    assert many == few
    assert max(many) <= 12  # sign-in and session, count, page, one per prefetched list


def test_the_openapi_schema_lists_the_people_api():
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert set(paths["/api/people/persons"]) == {"get", "post"}
    assert set(paths["/api/people/persons/{code}"]) == {"get", "patch"}
    assert set(paths["/api/people/interventions"]) == {"get", "post"}
    assert "get" in paths["/api/people/interventions/{id}"]
    assert set(paths["/api/people/referrals"]) == {"get", "post"}
    assert set(paths["/api/people/referrals/{id}"]) == {"get", "patch"}
