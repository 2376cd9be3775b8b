"""The Word document: a draft the organization finishes in Word.

So it is made of what Word users edit easily: Heading styles (the navigation pane and the
table of contents work), real tables (header row repeated on each page, rows never split,
numbers right-aligned), charts as pictures with a text alternative, bulleted highlights, and
the styles' language set to the report's, so that Word checks the spelling in French.
"""

import io
import re

from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.exceptions import (
    InvalidImageStreamError,
    UnexpectedEndOfFileError,
    UnrecognizedImageError,
)
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as WordTable
from docx.table import _Row

from tissage.reports import charts
from tissage.reports.document import Block, Chart, ReportDocument, Table
from tissage.reports.render.context import (
    chart_alternative,
    header_column,
    numeric_columns,
    paragraphs,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHART_WIDTH = Cm(15)
LOGO_WIDTH = Cm(5)
HEADER_SHADE = "F3F5F8"
IMAGE_ERRORS = (InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError)
# Characters XML (hence Word) cannot hold; typed data could carry them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def word_language(language: str) -> str:
    return "en-US" if language.startswith("en") else "fr-CA"


def clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _set_language(document: WordDocument, language: str) -> None:
    """On the document defaults every style inherits: body, headings, tables, captions."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), language)
    document.core_properties.language = language


def _repeat_as_header(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _keep_row_whole(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def _shade(row: _Row, fill: str) -> None:
    for cell in row.cells:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shading)


def _fill(row: _Row, texts: list[str], right: list[bool], *, bold: bool = False) -> None:
    for cell, text, align_right in zip(row.cells, texts, right, strict=False):
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(clean(text))
        run.bold = bold or None
        if align_right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)


def _table(document: WordDocument, table: Table) -> WordTable:
    right = numeric_columns(table)
    word = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    word.style = "Table Grid"
    word.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = word.rows[0]
    _fill(header, table.columns, right, bold=True)
    _repeat_as_header(header)
    _keep_row_whole(header)
    _shade(header, HEADER_SHADE)
    label = header_column(table)
    for row, cells in zip(word.rows[1:], table.rows, strict=True):
        _fill(row, [cell.display for cell in cells], right)
        _keep_row_whole(row)
        # The row's label in bold, as the HTML's <th scope="row">.
        if label < len(cells):
            for run in row.cells[label].paragraphs[0].runs:
                run.bold = True
    return word


def _chart(document: WordDocument, chart: Chart, language: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.keep_with_next = True  # the caption stays with its chart
    picture = paragraph.add_run().add_picture(io.BytesIO(charts.png(chart, language)), CHART_WIDTH)
    # The text alternative screen readers and Word's accessibility checker look for.
    picture._inline.docPr.set("descr", clean(chart_alternative(chart)))
    picture._inline.docPr.set("title", clean(chart.title))
    document.add_paragraph(clean(chart.title), style="Caption")


def _figures(document: WordDocument, block: Block) -> None:
    word = document.add_table(rows=len(block.figures), cols=2)
    word.style = "Table Grid"
    for row, figure in zip(word.rows, block.figures, strict=True):
        _fill(row, [figure.label, figure.cell.display], [False, True])
        _keep_row_whole(row)
        row.cells[1].paragraphs[0].runs[0].bold = True


def _block(document: WordDocument, block: Block, language: str) -> None:
    document.add_heading(clean(block.title), level=1)
    if block.kind == "text":
        for text in paragraphs(block.text):
            paragraph = document.add_paragraph()
            for number, line in enumerate(text.splitlines()):
                if number:
                    paragraph.add_run().add_break(WD_BREAK.LINE)
                paragraph.add_run(clean(line))
    elif block.kind == "figures":
        _figures(document, block)
    elif block.kind == "highlights":
        for sentence in block.sentences:
            document.add_paragraph(clean(sentence), style="List Bullet")
    if block.table is not None:
        if block.table.definition:
            definition = document.add_paragraph(clean(block.table.definition))
            definition.runs[0].italic = True
            definition.paragraph_format.keep_with_next = True
        _table(document, block.table)
        if block.table.chart is not None:
            _chart(document, block.table.chart, language)


def _title_page(document: WordDocument, doc: ReportDocument) -> None:
    if doc.logo_path:
        try:
            logo = document.add_picture(doc.logo_path, width=LOGO_WIDTH)
            logo._inline.docPr.set(
                "descr", clean(_("Logo of %(name)s") % {"name": doc.organization})
            )
        except (OSError, ValueError, KeyError, *IMAGE_ERRORS):
            # A missing or unreadable logo must not cost the organization its report.
            pass
    organization = document.add_paragraph()
    organization.add_run(clean(doc.organization)).bold = True
    document.add_heading(clean(doc.title), level=0)
    document.add_paragraph(
        _("Period %(label)s, from %(start)s to %(end)s")
        % {"label": doc.period_label, "start": doc.period_start, "end": doc.period_end},
        style="Subtitle",
    )
    if doc.generated_at:
        document.add_paragraph(_("Produced on %(when)s with Tissage.") % {"when": doc.generated_at})
    document.add_page_break()


def _footer(document: WordDocument, doc: ReportDocument) -> None:
    """Organization, period and page number on every page but the title page."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.footer.paragraphs[0]
    paragraph.add_run(clean(f"{doc.organization} · {doc.period_label} · "))
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _definitions(document: WordDocument, doc: ReportDocument) -> None:
    document.add_heading(_("Definitions"), level=1)
    document.add_paragraph(_("What each figure of this report counts."))
    for what, how in doc.definitions:
        paragraph = document.add_paragraph()
        paragraph.add_run(clean(what)).bold = True
        paragraph.add_run(clean(f" — {how}" if how else ""))


def render(doc: ReportDocument) -> bytes:
    """Run under the document's language (see `render.render`)."""
    document = Document()
    language = word_language(doc.language)
    _set_language(document, language)
    properties = document.core_properties
    properties.title = clean(doc.title)
    properties.author = clean(doc.organization)
    properties.subject = clean(doc.period_label)
    properties.comments = _("Produced with Tissage.")
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    _title_page(document, doc)
    _footer(document, doc)
    for block in doc.blocks:
        _block(document, block, doc.language)
    _definitions(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
