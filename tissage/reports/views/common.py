"""What the report views share: the period and the template of a URL, the report's language."""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from tissage.reports.builder import TemplateNotFound, template_sections
from tissage.reports.forms import start_month
from tissage.reports.periods import Period, parse_period

REPORT_LANGUAGES = ("fr-ca", "en")


def period_or_404(slug: str) -> Period:
    try:
        return parse_period(slug, start_month())
    except (ValueError, OverflowError) as exc:  # PeriodError, or a year out of range
        raise Http404(str(exc)) from exc


def template_or_404(code: str) -> tuple[str, list[dict[str, Any]]]:
    """The template's name, in the interface language, and its sections."""
    try:
        name, sections = template_sections(code)
    except TemplateNotFound as exc:
        raise Http404(code) from exc
    return (_(name) if isinstance(name, str) else str(name)), sections


def report_language(request: HttpRequest) -> str:
    """The report's language: ?lang=, else the interface language."""
    asked = request.GET.get("lang") or request.POST.get("lang") or ""
    if asked.startswith("fr"):
        return "fr-ca"
    if asked == "en":
        return "en"
    return "en" if (translation.get_language() or "").startswith("en") else "fr-ca"
