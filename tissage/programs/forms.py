"""Forms of the programs screens: enrolments, needs evaluations, and the configuration."""

from typing import Any

from django import forms
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tissage.people.models import Person
from tissage.privacy.access import persons_for
from tissage.programs.metrics import METRICS, TARGETABLE
from tissage.programs.models import (
    Agreement,
    Enrolment,
    Funder,
    HourBand,
    NeedsEvaluation,
    Program,
)
from tissage.vocabularies.models import Term

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def terms_of(vocabulary: str, keep: list[int | None]) -> Any:
    """Active entries, plus the ones a record already holds (a term taken out of use stays)."""
    active = Term.objects.of(vocabulary).filter(active=True)
    kept = Term.objects.of(vocabulary).filter(pk__in=[pk for pk in keep if pk])
    return (active | kept).distinct().order_by("order", "label_fr")


class PersonCodeField(forms.CharField):
    """A person file, typed as its code; suggestions come from the people app's endpoint."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Person (file code)"))
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)


def _person_widget(field: forms.Field, field_name: str = "person_code") -> None:
    field.widget.attrs.update(
        {
            "list": "person-suggestions",
            "autocomplete": "off",
            "data-suggest": reverse("people:person_suggestions"),
            "aria-describedby": f"id_{field_name}_helptext",
        }
    )
    field.help_text = _("Type a code, an alias or a name, then choose a file.")


def _resolve(user: Any, code: str) -> Person | None:
    code = code.strip()
    return persons_for(user).filter(code__iexact=code).first() if code else None


class EnrolmentForm(forms.ModelForm):
    person_code = PersonCodeField()
    link_interventions = forms.BooleanField(
        label=gettext_lazy("Link this person's interventions dated within the enrolment"),
        required=False,
        help_text=gettext_lazy("Their durations then count as direct hours."),
    )

    class Meta:
        model = Enrolment
        fields = [
            "program",
            "start_date",
            "end_date",
            "eligible",
            "readmission",
            "status",
            "abandonment",
            "reason",
            "trial_period_not_completed",
            "direct_minutes",
            "indirect_minutes",
            "funded_level",
            "outcome",
            "outcome_date",
            "wage_subsidy",
            "internships",
            "companies_contacted",
            "referral_source",
        ]
        widgets = {"start_date": DATE, "end_date": DATE, "outcome_date": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.order_fields(["person_code", *self.Meta.fields, "link_interventions"])
        instance = self.instance
        if instance.pk:
            self.fields["person_code"].initial = instance.person.code
        _person_widget(self.fields["person_code"])
        programs = Program.objects.filter(active=True)
        if instance.pk:
            programs = programs | Program.objects.filter(pk=instance.program_id)
        self.fields["program"].queryset = programs.distinct()  # type: ignore[attr-defined]
        self.fields["reason"].queryset = terms_of(  # type: ignore[attr-defined]
            "non_completion_reason", [instance.reason_id]
        )
        self.fields["referral_source"].queryset = terms_of(  # type: ignore[attr-defined]
            "referral_source", [instance.referral_source_id]
        )
        self.person: Person | None = None

    GROUPS = (
        (gettext_lazy("Participation"), ("person_code", "program", "start_date", "eligible",
                                         "readmission", "referral_source")),
        (gettext_lazy("End"), ("status", "end_date", "abandonment", "reason",
                               "trial_period_not_completed")),
        (gettext_lazy("Hours and level"), ("direct_minutes", "link_interventions",
                                           "indirect_minutes", "funded_level")),
        (gettext_lazy("Outcome within 0–3 months after the end"), (
            "outcome", "outcome_date", "wage_subsidy", "internships", "companies_contacted")),
    )  # fmt: skip

    @property
    def groups(self) -> list[tuple[Any, list[Any]]]:
        """The fields in the order of the funder's form, under a legend each."""
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_person_code(self) -> str:
        code = self.cleaned_data["person_code"]
        self.person = _resolve(self.user, code)
        if self.person is None:
            raise forms.ValidationError(
                _("No person file with the code: %(codes)s.") % {"codes": code}
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, status = data.get("start_date"), data.get("end_date"), data.get("status")
        if start and end and end < start:
            self.add_error("end_date", _("The end cannot come before the start."))
        if status in (Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED) and not end:
            self.add_error("end_date", _("A participation that ended needs its end date."))
        if status == Enrolment.Status.ACTIVE and end:
            self.add_error("status", _("A participation with an end date is no longer active."))
        if status != Enrolment.Status.NOT_COMPLETED and (
            data.get("abandonment") or data.get("reason")
        ):
            self.add_error(
                "status", _("A reason and an abandonment apply to a participation not completed.")
            )
        if data.get("outcome_date") and not data.get("outcome"):
            self.add_error("outcome", _("Choose the outcome of this date."))
        program, level = data.get("program"), (data.get("funded_level") or "").strip()
        if program and level and not program.bands.filter(code=level).exists():
            codes = ", ".join(program.bands.values_list("code", flat=True)) or "—"
            self.add_error(
                "funded_level",
                _("The program has no level “%(level)s” (its levels: %(codes)s).")
                % {"level": level, "codes": codes},
            )
        return data


class EnrolmentFilters(forms.Form):
    program = forms.ModelChoiceField(
        label=gettext_lazy("Program"), queryset=Program.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", "—"), *Enrolment.Status.choices],
        required=False,
    )
    started_from = forms.DateField(label=gettext_lazy("Started from"), required=False, widget=DATE)
    started_to = forms.DateField(label=gettext_lazy("Started until"), required=False, widget=DATE)
    person = forms.CharField(label=gettext_lazy("Person code"), required=False, max_length=30)
    readmission = forms.BooleanField(label=gettext_lazy("Readmissions only"), required=False)
    not_eligible = forms.BooleanField(label=gettext_lazy("Not eligible only"), required=False)

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def apply(self, queryset: Any) -> Any:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["program"]:
            queryset = queryset.filter(program=data["program"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["started_from"]:
            queryset = queryset.filter(start_date__gte=data["started_from"])
        if data["started_to"]:
            queryset = queryset.filter(start_date__lte=data["started_to"])
        if data["person"]:
            queryset = queryset.filter(person__code__iexact=data["person"].strip())
        if data["readmission"]:
            queryset = queryset.filter(readmission=True)
        if data["not_eligible"]:
            queryset = queryset.filter(eligible=False)
        return queryset


class NeedsEvaluationForm(forms.ModelForm):
    person_code = PersonCodeField(required=False)

    class Meta:
        model = NeedsEvaluation
        fields = ["date", "program"]
        widgets = {"date": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["program"].queryset = Program.objects.filter(active=True)  # type: ignore[attr-defined]
        _person_widget(self.fields["person_code"])
        self.order_fields(["date", "person_code", "program"])
        self.person: Person | None = None

    def clean_person_code(self) -> str:
        code = self.cleaned_data["person_code"]
        if code.strip():
            self.person = _resolve(self.user, code)
            if self.person is None:
                raise forms.ValidationError(
                    _("No person file with the code: %(codes)s.") % {"codes": code}
                )
        return code


# --- Configuration ---------------------------------------------------------------------------


class FunderForm(forms.ModelForm):
    class Meta:
        model = Funder
        fields = ["name", "short_name", "code"]


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["funder", "name", "reference", "start", "end"]
        widgets = {"start": DATE, "end": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end cannot come before the start."))
        return data


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = [
            "agreement",
            "name",
            "code",
            "counting_unit",
            "hours_rounding",
            "in_enrolment_table",
            "tracks_readmissions",
            "order",
            "active",
        ]


HourBandFormSet = inlineformset_factory(
    Program,
    HourBand,
    fields=["code", "min_hours", "max_hours"],
    extra=2,
    can_delete=True,
)


class TargetForm(forms.Form):
    metric = forms.ChoiceField(label=gettext_lazy("Indicator"))
    period_start = forms.DateField(label=gettext_lazy("From"), widget=DATE)
    period_end = forms.DateField(label=gettext_lazy("To"), widget=DATE)
    value = forms.DecimalField(
        label=gettext_lazy("Target"), min_value=0, max_digits=12, decimal_places=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [  # type: ignore[attr-defined]
            (code, METRICS[code].label) for code in TARGETABLE
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end cannot come before the start."))
        return data
