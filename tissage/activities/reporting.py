"""What the report engine may count in group activities, and the report sections built on it.

One session is one activity held: the outreach report's "540+ activities" are its 550
sessions (UMIC – La Ruche, held 207 times, counts 207), and the peer-support report's 12
activities are 12 sessions. Participants are the sum of each session's attendance.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

from tissage.accounts.regions import Region
from tissage.reports.registry import (
    Dimension,
    DimensionKind,
    Indicator,
    Measure,
    Source,
    register_indicator,
    register_source,
)
from tissage.reports.templates_default import extend_template, register_template

# Stable codes of the activity_kind vocabulary (tissage/vocabularies/defaults.json).
ANIMATION = "partner-facilitation"
PARTNER_ACTIVITY = "partner-activity-participation"
PUBLIC_EVENT = "public-event"


def _session_dimensions() -> dict[str, Dimension]:
    return {
        "kind": Dimension(
            "kind", _("Kind of activity"), "activity__kind", vocabulary="activity_kind"
        ),
        "activity": Dimension(
            "activity", _("Activity"), "activity", DimensionKind.RELATED, label_path="title"
        ),
        "partner": Dimension(
            "partner", _("Partner"), "activity__partners", DimensionKind.RELATED, label_path="name"
        ),
        "project": Dimension("project", _("Project"), "activity__project", DimensionKind.CHOICE),
        "municipality": Dimension(
            "municipality", _("Municipality"), "activity__municipality", vocabulary="municipality"
        ),
        "region": Dimension(
            "region", _("Region"), "activity__region", DimensionKind.CHOICE,
            choices=dict(Region.choices),
        ),
        "facilitator": Dimension(
            "facilitator", _("Facilitator"), "activity__facilitators", DimensionKind.RELATED,
            label_path="username",
        ),
        "month": Dimension("month", _("Month"), "date", DimensionKind.MONTH),
    }  # fmt: skip


def register() -> None:
    from tissage.activities.models import ChildrenPresent, Registration, Session

    dimensions = _session_dimensions()
    register_source(
        Source(
            "activity_sessions",
            _("Sessions"),
            model=Session,
            date_path="date",
            person_path="attendances__person",
            sum_path="participants",
            dimensions=dimensions,
            definition=_("A session is one time an activity was held."),
        )
    )
    register_source(
        Source(
            "activity_sessions_eligible",
            _("Eligible participants"),
            model=Session,
            date_path="date",
            person_path="attendances__person",
            sum_path="eligible",
            dimensions=dimensions,
            definition=_("Participants who meet the eligibility rules of the activity's funder."),
        )
    )
    register_source(
        Source(
            "activity_children",
            _("Children present"),
            model=ChildrenPresent,
            date_path="session__date",
            person_path=None,
            sum_path="count",
            dimensions={
                "age_band": Dimension(
                    "age_band",
                    _("Age band"),
                    "age_band",
                    DimensionKind.CHOICE,
                    choices=dict(_age_bands()),
                ),
            },
            definition=_("Children who came to a session with a participant."),
        )
    )
    register_source(
        Source(
            "activity_registrations",
            _("Registrations"),
            model=Registration,
            date_path="date",
            person_path="person",
            sum_path="places",
            dimensions={
                "kind": Dimension(
                    "kind", _("Kind of activity"), "activity__kind", vocabulary="activity_kind"
                ),
                "activity": Dimension(
                    "activity", _("Activity"), "activity", DimensionKind.RELATED, label_path="title"
                ),
                "status": Dimension(
                    "status",
                    _("Status"),
                    "status",
                    DimensionKind.CHOICE,
                    choices=dict(Registration.Status.choices),
                ),
            },
            definition=_(
                "A registration of a person, or of a number of people, to an activity or to "
                "one of its sessions; it counts on the date of that session (or of the first)."
            ),
        )
    )
    for indicator in INDICATORS:
        register_indicator(indicator)
    extend_template("outreach", OUTREACH_SECTIONS, before="conclusion")
    register_template("peer_support", N_("Annual report — peer-support organization"), PEER)


def _age_bands() -> Any:
    from tissage.activities.models import AgeBand

    return AgeBand.choices


def _kind(code: str) -> tuple[tuple[str, str], ...]:
    return (("activity__kind__code", code),)


REGISTERED = (("status", "registered"),)
WITH_PROJECT = (("activity__project__gt", ""),)  # activities without a project are left out
WAITING = (("status", "waiting"),)

INDICATORS = [
    Indicator(
        "activities.sessions",
        _("Activities held"),
        "activity_sessions",
        definition=_("Activities held in the period; each session of a series counts once."),
    ),
    Indicator(
        "activities.participants",
        _("Participants"),
        "activity_sessions",
        Measure.SUM,
        definition=_(
            "Sum of the people present at each session, named or not: a person who comes to "
            "three sessions counts three times."
        ),
    ),
    Indicator(
        "activities.persons",
        _("Different persons named present"),
        "activity_sessions",
        Measure.PERSONS,
        definition=_("Distinct persons ticked present at least once; anonymous counts excluded."),
    ),
    Indicator(
        "activities.eligible",
        _("Eligible participants"),
        "activity_sessions_eligible",
        Measure.SUM,
        definition=_("Sum of the eligible people present at each session."),
    ),
    Indicator(
        "activities.children",
        _("Children present"),
        "activity_children",
        Measure.SUM,
        definition=_("Sum of the children present at each session."),
    ),
    Indicator(
        "activities.children_by_age_band",
        _("Children present by age band"),
        "activity_children",
        Measure.SUM,
        dimension="age_band",
        order="vocabulary",
        definition=_("Sum of the children present at each session, by age band."),
    ),
    Indicator(
        "activities.registrations",
        _("Registrations"),
        "activity_registrations",
        Measure.SUM,
        filters=REGISTERED,
        definition=_("People registered (not cancelled, not waiting) to the period's activities."),
    ),
    Indicator(
        "activities.waiting_list",
        _("On the waiting list"),
        "activity_registrations",
        Measure.SUM,
        filters=WAITING,
        definition=_("People on a waiting list for the period's activities."),
    ),
    Indicator(
        "activities.registrations_by_activity",
        _("Registrations by activity"),
        "activity_registrations",
        Measure.SUM,
        dimension="activity",
        filters=REGISTERED,
        include_unknown=False,
        definition=_("People registered to each activity of the period."),
    ),
    Indicator(
        "activities.animations",
        _("Animations with partners"),
        "activity_sessions",
        filters=_kind(ANIMATION),
        definition=_("Activities the team led with a partner organization, each session counted."),
    ),
    Indicator(
        "activities.partner_activities",
        _("Participations in partners' activities"),
        "activity_sessions",
        filters=_kind(PARTNER_ACTIVITY),
        definition=_("Activities organized by a partner that the team took part in."),
    ),
    Indicator(
        "activities.public_events",
        _("Public events"),
        "activity_sessions",
        filters=_kind(PUBLIC_EVENT),
        definition=_("Public events the team took part in."),
    ),
    *[
        Indicator(
            f"activities.{code}_by_activity",
            label,
            "activity_sessions",
            dimension="activity",
            filters=_kind(kind),
            include_unknown=False,
            definition=_("Times each activity was held in the period."),
        )
        for code, label, kind in [
            ("animations", _("Animations with partners"), ANIMATION),
            ("partner_activities", _("Participations in partners' activities"), PARTNER_ACTIVITY),
            ("public_events", _("Participations in public events"), PUBLIC_EVENT),
        ]
    ],
    Indicator(
        "activities.by_kind",
        _("Activities by kind"),
        "activity_sessions",
        dimension="kind",
        order="vocabulary",
        include_unknown=False,
        definition=_("Activities held in the period, by kind; each session counts once."),
    ),
    Indicator(
        "activities.participants_by_kind",
        _("Participants by kind of activity"),
        "activity_sessions",
        Measure.SUM,
        dimension="kind",
        order="vocabulary",
        include_unknown=False,
        definition=_("Sum of the people present at each session, by kind of activity."),
    ),
    Indicator(
        "activities.by_partner",
        _("Activities by partner"),
        "activity_sessions",
        dimension="partner",
        include_unknown=False,
        definition=_("Activities held with each partner organization (a session may have two)."),
    ),
    Indicator(
        "activities.participants_by_partner",
        _("Participants by partner"),
        "activity_sessions",
        Measure.SUM,
        dimension="partner",
        include_unknown=False,
        definition=_("Sum of the people present at the sessions held with each partner."),
    ),
    Indicator(
        "activities.by_project",
        _("Activities by project"),
        "activity_sessions",
        dimension="project",
        filters=WITH_PROJECT,
        include_unknown=False,
        definition=_("Activities held in the period, by the project they belong to."),
    ),
    Indicator(
        "activities.participants_by_project",
        _("Participants by project"),
        "activity_sessions",
        Measure.SUM,
        dimension="project",
        filters=WITH_PROJECT,
        include_unknown=False,
        definition=_("Sum of the people present at each session, by project."),
    ),
    Indicator(
        "activities.participants_by_activity",
        _("Participants by activity"),
        "activity_sessions",
        Measure.SUM,
        dimension="activity",
        include_unknown=False,
        definition=_("Sum of the people present at the sessions of each activity."),
    ),
    Indicator(
        "activities.eligible_by_activity",
        _("Eligible participants by activity"),
        "activity_sessions_eligible",
        Measure.SUM,
        dimension="activity",
        include_unknown=False,
        definition=_("Sum of the eligible people present at the sessions of each activity."),
    ),
    Indicator(
        "activities.by_region",
        _("Geographic sectors of activities"),
        "activity_sessions",
        dimension="region",
        include_unknown=False,
        definition=_("Activities held in the period, by administrative region."),
    ),
    Indicator(
        "activities.by_municipality",
        _("Activities by municipality"),
        "activity_sessions",
        dimension="municipality",
        include_unknown=False,
        definition=_("Activities held in the period, by municipality."),
    ),
    Indicator(
        "activities.by_month",
        _("Activities by month"),
        "activity_sessions",
        dimension="month",
        order="vocabulary",
        definition=_("Activities held in the period, by month."),
    ),
]

# "Interventions collectives" of the outreach report (seed 003): the totals, then each kind's
# activities with the times each was held ("UMIC – La Ruche (207)").
OUTREACH_SECTIONS: list[dict[str, Any]] = [
    {
        "kind": "figures",
        "key": "collective",
        "title": N_("Collective interventions"),
        "indicators": [
            "activities.sessions",
            "activities.participants",
            "activities.animations",
            "activities.partner_activities",
            "activities.public_events",
        ],
    },
    {
        "kind": "ranking",
        "key": "collective_animations",
        "indicator": "activities.animations_by_activity",
    },
    {
        "kind": "ranking",
        "key": "collective_partner_activities",
        "indicator": "activities.partner_activities_by_activity",
    },
    {
        "kind": "ranking",
        "key": "collective_public_events",
        "indicator": "activities.public_events_by_activity",
    },
]

# The peer-support organization's annual report (seeds 000, 001): the activities part. The
# members and organizational-life apps add their sections before "conclusion".
PEER: list[dict[str, Any]] = [
    {
        "kind": "text",
        "key": "introduction",
        "title": N_("Introduction"),
        "text": N_(
            "Describe here the mission of the organization and the objectives of the year. "
            "This text is yours: edit it on the report's page, it is kept with the report."
        ),
    },
    {
        "kind": "figures",
        "key": "activities",
        "title": N_("Activities"),
        "indicators": ["activities.sessions", "activities.participants"],
    },
    {
        "kind": "table",
        "key": "activities_by_kind",
        "indicator": "activities.by_kind",
        "chart": "pie",
    },
    {
        "kind": "table",
        "key": "participants_by_kind",
        "indicator": "activities.participants_by_kind",
        "chart": "bar",
    },
    {
        "kind": "table",
        "key": "participants_by_project",
        "indicator": "activities.participants_by_project",
        "chart": "barh",
    },
    {
        "kind": "table",
        "key": "activity_sectors",
        "indicator": "activities.by_region",
        "chart": "pie",
    },
    {
        "kind": "text",
        "key": "conclusion",
        "title": N_("Conclusion"),
        "text": N_("Write here the conclusion of the year and your thanks."),
    },
]
