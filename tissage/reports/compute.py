"""The engine: an indicator and a period in, figures out. One query per table and period.

The queries themselves, and the shapes that make them cheap, are in `queries.py`; within a
report build (`memo.computing_once`) each is asked once, however many sections need it.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from tissage.lib.text import match_key
from tissage.reports.memo import computing_once, remembered
from tissage.reports.periods import Period
from tissage.reports.queries import Number, grouped, grouped_over, records, total
from tissage.reports.registry import (
    Dimension,
    DimensionKind,
    Indicator,
    Measure,
    Source,
    indicator,
    source,
)
from tissage.vocabularies.models import Term


@dataclass
class Row:
    key: Any  # what the records hold (a term's pk, an organization's pk, a month…); None = unknown
    code: str  # a stable identifier for links and exports (term code, id, month)
    label: str
    value: Number
    share: float | None = None  # percent of the total, unrounded
    order: int = 0


@dataclass
class Figure:
    """One indicator over one period: its total and, if it has a dimension, its rows."""

    indicator: Indicator
    period: Period
    total: Number
    rows: list[Row] = field(default_factory=list)
    denominator: Number | None = None


@dataclass
class SeriesRow:
    code: str
    label: str
    values: list[Number | None]  # one per period, oldest first; None where there was no count
    ranks: list[int | None]


@dataclass
class Series:
    """The same indicator over several periods (the five-year tables), rows chosen by the last."""

    indicator: Indicator
    periods: list[Period]
    rows: list[SeriesRow]
    totals: list[Number]


def _labels(src: Source, dimension: Dimension, keys: list[Any]) -> dict[Any, tuple[str, str, int]]:
    """(code, label, order) for each key, in the reader's language (remembered per build)."""
    question = ("labels", src.code, dimension.code, tuple(keys), translation.get_language())
    return dict(remembered(question, lambda: _read_labels(src, dimension, keys)))


def _read_labels(
    src: Source, dimension: Dimension, keys: list[Any]
) -> dict[Any, tuple[str, str, int]]:
    unknown = ("", _("Not specified"), 10**9)
    if dimension.kind == DimensionKind.TERM:
        terms = Term.objects.in_bulk([key for key in keys if key is not None])
        return {
            key: (terms[key].code, terms[key].label, terms[key].order) if key in terms else unknown
            for key in keys
        }
    if dimension.kind == DimensionKind.CHOICE:
        choices = dimension.choices or {}
        return {key: (str(key), str(choices.get(key, key)), 0) for key in keys}
    if dimension.kind == DimensionKind.MONTH:
        return {
            key: (key.strftime("%Y-%m"), key.strftime("%Y-%m"), key.toordinal())
            if isinstance(key, date)
            else unknown
            for key in keys
        }
    model = _related_model(src, dimension)
    label_field = (dimension.label_path or "").split("__")[-1] or "pk"
    names = dict(
        model._default_manager.filter(pk__in=[k for k in keys if k is not None]).values_list(
            "pk", label_field
        )
    )
    return {
        key: (str(key), str(names.get(key, "")), 0) if key in names else unknown for key in keys
    }


def _related_model(src: Source, dimension: Dimension) -> type[models.Model]:
    model: Any = src.model
    for part in dimension.path.split("__"):
        model = model._meta.get_field(part).related_model
    return model


def _sort_key(row: Row, by: str) -> tuple[Any, ...]:
    if by == "vocabulary":
        return (row.order, match_key(row.label))
    return (-row.value, row.order if row.key is None else 0, match_key(row.label))


def compute(ind: Indicator | str, period: Period) -> Figure:
    ind = indicator(ind) if isinstance(ind, str) else ind
    figure = Figure(ind, period, total(ind, period))
    if ind.dimension is None or ind.measure == Measure.DISTINCT:
        return figure
    src = source(ind.source)
    dimension = src.dimension(ind.dimension)
    values = grouped(ind, period)
    labels = _labels(src, dimension, list(values))
    rows = [
        Row(key, *labels[key][:2], value, order=labels[key][2]) for key, value in values.items()
    ]
    rows = [row for row in rows if row.value and (ind.include_unknown or row.key is not None)]
    rows.sort(key=lambda row: _sort_key(row, ind.order))
    denominator = total(indicator(ind.share_of), period) if ind.share_of else figure.total
    if ind.share and denominator:
        for row in rows:
            row.share = 100 * row.value / denominator
    figure.rows = rows[: ind.top] if ind.top else rows
    figure.denominator = denominator
    return figure


def compute_series(ind: Indicator | str, periods: list[Period]) -> Series:
    """Values of the last period's rows in every period; ranks kept for the highlights."""
    ind = indicator(ind) if isinstance(ind, str) else ind
    with computing_once():  # the build's memory, or one for these periods
        grouped_over(_untopped(ind), periods)  # all periods in one query where exact
        figures = [compute(_untopped(ind), period) for period in periods]
    current = figures[-1]
    chosen = current.rows[: ind.top] if ind.top else current.rows
    by_code = [{row.code: (row, rank) for rank, row in enumerate(f.rows, 1)} for f in figures]
    rows = []
    for row in chosen:
        values: list[Number | None] = []
        ranks: list[int | None] = []
        for found in by_code:
            hit = found.get(row.code)
            values.append(hit[0].value if hit else None)
            ranks.append(hit[1] if hit else None)
        rows.append(SeriesRow(row.code, row.label, values, ranks))
    return Series(ind, periods, rows, [figure.total for figure in figures])


def _untopped(ind: Indicator) -> Indicator:
    return replace(ind, top=None)


__all__ = ["Figure", "Number", "Row", "Series", "SeriesRow", "compute", "compute_series", "records"]
