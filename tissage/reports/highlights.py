"""Faits saillants: sentences computed from the figures, in the reader's language.

Each function returns sentences about one kind of fact: a record year, the largest rises and
falls among the top entries, entries new to the top (or back after years away), an average
per person, the leader of a ranking. The numbers in them come from the engine, never typed.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Min
from django.utils.translation import gettext as _

from tissage.lib.numbers import format_number, format_signed_percent
from tissage.reports.compute import Series, compute, records
from tissage.reports.memo import remembered
from tissage.reports.periods import Period, fiscal_year_of
from tissage.reports.registry import indicator, source


@dataclass
class Highlight:
    kind: str
    sentence: str
    value: float | int | None = None
    subject: str = ""


def periods_on_record(code: str, period: Period) -> list[Period]:
    """Every period of the same kind, from the first with a record up to `period`."""
    ind = indicator(code)
    src = source(ind.source)
    first = remembered(
        ("first record", src.code),
        lambda: src.model._default_manager.aggregate(first=Min(src.date_path))["first"],
    )
    if first is None:
        return [period]
    if isinstance(first, date) and not isinstance(first, type(period.start)):
        first = first.date()  # type: ignore[attr-defined]
    start = fiscal_year_of(first, period.start_month) if period.kind == "fiscal_year" else None
    periods = [period]
    while True:
        earlier = periods[0].shifted(-1)
        if earlier.end < first or (start is not None and earlier.start < start.start):
            break
        periods.insert(0, earlier)
        if len(periods) > 60:
            break
    return periods


def record_high(code: str, period: Period) -> list[Highlight]:
    ind = indicator(code)
    history = periods_on_record(code, period)
    if len(history) < 2:
        return []
    totals = [compute(ind, p).total for p in history]
    current = totals[-1]
    if current <= max(totals[:-1]):
        return []
    sentence = _(
        "In %(period)s, %(label)s reached the highest number on record: %(value)s "
        "(records since %(first)s)."
    ) % {
        "period": period.label,
        "label": str(ind.label).lower(),
        "value": format_number(current),
        "first": history[0].label,
    }
    return [Highlight("record", sentence, current, str(ind.label))]


def changes(series: Series, top: int | None = None) -> list[Highlight]:
    """The largest rise and the largest fall, against the previous period, among the rows."""
    previous_label, current_label = series.periods[-2].label, series.periods[-1].label
    moves = []
    for row in series.rows:
        before, now = row.values[-2], row.values[-1]
        if before and now is not None:
            moves.append(((now - before) / before * 100, row))
    found = []
    if moves:
        rise = max(moves, key=lambda move: move[0])
        if rise[0] > 0:
            found.append(_change_sentence(rise, previous_label, current_label, "increase"))
        fall = min(moves, key=lambda move: move[0])
        if fall[0] < 0:
            found.append(_change_sentence(fall, previous_label, current_label, "decrease"))
    return found


def _change_sentence(move: tuple, previous: str, current: str, kind: str) -> Highlight:
    percent, row = move
    sentence = _("%(label)s: %(value)s in %(current)s, %(change)s compared with %(previous)s.") % {
        "label": row.label,
        "value": format_number(row.values[-1]),
        "current": current,
        "change": format_signed_percent(percent),
        "previous": previous,
    }
    return Highlight(kind, sentence, round(percent, 1), row.label)


def newcomers(series: Series, top: int) -> list[Highlight]:
    """Rows in this period's top that were absent from it in some earlier periods."""
    found = []
    span = len(series.periods)
    for position, row in enumerate(series.rows, start=1):
        earlier = [rank is not None and rank <= top for rank in row.ranks[:-1]]
        if all(earlier):
            continue
        if not any(earlier):
            sentence = _(
                "%(label)s enters the top %(top)s (rank %(rank)s) for the first time in "
                "%(years)s years."
            ) % {"label": row.label, "top": top, "rank": position, "years": span}
            found.append(Highlight("new", sentence, position, row.label))
        elif not earlier[-1]:
            absent = 0
            for present in reversed(earlier):
                if present:
                    break
                absent += 1
            sentence = _(
                "%(label)s is back in the top %(top)s (rank %(rank)s) after %(absent)s "
                "year(s) away."
            ) % {"label": row.label, "top": top, "rank": position, "absent": absent}
            found.append(Highlight("back", sentence, position, row.label))
    return found


def average(code: str, period: Period) -> list[Highlight]:
    ind = indicator(code)
    value = compute(ind, period).total
    if not value:
        return []
    sentence = _("On average, %(value)s %(label)s in %(period)s.") % {
        "value": format_number(value),
        "label": str(ind.label).lower(),
        "period": period.label,
    }
    return [Highlight("average", sentence, value, str(ind.label))]


def leader(code: str, period: Period) -> list[Highlight]:
    ind = indicator(code)
    figure = compute(ind, period)
    if not figure.rows:
        return []
    first = figure.rows[0]
    sentence = _("%(what)s: %(label)s comes first, with %(value)s.") % {
        "what": ind.label,
        "label": first.label,
        "value": format_number(first.value),
    }
    return [Highlight("leader", sentence, first.value, first.label)]


__all__ = ["Highlight", "average", "changes", "leader", "newcomers", "record_high", "records"]
