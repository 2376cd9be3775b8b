"""Renderers: one small module per output format, each reading the same `ReportDocument`.

A renderer is a function `ReportDocument -> bytes`, registered under its file extension
(Datasette's way). `render(doc, "docx")` runs it in the document's language and names the
file; `html_fragment(doc)` gives the report's body for the app's own report page.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import translation
from django.utils.safestring import SafeString

from tissage.reports.document import ReportDocument
from tissage.reports.render import docx, html, pdf, xlsx
from tissage.reports.render.context import render_body

FORMATS = ("html", "xlsx", "docx", "pdf")

# File names are for scripts as much as for people: fixed words, not the translation catalogue.
FILE_PREFIX = {"fr": "rapport", "en": "report"}


@dataclass(frozen=True)
class Renderer:
    extension: str
    content_type: str
    render: Callable[[ReportDocument], bytes]


@dataclass
class Rendered:
    content: bytes
    content_type: str
    filename: str


RENDERERS: dict[str, Renderer] = {}


def register(renderer: Renderer) -> Renderer:
    """Add an output format (see docs/reports.md, "How to add a renderer")."""
    RENDERERS[renderer.extension] = renderer
    return renderer


register(Renderer("html", "text/html; charset=utf-8", html.render))
register(Renderer("xlsx", xlsx.CONTENT_TYPE, xlsx.render))
register(Renderer("docx", docx.CONTENT_TYPE, docx.render))
register(Renderer("pdf", "application/pdf", pdf.render))


def render(doc: ReportDocument, fmt: str, *, stem: str | None = None) -> Rendered:
    """The report in one format. `stem` names the file (default: see `file_stem`)."""
    renderer = RENDERERS.get(fmt.strip().lower().lstrip("."))
    if renderer is None:
        raise ValueError(f"unknown report format {fmt!r}; known: {', '.join(RENDERERS)}")
    with translation.override(doc.language):
        content = renderer.render(doc)
    name = f"{stem or file_stem(doc)}.{renderer.extension}"
    return Rendered(content, renderer.content_type, name)


def html_fragment(doc: ReportDocument, *, links: bool = True) -> SafeString:
    """The report's body as safe HTML, with drill-down links on its figures when `links`."""
    with translation.override(doc.language):
        return render_body(doc, links=links)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("/", "-")).strip("-")


def period_slug(doc: ReportDocument) -> str:
    """2023-24 for a fiscal year April–March, 2023 for a calendar year, else the label."""
    start, end = date.fromisoformat(doc.period_start), date.fromisoformat(doc.period_end)
    next_start = date(start.year + 1, start.month, 1)
    if start.day == 1 and end == next_start - timedelta(days=1):
        return str(start.year) if start.month == 1 else f"{start.year}-{(start.year + 1) % 100:02d}"
    return _slug(doc.period_label) or f"{doc.period_start}-{doc.period_end}"


def file_stem(doc: ReportDocument, template_code: str | None = None) -> str:
    """rapport-outreach-2023-24 (English: report-outreach-2023-24)."""
    prefix = FILE_PREFIX["en" if doc.language.startswith("en") else "fr"]
    name = _slug(template_code or doc.template_code) or _slug(doc.title) or "report"
    name = name.removeprefix(f"{prefix}-")  # not "rapport-rapport-annuel-…"
    return f"{prefix}-{name}-{period_slug(doc)}"
