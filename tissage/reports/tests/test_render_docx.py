"""The Word document: real headings, real tables, one picture per chart, French spelling."""

import io
from dataclasses import replace

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from PIL import Image

from tissage.reports.render import render
from tissage.reports.tests.test_render_dataset import (  # noqa: F401  (a fixture)
    LANGUAGES,
    ORGANIZATION,
    report_docs,
)

# The shared report is built in the test database: a marked test makes pytest-django set it up.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def documents(report_docs) -> dict[str, Document]:  # noqa: F811
    found = {}
    for language in LANGUAGES:
        rendered = render(report_docs[language], "docx")
        assert rendered.filename.endswith(".docx")
        assert rendered.content_type.endswith("wordprocessingml.document")
        found[language] = docx.Document(io.BytesIO(rendered.content))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_tables_hold_the_report_figures(report_docs, documents, language):  # noqa: F811
    doc, word = report_docs[language], documents[language]
    # In document order: each figures block is a two-column table, then each table.
    expected = []
    for block in doc.blocks:
        if block.kind == "figures":
            expected.append(("figures", [[f.label, f.cell.display] for f in block.figures]))
        elif block.table is not None:
            table = block.table
            rows = [[cell.display for cell in row] for row in table.rows]
            expected.append(("table", [table.columns, *rows]))
    assert len(word.tables) == len(expected)
    for (kind, rows), found in zip(expected, word.tables, strict=True):
        texts = [[cell.text for cell in row.cells] for row in found.rows]
        assert texts == rows
        if kind == "figures":
            continue
        header = found.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None  # repeated on each page


@pytest.mark.parametrize("language", LANGUAGES)
def test_headings_use_heading_styles(report_docs, documents, language):  # noqa: F811
    doc, word = report_docs[language], documents[language]
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[:-1] == [block.title for block in doc.blocks]
    assert len(headings) == len(doc.blocks) + 1  # the definitions close the document
    titles = [p.text for p in word.paragraphs if p.style.name == "Title"]
    assert titles == [doc.title]
    assert any(p.text == ORGANIZATION for p in word.paragraphs[:3])


def test_numbers_are_right_aligned(documents):
    table = documents["en"].tables[1]  # gender: label, persons, %
    alignments = [cell.paragraphs[0].alignment for cell in table.rows[1].cells]
    assert alignments[0] is None
    assert all(a is not None and a.name == "RIGHT" for a in alignments[1:])


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_picture_per_chart_with_a_text_alternative(report_docs, documents, language):  # noqa: F811
    word = documents[language]
    shapes = word.inline_shapes
    assert len(shapes) == len(report_docs[language].charts())
    for shape in shapes:
        assert shape.width.cm == pytest.approx(15, abs=0.1)
        assert shape._inline.docPr.get("descr")


@pytest.mark.parametrize(("language", "word_language"), [("fr-ca", "fr-CA"), ("en", "en-US")])
def test_the_styles_carry_the_report_language(documents, language, word_language):
    word = documents[language]
    defaults = word.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == word_language
    assert word.core_properties.language == word_language


def test_the_logo_opens_the_title_page(report_docs, tmp_path):  # noqa: F811
    logo = tmp_path / "logo.png"
    Image.new("RGB", (80, 40), "#0b5a8a").save(logo)
    doc = replace(report_docs["fr-ca"], logo_path=str(logo))
    word = docx.Document(io.BytesIO(render(doc, "docx").content))
    assert len(word.inline_shapes) == len(doc.charts()) + 1
    missing = replace(doc, logo_path=str(tmp_path / "gone.png"))
    word = docx.Document(io.BytesIO(render(missing, "docx").content))
    assert len(word.inline_shapes) == len(doc.charts())
