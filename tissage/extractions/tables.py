"""Extraction tables: report-engine figures turned into suppressed, publishable grids."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from tissage.extractions import suppression
from tissage.reports.compute import compute, compute_series
from tissage.reports.periods import Period
from tissage.reports.registry import DimensionKind, Indicator, all_indicators, source

DEFAULT_THRESHOLD = 5
SENSITIVE_THRESHOLD = 20
# Immigration status and judicial history single people out much faster: the rule of 20
# applies to a table cut by such a dimension, and to a table one of whose rows is such a
# category (the "Judiciarisation" or "Immigration" problem area of a table by problem area).
# Matched in dimension codes, term codes and labels, French and English.
SENSITIVE_WORDS = ("immigr", "judicia", "justice", "casier", "criminal")


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


def configured_thresholds() -> dict[str, int]:
    """Per-table thresholds from settings.TISSAGE_EXTRACTION_THRESHOLDS: a mapping
    {"indicator.code": n}, or items "indicator.code=n" (the environment variable's form)."""
    raw = getattr(settings, "TISSAGE_EXTRACTION_THRESHOLDS", None) or {}
    items = raw.items() if isinstance(raw, dict) else (str(i).partition("=")[::2] for i in raw)
    found = {}
    for code, value in items:
        try:
            found[str(code).strip()] = int(value)
        except (TypeError, ValueError) as exc:
            raise ImproperlyConfigured(
                f"TISSAGE_EXTRACTION_THRESHOLDS: {code!r} needs a whole number, not {value!r}"
            ) from exc
    return found


def _sensitive(text: str) -> bool:
    return any(word in text.lower() for word in SENSITIVE_WORDS)


def default_threshold(ind: Indicator, rows: Iterable[tuple[str, str]] = ()) -> int:
    """The table's threshold: 5, or 20 when the table is cut by immigration status or
    judicial history or shows such a category among its `rows` (code, label); a per-table
    setting can raise it, never lower it under that rule."""
    sensitive = _sensitive(_dimension_text(ind)) or any(
        _sensitive(f"{code} {label}") for code, label in rows
    )
    rule = SENSITIVE_THRESHOLD if sensitive else DEFAULT_THRESHOLD
    configured = configured_thresholds().get(ind.code)
    return max(rule, configured) if configured else rule


def threshold_for(
    ind: Indicator, override: int | None, rows: Iterable[tuple[str, str]] = ()
) -> int:
    """An override can raise a table's threshold, never lower it under its default."""
    base = default_threshold(ind, rows)
    return max(base, override) if override else base


def table(ind: Indicator, period: Period, override: int | None = None) -> Table:
    figure = compute(ind, period)
    threshold = threshold_for(ind, override, [(row.code, row.label) for row in figure.rows])
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
    threshold = threshold_for(ind, override, [(row.code, row.label) for row in series.rows])
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
