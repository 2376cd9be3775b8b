"""The filters above the lists of persons, interventions and referrals (GET forms)."""

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from tissage.accounts.models import Team
from tissage.lib.choices import ModelChoiceField
from tissage.lib.text import match_key
from tissage.people.forms import user_label, workers_choice
from tissage.people.models import Intervention, Referral
from tissage.vocabularies.models import Term

from .search import search_persons


def _terms(vocabulary: str) -> ModelChoiceField:
    # Retired terms stay: old records still carry them. Merged ones were re-pointed.
    queryset = Term.objects.of(vocabulary).filter(merged_into__isnull=True)
    return ModelChoiceField(queryset=queryset, required=False, empty_label=_("All"))


class FilterForm(forms.Form):
    """A GET form that narrows a queryset; invalid values are ignored, not fatal."""

    def apply(self, items: QuerySet[Any]) -> QuerySet[Any]:
        if not self.is_valid():
            return items
        for name, value in self.cleaned_data.items():
            if value not in (None, ""):
                items = getattr(self, f"filter_{name}")(items, value)
        return items

    @property
    def active(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


class PersonFilter(FilterForm):
    q = forms.CharField(label=_("Code, alias or name"), required=False)
    gender = _terms("gender")
    age_group = _terms("age_group")
    municipality = _terms("municipality")
    team = ModelChoiceField(Team.objects.all(), required=False, empty_label=_("All"))
    missing = forms.ChoiceField(
        label=_("Missing information"),
        required=False,
        choices=[
            ("", _("All")),
            ("gender", _("Without gender")),
            ("age_group", _("Without age group")),
        ],
    )
    start = forms.DateField(
        label=_("Met from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Met until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {"gender": _("Gender"), "age_group": _("Age group")}
        labels |= {"municipality": _("Municipality"), "team": _("Team")}
        for name, label in labels.items():
            self.fields[name].label = label

    def filter_q(self, items: QuerySet[Any], value: str) -> QuerySet[Any]:
        return search_persons(items, value)

    def filter_gender(self, items: QuerySet[Any], value: Term) -> QuerySet[Any]:
        return items.filter(gender=value)

    def filter_age_group(self, items: QuerySet[Any], value: Term) -> QuerySet[Any]:
        return items.filter(age_group=value)

    def filter_municipality(self, items: QuerySet[Any], value: Term) -> QuerySet[Any]:
        return items.filter(municipality=value)

    def filter_team(self, items: QuerySet[Any], value: Team) -> QuerySet[Any]:
        return items.filter(team=value)

    def filter_missing(self, items: QuerySet[Any], value: str) -> QuerySet[Any]:
        return items.filter(**{f"{value}__isnull": True})

    def filter_start(self, items: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return items  # start and end are one condition, applied together in `apply`

    filter_end = filter_start

    def apply(self, items: QuerySet[Any]) -> QuerySet[Any]:
        items = super().apply(items)
        if not self.is_valid() or not (self.cleaned_data["start"] or self.cleaned_data["end"]):
            return items
        # Persons met in the span: at least one intervention dated in it (data-quality links).
        met = Intervention.persons.through.objects.all()
        if self.cleaned_data["start"]:
            met = met.filter(intervention__date__gte=self.cleaned_data["start"])
        if self.cleaned_data["end"]:
            met = met.filter(intervention__date__lte=self.cleaned_data["end"])
        return items.filter(pk__in=met.values("person_id"))


class PeriodMixin(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filter_start(self, items: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return items.filter(date__gte=value)

    def filter_end(self, items: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return items.filter(date__lte=value)


class InterventionFilter(PeriodMixin, FilterForm):
    worker = ModelChoiceField(
        workers_choice(), label=_("Worker"), required=False, empty_label=_("All")
    )
    type = _terms("intervention_type")
    problem = _terms("problem")
    place = _terms("place")
    follow_up = forms.ChoiceField(
        label=_("Follow-up"),
        required=False,
        choices=[("", _("All")), ("yes", _("Follow-up needed")), ("no", _("No follow-up"))],
    )
    person = forms.CharField(label=_("Person code"), required=False)
    missing = forms.ChoiceField(
        label=_("Missing information"),
        required=False,
        choices=[
            ("", _("All")),
            ("problem", _("Without problem area")),
            ("place", _("Without place")),
            ("type", _("Without type")),
            ("duration", _("Without duration")),
        ],
    )

    field_order = [
        "worker", "start", "end", "type", "problem", "place", "follow_up", "person", "missing"
    ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Former workers too: their interventions stay in the lists.
        # Asked of each user (EXISTS on the user's links), not by joining every link.
        logged = Exists(Intervention.workers.through.objects.filter(user_id=OuterRef("pk")))
        self.fields["worker"].queryset = workers_choice(logged)  # type: ignore[attr-defined]
        self.fields["worker"].label_from_instance = user_label  # type: ignore[attr-defined]
        labels = {"type": _("Type"), "problem": _("Problem area"), "place": _("Place")}
        for name, label in labels.items():
            self.fields[name].label = label

    def filter_worker(self, items: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return items.filter(workers=value)

    def filter_type(self, items: QuerySet[Any], value: Term) -> QuerySet[Any]:
        return items.filter(types=value)

    def filter_problem(self, items: QuerySet[Any], value: Term) -> QuerySet[Any]:
        return items.filter(problems=value)

    def filter_place(self, items: QuerySet[Any], value: Term) -> QuerySet[Any]:
        return items.filter(place=value)

    def filter_follow_up(self, items: QuerySet[Any], value: str) -> QuerySet[Any]:
        return items.filter(follow_up=value == "yes")

    def filter_person(self, items: QuerySet[Any], value: str) -> QuerySet[Any]:
        return items.filter(persons__code__iexact=value.strip())

    def filter_missing(self, items: QuerySet[Any], value: str) -> QuerySet[Any]:
        lookups = {
            "problem": {"problems__isnull": True},
            "place": {"place__isnull": True},
            "type": {"types__isnull": True},
            "duration": {"duration_minutes__isnull": True},
        }
        return items.filter(**lookups[value])


class ReferralFilter(PeriodMixin, FilterForm):
    direction = forms.ChoiceField(
        label=_("Direction"),
        required=False,
        choices=[("", _("All")), *Referral.Direction.choices],
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("All")), *Referral.Outcome.choices]
    )
    organization = forms.CharField(label=_("Organization"), required=False)
    missing = forms.ChoiceField(
        label=_("Missing information"),
        required=False,
        choices=[("", _("All")), ("organization", _("Organization without a name"))],
    )

    field_order = ["direction", "outcome", "organization", "start", "end", "missing"]

    def filter_direction(self, items: QuerySet[Any], value: str) -> QuerySet[Any]:
        return items.filter(direction=value)

    def filter_outcome(self, items: QuerySet[Any], value: str) -> QuerySet[Any]:
        return items.filter(outcome=value)

    def filter_organization(self, items: QuerySet[Any], value: str) -> QuerySet[Any]:
        return items.filter(organization__name_key__contains=match_key(value))

    def filter_missing(self, items: QuerySet[Any], value: str) -> QuerySet[Any]:
        return items.filter(organization__name="")
