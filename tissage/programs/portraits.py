"""Portraits of the persons enrolled: one characteristic (sex, age, education, …) or two
crossed (residence status by sex). Persons count once, whatever their number of enrolments.

A portrait limited to some programs (a funder's) is computed by the engine with the programs
as an extra filter; its rows then carry no drill-down link, which would show every program.
"""

from dataclasses import replace
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from tissage.programs.cells import localized, number_cell, percent_cell, programs_of, table_block
from tissage.programs.cells import text_cell as text
from tissage.programs.models import Enrolment
from tissage.programs.reporting import PERSON_DIMENSIONS
from tissage.reports.builder import drill_link
from tissage.reports.compute import compute
from tissage.reports.document import Block, Chart
from tissage.reports.periods import Period
from tissage.reports.registry import indicator, source
from tissage.vocabularies.models import Term


def _limited(section: dict[str, Any]) -> list[int] | None:
    if not (section.get("programs") or section.get("funder")):
        return None
    return [program.pk for program in programs_of(section)]


def program_portrait_block(section: dict[str, Any], period: Period) -> Block:
    """Persons enrolled in the period by one characteristic ("dimension"), with shares;
    "country" gives the main countries of origin ("top", 12 by default)."""
    dimension = section.get("dimension", "gender")
    code = "programs.top_countries" if dimension == "country" else f"programs.portrait_{dimension}"
    ind = indicator(code)
    if section.get("top"):
        ind = replace(ind, top=int(section["top"]))
    programs = _limited(section)
    if programs is not None:
        ind = replace(ind, filters=(*ind.filters, ("program__in", tuple(programs))))
    figure = compute(ind, period)
    rows = []
    for row in figure.rows:
        link = drill_link(ind, period, row.code) if programs is None else None
        cells = [text(row.label), number_cell(row.value, link)]
        if ind.share:
            cells.append(percent_cell(row.share))
        rows.append(cells)
    label = str(source(ind.source).dimension(ind.dimension or "").label)
    columns = [label, _("Persons")] + (["%"] if ind.share else [])
    title = localized(section.get("title"), str(ind.label))
    chart = None
    if section.get("chart") and figure.rows:
        values = [float(row.share if ind.share else row.value) for row in figure.rows]
        labels = [row.label for row in figure.rows]
        unit = "%" if ind.share else ""
        chart = Chart(section["key"], title, section["chart"], labels, [(title, values)], unit)
    return table_block(section, title, columns, rows, definition=str(ind.definition), chart=chart)


def program_crosstab_block(section: dict[str, Any], period: Period) -> Block:
    """Distinct persons enrolled in the period by "rows" (e.g. immigration_status) and
    "columns" (e.g. gender), with totals: the residence status by sex of the PASI report."""
    rows_by = section.get("rows", "immigration_status")
    columns_by = section.get("columns", "gender")
    if rows_by not in PERSON_DIMENSIONS or columns_by not in PERSON_DIMENSIONS:
        raise ValueError(f"unknown dimension {rows_by!r} or {columns_by!r}")
    enrolments = Enrolment.objects.filter(start_date__gte=period.start, start_date__lte=period.end)
    programs = _limited(section)
    if programs is not None:
        enrolments = enrolments.filter(program__in=programs)
    row_path, column_path = f"person__{rows_by}", f"person__{columns_by}"
    cells = {
        (item[row_path], item[column_path]): item["n"]
        for item in enrolments.values(row_path, column_path)
        .annotate(n=Count("person", distinct=True))
        .order_by()
    }
    row_totals = _totals(enrolments, row_path)
    column_totals = _totals(enrolments, column_path)
    terms = Term.objects.in_bulk([key for pair in cells for key in pair if key is not None])

    def ordered(keys: set[Any]) -> list[Any]:
        return sorted(keys, key=lambda k: (k is None, terms[k].order if k in terms else 0, k or 0))

    def label(key: Any) -> str:
        return terms[key].label if key in terms else _("Not specified")

    row_keys = ordered({pair[0] for pair in cells})
    column_keys = ordered({pair[1] for pair in cells})
    rows = [
        [
            text(label(row)),
            *[number_cell(cells.get((row, column), 0)) for column in column_keys],
            number_cell(row_totals.get(row, 0)),
        ]
        for row in row_keys
    ]
    everyone = enrolments.aggregate(n=Count("person", distinct=True))["n"]
    rows.append(
        [
            text(_("Total")),
            *[number_cell(column_totals.get(column, 0)) for column in column_keys],
            number_cell(everyone),
        ]
    )
    columns = [
        str(PERSON_DIMENSIONS[rows_by]),
        *[label(column) for column in column_keys],
        _("Total"),
    ]
    title = localized(
        section.get("title"),
        _("%(rows)s by %(columns)s")
        % {
            "rows": PERSON_DIMENSIONS[rows_by],
            "columns": str(PERSON_DIMENSIONS[columns_by]).lower(),
        },
    )
    definition = _("Distinct persons with an enrolment that starts in the period.")
    return table_block(section, title, columns, rows, definition=definition)


def _totals(enrolments: Any, path: str) -> dict[Any, int]:
    found = enrolments.values(path).annotate(n=Count("person", distinct=True)).order_by()
    return {item[path]: item["n"] for item in found}
