"""The dashboard: the current fiscal year so far, against the same days of the year before.

Shown on the reports home and, through the partial `reports/_dashboard.html`, wherever a page
wants it. Everything comes from the declared indicators: the same numbers as the report.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format

from tissage.accounts.models import OrganizationProfile
from tissage.lib.numbers import format_number, format_signed_percent
from tissage.reports.builder import drill_link
from tissage.reports.compute import compute
from tissage.reports.periods import Period, fiscal_year_of
from tissage.reports.registry import indicator

MAIN = ("people.persons_served", "people.interventions", "people.referrals_out")
BY_MONTH = "people.interventions_by_month"
PROBLEMS = "people.top_problems"
TOP = 5
# The month chart's drawing box (an SVG viewBox): bars share the width, the tallest fills it.
CHART_WIDTH, CHART_HEIGHT = 600, 200


@dataclass
class MainFigure:
    code: str
    label: str
    value: int | float
    display: str
    previous: int | float
    previous_display: str
    change: float | None  # percent against the same days of last year; None when it was 0
    change_display: str
    link: str


@dataclass
class Bar:
    code: str  # YYYY-MM
    label: str  # "avr. 2024"
    short: str  # "avr.", under the bar
    value: int
    display: str
    x: float
    y: float
    width: float
    height: float
    link: str

    @property
    def center(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass
class RankedRow:
    rank: int
    label: str
    value: int
    display: str
    link: str


@dataclass
class Dashboard:
    period: Period  # the fiscal year from its first day to today
    previous: Period  # the same days, one year earlier
    figures: list[MainFigure] = field(default_factory=list)
    months: list[Bar] = field(default_factory=list)
    problems: list[RankedRow] = field(default_factory=list)
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT

    @property
    def empty(self) -> bool:
        return not any(figure.value for figure in self.figures)


def year_so_far(today: date, start_month: int) -> tuple[Period, Period]:
    year = fiscal_year_of(today, start_month)
    current = replace(year, end=min(today, year.end), kind="range")
    before = current.shifted(-1)
    return current, replace(before, label=year.shifted(-1).label)


def _change(now: int | float, before: int | float) -> float | None:
    return (now - before) / before * 100 if before else None


def main_figures(current: Period, before: Period) -> list[MainFigure]:
    figures = []
    for code in MAIN:
        ind = indicator(code)
        now, then = compute(ind, current).total, compute(ind, before).total
        change = _change(now, then)
        figures.append(
            MainFigure(
                code,
                str(ind.label),
                now,
                format_number(now),
                then,
                format_number(then),
                change,
                format_signed_percent(change) if change is not None else "--",
                drill_link(ind, current),
            )
        )
    return figures


def month_bars(current: Period, year: Period) -> list[Bar]:
    ind = indicator(BY_MONTH)
    counted = {row.code: row.value for row in compute(ind, current).rows}
    months = [m for m in year.months() if m.start <= current.end]
    tallest = max(counted.values(), default=0) or 1
    slot = CHART_WIDTH / max(len(months), 1)
    bars = []
    for number, period in enumerate(months):
        code = period.start.strftime("%Y-%m")
        value = int(counted.get(code, 0))
        height = CHART_HEIGHT * value / tallest
        bars.append(
            Bar(
                code,
                date_format(period.start, "M Y"),
                date_format(period.start, "M"),
                value,
                format_number(value),
                x=round(number * slot + slot * 0.15, 1),
                y=round(CHART_HEIGHT - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                link=drill_link(ind, current, code),
            )
        )
    return bars


def top_problems(current: Period) -> list[RankedRow]:
    ind = replace(indicator(PROBLEMS), top=TOP)
    return [
        RankedRow(
            rank,
            row.label,
            int(row.value),
            format_number(row.value),
            drill_link(ind, current, row.code),
        )
        for rank, row in enumerate(compute(ind, current).rows, start=1)
    ]


def build_dashboard(today: date | None = None, start_month: int | None = None) -> Dashboard:
    today = today or timezone.localdate()
    start_month = start_month or OrganizationProfile.current().fiscal_year_start_month
    current, before = year_so_far(today, start_month)
    year = fiscal_year_of(today, start_month)
    return Dashboard(
        current,
        before,
        main_figures(current, before),
        month_bars(current, year),
        top_problems(current),
    )
