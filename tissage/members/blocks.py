"""The report section kind "members": members on the period's last day, and their growth.

    {"kind": "members", "key": …, "title": …, "show": "categories"}
        a table: each category, members at the end of the period and a year earlier, change %;
        a total row (138 = 131 + 7, +100 % in the peer-support report of 2023).
    {"kind": "members", "key": …, "title": …, "show": "figures",
     "figures": ["members", "growth", "directory"]}
        key figures: members at the end, change in % over a year, member directory entries.

"A year earlier" is the same period one year before (`Period.shifted(-1)`), so a calendar
year compares 31 December with 31 December.
"""

from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _

from tissage.lib.numbers import format_number, format_signed_percent
from tissage.members.counting import (
    counts_by_category,
    directory_entries_on,
    growth_percent,
    member_count,
)
from tissage.reports.document import Block, Cell, KeyFigure, Table
from tissage.reports.periods import Period

DEFAULT_FIGURES = ("members", "growth", "directory")


def _localized(value: Any) -> str:
    if isinstance(value, dict):
        english = (translation.get_language() or "").startswith("en")
        return str(value.get("en" if english else "fr") or value.get("fr") or value.get("en") or "")
    return _(value) if value else ""


def _number(value: int) -> Cell:
    return Cell(value, format_number(value), None, "number")


def growth_cell(now: int, before: int) -> Cell:
    change = growth_percent(now, before)
    if change is None:
        return Cell(None, "--", None, "percent")
    return Cell(change, format_signed_percent(change), None, "percent")


def _day(period: Period) -> str:
    return formats.date_format(period.end, "DATE_FORMAT")


def members_definition(period: Period) -> str:
    return _(
        "Members on %(day)s: persons and organizations whose membership covers that day. "
        "The change compares with the same day a year earlier."
    ) % {"day": _day(period)}


def categories_block(section: dict[str, Any], period: Period) -> Block:
    before_period = period.shifted(-1)
    now = {row.category.pk: row for row in counts_by_category(period.end)}
    before = {row.category.pk: row for row in counts_by_category(before_period.end)}
    categories = {
        **{k: v.category for k, v in before.items()},
        **{k: v.category for k, v in now.items()},
    }
    rows = []
    for pk, category in sorted(categories.items(), key=lambda item: (item[1].order, item[1].name)):
        current = now[pk].count if pk in now else 0
        earlier = before[pk].count if pk in before else 0
        if not (current or earlier):
            continue
        rows.append(
            [
                Cell(category.label, category.label),
                _number(current),
                _number(earlier),
                growth_cell(current, earlier),
            ]
        )
    total_now = sum(row.count for row in now.values())
    total_before = sum(row.count for row in before.values())
    rows.append(
        [
            Cell(_("Total"), _("Total")),
            _number(total_now),
            _number(total_before),
            growth_cell(total_now, total_before),
        ]
    )
    title = _localized(section.get("title")) or _("Members by category")
    columns = [_("Category"), period.label, before_period.label, _("Change")]
    table = Table(section["key"], title, columns, rows, members_definition(period))
    return Block(section["key"], "table", title, table=table)


def figures_block(section: dict[str, Any], period: Period) -> Block:
    wanted = section.get("figures") or DEFAULT_FIGURES
    now = member_count(period.end)
    figures = []
    for name in wanted:
        if name == "members":
            label = _("Members at the end of the period")
            figures.append(KeyFigure(label, _number(now), members_definition(period)))
        elif name == "growth":
            before = member_count(period.shifted(-1).end)
            label = _("Change in members over a year")
            figures.append(KeyFigure(label, growth_cell(now, before), members_definition(period)))
        elif name == "directory":
            entries = directory_entries_on(period.end).count()
            definition = _(
                "Members listed in the public member directory on %(day)s, with a membership "
                "in force that day."
            ) % {"day": _day(period)}
            label = _("Member directory entries")
            figures.append(KeyFigure(label, _number(entries), definition))
    title = _localized(section.get("title")) or _("Members")
    return Block(section["key"], "figures", title, figures=figures)


def members_block(section: dict[str, Any], period: Period) -> Block:
    """The section kind "members" (see the module's docstring)."""
    if section.get("show") == "figures":
        return figures_block(section, period)
    return categories_block(section, period)
