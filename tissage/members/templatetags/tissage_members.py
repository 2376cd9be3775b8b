"""Numbers on the members and organizational-life pages, written as reports write them."""

from django import template

from tissage.lib.numbers import format_number, format_signed_percent

register = template.Library()


@register.filter
def number(value: float | int | None) -> str:
    return format_number(value)


@register.filter
def signed_percent(value: float | None) -> str:
    return "--" if value is None else format_signed_percent(value)
