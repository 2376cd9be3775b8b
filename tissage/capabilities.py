"""The nine capabilities of PRODUCT.md, as the navigation and the home page show them."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tissage.privacy.access import Perm


@dataclass(frozen=True)
class Capability:
    code: str
    url_name: str
    label: Promise
    summary: Promise
    perm: Perm


CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        "people",
        "people:index",
        _("People and follow-up"),
        _("People served, interventions, referrals and each person's history."),
        Perm.PERSON_VIEW,
    ),
    Capability(
        "reports",
        "reports:index",
        _("Reports"),
        _("Statistics, the annual activity report and the funders' reports."),
        Perm.STATS_VIEW,
    ),
    Capability(
        "directory",
        "directory:index",
        _("Directory"),
        _("Community resources: organizations, services, places, and their upkeep."),
        Perm.DIRECTORY_VIEW,
    ),
    Capability(
        "contacts",
        "contacts:index",
        _("Requests"),
        _("Calls, chats and e-mails of the information and referral line, and unmet needs."),
        Perm.CONTACT_LOG,
    ),
    Capability(
        "programs",
        "programs:index",
        _("Programs"),
        _("Funded programs, enrolments, targets and accountability reports."),
        Perm.PROGRAM_MANAGE,
    ),
    Capability(
        "activities",
        "activities:index",
        _("Group activities"),
        _("Workshops, conferences, drop-ins and events: registrations and attendance."),
        Perm.ACTIVITY_MANAGE,
    ),
    Capability(
        "members",
        "members:index",
        _("Members"),
        _("Memberships, fees, renewals and the member directory."),
        Perm.MEMBER_MANAGE,
    ),
    Capability(
        "orglife",
        "orglife:index",
        _("Organizational life"),
        _("Trainings, consultation tables and committees, partnerships, media."),
        Perm.ORGLIFE_EDIT,
    ),
    Capability(
        "privacy",
        "privacy:index",
        _("Data and privacy"),
        _("Audit trail, Law 25 duties, imports and exports."),
        Perm.AUDIT_VIEW,
    ),
)


def capability_landing(request: HttpRequest, code: str) -> HttpResponse:
    """The entry page of a capability: what it holds and where to go from there."""
    capability = next(c for c in CAPABILITIES if c.code == code)
    return render(request, f"{code}/index.html", {"capability": capability})
