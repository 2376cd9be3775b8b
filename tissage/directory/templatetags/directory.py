"""Template filters of the directory: bilingual fields, distances, languages."""

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format

from tissage.directory import languages

register = template.Library()


@register.filter
def tr(record: Any, field: str) -> str:
    """`{{ service|tr:"description" }}`: the text in the page's language (French fallback)."""
    if record is None:
        return ""
    return record.tr(field)  # type: ignore[no-any-return]


@register.filter
def km(value: float | None) -> str:
    """A distance the Québec way: "3,2 km", "24 km" (no-break space before the unit)."""
    if value is None:
        return ""
    decimals = 1 if value < 10 else 0
    return f"{number_format(round(value, decimals), decimals)}\u00a0km"


@register.filter
def language_label(language: Any) -> str:
    code = getattr(language, "code", language) or ""
    name = getattr(language, "name", "")
    return languages.label(code, name) if code in languages.LANGUAGES else (name or code)


@register.simple_tag
def public_service_url(service: Any) -> str:
    """The public page of a service, or "" while the public site is not mounted."""
    try:
        return reverse("public_directory:service", args=[service.pk])
    except NoReverseMatch:
        return ""
