"""Forms of the group-activity screens: the activity, its sessions, a registration, the
attendance sheet, and the filters of the list."""

from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tissage.accounts.models import User
from tissage.accounts.roles import Role
from tissage.activities.models import Activity, AgeBand, Registration, Session
from tissage.directory.models import Organization
from tissage.lib.text import match_key
from tissage.people.models import Person
from tissage.privacy.access import persons_for
from tissage.vocabularies.models import Term

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
COUNT = forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})
MAX_REPEAT = 52


def terms_of(vocabulary: str, keep: int | None = None) -> QuerySet[Term]:
    """Active entries of a vocabulary, and the one a record already holds (even if retired)."""
    return (
        Term.objects.of(vocabulary)
        .filter(Q(active=True, merged_into__isnull=True) | Q(pk=keep))
        .order_by("order", "label_fr")
    )


def facilitator_choices(keep: Any = ()) -> QuerySet[User]:
    roles = [Role.WORKER, Role.DIRECTION, Role.ADMIN]
    return User.objects.filter(Q(is_active=True, role__in=roles) | Q(pk__in=keep)).order_by(
        "first_name", "last_name", "username"
    )


def user_label(user: User) -> str:
    return user.get_full_name() or user.get_username()


class ActivityForm(forms.ModelForm):
    partner_names = forms.CharField(
        label=gettext_lazy("Partner organizations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "One per line. A name the directory does not know yet is added to it."
        ),
    )

    field_order = [
        "title", "kind", "program", "project", "partner_names", "place", "municipality",
        "region", "facilitators", "capacity",
    ]  # fmt: skip

    class Meta:
        model = Activity
        fields = [
            "title", "kind", "program", "project", "place", "municipality", "region",
            "facilitators", "capacity",
        ]  # fmt: skip
        widgets = {
            "program": forms.Textarea(attrs={"rows": 4}),
            "facilitators": forms.CheckboxSelectMultiple,
            "capacity": COUNT,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["kind"].queryset = terms_of("activity_kind", instance.kind_id)  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = terms_of("municipality", instance.municipality_id)  # type: ignore[attr-defined]
        kept = list(instance.facilitators.values_list("pk", flat=True)) if instance.pk else []
        facilitators = self.fields["facilitators"]
        facilitators.queryset = facilitator_choices(kept)  # type: ignore[attr-defined]
        facilitators.label_from_instance = user_label  # type: ignore[attr-defined]
        if instance.pk:
            names = instance.partners.order_by("name").values_list("name", flat=True)
            self.fields["partner_names"].initial = "\n".join(names)
        self.new_organizations: list[str] = []

    def clean_partner_names(self) -> list[str]:
        lines = self.cleaned_data.get("partner_names", "").splitlines()
        names = list(dict.fromkeys(" ".join(line.split()) for line in lines if line.strip()))
        for name in names:
            if len(name) > 250:
                raise forms.ValidationError(_("An organization name has at most 250 characters."))
        return names

    def save(self, commit: bool = True) -> Activity:
        """Save the activity and its partners (always committed: partners need its key)."""
        activity = super().save(commit=True)
        partners = []
        for name in self.cleaned_data["partner_names"]:
            found = Organization.objects.filter(name_key=match_key(name)).first()
            if found is None:
                found = Organization.objects.create(name=name)
                self.new_organizations.append(name)
            partners.append(found)
        activity.partners.set(partners)
        return activity


class SessionForm(forms.ModelForm):
    repeat = forms.IntegerField(
        label=gettext_lazy("Number of weekly sessions"),
        min_value=1,
        max_value=MAX_REPEAT,
        initial=1,
        widget=COUNT,
        help_text=gettext_lazy("More than 1: the same day and time each week, from this date."),
    )

    class Meta:
        model = Session
        fields = ["date", "start_time", "end_time", "place", "notes"]
        widgets = {
            "date": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["repeat"]  # changing one session

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end comes after the start."))
        return data

    def dates(self) -> list[Any]:
        first = self.cleaned_data["date"]
        return [first + timedelta(weeks=n) for n in range(self.cleaned_data.get("repeat") or 1)]


class RegistrationForm(forms.Form):
    person = forms.CharField(
        label=gettext_lazy("Person code"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("Leave empty to register people who stay anonymous."),
    )
    places = forms.IntegerField(
        label=gettext_lazy("Number of people"),
        min_value=1,
        max_value=10_000,
        initial=1,
        widget=COUNT,
        help_text=gettext_lazy("For anonymous registrations; a person counts 1."),
    )
    session = forms.ModelChoiceField(
        label=gettext_lazy("Session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=gettext_lazy("The whole activity"),
    )
    eligible = forms.BooleanField(label=gettext_lazy("Eligible"), required=False)
    notes = forms.CharField(label=gettext_lazy("Notes"), required=False, max_length=300)

    def __init__(self, *args: Any, activity: Activity, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["session"].queryset = activity.sessions.all()  # type: ignore[attr-defined]
        self.fields["session"].label_from_instance = lambda s: s.date.isoformat()  # type: ignore[attr-defined]

    def clean_person(self) -> Person | None:
        code = self.cleaned_data.get("person", "").strip()
        if not code:
            return None
        person = persons_for(self.user).filter(code__iexact=code).first()
        if person is None:
            raise forms.ValidationError(_("No file has the code “%(code)s”.") % {"code": code})
        return person


class AttendanceForm(forms.Form):
    """One sheet per session: a present box and an eligible box per known person (those
    registered, those already present), other persons by code, then the people who stay
    anonymous and the children by age band."""

    other_codes = forms.CharField(
        label=gettext_lazy("Other persons present (codes)"),
        required=False,
        help_text=gettext_lazy("Separated by commas or spaces."),
    )
    anonymous_count = forms.IntegerField(
        label=gettext_lazy("People present, not named"), min_value=0, initial=0, widget=COUNT
    )
    anonymous_eligible = forms.IntegerField(
        label=gettext_lazy("Of whom eligible"), min_value=0, initial=0, widget=COUNT
    )

    def __init__(self, *args: Any, session: Session, persons: list[Person], user: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.user = user
        self.persons = persons
        attended = {a.person_id: a.eligible for a in session.attendances.all()}
        eligible_by_registration = {
            r.person_id: r.eligible
            for r in Registration.objects.filter(activity=session.activity, person__isnull=False)
        }
        for person in persons:
            self.fields[f"present_{person.pk}"] = forms.BooleanField(
                label=person.display_name, required=False, initial=person.pk in attended
            )
            self.fields[f"eligible_{person.pk}"] = forms.BooleanField(
                label=_("Eligible"),
                required=False,
                initial=attended.get(person.pk, eligible_by_registration.get(person.pk, False)),
            )
        self.fields["anonymous_count"].initial = session.anonymous_count
        self.fields["anonymous_eligible"].initial = session.anonymous_eligible
        counts = {c.age_band: c.count for c in session.children_present.all()}
        for band, label in AgeBand.choices:
            self.fields[f"children_{band}"] = forms.IntegerField(
                label=label, min_value=0, required=False, initial=counts.get(band, 0), widget=COUNT
            )

    def rows(self) -> list[tuple[Person, Any, Any]]:
        return [
            (person, self[f"present_{person.pk}"], self[f"eligible_{person.pk}"])
            for person in self.persons
        ]

    def children_fields(self) -> list[Any]:
        return [self[f"children_{band}"] for band in AgeBand.values]

    def clean_other_codes(self) -> list[Person]:
        text = self.cleaned_data.get("other_codes", "")
        codes = list(dict.fromkeys(code for code in text.replace(",", " ").split() if code))
        if not codes:
            return []
        wanted = Q()
        for code in codes:
            wanted |= Q(code__iexact=code)
        found = {p.code.casefold(): p for p in persons_for(self.user).filter(wanted)}
        missing = [code for code in codes if code.casefold() not in found]
        if missing:
            raise forms.ValidationError(
                _("No file has the code %(codes)s.") % {"codes": ", ".join(missing)}
            )
        return [found[code.casefold()] for code in codes]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        count, eligible = data.get("anonymous_count"), data.get("anonymous_eligible")
        if count is not None and eligible is not None and eligible > count:
            self.add_error(
                "anonymous_eligible", _("There cannot be more eligible people than people.")
            )
        return data

    def present(self) -> dict[Person, bool]:
        data = self.cleaned_data
        found = {
            person: bool(data.get(f"eligible_{person.pk}"))
            for person in self.persons
            if data.get(f"present_{person.pk}")
        }
        for person in data.get("other_codes", []):
            found.setdefault(person, False)
        return found

    def children(self) -> dict[str, int]:
        return {band: self.cleaned_data.get(f"children_{band}") or 0 for band in AgeBand.values}


class ActivityFilter(forms.Form):
    q = forms.CharField(label=gettext_lazy("Title"), required=False)
    kind = forms.ModelChoiceField(
        label=gettext_lazy("Kind"),
        queryset=Term.objects.none(),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    partner = forms.CharField(label=gettext_lazy("Partner"), required=False)
    project = forms.CharField(label=gettext_lazy("Project"), required=False)
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=DATE)
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = Term.objects.of("activity_kind").filter(merged_into__isnull=True)
        self.fields["kind"].queryset = queryset  # type: ignore[attr-defined]

    @property
    def active(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def apply(self, items: QuerySet[Activity]) -> QuerySet[Activity]:
        if not self.is_valid():
            return items
        data = self.cleaned_data
        if data["q"]:
            items = items.filter(title_key__contains=match_key(data["q"]))
        if data["kind"]:
            items = items.filter(kind=data["kind"])
        if data["partner"]:
            items = items.filter(partners__name_key__contains=match_key(data["partner"]))
        if data["project"]:
            items = items.filter(project__icontains=data["project"].strip())
        if data["start"]:
            items = items.filter(sessions__date__gte=data["start"])
        if data["end"]:
            items = items.filter(sessions__date__lte=data["end"])
        return items.distinct()

    def session_filter(self) -> dict[str, Any]:
        """The period, as a filter of sessions (for the counts shown per activity)."""
        if not self.is_valid():
            return {}
        found = {}
        if self.cleaned_data["start"]:
            found["sessions__date__gte"] = self.cleaned_data["start"]
        if self.cleaned_data["end"]:
            found["sessions__date__lte"] = self.cleaned_data["end"]
        return found
