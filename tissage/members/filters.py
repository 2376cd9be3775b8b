"""The member list: its annotations (last period, status) and its filters."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from tissage.lib.text import match_key
from tissage.members.actions import EXPIRING_DAYS, Status, status_of
from tissage.members.models import Category, Member, MemberKind, Membership


def with_status(members: QuerySet[Member], today: date) -> QuerySet[Member]:
    """Each member with the end and category of their last period and whether one covers today."""
    last = Membership.objects.filter(member=OuterRef("pk")).order_by("-end", "-pk")
    return members.annotate(
        last_end=Max("memberships__end"),
        last_category=Subquery(last.values("category")[:1]),
        active=Exists(Membership.objects.covering(today).filter(member=OuterRef("pk"))),
    )


def attach_status(members: list[Member], today: date) -> list[Member]:
    categories = Category.objects.in_bulk()
    for member in members:
        member.status = status_of(member.last_end, member.active, today)  # type: ignore[attr-defined]
        member.category = categories.get(member.last_category)  # type: ignore[attr-defined]
    return members


def filter_status(members: QuerySet[Member], status: str, today: date) -> QuerySet[Member]:
    soon = today + timedelta(days=EXPIRING_DAYS)
    if status == Status.ACTIVE:
        return members.filter(active=True)
    if status == Status.EXPIRING:
        return members.filter(active=True, last_end__lte=soon)
    if status == Status.EXPIRED:
        return members.filter(last_end__lt=today)
    if status == Status.NONE:
        return members.filter(last_end__isnull=True)
    return members


class MemberFilter(forms.Form):
    """A GET form; values it cannot read are ignored."""

    q = forms.CharField(label=_("Name or e-mail"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            (Status.ACTIVE, _("Active")),
            (Status.EXPIRING, _("Expiring within 30 days")),
            (Status.EXPIRED, _("Expired")),
            (Status.NONE, _("No membership")),
        ],
    )
    category = forms.ModelChoiceField(
        Category.objects.all(), label=_("Category"), required=False, empty_label=_("All")
    )
    kind = forms.ChoiceField(
        label=_("Kind of member"), required=False, choices=[("", _("All")), *MemberKind.choices]
    )

    @property
    def active_filters(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def apply(self, members: QuerySet[Member], today: date) -> QuerySet[Member]:
        if not self.is_valid():
            return members
        data: dict[str, Any] = self.cleaned_data
        if data["q"]:
            members = search(members, data["q"])
        if data["status"]:
            members = filter_status(members, data["status"], today)
        if data["category"]:
            members = members.filter(last_category=data["category"].pk)
        if data["kind"]:
            members = members.filter(kind=data["kind"])
        return members


def search(members: QuerySet[Member], text: str) -> QuerySet[Member]:
    """Name, contact or e-mail, ignoring accents and case (done in Python: a member list is
    hundreds of rows, not thousands, and SQLite has no accent folding)."""
    words = match_key(text).split()
    if not words:
        return members
    rows = members.values_list("pk", "name", "contact_name", "email")
    wanted = [pk for pk, *texts in rows if all(w in match_key(" ".join(texts)) for w in words)]
    return members.filter(Q(pk__in=wanted))
