"""What the report engine may count of memberships, and the members' sections of the built-in
templates.

Flows (memberships started, renewals, fees received) are ordinary sources: each record has a
date in the period. The number of members at the end of the period is a state, not a flow:
the section kind "members" (`blocks.members_block`) computes it on the period's last day.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

from tissage.members.models import MemberKind, Membership, Payment
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

_CATEGORY = Dimension(
    "category", _("Category"), "category", DimensionKind.RELATED, label_path="name"
)


def register() -> None:
    register_source(
        Source(
            "memberships",
            _("Memberships"),
            model=Membership,
            date_path="start",
            person_path="member",
            definition=_("A membership is one period of membership of a member, in a category."),
            dimensions={
                "category": _CATEGORY,
                "kind": Dimension(
                    "kind",
                    _("Kind of member"),
                    "member__kind",
                    DimensionKind.CHOICE,
                    choices=dict(MemberKind.choices),
                ),
                "month": Dimension("month", _("Month"), "start", DimensionKind.MONTH),
            },
        )
    )
    register_source(
        Source(
            "membership_payments",
            _("Membership payments"),
            model=Payment,
            date_path="paid_on",
            person_path="membership__member",
            sum_path="amount",
            definition=_("A payment received for a membership, as recorded by the office."),
            dimensions={
                "category": Dimension(
                    "category",
                    _("Category"),
                    "membership__category",
                    DimensionKind.RELATED,
                    label_path="name",
                ),
                "method": Dimension(
                    "method",
                    _("Method"),
                    "method",
                    DimensionKind.CHOICE,
                    choices=dict(Payment.Method.choices),
                ),
                "month": Dimension("month", _("Month"), "paid_on", DimensionKind.MONTH),
            },
        )
    )
    for indicator in INDICATORS:
        register_indicator(indicator)


INDICATORS = [
    Indicator(
        "members.memberships_started",
        _("Memberships started"),
        "memberships",
        definition=_("Membership periods that start in the period, first ones and renewals."),
    ),
    Indicator(
        "members.new_members",
        _("New members"),
        "memberships",
        filters=(("renewal", False),),
        definition=_("Members whose first membership starts in the period."),
    ),
    Indicator(
        "members.renewals",
        _("Renewals"),
        "memberships",
        filters=(("renewal", True),),
        definition=_("Membership periods that start in the period and follow an earlier one."),
    ),
    Indicator(
        "members.memberships_by_category",
        _("Memberships started by category"),
        "memberships",
        dimension="category",
        definition=_("Membership periods that start in the period, by category."),
    ),
    Indicator(
        "members.fees_collected",
        _("Membership fees received ($)"),
        "membership_payments",
        measure=Measure.SUM,
        definition=_("The sum of the membership payments received in the period, in dollars."),
    ),
    Indicator(
        "members.payments",
        _("Membership payments"),
        "membership_payments",
        definition=_("Membership payments received in the period."),
    ),
]

# The members' part of the peer-support report (seeds 000 and 001): "Adhésions".
PEER_SUPPORT_SECTIONS: list[dict[str, Any]] = [
    {
        "kind": "members",
        "key": "members_figures",
        "title": N_("Members"),
        "show": "figures",
        "figures": ["members", "growth", "directory"],
    },
    {
        "kind": "members",
        "key": "members_by_category",
        "title": N_("Members by category"),
        "show": "categories",
    },
    {
        "kind": "figures",
        "key": "membership_year",
        "title": N_("Memberships in the period"),
        "indicators": ["members.new_members", "members.renewals", "members.fees_collected"],
    },
]
PEER_SUPPORT_NAME = N_("Annual report — peer support")


def contribute_to_template(code: str, name: str, sections: list[dict[str, Any]]) -> None:
    """Add sections to a built-in template another app may already have registered (the
    group activities app registers "peer_support" first: apps are ready in INSTALLED_APPS
    order); register the template when nobody has yet."""
    if code in BUILTIN:
        extend_template(code, sections, before="conclusion")
    else:
        register_template(code, name, [dict(section) for section in sections])


def register_templates() -> None:
    contribute_to_template("peer_support", PEER_SUPPORT_NAME, PEER_SUPPORT_SECTIONS)
