"""The built-in 211 report counts the de-identified extractions answered (seed 004: 46) and
the privacy requests received, without a custom template."""

import datetime

import pytest

from tissage.extractions.models import ExtractionRequest
from tissage.privacy.models import PrivacyRequest
from tissage.reports.builder import build_report
from tissage.reports.periods import fiscal_year
from tissage.reports.render import render
from tissage.reports.templates_default import BUILTIN

pytestmark = pytest.mark.django_db


def _extraction(day: datetime.date) -> ExtractionRequest:
    return ExtractionRequest.objects.create(
        requester="Direction de santé publique",
        purpose="Portrait régional",
        date=day,
        period="2024-2025",
        tables=["contacts.needs"],
    )


def _privacy_request(day: datetime.date) -> PrivacyRequest:
    return PrivacyRequest.objects.create(
        kind=PrivacyRequest.Kind.ACCESS, requester="La personne", received_on=day
    )


def test_the_211_template_holds_the_extractions_and_privacy_requests():
    keys = [section["key"] for section in BUILTIN["i_and_r"][1]]
    assert "data_requests" in keys
    section = BUILTIN["i_and_r"][1][keys.index("data_requests")]
    assert section["indicators"] == ["privacy.extractions", "privacy.requests"]


def test_the_211_report_counts_the_extractions_and_requests_of_the_period(client_for):
    for day in (datetime.date(2024, 4, 1), datetime.date(2024, 9, 12), datetime.date(2025, 3, 31)):
        _extraction(day)
    _extraction(datetime.date(2025, 4, 1))  # the next year
    _privacy_request(datetime.date(2024, 6, 3))
    _privacy_request(datetime.date(2024, 11, 20))
    _privacy_request(datetime.date(2024, 3, 31))  # the year before
    period = fiscal_year(2024)

    document = build_report("i_and_r", period, language="en")
    block = next(b for b in document.blocks if b.key == "data_requests")
    assert block.title == "Data extractions and privacy requests"
    assert [(f.label, f.cell.value) for f in block.figures] == [
        ("De-identified extractions answered", 3),
        ("Privacy requests received", 2),
    ]
    html = render(document, "html").content.decode()
    assert "De-identified extractions answered" in html

    french = build_report("i_and_r", period, language="fr-ca")
    block = next(b for b in french.blocks if b.key == "data_requests")
    assert block.title and block.title != "Data extractions and privacy requests"
    assert [f.cell.value for f in block.figures] == [3, 2]
    # The figure's drill-down answers (the administrator sees the extractions counted).
    response = client_for("alice").get(block.figures[0].cell.link)
    assert response.status_code == 200
