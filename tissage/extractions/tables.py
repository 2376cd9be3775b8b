"""Extraction tables: report-engine figures turned into suppressed, publishable grids."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from tissage.extractions import suppression
from tissage.reports.compute import compute, compute_series
from tissage.reports.periods import Period
from tissage.reports.registry import DimensionKind, Indicator, all_indicators, source

DEFAULT_THRESHOLD = 5
SENSITIVE_THRESHOLD = 20
# Dimensions whose small counts single people out much faster: the rule of 20 applies.
SENSITIVE_WORDS = ("immigration", "judicial", "judiciaire", "justice")


@dataclass
class Table:
    code: str
    title: str
    threshold: int
    columns: list[str]  # the headings of the count columns (one, or one per period)
    rows: list[tuple[str, list[str | int]]]  # label, published cells
    totals: list[str | int]
    grid: suppression.Grid


def _dimension_text(ind: Indicator) -> str:
    if ind.dimension is None:
        return ""
    dimension = source(ind.source).dimension(ind.dimension)
    return f"{dimension.code} {dimension.path} {dimension.vocabulary or ''}".lower()


def is_extractable(ind: Indicator) -> bool:
    """Aggregates only: no table whose rows would name a person or a staff member."""
    if ind.dimension is None:
        return True
    dimension = source(ind.source).dimension(ind.dimension)
    text = f"{dimension.code} {dimension.path}".lower()
    return not (
        dimension.kind == DimensionKind.RELATED
        and any(word in text for word in ("person", "worker", "user", "author", "created_by"))
    )


def extractable_indicators() -> list[Indicator]:
    return [ind for ind in all_indicators() if ind.dimension and is_extractable(ind)]


def default_threshold(ind: Indicator) -> int:
    """Per-table default: settings.TISSAGE_EXTRACTION_THRESHOLDS, then the sensitive rule."""
    configured = getattr(settings, "TISSAGE_EXTRACTION_THRESHOLDS", {})
    if ind.code in configured:
        return int(configured[ind.code])
    text = _dimension_text(ind)
    if any(word in text for word in SENSITIVE_WORDS):
        return SENSITIVE_THRESHOLD
    return DEFAULT_THRESHOLD


def threshold_for(ind: Indicator, override: int | None) -> int:
    """An override can raise a table's threshold, never lower it under its default."""
    base = default_threshold(ind)
    return max(base, override) if override else base


def table(ind: Indicator, period: Period, override: int | None = None) -> Table:
    figure = compute(ind, period)
    threshold = threshold_for(ind, override)
    values = [round(row.value) for row in figure.rows]
    grid = suppression.suppress(suppression.one_dimensional(values, round(figure.total)), threshold)
    rows = [
        (row.label, [suppression.shown(grid, (r, 0), threshold)])
        for r, row in enumerate(figure.rows)
    ]
    return Table(
        ind.code,
        str(ind.label),
        threshold,
        [period.label],
        rows,
        [suppression.shown_line(grid, 0, threshold)],
        grid,
    )


def series_table(ind: Indicator, periods: list[Period], override: int | None = None) -> Table:
    series = compute_series(ind, periods)
    threshold = threshold_for(ind, override)
    columns = [[round(row.values[c] or 0) for row in series.rows] for c in range(len(periods))]
    grid = suppression.suppress(
        suppression.by_columns(columns, [round(t) for t in series.totals]), threshold
    )
    rows = [
        (row.label, [suppression.shown(grid, (r, c), threshold) for c in range(len(periods))])
        for r, row in enumerate(series.rows)
    ]
    return Table(
        ind.code,
        str(ind.label),
        threshold,
        [p.label for p in periods],
        rows,
        [suppression.shown_line(grid, c, threshold) for c in range(len(periods))],
        grid,
    )


def legend(threshold: int) -> str:
    return _(
        "Counts from 1 to %(n)d are shown as “< %(t)d”; “x” hides a count that would let "
        "someone work out a hidden one from the totals."
    ) % {"n": threshold - 1, "t": threshold}
