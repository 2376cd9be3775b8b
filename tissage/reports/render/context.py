"""What the three HTML uses of a report (app page, standalone file, PDF) share: the body.

The document is turned into small view objects here, so that `_body.html` stays a plain
template: which column holds numbers, which cell heads its row, each table's id (the text
alternative of its chart), the chart already drawn.
"""

import base64
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tissage.reports import charts
from tissage.reports.document import Block, Cell, Chart, ReportDocument, Table

NUMERIC = ("number", "percent", "rank")


@dataclass
class CellView:
    display: str
    link: str | None
    numeric: bool
    header: bool  # the cell names its row (<th scope="row">)


@dataclass
class ColumnView:
    label: str
    numeric: bool


@dataclass
class TableView:
    id: str
    title: str
    definition: str
    columns: list[ColumnView]
    rows: list[list[CellView]]


@dataclass
class SectionView:
    block: Block
    id: str
    paragraphs: list[str] = field(default_factory=list)
    table: TableView | None = None
    chart: SafeString | None = None
    chart_title: str = ""


def html_lang(language: str) -> str:
    """fr-ca → fr-CA (BCP 47, as the lang attribute and Word expect)."""
    parts = language.split("-")
    return "-".join([parts[0].lower(), *(p.upper() for p in parts[1:])])


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by a blank line, as people type them in the report's page."""
    return [part.strip() for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]


def numeric_columns(table: Table) -> list[bool]:
    """A column is numeric when its cells are numbers, percentages or ranks."""
    found = [False] * len(table.columns)
    for row in table.rows:
        for index, cell in enumerate(row[: len(found)]):
            found[index] = found[index] or cell.kind in NUMERIC
    return found


def header_column(table: Table) -> int:
    """The column that names each row: the label, after the rank in a ranking."""
    return 1 if table.numbered and len(table.columns) > 1 else 0


def _cell(cell: Cell, numeric: bool, header: bool, links: bool) -> CellView:
    return CellView(cell.display, cell.link if links else None, numeric, header)


def table_view(table: Table, *, links: bool) -> TableView:
    numeric = numeric_columns(table)
    head = header_column(table)
    return TableView(
        id=f"report-table-{slug(table.key)}",
        title=table.title,
        definition=table.definition,
        columns=[ColumnView(label, numeric[i]) for i, label in enumerate(table.columns)],
        rows=[
            [_cell(cell, cell.kind in NUMERIC, i == head, links) for i, cell in enumerate(row)]
            for row in table.rows
        ],
    )


def chart_markup(chart: Chart, language: str, mode: str) -> SafeString:
    """The chart drawn once (see `charts`), as inline SVG ("svg"), or as an <img> of SVG
    ("svg-img", for WeasyPrint, which would read inline SVG styles as HTML CSS) or of PNG."""
    if mode == "svg":
        return mark_safe(charts.svg(chart, language))  # noqa: S308  (escaped by matplotlib)
    if mode == "svg-img":
        data, content_type = charts.svg(chart, language).encode("utf-8"), "image/svg+xml"
    else:
        data, content_type = charts.png(chart, language), "image/png"
    encoded = base64.b64encode(data).decode("ascii")
    alt = escape(chart_alternative(chart))
    return mark_safe(f'<img src="data:{content_type};base64,{encoded}" alt="{alt}">')  # noqa: S308


def chart_alternative(chart: Chart) -> str:
    """A chart's text alternative points to its table, which holds every figure it shows."""
    return _("Chart: %(title)s. The figures are in the table above.") % {"title": chart.title}


def sections(doc: ReportDocument, *, links: bool, chart_mode: str = "svg") -> list[SectionView]:
    found = []
    for block in doc.blocks:
        view = SectionView(block, f"report-{slug(block.key)}")
        if block.kind == "text":
            view.paragraphs = paragraphs(block.text)
        if block.table is not None:
            view.table = table_view(block.table, links=links)
            if block.table.chart is not None:
                view.chart = chart_markup(block.table.chart, doc.language, chart_mode)
                view.chart_title = block.table.chart.title
        found.append(view)
    return found


def logo_data_uri(path: str | None) -> str | None:
    """The organization's logo inside the file itself: a report leaves the server."""
    if not path or not Path(path).is_file():
        return None
    content_type = mimetypes.guess_type(path)[0] or ""
    if not content_type.startswith("image/"):
        return None
    return f"data:{content_type};base64,{base64.b64encode(Path(path).read_bytes()).decode()}"


def body_context(doc: ReportDocument, *, links: bool, chart_mode: str = "svg") -> dict[str, Any]:
    return {
        "doc": doc,
        "sections": sections(doc, links=links, chart_mode=chart_mode),
        "links": links,
        "lang": html_lang(doc.language),
    }


def render_body(doc: ReportDocument, *, links: bool, chart_mode: str = "svg") -> SafeString:
    """`_body.html` alone: what the app's report page embeds."""
    html = render_to_string(
        "reports/render/_body.html", body_context(doc, links=links, chart_mode=chart_mode)
    )
    return mark_safe(html)  # noqa: S308  (a rendered, autoescaped template)
