"""The PDF: WeasyPrint prints an HTML page made for paper (`print.html`).

Letter paper (Québec's), page numbers and the organization in the footer, headers of long
tables repeated on each page, rows and charts never cut in two. Charts are the same SVG as
the HTML file: vector, sharp when printed.
"""

from django.template.loader import render_to_string

from tissage.reports.document import ReportDocument
from tissage.reports.render.context import body_context, logo_data_uri

PAGE_SIZE = "letter"


def print_html(doc: ReportDocument, page_size: str = PAGE_SIZE) -> str:
    context = body_context(doc, links=False, chart_mode="svg-img")
    context.update(logo=logo_data_uri(doc.logo_path), page_size=page_size)
    return render_to_string("reports/render/print.html", context)


def render(doc: ReportDocument, page_size: str = PAGE_SIZE) -> bytes:
    # Imported here: WeasyPrint takes a while to load and most requests never print.
    import weasyprint

    # Everything the page needs is inside it (data: URIs); refuse any other fetch, so a
    # label can never make the server read a file or call a URL.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=print_html(doc, page_size), url_fetcher=fetcher)
    return document.write_pdf(pdf_tags=True)
