"""The year so far against each target: what the dashboard of the programs shows.

For every target of a program whose period contains the day asked for (today by default),
the actual figure from the start of the period to that day, the attainment, and where the
program would be if it advanced evenly through the period ("expected by now").
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from tissage.accounts.models import OrganizationProfile
from tissage.lib.numbers import format_number, format_percent
from tissage.programs import metrics
from tissage.programs.models import Agreement, Program
from tissage.reports.manual import plain_number
from tissage.reports.models import Target
from tissage.reports.periods import Period, date_range, fiscal_year, fiscal_year_of

BAR_WIDTH = 200  # the drawing box of a bar (an SVG viewBox); 100 % fills it, beyond is capped


@dataclass
class TargetRow:
    program: Program
    metric: str
    label: str
    period: Period
    target: int | float
    actual: int | float
    percent: float | None
    expected: float  # the target pro-rated to the day, for comparison only
    display: str
    actual_display: str
    target_display: str
    percent_display: str
    expected_display: str
    bar: float  # width of the bar, in the drawing box
    marker: float  # x of the "expected by now" mark

    @property
    def behind(self) -> bool:
        return self.actual < self.expected


def _rank(metric: str) -> int:
    """Production first, then impact: the order of the funders' forms."""
    return metrics.TARGETABLE.index(metric) if metric in metrics.TARGETABLE else 99


def agreement_year(on: date | None = None) -> Period | None:
    """The year of the agreements in force on that day (e.g. July 1 – June 30)."""
    on = on or timezone.localdate()
    agreement = Agreement.objects.filter(start__lte=on, end__gte=on).order_by("start").first()
    if agreement is None:
        return None
    month = agreement.start.month
    return fiscal_year(on.year if on.month >= month else on.year - 1, month)


def default_year(on: date) -> Period:
    return agreement_year(on) or fiscal_year_of(
        on, OrganizationProfile.current().fiscal_year_start_month
    )


def rows_on(on: date) -> list[TargetRow]:
    """One row per program target whose period contains `on`, programs in their order."""
    targets = Target.objects.filter(
        indicator_code__startswith="programs.", period_start__lte=on, period_end__gte=on
    )
    parsed = [(target, metrics.parse_target_code(target.indicator_code)) for target in targets]
    codes = {found[1] for _target, found in parsed if found}
    programs = Program.objects.in_bulk(codes, field_name="code")
    rows = []
    cache: dict[tuple[str, date, date], dict[int, int | float]] = {}
    for target, found in parsed:
        if not found or found[1] not in programs:
            continue
        metric, code = found
        program = programs[code]
        so_far = date_range(target.period_start, on)
        key = (metric, so_far.start, so_far.end)
        if key not in cache:
            cache[key] = metrics.by_program(metric, so_far)
        actual = cache[key].get(program.pk, 0)
        goal = plain_number(target.value) or 0
        whole = date_range(target.period_start, target.period_end)
        expected = float(goal) * so_far.days / whole.days
        percent = float(actual) / float(goal) * 100 if goal else None
        rows.append(
            TargetRow(
                program=program,
                metric=metric,
                label=str(metrics.METRICS[metric].label),
                period=whole,
                target=goal,
                actual=actual,
                percent=percent,
                expected=expected,
                display=_("%(actual)s of %(target)s")
                % {"actual": format_number(actual), "target": format_number(goal)},
                actual_display=format_number(actual),
                target_display=format_number(goal),
                percent_display=format_percent(percent),
                expected_display=format_number(expected),
                bar=round(min(percent or 0, 100) * BAR_WIDTH / 100, 1),
                marker=round(min(expected / goal * 100 if goal else 0, 100) * BAR_WIDTH / 100, 1),
            )
        )
    rows.sort(key=lambda row: (row.program.order, row.program.name, _rank(row.metric)))
    return rows
