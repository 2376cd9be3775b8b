"""Before publishing: what would make a report wrong, counted, with a link to fix each record.

A person without gender lands in "Not specified" of the gender table; an intervention without
problématique is missing from the top 10; a date typed 2203 instead of 2023 falls in no year.
Each check counts the records of the period that have the problem and links to the list of
them in the people pages (filtered by GET parameters those lists understand).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tissage.people.models import Intervention, Person, Referral
from tissage.reports.periods import Period

# No field says when the organization began; a record dated before this is taken for a typing
# error (1923 for 2023) rather than for history nobody enters.
EARLIEST_PLAUSIBLE = date(2000, 1, 1)


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    count: int
    url: str
    group: str = ""  # persons, interventions, referrals, dates


def people_url(name: str, fallback: str, *args: Any) -> str:
    """A page of the people app, by its URL name; the path it has if the name is not wired."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def _list_url(kind: str, **query: Any) -> str:
    paths = {
        "persons": ("people:persons", "/personnes/liste/"),
        "interventions": ("people:interventions", "/personnes/interventions/"),
        "referrals": ("people:referrals", "/personnes/references/"),
    }
    base = people_url(*paths[kind])
    return f"{base}?{urlencode({k: v for k, v in query.items() if v is not None})}"


def served_in(period: Period) -> QuerySet[Person]:
    """Persons with at least one intervention in the period (the report's "persons met")."""
    interventions = Intervention.objects.filter(date__gte=period.start, date__lte=period.end)
    return Person.objects.filter(pk__in=interventions.values("persons"))


def quality_checks(period: Period, today: date | None = None) -> list[Check]:
    today = today or timezone.localdate()
    span = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    persons = served_in(period)
    interventions = Intervention.objects.filter(date__gte=period.start, date__lte=period.end)
    referrals = Referral.objects.filter(date__gte=period.start, date__lte=period.end)
    checks = [
        Check(
            "person_gender",
            _("Persons met without a gender"),
            persons.filter(gender__isnull=True).count(),
            _list_url("persons", missing="gender", **span),
            "persons",
        ),
        Check(
            "person_age_group",
            _("Persons met without an age group"),
            persons.filter(age_group__isnull=True).count(),
            _list_url("persons", missing="age_group", **span),
            "persons",
        ),
    ]
    for code, label, missing in [
        ("intervention_problem", _("Interventions without a problem area"), {"problems": None}),
        ("intervention_place", _("Interventions without a place"), {"place": None}),
        ("intervention_type", _("Interventions without a type"), {"types": None}),
        (
            "intervention_duration",
            _("Interventions without a duration"),
            {"duration_minutes": None},
        ),
    ]:
        what = code.split("_", 1)[1]
        count = interventions.filter(**missing).count()
        checks.append(
            Check(
                code,
                label,
                count,
                _list_url("interventions", missing=what, **span),
                "interventions",
            )
        )
    checks.append(
        Check(
            "referral_organization",
            _("Referrals to an organization without a name"),
            referrals.filter(organization__name_key="").count(),
            _list_url("referrals", missing="organization", **span),
            "referrals",
        )
    )
    checks += _date_checks(today)
    return checks


def _date_checks(today: date) -> list[Check]:
    """Dates no period will ever count: in the future, or implausibly old. These concern every
    year's report, so they are counted over all records, not the period's."""
    tomorrow = (today + timedelta(days=1)).isoformat()
    too_old = (EARLIEST_PLAUSIBLE - timedelta(days=1)).isoformat()
    return [
        Check(
            "intervention_future",
            _("Interventions dated in the future"),
            Intervention.objects.filter(date__gt=today).count(),
            _list_url("interventions", start=tomorrow),
            "dates",
        ),
        Check(
            "referral_future",
            _("Referrals dated in the future"),
            Referral.objects.filter(date__gt=today).count(),
            _list_url("referrals", start=tomorrow),
            "dates",
        ),
        Check(
            "intervention_too_old",
            _("Interventions dated before %(year)s") % {"year": EARLIEST_PLAUSIBLE.year},
            Intervention.objects.filter(date__lt=EARLIEST_PLAUSIBLE).count(),
            _list_url("interventions", end=too_old),
            "dates",
        ),
        Check(
            "referral_too_old",
            _("Referrals dated before %(year)s") % {"year": EARLIEST_PLAUSIBLE.year},
            Referral.objects.filter(date__lt=EARLIEST_PLAUSIBLE).count(),
            _list_url("referrals", end=too_old),
            "dates",
        ),
    ]


def problems_found(checks: list[Check]) -> int:
    return sum(check.count for check in checks)
