"""The kinds of records of organizational life, as the generic list and form screens see them.

Each kind has its French path segment (/vie-associative/formations/), its model and form, and
the columns of its list. Committees have, in addition, a page with their meetings.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tissage.orglife import forms
from tissage.orglife.models import (
    Committee,
    MediaAppearance,
    Partnership,
    Representation,
    SupportSession,
    Training,
)


@dataclass(frozen=True)
class Column:
    label: Promise
    value: Callable[[Any], Any]
    numeric: bool = False


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type[models.Model]
    form: type[forms.OrglifeForm]
    title: Promise
    new_label: Promise
    columns: tuple[Column, ...]
    date_field: str | None = "date"  # what the From/To filter of the list looks at
    choices_field: str | None = "kind"  # what the Kind filter of the list looks at
    team_field: str | None = None  # the staff named on the record, counted in the list


def _date(obj: Any) -> Any:
    return obj.date


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        Kind(
            "formations",
            Training,
            forms.TrainingForm,
            _("Trainings followed"),
            _("New training"),
            (
                Column(_("Date"), _date),
                Column(_("Training"), lambda t: t.title),
                Column(_("Given by"), lambda t: t.provider),
                Column(_("Attended"), lambda t: t.team_count, numeric=True),
            ),
            choices_field=None,
            team_field="attendees",
        ),
        Kind(
            "comites",
            Committee,
            forms.CommitteeForm,
            _("Committees and consultation tables"),
            _("New committee or table"),
            (
                Column(_("Committee or table"), lambda c: c.name),
                Column(_("Kind"), lambda c: c.get_kind_display()),
                Column(_("Part of"), lambda c: c.parent.name if c.parent else ""),
                Column(_("Meetings"), lambda c: c.met, numeric=True),
            ),
            date_field=None,
        ),
        Kind(
            "representations",
            Representation,
            forms.RepresentationForm,
            _("Representations, kiosks and presentations"),
            _("New representation"),
            (
                Column(_("Date"), _date),
                Column(_("Kind"), lambda r: r.get_kind_display()),
                Column(_("Title"), lambda r: r.title),
                Column(_("Organized by"), lambda r: r.organizer),
                Column(_("People reached"), lambda r: r.audience, numeric=True),
            ),
        ),
        Kind(
            "partenariats",
            Partnership,
            forms.PartnershipForm,
            _("Partnerships and projects"),
            _("New partnership or project"),
            (
                Column(_("Name"), lambda p: p.name),
                Column(_("Kind"), lambda p: p.get_kind_display()),
                Column(_("Partners"), lambda p: p.partners),
                Column(_("Start"), lambda p: p.start),
                Column(_("End"), lambda p: p.end),
            ),
            date_field=None,
        ),
        Kind(
            "medias",
            MediaAppearance,
            forms.MediaForm,
            _("Media appearances"),
            _("New media appearance"),
            (
                Column(_("Date"), _date),
                Column(_("Outlet"), lambda m: m.outlet),
                Column(_("Program"), lambda m: m.program),
                Column(_("Topic"), lambda m: m.topic),
            ),
        ),
        Kind(
            "soutien-clinique",
            SupportSession,
            forms.SupportForm,
            _("Clinical support"),
            _("New supervision, team meeting or retreat day"),
            (
                Column(_("Date"), _date),
                Column(_("Kind"), lambda s: s.get_kind_display()),
                Column(_("Participants"), lambda s: s.team_count, numeric=True),
            ),
            team_field="participants",
        ),
    )
}
