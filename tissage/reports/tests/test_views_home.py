"""The reports home: the dashboard, opening a report, the reports with texts."""

from datetime import date

import pytest

from tissage.reports.models import Report
from tissage.reports.tests.test_quality import small_dataset


@pytest.fixture
def dataset(db):
    return small_dataset()


@pytest.mark.parametrize("name", ["bob", "carol", "frank"])
def test_statistics_readers_see_the_dashboard_and_the_report_form(client_for, dataset, name):
    response = client_for(name).get("/rapports/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="dashboard-title"' in body
    assert [f.code for f in response.context["dashboard"].figures] == [
        "people.persons_served",
        "people.interventions",
        "people.referrals_out",
    ]
    form = response.context["form"]
    # The last fiscal year with records (the dataset's latest is dated 2024-06-11).
    assert form.initial["period"] == "2024-25"
    options = [option for _group, group in form.fields["period"].choices[1:] for option in group]
    for expected in [("2023-24", "23/24"), ("2019", "2019"), ("2023-24-S2", "23/24 S2")]:
        assert expected in options
    assert ("2023-24-T1", "23/24 T1") in options
    assert "outreach" in dict(form.fields["template"].choices)
    assert ("/rapports/modeles/" in body) == (name == "bob")


def test_the_form_opens_the_report_of_the_chosen_period(client_for, dataset):
    frank = client_for("frank")
    response = frank.get("/rapports/", {"template": "outreach", "period": "2023-24-S1"})
    assert response["Location"] == "/rapports/outreach/2023-24-S1/"
    ranged = frank.get(
        "/rapports/", {"template": "outreach", "start": "2023-06-01", "end": "2023-08-15"}
    )
    assert ranged["Location"] == "/rapports/outreach/2023-06-01..2023-08-15/"
    quarter = frank.get(
        "/rapports/", {"template": "outreach", "start": "2023-07-01", "end": "2023-09-30"}
    )
    assert quarter["Location"] == "/rapports/outreach/2023-24-T2/"


def test_a_wrong_choice_stays_on_the_form_with_its_errors(client_for, dataset):
    frank = client_for("frank")
    response = frank.get(
        "/rapports/", {"template": "outreach", "start": "2023-08-15", "end": "2023-06-01"}
    )
    assert response.status_code == 200 and response.context["form"].errors
    response = frank.get("/rapports/", {"template": "nothing", "period": "2023-24"})
    assert response.context["form"].errors["template"]


def test_reports_with_texts_are_listed(client_for, dataset):
    Report.objects.create(
        template_code="outreach",
        period_start=date(2023, 4, 1),
        period_end=date(2024, 3, 31),
        period_label="23/24",
        texts={"introduction": {"fr-ca": "Bonjour"}},
    )
    response = client_for("frank").get("/rapports/")
    assert [item["url"] for item in response.context["saved"]] == ["/rapports/outreach/2023-24/"]


def test_the_quality_panel_counts_and_links_for_those_who_fix(client_for, dataset):
    carol = client_for("carol").get("/rapports/qualite/?period=2023-24")
    assert {c.code: c.count for c in carol.context["checks"]}["intervention_place"] == 2
    assert "missing=place" in carol.content.decode()
    frank = client_for("frank").get("/rapports/qualite/?period=2023-24")
    assert frank.status_code == 200
    assert "missing=place" not in frank.content.decode()  # counts only
    assert client_for("frank").get("/rapports/qualite/?period=x").status_code == 404
    assert client_for("frank").get("/rapports/qualite/").context["period"].label == "24/25"
