from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tissage.privacy.models import Action


class AuditFilterForm(forms.Form):
    username = forms.CharField(label=_("User"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All")), *Action.choices]
    )
    object_type = forms.CharField(label=_("Record type"), required=False)
    object_id = forms.CharField(label=_("Record"), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class IncidentForm(forms.ModelForm):
    class Meta:
        from tissage.privacy.models import ConfidentialityIncident

        model = ConfidentialityIncident
        fields = [
            "information",
            "circumstances",
            "occurred_on",
            "aware_on",
            "persons_count",
            "risk_assessment",
            "serious_risk",
            "commission_notified_on",
            "persons_notified_on",
            "public_notice",
            "measures",
        ]
        widgets = {
            "aware_on": forms.DateInput(attrs={"type": "date"}),
            "commission_notified_on": forms.DateInput(attrs={"type": "date"}),
            "persons_notified_on": forms.DateInput(attrs={"type": "date"}),
        }


class SealForm(forms.Form):
    code = forms.CharField(label=_("Code of the file"), max_length=30)
    sealed = forms.BooleanField(label=_("Sealed file"), required=False)
    allowed_users = forms.ModelMultipleChoiceField(
        label=_("Users who may see it"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from tissage.accounts.models import User

        self.fields["allowed_users"].queryset = User.objects.filter(is_active=True).order_by(  # type: ignore[attr-defined]
            "username"
        )


class PrivacyRequestForm(forms.ModelForm):
    """A request of the register; the file is named by its code, never by a name."""

    code = forms.CharField(
        label=_("Code of the file"),
        max_length=30,
        required=False,
        help_text=_("Optional: the file of the person, to export or correct it from here."),
    )

    class Meta:
        from tissage.privacy.models import PrivacyRequest

        model = PrivacyRequest
        fields = [
            "kind",
            "received_on",
            "requester",
            "details",
            "status",
            "decision",
            "reason",
            "answered_on",
            "handled_by",
        ]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}),
            "answered_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from tissage.accounts.models import User

        self.fields["handled_by"].queryset = User.objects.filter(is_active=True).order_by(  # type: ignore[attr-defined]
            "username"
        )
        person = self.instance.person if self.instance.pk else None
        if person is not None:
            self.fields["code"].initial = person.code

    def clean(self) -> dict[str, Any]:
        from tissage.people.models import Person
        from tissage.privacy.models import PrivacyRequest

        cleaned = super().clean() or {}
        code = (cleaned.get("code") or "").strip()
        cleaned["person"] = None
        if code:
            cleaned["person"] = Person.objects.current().filter(code=code).first()
            if cleaned["person"] is None:
                self.add_error("code", _("No file has this code."))
        answered = cleaned.get("status") == PrivacyRequest.Status.ANSWERED
        decision = cleaned.get("decision")
        if answered and not decision:
            self.add_error("decision", _("Say what was decided."))
        if answered and not cleaned.get("answered_on"):
            self.add_error("answered_on", _("Give the date of the answer."))
        if decision and not answered:
            self.add_error("status", _("A request with a decision is answered."))
        refusing = decision in (PrivacyRequest.Decision.REFUSED, PrivacyRequest.Decision.PARTLY)
        if refusing and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reasons of a refusal, even partial."))
        received, answered_on = cleaned.get("received_on"), cleaned.get("answered_on")
        if received and answered_on and answered_on < received:
            self.add_error("answered_on", _("An answer cannot precede the request."))
        return cleaned

    def save(self, commit: bool = True) -> Any:
        self.instance.person = self.cleaned_data.get("person")
        return super().save(commit=commit)
