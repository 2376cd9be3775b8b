"""The report section kind "orglife": the lists an annual report prints.

    {"kind": "orglife", "key": …, "title": …, "list": "trainings" | "committees" |
     "representations" | "partnerships" | "media", "kinds": [optional kind codes]}

- trainings: date, title, given by, how many of the team attended;
- committees: each committee or table (sub-committees under their parent) with its meetings
  in the period, and the total ("54 meetings");
- representations: date, kind, title, organizer, place (`kinds`: event, kiosk, …);
- partnerships: those under way in the period, with partners and description (`kinds`:
  partnership, project, funding, research);
- media: date, outlet, program, topic.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tissage.lib.numbers import format_number
from tissage.lib.text import match_key
from tissage.orglife.models import (
    Committee,
    MediaAppearance,
    Meeting,
    Partnership,
    Representation,
    Training,
)
from tissage.reports.document import Block, Cell, Table
from tissage.reports.periods import Period

Rows = list[list[Cell]]


def _localized(value: Any) -> str:
    if isinstance(value, dict):
        english = (translation.get_language() or "").startswith("en")
        return str(value.get("en" if english else "fr") or value.get("fr") or value.get("en") or "")
    return _(value) if value else ""


def text(value: Any) -> Cell:
    shown = "" if value is None else str(value)
    return Cell(shown, shown)


def number(value: int) -> Cell:
    return Cell(value, format_number(value), None, "number")


def day(value: Any) -> Cell:
    return Cell(value.isoformat(), formats.date_format(value, "DATE_FORMAT"))


def _in(period: Period) -> dict[str, Any]:
    return {"date__gte": period.start, "date__lte": period.end}


def trainings(section: dict[str, Any], period: Period) -> tuple[list[str], Rows, str]:
    found = Training.objects.filter(**_in(period)).annotate(people=Count("attendees"))
    rows = [
        [day(t.date), text(t.title), text(t.provider), number(t.people)]
        for t in found.order_by("date", "title")
    ]
    columns = [_("Date"), _("Training"), _("Given by"), _("Team members who attended")]
    return columns, rows, _("Trainings the team followed in the period.")


def committees(section: dict[str, Any], period: Period) -> tuple[list[str], Rows, str]:
    """Committees that met in the period or that the organization sat on during it."""
    meetings = Count(
        "meetings", filter=Q(meetings__date__gte=period.start, meetings__date__lte=period.end)
    )
    sat = (Q(joined_on__isnull=True) | Q(joined_on__lte=period.end)) & (
        Q(left_on__isnull=True) | Q(left_on__gte=period.start)
    )
    found = sorted(Committee.objects.annotate(met=meetings), key=lambda c: match_key(c.name))
    shown = {c.pk for c in found if c.met} | {
        pk for pk in Committee.objects.filter(sat).values_list("pk", flat=True)
    }
    children: dict[int | None, list[Committee]] = {}
    for committee in found:
        if committee.pk in shown:
            parent = committee.parent_id if committee.parent_id in shown else None
            children.setdefault(parent, []).append(committee)
    rows: Rows = []

    def walk(parent: int | None, depth: int) -> None:
        for committee in children.get(parent, []):
            name = ("— " * depth) + committee.name
            rows.append([text(name), text(committee.get_kind_display()), number(committee.met)])
            walk(committee.pk, depth + 1)

    walk(None, 0)
    total = Meeting.objects.filter(**_in(period)).count()
    rows.append([text(_("Total")), text(""), number(total)])
    columns = [_("Committee or table"), _("Kind"), _("Meetings")]
    definition = _("Meetings in the period of each committee and table the organization sits on.")
    return columns, rows, definition


def representations(section: dict[str, Any], period: Period) -> tuple[list[str], Rows, str]:
    found = Representation.objects.filter(**_in(period))
    if section.get("kinds"):
        found = found.filter(kind__in=section["kinds"])
    rows = [
        [day(r.date), text(r.get_kind_display()), text(r.title), text(r.organizer), text(r.place)]
        for r in found.order_by("date", "title")
    ]
    columns = [_("Date"), _("Kind"), _("Title"), _("Organized by"), _("Place")]
    return columns, rows, _("Events attended, kiosks, presentations and representations.")


def partnerships(section: dict[str, Any], period: Period) -> tuple[list[str], Rows, str]:
    found = Partnership.objects.during(period.start, period.end)
    if section.get("kinds"):
        found = found.filter(kind__in=section["kinds"])
    rows = [
        [text(p.name), text(p.get_kind_display()), text(p.partners), text(p.description)]
        for p in found.order_by("kind", "name")
    ]
    columns = [_("Name"), _("Kind"), _("Partners"), _("Description")]
    return columns, rows, _("Partnerships, projects and funders under way during the period.")


def media(section: dict[str, Any], period: Period) -> tuple[list[str], Rows, str]:
    found = MediaAppearance.objects.filter(**_in(period)).order_by("date", "outlet")
    rows = [[day(m.date), text(m.outlet), text(m.program), text(m.topic)] for m in found]
    columns = [_("Date"), _("Outlet"), _("Program"), _("Topic")]
    return columns, rows, _("Appearances of the organization in the media in the period.")


LISTS: dict[str, Callable[[dict[str, Any], Period], tuple[list[str], Rows, str]]] = {
    "trainings": trainings,
    "committees": committees,
    "representations": representations,
    "partnerships": partnerships,
    "media": media,
}
TITLES = {
    "trainings": N_("Trainings followed"),
    "committees": N_("Committees and consultation tables"),
    "representations": N_("Representations, kiosks and presentations"),
    "partnerships": N_("Partnerships and projects"),
    "media": N_("Media appearances"),
}


def orglife_block(section: dict[str, Any], period: Period) -> Block:
    """The section kind "orglife" (see the module's docstring)."""
    kind = section.get("list", "trainings")
    columns, rows, definition = LISTS.get(kind, trainings)(section, period)
    title = _localized(section.get("title")) or _(TITLES.get(kind, TITLES["trainings"]))
    table = Table(section["key"], title, columns, rows, definition)
    return Block(section["key"], "table", title, table=table)
