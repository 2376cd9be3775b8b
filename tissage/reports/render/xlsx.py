"""The Excel workbook: a summary sheet, one sheet per table, the definitions last.

Numbers are stored as numbers, so people can add, chart and pivot them. Percentages are
stored as fractions with a percent format (0.44 shown "44 %"): Excel then computes with them
as percentages, and the "%" header says what the column holds. Formats are Excel's own codes
("#,##0"): Excel shows them with the reader's separators, 10 873 in a French Excel.
"None" in a five-year table (no count that year) is written "--", as in the report.

Labels come from data people typed (vocabulary entries, organization names): a label that
starts like a formula (= + - @) is written as text with Excel's quote prefix, never as a
formula, and stays text when someone edits the cell.
"""

import io
import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tissage.reports.document import Cell, ReportDocument, Table
from tissage.reports.render.context import html_lang

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_MAX = 31
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="F3F5F8")
WRAP = Alignment(wrap_text=True, vertical="top")
NOT_COUNTED = "--"


def _french(doc: ReportDocument) -> bool:
    return not doc.language.startswith("en")


def write(sheet: Worksheet, row: int, column: int, value: Any, number_format: str = "") -> XlCell:
    """One cell; text that looks like a formula stays text."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        if text.startswith(FORMULA_START):
            cell.data_type = "s"  # openpyxl took "=…" for a formula
            cell.quotePrefix = True
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def _decimals(cell: Cell, french: bool) -> int:
    """How many decimals the report shows (14,4 → 1), so Excel shows the same."""
    separator = "," if french else "."
    digits = re.search(re.escape(separator) + r"(\d+)", cell.display)
    return len(digits.group(1)) if digits else 0


def number_format(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits else "")


def percent_format(french: bool, digits: int = 0) -> str:
    """Excel's percent format with as many decimals as the report shows (142,5 % stays
    142,5 %, not 143 %); Québec puts a space before %."""
    decimals = "." + "0" * digits if digits else ""
    return f"0{decimals} %" if french else f"0{decimals}%"


def cell_value(cell: Cell, french: bool) -> tuple[Any, str]:
    """What to store for a report cell, and its number format."""
    value = cell.value
    if cell.kind in ("number", "percent", "rank"):
        if value is None:
            return NOT_COUNTED, ""
        if isinstance(value, Decimal):
            value = float(value)
        if cell.kind == "percent":
            return value / 100, percent_format(french, _decimals(cell, french))
        if cell.kind == "rank":
            return value, "0"
        return value, number_format(_decimals(cell, french))
    return ("" if value is None else str(value)), ""


def sheet_name(title: str, used: set[str]) -> str:
    """Excel's rules: 31 characters at most, none of []:*?/\\, unique regardless of case."""
    base = SHEET_FORBIDDEN.sub(" ", title)
    base = re.sub(r"\s+", " ", base).strip().strip("'").strip() or "Table"
    name, number = base[:SHEET_NAME_MAX].strip(), 1
    while name.casefold() in used or name.casefold() == "history":
        number += 1
        suffix = f" ({number})"
        name = base[: SHEET_NAME_MAX - len(suffix)].strip() + suffix
    used.add(name.casefold())
    return name


def _fit_columns(sheet: Worksheet, widths: dict[int, int], wide: int = 60) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), wide)


def _remember(widths: dict[int, int], column: int, text: Any) -> None:
    widths[column] = max(widths.get(column, 0), len(str(text)))


def _summary(sheet: Worksheet, doc: ReportDocument) -> None:
    french = _french(doc)
    write(sheet, 1, 1, doc.title).font = TITLE
    write(sheet, 2, 1, doc.organization).font = BOLD
    write(sheet, 3, 1, _("Period"))
    write(sheet, 3, 2, f"{doc.period_label} ({doc.period_start} – {doc.period_end})")
    if doc.generated_at:
        write(sheet, 4, 1, _("Produced on"))
        write(sheet, 4, 2, doc.generated_at)
    row = 6
    for block in doc.blocks:
        if block.kind == "figures":
            write(sheet, row, 1, block.title).font = BOLD
            row += 1
            for figure in block.figures:
                write(sheet, row, 1, figure.label)
                write(sheet, row, 2, *cell_value(figure.cell, french))
                row += 1
            row += 1
        elif block.kind == "highlights" and block.sentences:
            write(sheet, row, 1, block.title).font = BOLD
            row += 1
            for sentence in block.sentences:
                # Wrapped in the wide first column (not merged: Excel fits the row's height).
                write(sheet, row, 1, sentence).alignment = WRAP
                row += 1
            row += 1
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 34


def _table(sheet: Worksheet, table: Table, french: bool) -> None:
    write(sheet, 1, 1, table.title).font = TITLE
    if table.definition:
        write(sheet, 2, 1, table.definition).font = Font(italic=True)
    header = 4
    widths: dict[int, int] = {}
    for column, label in enumerate(table.columns, start=1):
        cell = write(sheet, header, column, label)
        cell.font, cell.fill = BOLD, HEADER_FILL
        _remember(widths, column, label)
    for offset, row in enumerate(table.rows, start=1):
        for column, report_cell in enumerate(row, start=1):
            value, fmt = cell_value(report_cell, french)
            cell = write(sheet, header + offset, column, value, fmt)
            if value == NOT_COUNTED:
                cell.alignment = Alignment(horizontal="right")
            _remember(widths, column, report_cell.display)
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    _fit_columns(sheet, widths)


def _definitions(sheet: Worksheet, doc: ReportDocument) -> None:
    for column, label in enumerate((_("Figure"), _("What it counts")), start=1):
        cell = write(sheet, 1, column, label)
        cell.font, cell.fill = BOLD, HEADER_FILL
    for row, (what, how) in enumerate(doc.definitions, start=2):
        write(sheet, row, 1, what).alignment = WRAP
        write(sheet, row, 2, how).alignment = WRAP
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 90


def render(doc: ReportDocument) -> bytes:
    """Run under the document's language (see `render.render`)."""
    workbook = Workbook()
    used: set[str] = set()
    summary = workbook.active
    summary.title = sheet_name(_("Summary"), used)
    definitions_name = sheet_name(_("Definitions"), used)  # reserved: always the last sheet
    _summary(summary, doc)
    french = _french(doc)
    for table in doc.tables():
        _table(workbook.create_sheet(sheet_name(table.title, used)), table, french)
    _definitions(workbook.create_sheet(definitions_name), doc)
    workbook.properties.title = doc.title
    workbook.properties.creator = doc.organization
    workbook.properties.language = html_lang(doc.language)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
