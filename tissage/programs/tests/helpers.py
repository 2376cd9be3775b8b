"""Reading the figures back out of a report: its blocks, its HTML file, its Excel workbook."""

import io
from html.parser import HTMLParser

from django.utils import translation
from openpyxl import load_workbook

from tissage.programs.blocks import BLOCKS
from tissage.programs.report_template import EMPLOYMENT
from tissage.reports.document import Block, ReportDocument
from tissage.reports.periods import Period


def employment_document(period: Period, language: str = "fr-ca") -> ReportDocument:
    """The "employment" template's sections of this app, as the builder assembles them."""
    with translation.override(language):
        blocks: list[Block] = [
            BLOCKS[section["kind"]](section, period)
            for section in EMPLOYMENT
            if section["kind"] in BLOCKS
        ]
    return ReportDocument(
        title="Rapport annuel",
        organization="Centre d'emploi (synthétique)",
        period_label=period.label,
        period_start=period.start.isoformat(),
        period_end=period.end.isoformat(),
        language=language,
        blocks=blocks,
        definitions=[],
        template_code="employment",
    )


def block_rows(doc: ReportDocument, key: str) -> list[list[str]]:
    block = next(block for block in doc.blocks if block.key == key)
    assert block.table is not None, key
    return [[cell.display for cell in row] for row in block.table.rows]


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: str | None = None
        self.in_body = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = dict(attrs)
        if tag == "table" and found.get("id"):
            self.current = found["id"]
            self.tables[self.current] = []
        elif tag == "tbody" and self.current:
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.tables[self.current].append([])  # type: ignore[index]
        elif tag in ("td", "th") and self.in_body:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[self.current][-1].append("".join(self.cell).strip())  # type: ignore[index]
            self.cell = None
        elif tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def html_tables(content: bytes) -> dict[str, list[list[str]]]:
    """Every report table of an HTML file, by its id (report-table-<key>): rows of texts."""
    parser = _Tables()
    parser.feed(content.decode("utf-8"))
    return parser.tables


def xlsx_tables(content: bytes) -> list[tuple[str, list[list[object]]]]:
    """Every table sheet of a workbook: its title (cell A1) and its rows of stored values."""
    workbook = load_workbook(io.BytesIO(content))
    found = []
    for sheet in workbook.worksheets[1:-1]:  # the summary first, the definitions last
        rows = [list(row) for row in sheet.iter_rows(min_row=5, values_only=True)]
        found.append((sheet["A1"].value, rows))
    return found
