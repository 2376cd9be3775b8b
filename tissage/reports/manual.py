"""Manual indicators: figures that come from elsewhere (web visits, social-media impressions).

Someone types a value for a span of time (a month, a quarter, a year); a report for a period
adds up the values whose span lies within it. A value for 2023-04-01..2023-06-30 counts in
the fiscal year 23/24 and in its first quarter, not in May 2023 alone: nobody knows how the
quarter's visits split by month.
"""

from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import translation
from django.utils.translation import gettext as _

from tissage.lib.numbers import format_number
from tissage.reports.document import Block, Cell, KeyFigure
from tissage.reports.models import ManualIndicator, ManualValue
from tissage.reports.periods import Period


def values_within(indicator_code: str, period: Period) -> Any:
    return ManualValue.objects.filter(
        indicator__code=indicator_code,
        period_start__gte=period.start,
        period_end__lte=period.end,
    )


def manual_total(indicator_code: str, period: Period) -> Decimal | None:
    """The sum of the values entered for spans within the period; None when there is none
    (a report then shows "--", not a zero nobody measured)."""
    return values_within(indicator_code, period).aggregate(total=Sum("value"))["total"]


def manual_label(indicator: ManualIndicator) -> str:
    english = (translation.get_language() or "").startswith("en")
    return (indicator.label_en if english else indicator.label_fr) or indicator.label_fr


def plain_number(value: Decimal | None) -> int | float | None:
    """A number the renderers store as a number: 1200, or 12.5 when it has decimals."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def manual_cell(value: Decimal | None) -> Cell:
    number = plain_number(value)
    digits = 0 if number is None or isinstance(number, int) else 2
    return Cell(number, format_number(number, digits), None, "number")


def _localized(value: Any) -> str:
    if isinstance(value, dict):
        english = (translation.get_language() or "").startswith("en")
        return str(value.get("en" if english else "fr") or value.get("fr") or value.get("en") or "")
    return _(value) if value else ""


def manual_block(section: dict[str, Any], period: Period) -> Block:
    """A section of kind "manual": {"kind": "manual", "key": …, "title": {"fr", "en"},
    "manual": [manual indicator codes]}, shown as key figures in the report's language."""
    codes = list(section.get("manual", []))
    found = ManualIndicator.objects.in_bulk(codes, field_name="code")
    figures = [
        KeyFigure(
            manual_label(found[code]),
            manual_cell(manual_total(code, period)),
            found[code].definition,
        )
        for code in codes
        if code in found
    ]
    title = _localized(section.get("title")) or _("Other figures")
    return Block(section["key"], "figures", title, figures=figures)
