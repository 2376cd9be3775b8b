"""Cells and lookups shared by this app's report blocks (`blocks.py`, `portraits.py`)."""

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tissage.lib.numbers import format_number, format_percent
from tissage.programs.models import Program
from tissage.reports.document import Block, Cell, Table
from tissage.reports.manual import plain_number

NA = "NA"
NONE = "--"


def localized(value: Any, default: str = "") -> str:
    """A section's title: {"fr": …, "en": …} typed by the organization, or an English msgid."""
    if isinstance(value, dict):
        english = (translation.get_language() or "").startswith("en")
        return str(value.get("en" if english else "fr") or value.get("fr") or value.get("en") or "")
    return _(value) if value else default


def programs_of(section: dict[str, Any]) -> list[Program]:
    """The programs a section names, in the order it names them."""
    codes = section.get("programs")
    if codes:
        found = Program.objects.select_related("agreement").in_bulk(codes, field_name="code")
        return [found[code] for code in codes if code in found]
    programs = Program.objects.select_related("agreement").filter(active=True)
    if section.get("funder"):
        programs = programs.filter(agreement__funder__code=section["funder"])
    return list(programs)


PARTS = {
    "production": gettext_noop("Production indicators"),
    "impact": gettext_noop("Impact indicators"),
    "other": gettext_noop("Other indicators"),
    "levels": gettext_noop("Intensity levels"),
}


def program_title(section: dict[str, Any], program: Program, part: str) -> str:
    """The section's own title, else "<program> — <part>" (e.g. "Groupe D — Impact
    indicators"), so that every table of a long report says which program it is about."""
    own = localized(section.get("title"))
    if own:
        return own
    return f"{program.name} — {_(PARTS[section.get('part', part)])}"


def program_of(section: dict[str, Any]) -> Program | None:
    return Program.objects.filter(code=section.get("program", "")).first()


def missing(section: dict[str, Any]) -> Block:
    text = _("No program has the code “%(code)s”: edit the report's template.") % {
        "code": section.get("program", "")
    }
    title = localized(section.get("title"), str(section.get("program", "")))
    return Block(section["key"], "text", title, text)


def number_cell(value: Any, link: str | None = None) -> Cell:
    if value is None:
        return Cell(None, NONE, kind="number")
    number = plain_number(value) if not isinstance(value, int | float) else value
    digits = 0 if isinstance(number, int) else 1
    return Cell(number, format_number(number, digits), link, "number")


def percent_cell(percent: float | None, digits: int = 0) -> Cell:
    return Cell(percent, format_percent(percent, digits), kind="percent")


def text_cell(text: str) -> Cell:
    return Cell(text, text)


def table_block(
    section: dict[str, Any], title: str, columns: list[str], rows: list, **kw: Any
) -> Block:
    table = Table(section["key"], title, columns, rows, **kw)
    return Block(section["key"], "table", title, table=table)
