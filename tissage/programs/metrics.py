"""The counting rules of funded programs, in one place: blocks, dashboard and API read here.

- New participants count by start date; readmissions are never new.
- Levels, average hours, non-completions and outcomes count the participations that ended in
  the period. A readmission and the part it continues are one participation: hours add up and
  it ends with its last part.
- The level is the funded level when one is entered, otherwise the program's hour band that
  the hours reach — computed now, from today's bands: changing a band recomputes past reports.
- Attainment = actual ÷ the target entered for exactly that period (reports.Target), × 100.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from tissage.lib.numbers import format_hours, round_half_up
from tissage.programs.models import Enrolment, HourBand, Program
from tissage.programs.reporting import ENDED
from tissage.reports.compute import compute
from tissage.reports.models import Target
from tissage.reports.periods import Period, quarter, semester
from tissage.reports.targets import target_for

Number = int | float


@dataclass(frozen=True)
class Metric:
    code: str
    label: Any
    indicator: str | None = None  # the engine's indicator (by program); None: a sum below
    sum_field: str | None = None


METRICS: dict[str, Metric] = {
    metric.code: metric
    for metric in [
        Metric("new_participants", _("New participants"), "programs.new_participants"),
        Metric("readmissions", _("Readmissions"), "programs.readmissions"),
        Metric("not_eligible", _("Not eligible"), "programs.not_eligible"),
        Metric("exits", _("Participations ended"), "programs.exits"),
        Metric(
            "non_completed_abandonment",
            _("Activities not completed — linked to abandonment"),
            "programs.non_completed_abandonment",
        ),
        Metric(
            "non_completed_other",
            _("Activities not completed — not linked to abandonment"),
            "programs.non_completed_other",
        ),
        Metric("non_completed", _("Activities not completed — total"), "programs.non_completed"),
        Metric(
            "trial_not_completed",
            _("Persons who did not complete the trial period"),
            "programs.trial_not_completed",
        ),
        Metric("employed", _("Employed within 0–3 months after the end"), "programs.employed"),
        Metric("wage_subsidy", _("With a wage subsidy"), "programs.wage_subsidy"),
        Metric("studies", _("Back to studies within 0–3 months"), "programs.studies"),
        Metric(
            "other_measure",
            _("In another measure or program within 0–3 months"),
            "programs.other_measure",
        ),
        Metric("needs_evaluations", _("Needs evaluations"), "programs.needs_evaluations"),
        Metric("internships", _("Internships"), sum_field="internships"),
        Metric("companies_contacted", _("Companies contacted"), sum_field="companies_contacted"),
    ]
}

# What a target can be set on (production and impact indicators).
TARGETABLE = ("new_participants", "employed", "studies", "other_measure", "needs_evaluations")


def target_code(metric: str, program_code: str) -> str:
    """The indicator code of a program's target in reports.Target."""
    return f"programs.{metric}:{program_code}"


def parse_target_code(code: str) -> tuple[str, str] | None:
    """(metric, program code) of a target code, or None when it is no program's."""
    if not code.startswith("programs.") or ":" not in code:
        return None
    metric, program_code = code.removeprefix("programs.").split(":", 1)
    return (metric, program_code) if metric in METRICS else None


def exits(period: Period) -> Any:
    """The last parts of the participations that ended in the period (see reporting.EXIT)."""
    return Enrolment.objects.filter(
        end_date__gte=period.start,
        end_date__lte=period.end,
        status__in=ENDED,
        continuations__isnull=True,
    )


def by_program(metric: str, period: Period) -> dict[int, Number]:
    """The metric of every program in the period, in one grouped query: {program pk: value}."""
    spec = METRICS[metric]
    if spec.indicator is not None:
        figure = compute(spec.indicator, period)
        return {int(row.key): row.value for row in figure.rows if row.key is not None}
    rows = exits(period).values("program").annotate(n=Sum(spec.sum_field)).order_by()
    return {row["program"]: row["n"] or 0 for row in rows}


def value(program: Program, metric: str, period: Period) -> Number:
    return by_program(metric, period).get(program.pk, 0)


@dataclass
class Attainment:
    metric: str
    actual: Number
    target: Decimal | None
    percent: float | None  # None without a target, or with a target of 0


def attainment(
    program: Program, metric: str, period: Period, actual: Number | None = None
) -> Attainment:
    actual = value(program, metric, period) if actual is None else actual
    target = target_for(target_code(metric, program.code), period)
    goal = target.value if target is not None else None
    percent = float(actual) / float(goal) * 100 if goal else None
    return Attainment(metric, actual, goal, percent)


def targets_of(program: Program) -> list[Target]:
    codes = [target_code(metric, program.code) for metric in METRICS]
    return list(Target.objects.filter(indicator_code__in=codes).order_by("-period_start"))


# --- Hours and intensity levels ------------------------------------------------------------


@dataclass
class Participation:
    enrolment: Enrolment  # the last part
    minutes: int
    level: str | None


def _own_minutes(enrolment: Enrolment, linked: dict[int, int]) -> int:
    direct = enrolment.direct_minutes
    if direct is None:
        direct = linked.get(enrolment.pk, 0)
    return direct + (enrolment.indirect_minutes or 0)


def linked_minutes(ids: list[int]) -> dict[int, int]:
    """The durations of the interventions linked to each enrolment, added up."""
    through = Enrolment.interventions.through
    rows = (
        through.objects.filter(enrolment_id__in=ids)
        .values("enrolment_id")
        .annotate(n=Sum("intervention__duration_minutes"))
        .order_by()
    )
    return {row["enrolment_id"]: row["n"] or 0 for row in rows}


def enrolment_minutes(enrolment: Enrolment) -> int:
    """Hours (in minutes) of this part alone: typed direct hours, else its linked interventions,
    plus typed indirect hours."""
    return _own_minutes(enrolment, linked_minutes([enrolment.pk]))


def band_for(bands: list[HourBand], minutes: float) -> str | None:
    """The highest band whose minimum the hours reach; below every band, the first one."""
    ordered = sorted(bands, key=lambda band: band.min_hours)
    if not ordered:
        return None
    chosen = ordered[0]
    for band in ordered:
        if minutes >= band.min_minutes:
            chosen = band
    return chosen.code


def participations(program: Program, period: Period) -> list[Participation]:
    """The participations of the program that ended in the period, with hours and level."""
    finals = list(exits(period).filter(program=program).order_by("end_date", "pk"))
    known: dict[int, Enrolment] = {enrolment.pk: enrolment for enrolment in finals}
    wanted = {e.continues_id for e in finals if e.continues_id} - known.keys()
    while wanted:  # the parts readmissions continue (rarely more than one step back)
        for enrolment in Enrolment.objects.filter(pk__in=wanted):
            known[enrolment.pk] = enrolment
        wanted = {e.continues_id for e in known.values() if e.continues_id} - known.keys()
    linked = linked_minutes(list(known))
    bands = list(program.bands.all())
    found = []
    for final in finals:
        minutes, funded, part, seen = 0, "", final, set()
        while part is not None and part.pk not in seen:
            seen.add(part.pk)
            minutes += _own_minutes(part, linked)
            funded = funded or part.funded_level
            part = known.get(part.continues_id) if part.continues_id else None
        found.append(Participation(final, minutes, funded or band_for(bands, minutes)))
    return found


@dataclass
class LevelRow:
    code: str  # the level's code; "" for the row of all participations
    label: str
    count: int
    minutes: float | None  # average, None when no participation


def levels(program: Program, period: Period) -> tuple[list[LevelRow], LevelRow]:
    """Count and average hours per level (every band, in order, even at 0), and overall."""
    found = participations(program, period)
    grouped: dict[str, list[int]] = defaultdict(list)
    for participation in found:
        if participation.level:
            grouped[participation.level].append(participation.minutes)
    rows = []
    bands = list(program.bands.all())
    for band in bands:
        rows.append(_level_row(band.code, band_label(band), grouped.pop(band.code, [])))
    for code in sorted(grouped):  # a funded level that no band names any longer
        rows.append(_level_row(code, code, grouped[code]))
    overall = _level_row("", str(_("All participations")), [p.minutes for p in found])
    return rows, overall


def _level_row(code: str, label: str, minutes: list[int]) -> LevelRow:
    average = sum(minutes) / len(minutes) if minutes else None
    return LevelRow(code, label, len(minutes), average)


def band_label(band: HourBand) -> str:
    low = format_hours(band.min_minutes)
    if band.max_minutes is None:
        return _("%(code)s (%(low)s and more)") % {"code": band.code, "low": low}
    high = format_hours(band.max_minutes)
    return _("%(code)s (%(low)s to %(high)s)") % {"code": band.code, "low": low, "high": high}


def format_average(minutes: float | None, program: Program) -> str:
    """Average hours as the program's funder shows them: 14h35, or 15h to the hour."""
    if minutes is None:
        return "-"
    if program.hours_rounding == Program.Rounding.HOUR:
        return format_hours(int(round_half_up(minutes / 60)) * 60)
    return format_hours(minutes)


# --- Periods inside a period -----------------------------------------------------------------


def _clipped(part: Period, period: Period) -> Period:
    return replace(part, start=max(part.start, period.start), end=min(part.end, period.end))


def semesters(period: Period) -> list[Period]:
    """The two halves of a year-long period (clipped to it); a shorter period stays whole."""
    if period.days < 300:
        return [period]
    return [_clipped(semester(period, number), period) for number in (1, 2)]


def quarters(period: Period) -> list[Period]:
    if period.days < 300:
        return [period]
    return [_clipped(quarter(period, number), period) for number in (1, 2, 3, 4)]
