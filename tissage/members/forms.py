"""Forms of the members screens: the member, the directory entry, a membership with its
payment, a payment alone, a category."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tissage.members.actions import PaymentData
from tissage.members.models import Category, Member, Payment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "kind",
            "name",
            "contact_name",
            "email",
            "phone",
            "address",
            "municipality",
            "postal_code",
            "language",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ListingForm(forms.ModelForm):
    """The member's entry in the public member directory (bottin), shown only if they agree."""

    listed = forms.BooleanField(
        label=_("The member agrees to be listed in the public member directory"), required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Member
        fields = ["services", "services_en", "area", "public_email", "public_phone", "website"]
        widgets = {
            "services": forms.Textarea(attrs={"rows": 3}),
            "services_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["listed"].initial = self.instance.listed
        self.order_fields(["listed", *self.Meta.fields])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("listed") and not (data.get("services") or data.get("services_en")):
            self.add_error("services", _("Describe the services the member offers."))
        return data

    def apply(self, member: Member, today: date) -> list[str]:
        """Set the listing dates from the checkbox; the names of what changed."""
        changed = [name for name in self.changed_data if name != "listed"]
        wanted = self.cleaned_data["listed"]
        if wanted and not member.listed:
            member.listed_since, member.listed_until = today, None
            changed.append("listed_since")
        elif not wanted and member.listed:
            member.listed_until = today
            changed.append("listed_until")
        return changed


def active_categories(keep: Category | None = None) -> Any:
    queryset = Category.objects.filter(active=True)
    if keep is not None:
        queryset = queryset | Category.objects.filter(pk=keep.pk)
    return queryset.order_by("order", "name")


class MembershipForm(forms.Form):
    """A membership period and, if received, its payment (recorded, not processed)."""

    category = forms.ModelChoiceField(queryset=Category.objects.none(), label=_("Category"))
    start = forms.DateField(label=_("Start"), widget=DATE)
    paid = forms.BooleanField(label=_("Payment received"), required=False, initial=True)
    amount = forms.DecimalField(
        label=_("Amount ($)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
        help_text=_("Left empty: the category's fee."),
    )
    paid_on = forms.DateField(label=_("Paid on"), required=False, widget=DATE)
    method = forms.ChoiceField(
        label=_("Method"), choices=[("", "---------"), *Payment.Method.choices], required=False
    )
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=40, required=False)

    def __init__(self, *args: Any, keep: Category | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories(keep)
        self.fields["paid_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("paid") and not data.get("method"):
            self.add_error("method", _("Say how the member paid."))
        return data

    def payment(self) -> PaymentData | None:
        data = self.cleaned_data
        if not data.get("paid"):
            return None
        return PaymentData(
            amount=data.get("amount") or data["category"].fee,
            paid_on=data.get("paid_on") or timezone.localdate(),
            method=data["method"],
            receipt_number=data.get("receipt_number", ""),
        )


class PaymentForm(forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["amount", "paid_on", "method", "receipt_number", "notes"]
        widgets = {"paid_on": DATE}

    def payment(self) -> PaymentData:
        data = self.cleaned_data
        return PaymentData(
            amount=data["amount"],
            paid_on=data["paid_on"],
            method=data["method"],
            receipt_number=data.get("receipt_number", ""),
            notes=data.get("notes", ""),
        )


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["code", "name", "name_en", "kind", "fee", "duration_months", "order", "active"]
