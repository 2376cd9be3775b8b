"""Numbers as Québec writes them: 10 873, 14,4, 44 %, 15 h 35 — and English as English does.

Rounding is half up ("a 0.5 goes up"), as people round by hand, not Python's half-even.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

NBSP = "\u00a0"  # between thousands and before % in French, so that a number never breaks
NARROW = "\u202f"


def _french(language: str | None) -> bool:
    return not (language or get_language() or "fr").startswith("en")


def round_half_up(value: float, digits: int = 0) -> Decimal:
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def format_number(value: float | int | None, digits: int = 0, language: str | None = None) -> str:
    if value is None:
        return "--"
    rounded = round_half_up(value, digits)
    text = f"{rounded:,.{digits}f}"  # 10,873.5
    if _french(language):
        return text.replace(",", NBSP).replace(".", ",")
    return text


def format_percent(value: float | None, digits: int = 0, language: str | None = None) -> str:
    if value is None:
        return "--"
    number = format_number(value, digits, language)
    return f"{number}{NBSP}%" if _french(language) else f"{number}%"


def format_signed_percent(value: float, language: str | None = None) -> str:
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return sign + format_percent(abs(value), 0, language)


def format_hours(minutes: float | int | None, language: str | None = None) -> str:
    """Hours of intervention as funders' reports show them: 15h, 14h35."""
    if minutes is None:
        return "--"
    whole = int(round_half_up(minutes))
    hours, rest = divmod(whole, 60)
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"
