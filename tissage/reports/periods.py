"""Reporting periods: fiscal and calendar years, semesters, quarters, months, any range.

Labels follow the community sector's habits: a fiscal year April–March is "23/24"; a
calendar year is "2023"; a semester of the fiscal year is "23/24 S1"; a quarter "23/24 T1".
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    label: str
    kind: str = "range"  # fiscal_year, year, semester, quarter, month, range
    start_month: int = 1  # the fiscal year's first month, to shift and to subdivide

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(_("A period cannot end before it starts."))

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def shifted(self, years: int) -> "Period":
        """The same period `years` later (negative: earlier), labelled accordingly."""
        if self.kind == "fiscal_year":
            return fiscal_year(self.start.year + years, self.start_month)
        if self.kind == "year":
            return calendar_year(self.start.year + years)
        if self.kind in ("semester", "quarter"):
            year = fiscal_year(self.start.year + years, self.start_month)
            number = int(self.label[-1])
            return (semester if self.kind == "semester" else quarter)(year, number)
        if self.kind == "month":
            return month(self.start.year + years, self.start.month)
        start = _add_years(self.start, years)
        end = _add_years(self.end, years)
        return Period(start, end, f"{start.isoformat()} – {end.isoformat()}", "range")

    def previous(self, count: int) -> list["Period"]:
        """This period and the `count` before it, oldest first (for five-year tables)."""
        return [self.shifted(-k) for k in range(count, -1, -1)]

    def months(self) -> list["Period"]:
        found, cursor = [], self.start.replace(day=1)
        while cursor <= self.end:
            found.append(month(cursor.year, cursor.month))
            cursor = _add_months(cursor, 1)
        return found


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month_index = divmod(index, 12)
    last = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last))


def fiscal_year(start_year: int, start_month: int = 4) -> Period:
    """The fiscal year that starts in `start_month` of `start_year` ("23/24")."""
    if start_month == 1:
        period = calendar_year(start_year)
        return Period(period.start, period.end, period.label, "fiscal_year", 1)
    start = date(start_year, start_month, 1)
    end = _add_months(start, 12) - timedelta(days=1)
    label = f"{start_year % 100:02d}/{(start_year + 1) % 100:02d}"
    return Period(start, end, label, "fiscal_year", start_month)


def fiscal_year_of(day: date, start_month: int = 4) -> Period:
    return fiscal_year(day.year if day.month >= start_month else day.year - 1, start_month)


def calendar_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), str(year), "year", 1)


def semester(year: Period, number: int) -> Period:
    if number not in (1, 2):
        raise PeriodError(_("A semester is 1 or 2."))
    start = _add_months(year.start, 6 * (number - 1))
    end = _add_months(start, 6) - timedelta(days=1)
    return Period(start, end, f"{year.label} S{number}", "semester", year.start_month)


def quarter(year: Period, number: int) -> Period:
    if number not in (1, 2, 3, 4):
        raise PeriodError(_("A quarter is 1, 2, 3 or 4."))
    start = _add_months(year.start, 3 * (number - 1))
    end = _add_months(start, 3) - timedelta(days=1)
    return Period(start, end, f"{year.label} T{number}", "quarter", year.start_month)


def month(year: int, number: int) -> Period:
    start = date(year, number, 1)
    end = _add_months(start, 1) - timedelta(days=1)
    return Period(start, end, f"{year}-{number:02d}", "month", 1)


def date_range(start: date, end: date) -> Period:
    return Period(start, end, f"{start.isoformat()} – {end.isoformat()}", "range")


_FISCAL = re.compile(r"^(\d{4})[-/](\d{2}|\d{4})(?:[- ]?([STQ])([1-4]))?$")
_SHORT_FISCAL = re.compile(r"^(\d{2})/(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|–|/|_)\s*(\d{4}-\d{2}-\d{2})$")


def parse_period(text: str, start_month: int = 4) -> Period:
    """Read a period as people write it: 2023-24, 2023-2024, 23/24, 2023-24-S1, 2023-24 T2,
    2023 (calendar year), 2024-05 (month), 2023-04-01..2024-03-31 (any range)."""
    text = text.strip()
    if match := _RANGE.match(text):
        try:
            return date_range(date.fromisoformat(match[1]), date.fromisoformat(match[2]))
        except ValueError as exc:
            raise PeriodError(_("“%(text)s” is not a valid period.") % {"text": text}) from exc
    if match := _MONTH.match(text):
        number = int(match[2])
        if 1 <= number <= 12 and int(match[1]) > 1900:
            return month(int(match[1]), number)
        if number == (int(match[1]) + 1) % 100:
            return fiscal_year(int(match[1]), start_month)
    if match := _FISCAL.match(text):
        first = int(match[1])
        second = int(match[2])
        if second % 100 != (first + 1) % 100:
            raise PeriodError(_("“%(text)s” is not a valid period.") % {"text": text})
        year = fiscal_year(first, start_month)
        if match[3] == "S":
            return semester(year, int(match[4]))
        if match[3] in ("T", "Q"):
            return quarter(year, int(match[4]))
        return year
    if match := _SHORT_FISCAL.match(text):
        return fiscal_year(2000 + int(match[1]), start_month)
    if match := _YEAR.match(text):
        return calendar_year(int(match[1]))
    raise PeriodError(_("“%(text)s” is not a valid period.") % {"text": text})
