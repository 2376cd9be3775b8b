"""The members API (mounted at /api/members): members, their memberships and payments,
renewals, and the point-in-time statistics. Every operation declares its permission; reading
a member and renewing go to the audit trail, as on the pages."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from tissage.members.actions import PaymentData, add_months, do_renew, last_membership
from tissage.members.counting import counts_by_category, directory_entries_on, growth_percent
from tissage.members.filters import MemberFilter, attach_status, with_status
from tissage.members.models import Category, Member, Membership, Payment
from tissage.privacy import audit
from tissage.privacy.access import Perm, api_access

router = Router(tags=["members"])

MANAGE = api_access(Perm.MEMBER_MANAGE)
STATS = api_access(Perm.STATS_VIEW)


class PaymentOut(Schema):
    id: int
    amount: Decimal
    paid_on: date
    method: str
    receipt_number: str


class MembershipOut(Schema):
    id: int
    category: str
    start: date
    end: date
    fee: Decimal
    renewal: bool
    payments: list[PaymentOut]

    @staticmethod
    def resolve_category(obj: Membership) -> str:
        return obj.category.code

    @staticmethod
    def resolve_payments(obj: Membership) -> list[Payment]:
        return list(obj.payments.all())


class MemberOut(Schema):
    id: int
    number: str
    kind: str
    name: str
    email: str
    status: str
    category: str | None
    member_until: date | None

    @staticmethod
    def resolve_category(obj: Member) -> str | None:
        category = getattr(obj, "category", None)
        return category.code if isinstance(category, Category) else None

    @staticmethod
    def resolve_member_until(obj: Member) -> date | None:
        return getattr(obj, "last_end", None)


class MemberDetailOut(MemberOut):
    contact_name: str
    phone: str
    municipality: str
    language: str
    listed: bool
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj: Member) -> list[Membership]:
        return list(obj.memberships.select_related("category").prefetch_related("payments"))


class MemberFilters(Schema):
    q: str = ""
    status: str = ""
    category: str = ""
    kind: str = ""


class PaymentIn(Schema):
    amount: Decimal | None = None
    paid_on: date | None = None
    method: str
    receipt_number: str = ""


class RenewIn(Schema):
    category: str | None = None  # a category code; the last one by default
    start: date | None = None  # the day after the last period ends, by default
    payment: PaymentIn | None = None


class CategoryCountOut(Schema):
    category: str
    name: str
    count: int
    before: int
    growth: float | None


class StatsOut(Schema):
    day: date
    before_day: date
    total: int
    total_before: int
    growth: float | None
    directory_entries: int
    categories: list[CategoryCountOut]


def _member(pk: int) -> Member:
    member = Member.objects.filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


def _detailed(member: Member) -> Member:
    today = timezone.localdate()
    found = attach_status(list(with_status(Member.objects.filter(pk=member.pk), today)), today)
    return found[0]


@router.get("", response=list[MemberOut], auth=MANAGE)
@paginate(PageNumberPagination, page_size=50)
def list_members(request: HttpRequest, filters: Query[MemberFilters]) -> Any:
    """Members by name, with their status today; filters as on the member list."""
    today = timezone.localdate()
    data = {k: v for k, v in filters.dict().items() if v}
    if "category" in data:
        category = Category.objects.filter(code=data["category"]).first()
        data["category"] = category.pk if category else -1
    form = MemberFilter(data)
    members = form.apply(with_status(Member.objects.all(), today), today).order_by("name", "pk")
    return _StatusList(members, today)


class _StatusList:
    """A queryset the paginator slices, whose page gets each member's status attached."""

    def __init__(self, queryset: QuerySet[Member], today: date) -> None:
        self.queryset, self.today = queryset, today

    def __len__(self) -> int:
        return self.queryset.count()

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index: Any) -> list[Member]:
        return attach_status(list(self.queryset[index]), self.today)


@router.get("/stats", response=StatsOut, auth=STATS)
def member_stats(request: HttpRequest, day: date | None = None) -> dict[str, Any]:
    """Members on `day` (today by default) by category, and the change over a year."""
    day = day or timezone.localdate()
    before_day = add_months(day, -12)
    now = {row.category.pk: row for row in counts_by_category(day)}
    before = {row.category.pk: row for row in counts_by_category(before_day)}
    categories = []
    for pk in dict.fromkeys([*now, *before]):
        category = (now.get(pk) or before[pk]).category
        current = now[pk].count if pk in now else 0
        earlier = before[pk].count if pk in before else 0
        categories.append(
            {
                "category": category.code,
                "name": category.name,
                "count": current,
                "before": earlier,
                "growth": growth_percent(current, earlier),
            }
        )
    total = sum(row["count"] for row in categories)
    total_before = sum(row["before"] for row in categories)
    return {
        "day": day,
        "before_day": before_day,
        "total": total,
        "total_before": total_before,
        "growth": growth_percent(total, total_before),
        "directory_entries": directory_entries_on(day).count(),
        "categories": categories,
    }


@router.get("/{id}", response=MemberDetailOut, auth=MANAGE)
def get_member(request: HttpRequest, id: int) -> Member:
    member = _member(id)
    audit.record(request, audit.Action.READ, member)
    return _detailed(member)


@router.post("/{id}/renew", response={201: MembershipOut}, auth=MANAGE)
def renew_member(request: HttpRequest, id: int, payload: RenewIn) -> Status[Membership]:
    """A new period after the last one (see the members documentation), its payment recorded."""
    member = _member(id)
    category = None
    if payload.category:
        category = Category.objects.filter(code=payload.category).first()
        if category is None:
            raise HttpError(422, _("Unknown category “%(code)s”.") % {"code": payload.category})
    last = last_membership(member)
    category = category or (last.category if last else None)
    if category is None:
        raise HttpError(422, _("Choose a category: the member has no earlier membership."))
    payment = None
    if payload.payment is not None:
        if payload.payment.method not in Payment.Method.values:
            raise HttpError(
                422, _("Unknown payment method “%(code)s”.") % {"code": payload.payment.method}
            )
        payment = PaymentData(
            amount=payload.payment.amount or category.fee,
            paid_on=payload.payment.paid_on or timezone.localdate(),
            method=payload.payment.method,
            receipt_number=payload.payment.receipt_number,
        )
    try:
        membership = do_renew(
            member,
            today=timezone.localdate(),
            category=category,
            start=payload.start,
            payment=payment,
            user=request.auth,  # type: ignore[attr-defined]
        )
    except DjangoValidationError as error:
        raise HttpError(422, "; ".join(error.messages)) from error
    audit.record(request, audit.Action.CREATE, membership)
    return Status(201, membership)
