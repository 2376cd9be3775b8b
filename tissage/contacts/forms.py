"""The contact form: every field of a call, in the order a navigator asks them."""

from typing import Any

from django import forms
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tissage.contacts.models import Contact, UnmetNeed
from tissage.directory.models import Service, TaxonomyTerm
from tissage.lib.text import strip_accents
from tissage.people.forms import KeyedSelectMultiple, rounded_now, term_keys
from tissage.privacy import audit
from tissage.vocabularies.models import Term

UNMET_ROWS = 3  # unmet needs per contact on the form; a fourth is rare enough for the admin
TERM_FIELDS = {
    "channel": "contact_channel",
    "caller_type": "caller_type",
    "gender": "gender",
    "age_group": "age_group",
    "language": "language",
    "municipality": "municipality",
    "emergency_service": "emergency_service",
    "heard_from": "referral_source",
}


def need_keys(term: TaxonomyTerm) -> str:
    words = [term.name, term.name_en, term.code]
    return "|".join(sorted({strip_accents(word).casefold() for word in words if word}))


class KeyedSelect(forms.Select):
    """A single <select> whose options carry the words they match, for the tag input."""

    def __init__(self, keys: Any, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.keys = keys

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        instance = getattr(option["value"], "instance", None)
        if instance is not None:
            option["attrs"]["data-keys"] = self.keys(instance)
        return option


def needs_queryset() -> Any:
    return TaxonomyTerm.objects.filter(active=True).order_by("name")


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "date",
            "time",
            "duration_minutes",
            "channel",
            "caller_type",
            "gender",
            "age_group",
            "language",
            "interpreter",
            "newcomer",
            "municipality",
            "territory",
            "needs",
            "referrals",
            "emergency_service",
            "transferred",
            "heard_from",
            "programs",
            "notes",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        fields = self.fields
        for name, vocabulary in TERM_FIELDS.items():
            fields[name].queryset = Term.objects.active().of(vocabulary)
        fields["programs"].queryset = Term.objects.active().of("special_program")
        fields["programs"].widget = KeyedSelectMultiple(term_keys)
        fields["programs"].widget.choices = fields["programs"].choices
        fields["programs"].widget.attrs["data-tag-input"] = ""
        fields["needs"].queryset = needs_queryset()
        fields["needs"].widget = KeyedSelectMultiple(need_keys)
        fields["needs"].widget.choices = fields["needs"].choices
        fields["needs"].widget.attrs.update({"data-tag-input": "", "data-autofocus": ""})
        # Thousands of services: only the picked ones are options, the rest come by typing.
        referrals = fields["referrals"]
        referrals.queryset = Service.objects.all()
        picked = self.data.getlist("referrals") if self.is_bound else []
        shown = Service.objects.filter(pk__in=[p for p in picked if _is_uuid(p)])
        referrals.widget.choices = [(str(s.pk), s.name) for s in shown]
        referrals.widget.attrs.update(
            {"data-tag-input": "", "data-source": reverse("contacts:service_suggestions")}
        )
        for row in range(1, UNMET_ROWS + 1):
            fields[f"unmet_need_{row}"] = forms.ModelChoiceField(
                queryset=needs_queryset(),
                required=False,
                label=_("Unmet need %(row)s") % {"row": row},
                widget=KeyedSelect(need_keys, attrs={"data-tag-input": ""}),
            )
            fields[f"unmet_reason_{row}"] = forms.ModelChoiceField(
                queryset=Term.objects.active().of("unmet_need_reason"),
                required=False,
                label=_("Reason %(row)s") % {"row": row},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for row in range(1, UNMET_ROWS + 1):
            need, reason = data.get(f"unmet_need_{row}"), data.get(f"unmet_reason_{row}")
            if need and not reason:
                self.add_error(f"unmet_reason_{row}", _("Say why this need is unmet."))
            if reason and not need:
                self.add_error(f"unmet_need_{row}", _("Which need is unmet?"))
        if data.get("transferred") and not data.get("emergency_service"):
            self.add_error("emergency_service", _("Which service was the call transferred to?"))
        return data

    def unmet(self) -> list[tuple[TaxonomyTerm, Term]]:
        pairs = []
        for row in range(1, UNMET_ROWS + 1):
            need = self.cleaned_data.get(f"unmet_need_{row}")
            if need:
                pairs.append((need, self.cleaned_data[f"unmet_reason_{row}"]))
        return pairs

    @transaction.atomic
    def save_contact(self, request: HttpRequest) -> Contact:
        contact = self.save(commit=False)
        contact.navigator = contact.navigator or request.user
        contact.created_by = request.user
        contact.save()
        self.save_m2m()
        UnmetNeed.objects.bulk_create(
            [UnmetNeed(contact=contact, need=need, reason=reason) for need, reason in self.unmet()]
        )
        audit.record(request, audit.Action.CREATE, contact, fields=list(self.changed_data))
        return contact


def initial_values(user: Any) -> dict[str, Any]:
    from django.utils import timezone

    channel = Term.objects.active().of("contact_channel").filter(code="phone").first()
    return {
        "date": timezone.localdate(),
        "time": rounded_now(),
        "channel": channel.pk if channel else None,
    }


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
