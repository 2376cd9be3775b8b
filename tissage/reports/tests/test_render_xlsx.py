"""The Excel workbook: one sheet per table, numbers as numbers, typed labels never formulas."""

import io

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from tissage.reports.document import Cell
from tissage.reports.render import render
from tissage.reports.render.xlsx import cell_value, sheet_name
from tissage.reports.tests.test_render_dataset import (  # noqa: F401  (a fixture)
    FORMULA_LIKE,
    LANGUAGES,
    THIS_YEAR,
    report_docs,
)

# The shared report is built in the test database: a marked test makes pytest-django set it up.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def workbooks(report_docs) -> dict[str, Workbook]:  # noqa: F811
    found = {}
    for language in LANGUAGES:
        rendered = render(report_docs[language], "xlsx")
        assert rendered.filename.endswith(".xlsx")
        assert rendered.content_type.endswith("spreadsheetml.sheet")
        found[language] = load_workbook(io.BytesIO(rendered.content))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_summary_then_one_sheet_per_table_then_the_definitions(
    report_docs,  # noqa: F811
    workbooks,
    language,
):
    doc, workbook = report_docs[language], workbooks[language]
    tables = doc.tables()
    assert len(workbook.sheetnames) == len(tables) + 2
    for sheet, table in zip(workbook.worksheets[1:-1], tables, strict=True):
        assert len(sheet.title) <= 31
        assert sheet["A1"].value == table.title
        assert [c.value for c in sheet[4]][: len(table.columns)] == table.columns
        assert all(cell.font.b for cell in sheet[4] if cell.value is not None)
    definitions = workbook.worksheets[-1]
    assert definitions.max_row == len(doc.definitions) + 1
    summary = workbook.worksheets[0]
    values = [cell.value for row in summary.iter_rows() for cell in row]
    assert doc.title in values
    assert doc.organization in values
    assert THIS_YEAR in values  # a key figure, as a number


def test_numbers_are_stored_as_numbers_and_percentages_as_fractions(report_docs, workbooks):  # noqa: F811
    doc, workbook = report_docs["fr-ca"], workbooks["fr-ca"]
    for sheet, table in zip(workbook.worksheets[1:-1], doc.tables(), strict=True):
        for row_number, row in enumerate(table.rows, start=5):
            for column, cell in enumerate(row, start=1):
                stored = sheet.cell(row=row_number, column=column)
                if cell.kind in ("number", "rank") and cell.value is not None:
                    assert isinstance(stored.value, int | float)
                    assert stored.value == cell.value
                    assert "#,##0" in stored.number_format or cell.kind == "rank"
                elif cell.kind == "percent":
                    assert stored.value == pytest.approx(cell.value / 100)
                    whole = "," not in cell.display
                    assert stored.number_format == ("0 %" if whole else "0.0 %")
                elif cell.value is None:
                    assert stored.value == "--"
    gender = workbook.worksheets[1]
    assert gender["B5"].value == 2  # two women of four persons
    assert workbooks["en"].worksheets[1]["C5"].number_format == "0%"


def test_the_five_year_tables_write_no_count_as_two_dashes(report_docs, workbooks):  # noqa: F811
    doc, workbook = report_docs["en"], workbooks["en"]
    index = next(i for i, t in enumerate(doc.tables()) if t.key == "problems")
    sheet = workbook.worksheets[index + 1]
    rows = {row[1]: row[2:] for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]}
    assert rows["Housing"][1] == "--"  # no intervention named it last year
    assert isinstance(rows["Mental health"][1], int)


def test_a_label_that_looks_like_a_formula_stays_text(workbooks):
    for workbook in workbooks.values():
        found = []
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                    if cell.value == FORMULA_LIKE:
                        found.append(cell)
        assert found
        assert all(cell.quotePrefix for cell in found)


def test_sheet_names_follow_excel_rules():
    used: set[str] = set()
    assert sheet_name("Où: [les] *personnes*?/\\", used) == "Où les personnes"
    long = "Types of intervention most often carried out"
    first, second = sheet_name(long, used), sheet_name(long, used)
    assert len(first) == 31 and len(second) <= 31
    assert first != second and second.endswith(" (2)")
    assert sheet_name("'Quoted'", used) == "Quoted"
    assert sheet_name("history", used) != "history"
    assert sheet_name("", used) == "Table"


@pytest.mark.parametrize(
    ("display", "french", "expected"),
    [
        ("142,5 %", True, "0.0 %"),
        ("44 %", True, "0 %"),
        ("142.5%", False, "0.0%"),
        ("7%", False, "0%"),
    ],
)
def test_percentages_keep_the_decimals_the_report_shows(display, french, expected):
    value = float(display.rstrip(" %").replace(",", "."))
    stored, number_format = cell_value(Cell(value, display, kind="percent"), french)
    assert stored == pytest.approx(value / 100)
    assert number_format == expected
