"""Drill-down: the records behind a figure, in full for file readers, as a count otherwise."""

from urllib.parse import urlencode

import pytest

from tissage.privacy.models import AuditEvent
from tissage.reports.tests.test_quality import small_dataset

CODES = ("QX101", "QX102", "QX103", "QX104")


@pytest.fixture
def dataset(db):
    return small_dataset()


def drill(client, indicator: str, code: str | None = None, start="2023-04-01", end="2024-03-31"):
    query = {"indicator": indicator, "start": start, "end": end}
    if code is not None:
        query["code"] = code
    return client.get("/rapports/detail/?" + urlencode(query))


def test_a_statistics_user_sees_the_count_and_never_a_code(client_for, dataset):
    response = drill(client_for("frank"), "people.interventions")
    assert response.status_code == 200
    assert response.context["count"] == 4
    assert response.context["may_see"] is False
    body = response.content.decode()
    assert 'id="drill-count">4<' in body
    for code in CODES:
        assert code not in body
    assert "/personnes/" not in body
    # Persons too: counted, not named.
    response = drill(client_for("frank"), "people.gender_share", "woman")
    assert response.context["count"] == 1
    assert not any(code in response.content.decode() for code in CODES)


def test_a_worker_sees_the_records_with_links_to_them(client_for, dataset):
    response = drill(client_for("carol"), "people.interventions")
    assert response.context["may_see"] is True
    assert response.context["visible"] == 4
    body = response.content.decode()
    complete = dataset["interventions"]["complete"]
    assert f'href="/personnes/interventions/{complete.pk}/"' in body
    assert 'href="/personnes/QX101/"' in body
    assert "QX104" not in body  # seen in 22/23 only
    persons = drill(client_for("bob"), "people.gender_share", "woman").content.decode()
    assert 'href="/personnes/QX101/"' in persons and "QX102" not in persons


def test_a_row_of_a_table_keeps_its_own_records(client_for, dataset):
    carol = client_for("carol")
    assert drill(carol, "people.top_problems", "housing").context["count"] == 3
    # The "Not specified" row: interventions without a place.
    assert drill(carol, "people.places", "").context["count"] == 2
    assert drill(carol, "people.places", "street").context["count"] == 2
    assert drill(carol, "people.interventions_by_month", "2023-05").context["count"] == 1
    assert drill(carol, "people.age_group_share", "").context["count"] == 1  # QX103
    organization = dataset["organization"]
    referred = drill(carol, "people.referred_to", str(organization.pk))
    assert referred.context["count"] == 1
    event = AuditEvent.objects.filter(object_type="reports.drilldown").latest("pk")
    assert event.object_id == f"people.referred_to:2023-24:{organization.pk}"
    assert referred.context["row"] == "CLSC de Magog"
    assert "QX101" in referred.content.decode()


def test_a_figure_of_persons_also_says_how_many_persons(client_for, dataset):
    response = drill(client_for("frank"), "people.persons_referred_out")
    assert (response.context["count"], response.context["persons"]) == (2, 2)


def test_each_drill_down_is_recorded_without_personal_data(client_for, dataset):
    drill(client_for("frank"), "people.top_problems", "housing")
    event = AuditEvent.objects.get(action="read", object_type="reports.drilldown")
    assert event.object_id == "people.top_problems:2023-24:housing"
    assert event.username == "frank"


@pytest.mark.parametrize(
    "query",
    [
        {"indicator": "people.nothing", "start": "2023-04-01", "end": "2024-03-31"},
        {"indicator": "people.interventions", "start": "x", "end": "2024-03-31"},
        {"indicator": "people.interventions", "start": "2024-04-01", "end": "2024-03-31"},
        {
            "indicator": "people.interventions",
            "start": "2023-04-01",
            "end": "2024-03-31",
            "code": "a",
        },
        {
            "indicator": "people.referred_to",
            "start": "2023-04-01",
            "end": "2024-03-31",
            "code": "x",
        },
        {
            "indicator": "people.interventions_by_month",
            "start": "2023-04-01",
            "end": "2024-03-31",
            "code": "x",
        },
        {},
    ],
)
def test_a_wrong_question_is_not_found(client_for, dataset, query):
    assert client_for("bob").get("/rapports/detail/?" + urlencode(query)).status_code == 404


def test_the_directory_role_may_not_drill_down(client_for, dataset):
    assert drill(client_for("erin"), "people.interventions").status_code == 403
