"""Extractions end to end: the form, the suppressed file, the log, the audit, the count."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tissage.extractions.models import ExtractionRequest
from tissage.extractions.tables import default_threshold, table
from tissage.people.models import Intervention, Person
from tissage.privacy.models import Action, AuditEvent
from tissage.reports.compute import compute
from tissage.reports.periods import fiscal_year
from tissage.reports.registry import Indicator
from tissage.vocabularies.models import Term

pytestmark = pytest.mark.django_db


def _term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary__code=vocabulary, code=code)


@pytest.fixture
def served() -> list[Person]:
    """12 women, 3 men, 9 without a gender, all met in 2023-24."""
    woman, man = _term("gender", "woman"), _term("gender", "man")
    persons = [Person.objects.create(code=f"ZZ{n:03}", gender=woman) for n in range(12)]
    persons += [Person.objects.create(code=f"ZY{n:03}", gender=man) for n in range(3)]
    persons += [Person.objects.create(code=f"ZX{n:03}") for n in range(9)]
    intervention = Intervention.objects.create(date=date(2023, 6, 1))
    intervention.persons.set(persons)
    return persons


def _post(client, **extra):
    data = {
        "requester": "Équipe de recherche",
        "organization": "Université",
        "purpose": "Portrait régional",
        "date": "2024-05-02",
        "period": "2023-24",
        "tables": ["people.gender_share"],
        "format": "csv",
        **extra,
    }
    return client.post("/confidentialite/extractions/nouvelle/", data)


def test_extraction_file_is_suppressed_logged_and_audited(client_for, served) -> None:
    response = _post(client_for("alice"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row]
    assert "< 5" in cells  # the 3 men
    assert "x" in cells  # complementary: the next smallest count (9 unknown)
    assert "12" in cells and "24" in cells  # women and the total are published
    assert "3" not in cells and "9" not in cells
    assert not any(person.code in text for person in served)
    extraction = ExtractionRequest.objects.get()
    assert extraction.requester == "Équipe de recherche"
    assert extraction.purpose == "Portrait régional"
    assert extraction.organization == "Université"
    assert extraction.date == date(2024, 5, 2)
    assert extraction.created_by.username == "alice"
    assert extraction.tables == ["people.gender_share"]
    assert extraction.thresholds == {"people.gender_share": 5}
    assert len(extraction.file_sha256) == 64
    event = AuditEvent.objects.get(action=Action.EXPORT, object_type="privacy.extraction")
    assert event.object_id == str(extraction.pk)
    assert event.fields == ["people.gender_share"]
    assert compute("privacy.extractions", fiscal_year(2024)).total == 1
    listing = client_for("alice").get("/confidentialite/extractions/")
    assert listing.status_code == 200
    assert b"Portrait r" in listing.content


def test_xlsx_and_override(client_for, served) -> None:
    response = _post(client_for("alice"), format="xlsx", threshold="13")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    values = [cell.value for row in book.worksheets[0].iter_rows() for cell in row]
    assert "< 13" in values and 12 not in values
    assert ExtractionRequest.objects.get().thresholds == {"people.gender_share": 13}


def test_override_cannot_lower_the_default(client_for, served) -> None:
    _post(client_for("alice"), threshold="2")
    assert ExtractionRequest.objects.get().thresholds == {"people.gender_share": 5}


def test_immigration_status_uses_twenty(served) -> None:
    ind = Indicator("test.immigration", "x", "persons_served", dimension="immigration_status")
    assert default_threshold(ind) == 20
    result = table(ind, fiscal_year(2023))
    assert result.threshold == 20


def test_access(client_for, users, served) -> None:
    assert _post(client_for("frank")).status_code == 403  # statistics only: no extraction
    assert client_for("bob").get("/confidentialite/extractions/").status_code == 403
    assert ExtractionRequest.objects.count() == 0


def test_bad_period_is_refused(client_for, users) -> None:
    response = _post(client_for("alice"), period="pas une période")
    assert response.status_code == 200
    assert "form" in response.context
    assert response.context["form"].errors["period"]
    assert ExtractionRequest.objects.count() == 0
