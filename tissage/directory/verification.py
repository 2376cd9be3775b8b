"""Verification of directory records: cycles, the queue of records due, marking records
verified. Update requests by e-mail are in `update_requests.py`.

A record (organization or service) is due when its last verification plus its cycle
(`verification_cycle_months`, else the setting DIRECTORY_VERIFICATION_CYCLE_MONTHS, 12) is
reached; a record never verified is due. Verifying a service also sets its HSDS
`assured_date` and `assurer_email`, so exports say when the information was last checked.
"""

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from tissage.directory import gazetteer
from tissage.directory.models import (
    AWAITING_ANSWER,
    EventKind,
    Feedback,
    FeedbackStatus,
    Organization,
    Service,
    UpdateRequest,
    UpdateRequestStatus,
    Verification,
    VerificationEvent,
    VerificationMethod,
)
from tissage.lib.text import match_key

User = AbstractBaseUser | AnonymousUser | None


def setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def default_cycle() -> int:
    return setting("DIRECTORY_VERIFICATION_CYCLE_MONTHS", 12)


def due_soon_days() -> int:
    return setting("DIRECTORY_VERIFICATION_DUE_SOON_DAYS", 30)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month_index = divmod(index, 12)
    last = calendar.monthrange(year, month_index + 1)[1]
    return datetime.date(year, month_index + 1, min(day.day, last))


def cycle_of(record: Organization | Service) -> int:
    return record.verification_cycle_months or default_cycle()


def due_on(record: Organization | Service) -> datetime.date | None:
    """When the record is next due; None when it was never verified (due now)."""
    if record.last_verified_on is None:
        return None
    return add_months(record.last_verified_on, cycle_of(record))


def state_of(record: Organization | Service, today: datetime.date | None = None) -> str:
    """never, overdue, due_soon or ok."""
    today = today or timezone.localdate()
    due = record.verification_due_on
    if record.last_verified_on is None or due is None:
        return "never"
    if due < today:
        return "overdue"
    if due <= today + datetime.timedelta(days=due_soon_days()):
        return "due_soon"
    return "ok"


def _user(user: User) -> Any:
    return user if user is not None and user.is_authenticated else None


def log(
    organization: Organization | Any,
    kind: str,
    *,
    user: User = None,
    update_request: UpdateRequest | None = None,
    detail: str = "",
) -> VerificationEvent:
    return VerificationEvent.objects.create(
        organization_id=getattr(organization, "pk", organization),
        update_request=update_request,
        kind=kind,
        user=_user(user),
        detail=detail[:250],
    )


def _verify_one(
    record: Organization | Service,
    organization: Organization,
    day: datetime.date,
    user: User,
    method: str,
    note: str,
    update_request: UpdateRequest | None,
) -> Verification:
    who = _user(user)
    record.last_verified_on = day
    record.verified_by = who
    record.verification_method = method
    record.verification_due_on = due_on(record)
    fields: dict[str, Any] = {
        "last_verified_on": day,
        "verified_by": who,
        "verification_method": method,
        "verification_due_on": record.verification_due_on,
    }
    if isinstance(record, Service):
        fields["assured_date"] = day
        fields["assurer_email"] = getattr(who, "email", "") or organization.email
    # Not a change of the record's content: no history row, no reindex (see changes.SKIPPED).
    type(record)._default_manager.filter(pk=record.pk).update(**fields)
    return Verification.objects.create(
        organization=organization,
        service=record if isinstance(record, Service) else None,
        verified_on=day,
        verified_by=who,
        method=method,
        note=note,
        update_request=update_request,
    )


@transaction.atomic
def do_mark_verified(
    records: list[Organization | Service],
    *,
    user: User,
    method: str,
    note: str = "",
    day: datetime.date | None = None,
    update_request: UpdateRequest | None = None,
) -> list[Verification]:
    """Mark records verified today (or `day`) by `user` with `method`."""
    if method not in VerificationMethod.values:
        raise ValueError(f"unknown verification method {method!r}")
    day = day or timezone.localdate()
    done = []
    for record in records:
        organization = record if isinstance(record, Organization) else record.organization
        done.append(_verify_one(record, organization, day, user, method, note, update_request))
        label = "organization" if isinstance(record, Organization) else "service"
        log(
            organization,
            EventKind.VERIFIED,
            user=user,
            update_request=update_request,
            detail=f"{label}: {record.name} ({VerificationMethod(method).label})",
        )
    return done


@transaction.atomic
def adopt_assured_dates(services: "models.QuerySet[Service] | None" = None) -> int:
    """Services whose HSDS `assured_date` (an import, the demo, the edit form) is newer than
    their last verification start their cycle from it; the method stays unknown. Returns how
    many services changed."""
    services = Service.objects.all() if services is None else services
    stale = services.filter(assured_date__isnull=False).filter(
        Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=models.F("assured_date"))
    )
    changed = 0
    for service in stale.only("pk", "assured_date", "verification_cycle_months"):
        service.last_verified_on = service.assured_date
        Service.objects.filter(pk=service.pk).update(
            last_verified_on=service.assured_date,
            verification_method="",
            verified_by=None,
            verification_due_on=due_on(service),
        )
        changed += 1
    return changed


@transaction.atomic
def do_set_cycle(record: Organization | Service, months: int | None) -> None:
    record.verification_cycle_months = months
    record.verification_due_on = due_on(record)
    type(record)._default_manager.filter(pk=record.pk).update(
        verification_cycle_months=months, verification_due_on=record.verification_due_on
    )


# The queue ------------------------------------------------------------------------------


@dataclass
class QueueFilters:
    state: str = "due"  # due (overdue, due soon or never), overdue, due_soon, never
    kind: str = ""  # "", organization, service
    organization: str = ""  # a part of the organization's name
    mrc: str = ""  # an MRC key of the gazetteer
    region: str = ""  # a region number


def _due_filter(state: str, today: datetime.date) -> Q:
    soon = today + datetime.timedelta(days=due_soon_days())
    never = Q(last_verified_on__isnull=True) | Q(verification_due_on__isnull=True)
    if state == "never":
        return never
    if state == "overdue":
        return Q(verification_due_on__lt=today)
    if state == "due_soon":
        return Q(verification_due_on__gte=today, verification_due_on__lte=soon)
    return never | Q(verification_due_on__lte=soon)


def _place_names(filters: QueueFilters) -> list[str] | None:
    if filters.mrc:
        places = gazetteer.places_of_mrc(filters.mrc)
    elif filters.region:
        places = [p for p in gazetteer.municipalities() if p.region == filters.region]
    else:
        return None
    return [place.name for place in places]


def queue(
    filters: QueueFilters, today: datetime.date | None = None, limit: int = 500
) -> dict[str, list[Any]]:
    """The organizations and services due, oldest due first (never verified first)."""
    today = today or timezone.localdate()
    due = _due_filter(filters.state, today)
    organizations = Organization.objects.filter(due)
    services = Service.objects.filter(due).exclude(status="defunct")
    if filters.organization:
        key = match_key(filters.organization)
        organizations = organizations.filter(name_key__contains=key)
        services = services.filter(organization__name_key__contains=key)
    names = _place_names(filters)
    if names is not None:
        organizations = organizations.filter(locations__addresses__city__in=names).distinct()
        services = services.filter(
            Q(locations__addresses__city__in=names)
            | Q(organization__locations__addresses__city__in=names)
        ).distinct()
    order = [models.F("verification_due_on").asc(nulls_first=True), "name"]
    return {
        "organizations": []
        if filters.kind == "service"
        else list(organizations.order_by(*order)[:limit]),
        "services": []
        if filters.kind == "organization"
        else list(services.select_related("organization").order_by(*order)[:limit]),
    }


def dashboard(today: datetime.date | None = None) -> dict[str, int]:
    """The counts of the directory's home page."""
    today = today or timezone.localdate()
    counts = {}
    for state in ("overdue", "due_soon", "never"):
        due = _due_filter(state, today)
        counts[state] = (
            Organization.objects.filter(due).count()
            + Service.objects.filter(due).exclude(status="defunct").count()
        )
    counts["awaiting_answer"] = UpdateRequest.objects.filter(
        status__in=AWAITING_ANSWER, expires_at__gt=timezone.now()
    ).count()
    counts["awaiting_review"] = UpdateRequest.objects.filter(
        status=UpdateRequestStatus.SUBMITTED
    ).count()
    counts["feedback_new"] = Feedback.objects.filter(status=FeedbackStatus.NEW).count()
    return counts


@transaction.atomic
def do_process_feedback(feedback: Feedback, status: str, user: User) -> None:
    """A reported problem handled (processed) or dismissed (rejected)."""
    if status not in (FeedbackStatus.PROCESSED, FeedbackStatus.REJECTED):
        raise ValueError(f"unknown status {status!r}")
    feedback.status = status
    feedback.processed_at = timezone.now()
    feedback.processed_by = _user(user)
    feedback.save(update_fields=["status", "processed_at", "processed_by"])
