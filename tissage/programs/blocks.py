"""Report sections of the funders' tables, as functions `<kind>_block(section, period) -> Block`.

The report builder calls them for their section kinds (see `BLOCKS` and docs/programs.md).
A section names its programs by code ("program": "groupe-d", "programs": […]) or by funder
("funder": "services-quebec"); a program that does not exist gives a notice, not an error.
Every figure comes from `metrics.py`; the cells hold numbers, the display is Québec's.
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tissage.programs import metrics
from tissage.programs.cells import (
    NA,
    localized,
    missing,
    number_cell,
    percent_cell,
    program_of,
    program_title,
    programs_of,
    table_block,
    text_cell,
)
from tissage.programs.models import Program
from tissage.programs.portraits import program_crosstab_block, program_portrait_block
from tissage.reports.builder import drill_link
from tissage.reports.compute import compute
from tissage.reports.document import Block, Chart
from tissage.reports.periods import Period
from tissage.reports.registry import indicator


def _link(metric: str, period: Period, program: Program) -> str | None:
    code = metrics.METRICS[metric].indicator
    return drill_link(indicator(code), period, str(program.pk)) if code else None


def _definition(metric: str) -> str:
    code = metrics.METRICS[metric].indicator
    return str(indicator(code).definition) if code else ""


# --- Enrolments per service -------------------------------------------------------------------


def program_enrolments_block(section: dict[str, Any], period: Period) -> Block:
    """Enrolments (new participants) and readmissions per service, with their total."""
    programs = programs_of(section)
    if not section.get("programs"):
        programs = [program for program in programs if program.in_enrolment_table]
    new = metrics.by_program("new_participants", period)
    readmitted = metrics.by_program("readmissions", period)
    rows, total_new, total_readmitted = [], 0, 0
    for program in programs:
        count = new.get(program.pk, 0)
        total_new += count
        cells = [
            text_cell(program.name),
            number_cell(count, _link("new_participants", period, program)),
        ]
        if program.tracks_readmissions:
            again = readmitted.get(program.pk, 0)
            total_readmitted += again
            cells.append(number_cell(again, _link("readmissions", period, program)))
        else:
            cells.append(text_cell(NA))
        rows.append(cells)
    rows.append([text_cell(_("Total")), number_cell(total_new), number_cell(total_readmitted)])
    title = localized(section.get("title"), _("Enrolments per funded service"))
    columns = [_("Service"), _("Enrolments"), _("Readmissions")]
    definition = _definition("new_participants")
    return table_block(section, title, columns, rows, definition=definition)


# --- One program: targets, levels, other indicators ---------------------------------------------


def program_targets_block(section: dict[str, Any], period: Period) -> Block:
    """Target, actual and attainment of the program's indicators ("metrics": […])."""
    program = program_of(section)
    if program is None:
        return missing(section)
    digits = int(section.get("percent_digits", 0))
    rows = []
    for metric in section.get("metrics", ["new_participants"]):
        result = metrics.attainment(program, metric, period)
        rows.append(
            [
                text_cell(str(metrics.METRICS[metric].label)),
                number_cell(result.target),
                number_cell(result.actual, _link(metric, period, program)),
                percent_cell(result.percent, digits),
            ]
        )
    title = program_title(section, program, "production")
    columns = [_("Indicator"), _("Target"), _("Actual"), _("Attainment")]
    definition = _("Attainment: the actual figure divided by the target entered for the period.")
    return table_block(section, title, columns, rows, definition=definition)


def intensity_levels_block(section: dict[str, Any], period: Period) -> Block:
    """Participations ended in the period per intensity level, with their average hours."""
    program = program_of(section)
    if program is None:
        return missing(section)
    level_rows, overall = metrics.levels(program, period)
    rows = [
        [
            text_cell(row.label),
            number_cell(row.count),
            text_cell(metrics.format_average(row.minutes, program)),
        ]
        for row in [*level_rows, overall]
    ]
    title = program_title(section, program, "levels")
    columns = [_("Level"), _("Participations"), _("Average hours (direct and indirect)")]
    definition = _(
        "Participations that ended in the period (completed or not), whenever they began. "
        "The level is the one funded for the participant, else the band its hours reach; the "
        "average shows the hours actually given."
    )
    return table_block(section, title, columns, rows, definition=definition)


def program_indicators_block(section: dict[str, Any], period: Period) -> Block:
    """Other indicators of one program, one per row ("metrics": […])."""
    program = program_of(section)
    if program is None:
        return missing(section)
    rows = []
    for metric in section.get("metrics", []):
        label = text_cell(str(metrics.METRICS[metric].label))
        if metric == "readmissions" and not program.tracks_readmissions:
            rows.append([label, text_cell(NA)])
            continue
        count = metrics.value(program, metric, period)
        rows.append([label, number_cell(count, _link(metric, period, program))])
    title = program_title(section, program, "other")
    definition = _(
        "New participants and readmissions count by start date; the other figures count the "
        "participations that ended in the period."
    )
    return table_block(section, title, [_("Indicator"), _("Number")], rows, definition=definition)


# --- Semester table (immigrant-integration volets) --------------------------------------------


def program_semesters_block(section: dict[str, Any], period: Period) -> Block:
    """Per program: eligible enrolments per semester, not eligible, total, eligible, target
    and attainment; a total row over "total_of"."""
    programs = programs_of(section)
    halves = metrics.semesters(period)
    digits = int(section.get("percent_digits", 1))
    per_half = [metrics.by_program("new_participants", half) for half in halves]
    eligible = metrics.by_program("new_participants", period)
    refused = metrics.by_program("not_eligible", period)
    total_of = set(section.get("total_of") or [program.code for program in programs])
    sums = [0] * (len(halves) + 3)
    rows = []
    for program in programs:
        counts = [values.get(program.pk, 0) for values in per_half]
        yes, no = eligible.get(program.pk, 0), refused.get(program.pk, 0)
        result = metrics.attainment(program, "new_participants", period, yes)
        numbers = [*counts, no, yes + no, yes]
        if program.code in total_of:
            sums = [a + b for a, b in zip(sums, numbers, strict=True)]
        rows.append(
            [
                text_cell(program.name),
                *[number_cell(n) for n in numbers],
                number_cell(result.target),
                percent_cell(result.percent, digits),
            ]
        )
    label = localized(section.get("total_label"), _("Total"))
    rows.append(
        [text_cell(label), *[number_cell(n) for n in sums], number_cell(None), percent_cell(None)]
    )
    columns = [
        _("Program"),
        *[_("Enrolments %(period)s") % {"period": half.label} for half in halves],
        _("Not eligible"),
        _("Total"),
        _("Total eligible"),
        _("Target"),
        _("Attainment"),
    ]
    title = localized(section.get("title"), _("Enrolments per semester"))
    definition = _(
        "Enrolments are eligible enrolments that start in the semester; attainment divides the "
        "eligible enrolments of the period by the target entered for the period."
    )
    return table_block(section, title, columns, rows, definition=definition)


def needs_by_quarter_block(section: dict[str, Any], period: Period) -> Block:
    """Needs evaluations per quarter (of the programs named, or all)."""
    named = {program.pk for program in programs_of(section)} if section.get("programs") else None
    rows, labels, values = [], [], []
    for part in metrics.quarters(period):
        counts = metrics.by_program("needs_evaluations", part)
        if named is None:  # all evaluations, those tied to no program included
            count = compute("programs.needs_evaluations", part).total
        else:
            count = sum(n for pk, n in counts.items() if pk in named)
        rows.append([text_cell(part.label), number_cell(count)])
        labels.append(part.label)
        values.append(float(count))
    rows.append([text_cell(_("Total")), number_cell(sum(int(v) for v in values))])
    title = localized(section.get("title"), _("Needs evaluations per quarter"))
    chart = Chart(section["key"], title, "bar", labels, [(title, values)])
    return table_block(
        section,
        title,
        [_("Quarter"), _("Needs evaluations")],
        rows,
        definition=_definition("needs_evaluations"),
        chart=chart,
    )


BlockFunction = Callable[[dict[str, Any], Period], Block]


BLOCKS: dict[str, BlockFunction] = {
    "program_enrolments": program_enrolments_block,
    "program_targets": program_targets_block,
    "intensity_levels": intensity_levels_block,
    "program_indicators": program_indicators_block,
    "program_semesters": program_semesters_block,
    "needs_by_quarter": needs_by_quarter_block,
    "program_portrait": program_portrait_block,
    "program_crosstab": program_crosstab_block,
}


# How the template composer names these kinds (reports/composer.py KINDS).
KIND_LABELS: dict[str, Any] = {
    "program_enrolments": gettext_lazy("Enrolments per funded service"),
    "program_targets": gettext_lazy("Program: target, actual and attainment"),
    "intensity_levels": gettext_lazy("Program: intensity levels and average hours"),
    "program_indicators": gettext_lazy("Program: other indicators"),
    "program_semesters": gettext_lazy("Programs: enrolments per semester against targets"),
    "needs_by_quarter": gettext_lazy("Needs evaluations per quarter"),
    "program_portrait": gettext_lazy("Portrait of the persons enrolled"),
    "program_crosstab": gettext_lazy("Persons enrolled by two characteristics"),
}


def program_block(section: dict[str, Any], period: Period) -> Block:
    """One entry point for the builder: the block of any section kind of this app."""
    return BLOCKS[section["kind"]](section, period)
