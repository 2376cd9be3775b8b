"""The PDF: it opens, it has pages, and its pages show something (rendered to an image)."""

import pypdfium2 as pdfium
import pytest

from tissage.reports.render import render
from tissage.reports.render.pdf import print_html
from tissage.reports.tests.test_render_dataset import (  # noqa: F401  (a fixture)
    LANGUAGES,
    ORGANIZATION,
    report_docs,
)

# The shared report is built in the test database: a marked test makes pytest-django set it up.
pytestmark = pytest.mark.django_db


def dark_pixels(page: pdfium.PdfPage) -> int:
    image = page.render(scale=1).to_pil().convert("L")
    return sum(image.histogram()[:128])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_renders(report_docs, language):  # noqa: F811
    rendered = render(report_docs[language], "pdf")
    assert rendered.content.startswith(b"%PDF")
    assert rendered.content_type == "application/pdf"
    assert rendered.filename.endswith("-2023-24.pdf")
    pdf = pdfium.PdfDocument(rendered.content)
    try:
        assert len(pdf) >= 3  # a title page, then the report
        title_page = pdf[0]
        assert dark_pixels(title_page) > 500
        text = title_page.get_textpage().get_text_range()
        assert ORGANIZATION in text
        assert report_docs[language].title in text
        second = pdf[1].get_textpage().get_text_range()
        assert ("1\u00a0205" if language == "fr-ca" else "1,205") in second
    finally:
        pdf.close()


def test_the_print_page_repeats_table_headers_and_numbers_its_pages(report_docs):  # noqa: F811
    html = print_html(report_docs["fr-ca"])
    assert "counter(page)" in html
    assert "display: table-header-group" in html
    assert 'lang="fr-CA"' in html
    assert "data:image/svg+xml;base64," in html  # the same SVG charts as the HTML file
