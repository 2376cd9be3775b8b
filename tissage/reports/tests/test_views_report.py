"""The report page: who opens it, its texts kept per language, its downloads."""

import pytest

from tissage.privacy.models import AuditEvent
from tissage.reports.models import Report
from tissage.reports.tests.test_quality import YEAR, small_dataset

URL = "/rapports/outreach/2023-24/"


@pytest.fixture
def dataset(db):
    return small_dataset()


@pytest.mark.parametrize("name", ["bob", "carol", "frank"])
def test_statistics_readers_open_the_report_with_its_tables_and_charts(client_for, dataset, name):
    response = client_for(name).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="report-summary"' in body
    assert "<table" in body and "<svg" in body
    assert response.context["period"] == YEAR
    # The quality summary counts what would make the report wrong.
    assert {check.code for check in response.context["checks"]} >= {"intervention_place"}


def test_the_directory_role_may_not_open_it(client_for, dataset):
    assert client_for("erin").get(URL).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/rapports/x/2023-24/",
        "/rapports/outreach/x/",
        "/rapports/outreach/2023-25/",
        "/rapports/outreach/2024-13-01..2024-01-01/",
        "/rapports/outreach/0001-01-01..9999-12-31/",
        "/rapports/outreach/2023-24/telecharger/odt/",
        "/rapports/outreach/2023-24/textes/summary/",  # not a text block
    ],
)
def test_an_unknown_template_period_format_or_block_is_not_found(client_for, dataset, url):
    assert client_for("bob").get(url).status_code == 404


def test_a_period_written_another_way_redirects_to_its_usual_address(client_for, dataset):
    response = client_for("bob").get("/rapports/outreach/2023-2024/?lang=en")
    assert response.status_code == 302
    assert response["Location"] == "/rapports/outreach/2023-24/?lang=en"


@pytest.mark.parametrize(
    "slug", ["2023-24-S2", "2023-24-T1", "2023", "2024-02", "2023-05-01..2023-05-31"]
)
def test_every_kind_of_period_opens(client_for, dataset, slug):
    response = client_for("frank").get(f"/rapports/outreach/{slug}/")
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # a range that is a named period (May 2023)
        assert response["Location"] == "/rapports/outreach/2023-05/"


def test_the_report_language_switch_builds_it_in_english(client_for, dataset):
    response = client_for("bob").get(URL + "?lang=en")
    assert response.context["document"].language == "en"
    assert response.context["language"] == "en"
    french = client_for("bob").get(URL)
    assert french.context["document"].language == "fr-ca"


def _save_text(client, text: str, language: str, **extra):
    return client.post(
        URL + f"textes/introduction/?lang={language}", {"text": text, "lang": language}, **extra
    )


def _introduction(client, language: str) -> str:
    doc = client.get(URL + f"?lang={language}").context["document"]
    return next(block.text for block in doc.blocks if block.key == "introduction")


def test_an_edited_text_is_kept_per_language_when_the_report_is_rebuilt(client_for, dataset):
    bob = client_for("bob")
    english_default = _introduction(bob, "en")
    response = _save_text(bob, "Notre mission : la rue.\n\nDeuxième paragraphe.", "fr-ca")
    assert response.status_code == 302
    assert response["Location"] == URL + "?lang=fr-ca"
    report = Report.objects.get(template_code="outreach", period_start=YEAR.start)
    assert report.texts == {
        "introduction": {"fr-ca": "Notre mission : la rue.\n\nDeuxième paragraphe."}
    }
    assert report.updated_by.username == "bob"
    assert report.period_label == "23/24"
    # Built again, in each language: the French text stays, English keeps its default.
    assert _introduction(bob, "fr-ca") == "Notre mission : la rue.\n\nDeuxième paragraphe."
    assert _introduction(bob, "en") == english_default
    _save_text(bob, "Our mission: the street.", "en")
    assert _introduction(bob, "en") == "Our mission: the street."
    assert _introduction(bob, "fr-ca").startswith("Notre mission")
    page = bob.get(URL).content.decode()
    assert "<p>Notre mission : la rue.</p>" in page
    assert AuditEvent.objects.filter(action="change", object_type="reports.report").count() == 2


def test_restoring_the_template_text_forgets_the_edit_of_that_language_only(client_for, dataset):
    bob = client_for("bob")
    default = _introduction(bob, "fr-ca")
    _save_text(bob, "Texte à nous", "fr-ca")
    _save_text(bob, "Our text", "en")
    bob.post(URL + "textes/introduction/?lang=fr-ca", {"restore": "1", "text": ""})
    assert _introduction(bob, "fr-ca") == default
    assert _introduction(bob, "en") == "Our text"


def test_the_inline_edit_works_through_htmx(client_for, dataset):
    bob = client_for("bob")
    page = bob.get(URL).content.decode()
    assert 'hx-get="/rapports/outreach/2023-24/textes/introduction/?lang=fr-ca"' in page
    form = bob.get(URL + "textes/introduction/?lang=fr-ca", HTTP_HX_REQUEST="true")
    assert form.templates[0].name == "reports/_text_form.html"
    assert "<textarea" in form.content.decode()
    saved = _save_text(bob, "Écrit en place", "fr-ca", HTTP_HX_REQUEST="true")
    assert saved.status_code == 200
    assert saved.templates[0].name == "reports/_text_block.html"
    assert "<p>Écrit en place</p>" in saved.content.decode()
    cancel = bob.get(URL + "textes/introduction/?lang=fr-ca&cancel=1", HTTP_HX_REQUEST="true")
    assert "<p>Écrit en place</p>" in cancel.content.decode()


def test_only_report_editors_change_texts(client_for, dataset):
    for name in ("carol", "frank"):
        client = client_for(name)
        assert client.get(URL + "textes/introduction/").status_code == 403
        assert _save_text(client, "non", "fr-ca").status_code == 403
        assert "textes/introduction" not in client.get(URL).content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("fmt", "content_type", "start"),
    [
        ("html", "text/html", b"<!DOCTYPE html>"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("pdf", "application/pdf", b"%PDF"),
    ],
)
def test_downloads_give_each_format_and_record_an_export(
    client_for, dataset, fmt, content_type, start
):
    response = client_for("frank").get(URL + f"telecharger/{fmt}/?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response.content.startswith(start)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith(f'.{fmt}"')
    assert "report-" in disposition  # an English file name for an English report
    event = AuditEvent.objects.get(action="export")
    assert (event.object_type, event.object_id) == ("reports.report", "outreach:23/24")
    assert event.username == "frank"
