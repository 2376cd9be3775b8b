"""Members: the home of the section, the list, a member's page, joining, renewing, payments.

A member's page holds personal information: reading it, and every change, goes to the audit
trail (field names only).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tissage.members.actions import (
    EXPIRING_DAYS,
    do_add_membership,
    do_create_member,
    do_record_payment,
    last_membership,
    member_status,
    renewal_start,
)
from tissage.members.counting import counts_by_category, directory_entries_on
from tissage.members.filters import MemberFilter, attach_status, with_status
from tissage.members.forms import ListingForm, MemberForm, MembershipForm, PaymentForm
from tissage.members.models import Member, Membership, Payment
from tissage.privacy import audit
from tissage.privacy.access import Perm, requires

from .common import paginate


@requires(Perm.MEMBER_MANAGE)
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    counts = counts_by_category(today)
    expiring = MemberFilter({"status": "expiring"}).apply(with_status(Member.objects, today), today)
    context = {
        "counts": counts,
        "total": sum(row.count for row in counts),
        "expiring": expiring.count(),
        "expiring_days": EXPIRING_DAYS,
        "listed": directory_entries_on(today).count(),
        "today": today,
    }
    return render(request, "members/index.html", context)


@requires(Perm.MEMBER_MANAGE)
def member_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = MemberFilter(request.GET or None)
    members = filters.apply(with_status(Member.objects.all(), today), today).order_by("name", "pk")
    page, query = paginate(request, members)
    page.object_list = attach_status(list(page.object_list), today)
    context = {"filters": filters, "page": page, "query": query, "today": today}
    return render(request, "members/member_list.html", context)


def _find(pk: int) -> Member:
    return get_object_or_404(Member, pk=pk)


@requires(Perm.MEMBER_MANAGE)
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = _find(pk)
    audit.record(request, audit.Action.READ, member)
    memberships = member.memberships.select_related("category").prefetch_related(
        Prefetch("payments", queryset=Payment.objects.order_by("paid_on", "pk"))
    )
    today = timezone.localdate()
    context = {
        "member": member,
        "memberships": memberships,
        "status": member_status(member, today),
        "today": today,
    }
    return render(request, "members/member_detail.html", context)


@requires(Perm.MEMBER_MANAGE)
def member_new(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    today = timezone.localdate()
    form = MemberForm(data)
    listing = ListingForm(data)
    membership = MembershipForm(data, initial={"start": today})
    if (
        request.method == "POST"
        and form.is_valid()
        and listing.is_valid()
        and membership.is_valid()
    ):
        member = form.save(commit=False)
        for name, value in listing.cleaned_data.items():
            if name != "listed":
                setattr(member, name, value)
        listing.apply(member, today)
        try:
            with transaction.atomic():
                do_create_member(
                    member,
                    membership.cleaned_data["category"],
                    membership.cleaned_data["start"],
                    payment=membership.payment(),
                    user=request.user,
                )
        except ValidationError as error:
            membership.add_error(None, error)
        else:
            audit.record(request, audit.Action.CREATE, member)
            messages.success(request, _("Member %(number)s added.") % {"number": member.number})
            return redirect("members:member", pk=member.pk)
    context = {"form": form, "listing": listing, "membership": membership, "member": None}
    return render(request, "members/member_form.html", context)


@requires(Perm.MEMBER_MANAGE)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _find(pk)
    data = request.POST if request.method == "POST" else None
    form = MemberForm(data, instance=member)
    listing = ListingForm(data, instance=member)
    if request.method == "POST" and form.is_valid() and listing.is_valid():
        member = form.save(commit=False)
        changed = form.changed_data + listing.apply(member, timezone.localdate())
        for name in ListingForm.Meta.fields:
            setattr(member, name, listing.cleaned_data[name])
        member.save()
        audit.record(request, audit.Action.CHANGE, member, fields=changed)
        messages.success(request, _("Member saved."))
        return redirect("members:member", pk=member.pk)
    context = {"form": form, "listing": listing, "member": member}
    return render(request, "members/member_form.html", context)


@requires(Perm.MEMBER_MANAGE)
def member_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """A new period from the end of the last one (or today if it lapsed), its payment recorded."""
    member = _find(pk)
    today = timezone.localdate()
    last = last_membership(member)
    initial = {"start": renewal_start(member, today)}
    if last is not None:
        initial["category"] = last.category
    form = MembershipForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        keep=last.category if last else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = do_add_membership(
                member,
                form.cleaned_data["category"],
                form.cleaned_data["start"],
                payment=form.payment(),
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("start", error)
        else:
            audit.record(request, audit.Action.CREATE, membership)
            messages.success(
                request,
                _("Membership renewed until %(end)s.") % {"end": membership.end.isoformat()},
            )
            return redirect("members:member", pk=member.pk)
    context = {"form": form, "member": member, "last": last}
    return render(request, "members/renew.html", context)


@requires(Perm.MEMBER_MANAGE)
def payment_new(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("member", "category"), pk=pk)
    form = PaymentForm(
        request.POST or None,
        initial={"amount": membership.balance() or membership.fee, "paid_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        payment = do_record_payment(membership, form.payment(), request.user)
        audit.record(request, audit.Action.CREATE, payment)
        messages.success(request, _("Payment recorded."))
        return redirect("members:member", pk=membership.member_id)
    context = {"form": form, "membership": membership, "member": membership.member}
    return render(request, "members/payment_form.html", context)
