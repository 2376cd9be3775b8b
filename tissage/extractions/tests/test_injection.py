"""Hostile text in a person's alias, an organization's name, a vocabulary label: escaped in
HTML, literal (never a formula) in Excel, literal in Word."""

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from tissage.directory.models import Organization
from tissage.people.models import Intervention, Person
from tissage.reports.builder import build_report
from tissage.reports.periods import fiscal_year
from tissage.reports.render import render
from tissage.vocabularies.models import Term

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","clic")'


@pytest.fixture
def hostile(users) -> dict[str, object]:
    woman = Term.objects.get(vocabulary__code="gender", code="woman")
    woman.label_fr = woman.label_en = FORMULA
    woman.save()
    man = Term.objects.get(vocabulary__code="gender", code="man")
    man.label_fr = man.label_en = SCRIPT
    man.save()
    persons = [Person.objects.create(code=f"XS{n:03}", gender=woman) for n in range(8)]
    persons += [Person.objects.create(code=f"XT{n:03}", gender=man) for n in range(7)]
    persons.append(Person.objects.create(code="XS999", alias=SCRIPT))
    intervention = Intervention.objects.create(date=date(2023, 6, 1))
    intervention.persons.set(persons)
    organization = Organization.objects.create(name=SCRIPT + FORMULA)
    return {"person": persons[-1], "organization": organization}


def _assert_escaped(content: bytes) -> None:
    assert SCRIPT.encode() not in content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_html_pages_escape(client_for, hostile) -> None:
    client = client_for("alice")
    _assert_escaped(client.get(f"/personnes/{hostile['person'].code}/").content)
    _assert_escaped(client.get(f"/repertoire/organismes/{hostile['organization'].pk}/").content)
    doc = build_report("outreach", fiscal_year(2023), language="fr-ca")
    _assert_escaped(render(doc, "html").content)


def test_excel_cells_are_never_formulas(client_for, hostile) -> None:
    data = {
        "requester": FORMULA,
        "purpose": SCRIPT,
        "date": "2024-05-02",
        "period": "2023-24",
        "tables": ["people.gender_share"],
        "format": "xlsx",
    }
    response = client_for("alice").post("/confidentialite/extractions/nouvelle/", data)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert any(cell.value == FORMULA for cell in cells)  # the label, kept exact…
    assert all(cell.data_type != "f" for cell in cells)  # …as text, never a formula
    _assert_escaped(client_for("alice").get("/confidentialite/extractions/").content)
    report = render(build_report("outreach", fiscal_year(2023), language="fr-ca"), "xlsx")
    for sheet in load_workbook(io.BytesIO(report.content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    assert cell.data_type != "f"


def test_word_text_is_literal(hostile) -> None:
    report = render(build_report("outreach", fiscal_year(2023), language="fr-ca"), "docx")
    document = Document(io.BytesIO(report.content))
    texts = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    texts += [paragraph.text for paragraph in document.paragraphs]
    assert any(SCRIPT in text for text in texts)
    assert any(FORMULA in text for text in texts)
