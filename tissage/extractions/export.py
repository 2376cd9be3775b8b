"""Writing extraction tables to XLSX or CSV: aggregates only, every cell a literal."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from tissage.extractions.tables import Table, legend

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def literal(value: str | int) -> str | int:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _lines(table: Table, neutralize: bool = True) -> list[list[str | int]]:
    lines: list[list[str | int]] = [[table.title], [legend(table.threshold)]]
    lines.append(["", *table.columns])
    lines.extend([label, *cells] for label, cells in table.rows)
    lines.append([_("Total"), *table.totals])
    if not neutralize:
        return lines
    return [[literal(cell) for cell in line] for line in lines]


def to_csv(tables: list[Table]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for table in tables:
        writer.writerows(_lines(table))
        writer.writerow([])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(tables: list[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for index, table in enumerate(tables, 1):
        sheet = book.create_sheet(f"{index} {table.code}"[:31].replace(":", "_"))
        # Cells typed as text are never evaluated: no apostrophe needed, the text stays exact.
        for line in _lines(table, neutralize=False):
            sheet.append(line)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
