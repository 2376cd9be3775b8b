"""What the report engine may count of organizational life, and its sections in the built-in
templates (the outreach report's "Partenariats et concertations" and "Soutien clinique et
formations"; the peer-support report's events, media, committees and funders).

Counts (54 meetings, 89 supervisions, 8 trainings) are ordinary sources: each record has a
date. The lists a report prints (which trainings, which committees with how many meetings)
are the section kind "orglife" (`blocks.orglife_block`).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

from tissage.orglife.models import (
    Committee,
    MediaAppearance,
    Meeting,
    Representation,
    SupportSession,
    Training,
)
from tissage.reports.registry import (
    Dimension,
    DimensionKind,
    Indicator,
    Measure,
    Source,
    register_indicator,
    register_source,
)
from tissage.reports.templates_default import BUILTIN, extend_template, register_template


def _month(path: str) -> Dimension:
    return Dimension("month", _("Month"), path, DimensionKind.MONTH)


def _kind(label: Any, choices: Any, path: str = "kind") -> Dimension:
    return Dimension("kind", label, path, DimensionKind.CHOICE, choices=dict(choices))


def register() -> None:
    for source in SOURCES:
        register_source(source)
    for indicator in INDICATORS:
        register_indicator(indicator)


SOURCES = [
    Source(
        "trainings",
        _("Trainings"),
        model=Training,
        date_path="date",
        person_path=None,
        sum_path="hours",
        definition=_("A training the team followed (one record per training, whoever went)."),
        dimensions={"month": _month("date")},
    ),
    Source(
        "committee_meetings",
        _("Committee meetings"),
        model=Meeting,
        date_path="date",
        person_path=None,
        definition=_("A meeting of a committee or concertation table the organization sits on."),
        dimensions={
            "committee": Dimension(
                "committee",
                _("Committee or table"),
                "committee",
                DimensionKind.RELATED,
                label_path="name",
            ),
            "kind": _kind(_("Kind"), Committee.Kind.choices, "committee__kind"),
            "month": _month("date"),
        },
    ),
    Source(
        "representations",
        _("Representations"),
        model=Representation,
        date_path="date",
        person_path=None,
        sum_path="audience",
        definition=_("An event attended, a kiosk, a presentation or a representation."),
        dimensions={"kind": _kind(_("Kind"), Representation.Kind.choices), "month": _month("date")},
    ),
    Source(
        "media_appearances",
        _("Media appearances"),
        model=MediaAppearance,
        date_path="date",
        person_path=None,
        definition=_("An appearance of the organization in a medium."),
        dimensions={"kind": _kind(_("Medium"), MediaAppearance.Kind.choices)},
    ),
    Source(
        "support_sessions",
        _("Clinical support"),
        model=SupportSession,
        date_path="date",
        person_path=None,
        definition=_("A clinical supervision, a team meeting or a retreat day of the team."),
        dimensions={"kind": _kind(_("Kind"), SupportSession.Kind.choices)},
    ),
]


def _support(code: str, label: Any, kind: str, definition: Any) -> Indicator:
    return Indicator(
        code, label, "support_sessions", filters=(("kind", kind),), definition=definition
    )


def _representation(code: str, label: Any, kind: str, definition: Any) -> Indicator:
    return Indicator(
        code, label, "representations", filters=(("kind", kind),), definition=definition
    )


INDICATORS = [
    Indicator(
        "orglife.trainings",
        _("Trainings"),
        "trainings",
        definition=_("Trainings the team followed in the period."),
    ),
    Indicator(
        "orglife.training_hours",
        _("Hours of training"),
        "trainings",
        measure=Measure.SUM,
        definition=_("The hours of the trainings followed in the period (each training once)."),
    ),
    Indicator(
        "orglife.committee_meetings",
        _("Committee and table meetings"),
        "committee_meetings",
        definition=_("Meetings of committees and concertation tables attended in the period."),
    ),
    Indicator(
        "orglife.committees_met",
        _("Committees and tables"),
        "committee_meetings",
        measure=Measure.DISTINCT,
        dimension="committee",
        definition=_("Committees and concertation tables that met at least once in the period."),
    ),
    Indicator(
        "orglife.meetings_by_committee",
        _("Meetings"),
        "committee_meetings",
        dimension="committee",
        include_unknown=False,
        definition=_("Meetings in the period, per committee or concertation table."),
    ),
    Indicator(
        "orglife.representations",
        _("Representations, kiosks and presentations"),
        "representations",
        definition=_("Events attended, kiosks, presentations and representations in the period."),
    ),
    Indicator(
        "orglife.representations_by_kind",
        _("Representations by kind"),
        "representations",
        dimension="kind",
        definition=_("Events attended, kiosks, presentations and representations, by kind."),
    ),
    _representation(
        "orglife.events_attended",
        _("Events attended"),
        "event",
        _("Events and conferences the organization attended in the period."),
    ),
    _representation(
        "orglife.kiosks", _("Kiosks"), "kiosk", _("Kiosks the organization held in the period.")
    ),
    _representation(
        "orglife.presentations",
        _("Presentations"),
        "presentation",
        _("Presentations of the organization's services in the period."),
    ),
    Indicator(
        "orglife.people_reached",
        _("People reached at kiosks and presentations"),
        "representations",
        measure=Measure.SUM,
        definition=_("The people reached, as estimated for each representation of the period."),
    ),
    Indicator(
        "orglife.media_appearances",
        _("Media appearances"),
        "media_appearances",
        definition=_("Appearances of the organization in the media in the period."),
    ),
    _support(
        "orglife.supervisions",
        _("Individual clinical supervisions"),
        "supervision",
        _("Individual clinical supervisions of the workers in the period."),
    ),
    _support(
        "orglife.team_meetings",
        _("Team meetings"),
        "team_meeting",
        _("Clinical team meetings in the period."),
    ),
    _support(
        "orglife.retreat_days",
        _("Retreat days"),
        "retreat",
        _("Retreat days (journées de ressourcement) of the team in the period."),
    ),
]

# Seed 003, "Partenariats et concertations" and "Soutien clinique et formations".
OUTREACH_SECTIONS: list[dict[str, Any]] = [
    {
        "kind": "figures",
        "key": "concertation",
        "title": N_("Partnerships and consultation"),
        "indicators": ["orglife.committee_meetings", "orglife.committees_met"],
    },
    {
        "kind": "table",
        "key": "committees",
        "title": N_("Meetings per committee and table"),
        "indicator": "orglife.meetings_by_committee",
    },
    {
        "kind": "figures",
        "key": "clinical_support",
        "title": N_("Clinical support and training"),
        "indicators": [
            "orglife.supervisions",
            "orglife.team_meetings",
            "orglife.retreat_days",
            "orglife.trainings",
        ],
    },
]

# Seeds 000 and 001: events attended, media, committees, funders, social networks.
SOCIAL_MEDIA = ["facebook-reach", "youtube-reach", "linkedin-reach", "instagram-reach"]
PEER_SUPPORT_SECTIONS: list[dict[str, Any]] = [
    {
        "kind": "orglife",
        "key": "events_attended",
        "title": N_("Events attended"),
        "list": "representations",
        "kinds": ["event"],
    },
    {"kind": "orglife", "key": "media", "title": N_("Media appearances"), "list": "media"},
    {
        "kind": "orglife",
        "key": "committees",
        "title": N_("Committees and consultation tables"),
        "list": "committees",
    },
    {
        "kind": "orglife",
        "key": "funding_partners",
        "title": N_("Funding partners"),
        "list": "partnerships",
        "kinds": ["funding"],
    },
    {"kind": "manual", "key": "social_media", "title": N_("Social media"), "manual": SOCIAL_MEDIA},
]
PEER_SUPPORT_NAME = N_("Annual report — peer support")


def register_templates() -> None:
    if "outreach" in BUILTIN:
        extend_template("outreach", OUTREACH_SECTIONS, before="conclusion")
    # "peer_support" is registered by the group activities app (ready earlier); should it
    # not be, these sections start it.
    if "peer_support" in BUILTIN:
        extend_template("peer_support", PEER_SUPPORT_SECTIONS, before="conclusion")
    else:
        register_template("peer_support", PEER_SUPPORT_NAME, list(PEER_SUPPORT_SECTIONS))


# Seed 004 (211 information and referral): trainings followed, community relations,
# presentations and kiosks, partnerships and projects, data extractions answered. No built-in
# template for it exists yet; the app that adds one extends it with these sections.
INFO_REFERRAL_SECTIONS: list[dict[str, Any]] = [
    {"kind": "orglife", "key": "trainings", "title": N_("Trainings followed"), "list": "trainings"},
    {
        "kind": "orglife",
        "key": "community_relations",
        "title": N_("Community relations"),
        "list": "committees",
    },
    {
        "kind": "orglife",
        "key": "presentations",
        "title": N_("Presentations and kiosks"),
        "list": "representations",
        "kinds": ["kiosk", "presentation", "representation"],
    },
    {
        "kind": "orglife",
        "key": "partnerships",
        "title": N_("Partnerships and projects"),
        "list": "partnerships",
        "kinds": ["partnership", "project", "research"],
    },
    {
        "kind": "manual",
        "key": "data_extractions",
        "title": N_("Data (extractions)"),
        "manual": ["data-extractions"],
    },
]
