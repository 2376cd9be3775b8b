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
