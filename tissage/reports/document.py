"""The report as plain data: built once by `builder.py`, read by every renderer.

Nothing here knows HTML, Word or Excel; a renderer takes a `ReportDocument` and writes its
format. Numbers stay numbers (`Cell.value`) next to their Québec display (`Cell.display`), so
Excel stores numbers and the HTML shows "10 873".
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Cell:
    value: Any  # int, float, str or None ("--")
    display: str
    link: str | None = None  # the drill-down to the records behind this figure
    kind: str = "text"  # text, number, percent, rank


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # bar, barh, pie, line, grouped
    labels: list[str]
    series: list[tuple[str, list[float]]]  # (name, one value per label)
    unit: str = ""


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    definition: str = ""
    chart: Chart | None = None
    numbered: bool = False  # a ranking: the first column is the rank


@dataclass
class KeyFigure:
    label: str
    cell: Cell
    definition: str = ""


@dataclass
class Block:
    """One section of the report. Exactly one of its parts is set, by `kind`."""

    key: str
    kind: str  # text, figures, table, highlights
    title: str
    text: str = ""  # text blocks: paragraphs separated by blank lines, editable per report
    figures: list[KeyFigure] = field(default_factory=list)
    table: Table | None = None
    sentences: list[str] = field(default_factory=list)


@dataclass
class ReportDocument:
    title: str
    organization: str
    period_label: str
    period_start: str
    period_end: str
    language: str
    blocks: list[Block]
    definitions: list[tuple[str, str]]  # (what, how it is counted), listed at the end
    logo_path: str | None = None
    generated_at: str = ""
    template_code: str = ""

    def tables(self) -> list[Table]:
        return [block.table for block in self.blocks if block.table is not None]

    def charts(self) -> list[Chart]:
        return [table.chart for table in self.tables() if table.chart is not None]
