from django import forms
from django.utils.translation import gettext_lazy as _

from tissage.extractions.models import ExtractionRequest
from tissage.extractions.tables import extractable_indicators
from tissage.reports.forms import start_month
from tissage.reports.periods import Period, PeriodError, parse_period


class ExtractionForm(forms.ModelForm):
    tables = forms.MultipleChoiceField(
        label=_("Tables"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    threshold = forms.IntegerField(
        label=_("Threshold"),
        required=False,
        min_value=2,
        max_value=100,
        help_text=_(
            "Optional: raise the threshold of every table (at least 5; 20 for "
            "immigration status and judicial history)."
        ),
    )

    class Meta:
        model = ExtractionRequest
        fields = [
            "requester",
            "organization",
            "purpose",
            "date",
            "period",
            "tables",
            "five_years",
            "threshold",
            "format",
        ]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tables"].choices = [
            (ind.code, f"{ind.label} ({ind.code})") for ind in extractable_indicators()
        ]
        self.fields["period"].help_text = _("For example 2023-24, 2023-24-S1 or 2024.")

    def clean_period(self) -> str:
        text = self.cleaned_data["period"]
        try:
            self.period: Period = parse_period(text, start_month())
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text
