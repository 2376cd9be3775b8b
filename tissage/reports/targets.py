"""Targets and attainment: actual ÷ the target entered for exactly that period × 100.

Some published rates divide by a target pro-rated during the year; Tissage divides by the
target entered for the period the report covers, so the rate can always be checked by hand.
"""

from decimal import Decimal

from django.db.models import QuerySet

from tissage.reports.compute import compute
from tissage.reports.manual import manual_label, manual_total, plain_number
from tissage.reports.models import ManualIndicator, Target
from tissage.reports.periods import Period
from tissage.reports.registry import all_indicators, indicator

Number = int | float


def is_registered(code: str) -> bool:
    return any(ind.code == code for ind in all_indicators())


def actual(indicator_code: str, period: Period) -> Number | None:
    """The figure of the period: computed for a declared indicator, summed for a manual one."""
    if is_registered(indicator_code):
        return compute(indicator(indicator_code), period).total
    return plain_number(manual_total(indicator_code, period))


def indicator_label(code: str) -> str:
    if is_registered(code):
        return str(indicator(code).label)
    manual = ManualIndicator.objects.filter(code=code).first()
    return manual_label(manual) if manual is not None else code


def target_for(indicator_code: str, period: Period) -> Target | None:
    return Target.objects.filter(
        indicator_code=indicator_code, period_start=period.start, period_end=period.end
    ).first()


def attainment(
    indicator_code: str, period: Period
) -> tuple[Number | None, Decimal, float | None] | None:
    """(actual, target, percent) for the target set on exactly this period, else None.
    The percent is None when the target is zero or nothing was measured."""
    target = target_for(indicator_code, period)
    if target is None:
        return None
    value = actual(indicator_code, period)
    percent = None
    if value is not None and target.value:
        percent = float(value) / float(target.value) * 100
    return value, target.value, percent


def targets() -> QuerySet[Target]:
    return Target.objects.order_by("-period_start", "indicator_code")
