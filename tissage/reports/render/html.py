"""The standalone HTML file: one document, its style and charts inside, nothing to fetch.

The file leaves the app (e-mailed to a board, posted on a site), so it carries no drill-down
links: they would lead to pages its readers cannot open.
"""

from django.template.loader import render_to_string

from tissage.reports.document import ReportDocument
from tissage.reports.render.context import body_context, logo_data_uri


def render(doc: ReportDocument) -> bytes:
    context = body_context(doc, links=False, chart_mode="svg")
    context["logo"] = logo_data_uri(doc.logo_path)
    return render_to_string("reports/render/standalone.html", context).encode("utf-8")
