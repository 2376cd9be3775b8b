"""Forms of the people screens: person files, consents, interventions, referrals."""

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.db import transaction
from django.db.models import Exists, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tissage.accounts.models import User
from tissage.accounts.roles import Role
from tissage.directory.models import Organization
from tissage.lib.choices import ModelChoiceField, ModelMultipleChoiceField
from tissage.lib.text import match_key, strip_accents
from tissage.people.actions import do_create_intervention
from tissage.people.models import Consent, Intervention, Person, Referral
from tissage.privacy import audit
from tissage.privacy.access import persons_for
from tissage.vocabularies.models import Term

NEW = "new:"  # a person token that creates a file with this alias on save

PERSON_VOCABULARIES = {
    "gender": "gender",
    "age_group": "age_group",
    "language": "language",
    "municipality": "municipality",
    "immigration_status": "immigration_status",
    "income_source": "income_source",
    "education_level": "education_level",
}


def terms_of(vocabulary: str, keep: Iterable[int | None] = ()) -> QuerySet[Term]:
    """Active terms of a vocabulary, plus those a record already holds (even if retired)."""
    kept = [pk for pk in keep if pk]
    return (
        Term.objects.of(vocabulary)
        .filter(Q(active=True, merged_into__isnull=True) | Q(pk__in=kept))
        .order_by("order", "label_fr")
    )


def workers_choice(keep: Iterable[int] | QuerySet[Any] | Exists = ()) -> QuerySet[User]:
    """Who can be named as the worker of an intervention (and those already named: ids, a
    queryset of ids, or a condition on the user)."""
    roles = [Role.WORKER, Role.DIRECTION, Role.ADMIN]
    if isinstance(keep, Exists):
        kept = Q(keep)
    else:
        kept = Q(pk__in=keep if isinstance(keep, QuerySet) else list(keep))
    return User.objects.filter(Q(is_active=True, role__in=roles) | kept).order_by(
        "first_name", "last_name", "username"
    )


def user_label(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _search_keys(*texts: str) -> str:
    return "|".join(sorted({strip_accents(text).casefold() for text in texts if text}))


def term_keys(term: Term) -> str:
    return _search_keys(term.label_fr, term.label_en, *term.aliases)


def user_keys(user: User) -> str:
    return _search_keys(user.username, user.first_name, user.last_name, user.get_full_name())


class KeyedSelectMultiple(forms.SelectMultiple):
    """A <select multiple> whose options carry the words they match (data-keys), for the
    tag input of people.js to filter without asking the server."""

    def __init__(self, keys: Callable[[Any], str], attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.keys = keys

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        instance = getattr(option["value"], "instance", None)
        if instance is not None:
            option["attrs"]["data-keys"] = self.keys(instance)
        return option


class TokenField(forms.Field):
    """The values of a <select multiple> whose options are not known in advance."""

    widget = forms.SelectMultiple

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(item).strip() for item in values if str(item).strip()]


def rounded_now() -> datetime.time:
    """Now, to the nearest five minutes: what a worker would type anyway."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    now += datetime.timedelta(minutes=2)
    return now.replace(minute=now.minute - now.minute % 5).time()


def resolve_codes(user: Any, codes: Iterable[str]) -> tuple[list[Person], list[str]]:
    """The files a user may see under these codes (former codes lead to the kept file).

    One query for the codes as typed; only a code that is not a visible file's is looked up
    among merged files (each visibility test is a subquery over the user's interventions)."""
    codes = list(codes)
    visible = persons_for(user)
    by_code: dict[str, Person] = {}
    if codes:
        typed = Q()
        for code in codes:
            typed |= Q(code__iexact=code)
        by_code = {person.code.casefold(): person for person in visible.filter(typed)}
    found: list[Person] = []
    unknown: list[str] = []
    for code in codes:
        person = by_code.get(code.casefold())
        if person is None:
            person = _kept_file(code)
            if person is not None and not visible.filter(pk=person.pk).exists():
                person = None
        if person is None:
            unknown.append(code)
        elif person not in found:
            found.append(person)
    return found, unknown


def _kept_file(code: str) -> Person | None:
    """A merged file keeps its code and points to the file that absorbed it."""
    person = Person.objects.filter(code__iexact=code, merged_into__isnull=False).first()
    while person is not None and person.merged_into_id is not None:
        person = person.merged_into
    return person


def person_choices(tokens: list[str], user: Any) -> list[tuple[str, str]]:
    """Options for the persons already picked: codes of files, or aliases of new files."""
    codes = [token for token in tokens if not token.startswith(NEW)]
    labels = {p.code: p.display_name for p in persons_for(user).filter(code__in=codes)}
    choices = []
    for token in tokens:
        if token.startswith(NEW):
            label = _("%(alias)s (new person)") % {"alias": token[len(NEW) :]}
        else:
            label = labels.get(token, token)
        choices.append((token, str(label)))
    return choices


class InterventionForm(forms.Form):
    """The quick entry, and the change of an intervention: one form, fields in logging order."""

    # The server checks everything; a browser check would stop at the hidden selects.
    use_required_attribute = False

    persons = TokenField(label=_("Persons"), required=False)
    persons_text = forms.CharField(
        label=_("Person codes"),
        required=False,
        help_text=_("Codes separated by commas, e.g. P00012, P00040."),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    workers = ModelMultipleChoiceField(
        label=_("Workers"), queryset=User.objects.none(), widget=KeyedSelectMultiple(user_keys)
    )
    types = ModelMultipleChoiceField(
        label=_("Intervention types"),
        queryset=Term.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    problems = ModelMultipleChoiceField(
        label=_("Problem areas"),
        queryset=Term.objects.none(),
        required=False,
        widget=KeyedSelectMultiple(term_keys),
    )
    place = ModelChoiceField(
        label=_("Place"), queryset=Term.objects.none(), required=False, empty_label="—"
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        required=False,
        min_value=1,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"list": "durations", "inputmode": "numeric"}),
    )
    notes = forms.CharField(
        label=_("Confidential notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up = forms.BooleanField(label=_("Follow-up needed"), required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        user: Any,
        instance: Intervention | None = None,
        initial: dict[str, Any] | None = None,
    ) -> None:
        self.user = user
        self.instance = instance
        initial = dict(initial or {})
        if instance is not None:
            initial.update(self._initial_of(instance))
        super().__init__(data, initial=initial)
        keep_workers = instance.workers.values_list("pk", flat=True) if instance else []
        keep_terms = list(instance.types.values_list("pk", flat=True)) if instance else []
        keep_terms += list(instance.problems.values_list("pk", flat=True)) if instance else []
        fields = self.fields
        fields["workers"].queryset = workers_choice(keep_workers)  # type: ignore[attr-defined]
        fields["types"].queryset = terms_of("intervention_type", keep_terms)  # type: ignore[attr-defined]
        fields["problems"].queryset = terms_of("problem", keep_terms)  # type: ignore[attr-defined]
        fields["place"].queryset = terms_of(  # type: ignore[attr-defined]
            "place", [instance.place_id] if instance else []
        )
        fields["workers"].label_from_instance = user_label  # type: ignore[attr-defined]
        # Read by people.js: these selects become tag inputs with suggestions.
        fields["persons"].widget.attrs.update(
            {
                "data-tag-input": "",
                "data-source": reverse("people:person_suggestions"),
                "data-new": _("New person: %s"),
                "data-fallback": "id_persons_text",
                "data-autofocus": "",
            }
        )
        fields["workers"].widget.attrs["data-tag-input"] = ""
        fields["problems"].widget.attrs["data-tag-input"] = ""
        if self.is_bound:
            tokens = [t.strip() for t in self.data.getlist("persons") if t.strip()]
        else:
            tokens = list(self.initial.get("persons", []))
        fields["persons"].widget.choices = person_choices(tokens, user)
        self.new_aliases: list[str] = []
        self.found_persons: list[Person] = []

    @staticmethod
    def _initial_of(instance: Intervention) -> dict[str, Any]:
        return {
            "persons": [person.code for person in instance.persons.all()],
            "date": instance.date,
            "time": instance.time,
            "workers": list(instance.workers.values_list("pk", flat=True)),
            "types": list(instance.types.values_list("pk", flat=True)),
            "problems": list(instance.problems.values_list("pk", flat=True)),
            "place": instance.place_id,
            "duration_minutes": instance.duration_minutes,
            "notes": instance.notes,
            "follow_up": instance.follow_up,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        tokens = list(cleaned.get("persons", []))
        typed = cleaned.get("persons_text", "")
        tokens += [code.strip() for code in typed.replace(";", ",").split(",") if code.strip()]
        self.new_aliases = []
        codes = []
        for token in tokens:
            if token.startswith(NEW):
                alias = token[len(NEW) :].strip()[:100]
                if alias and alias not in self.new_aliases:
                    self.new_aliases.append(alias)
            else:
                codes.append(token)
        self.found_persons, unknown = resolve_codes(self.user, codes)
        if unknown:
            self.add_error(
                "persons_text" if typed else "persons",
                _("No person file with the code: %(codes)s.") % {"codes": ", ".join(unknown)},
            )
        elif not self.found_persons and not self.new_aliases:
            self.add_error("persons", _("Choose at least one person."))
        return cleaned

    def _scalars(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "time": data["time"],
            "place": data["place"],
            "duration_minutes": data["duration_minutes"],
            "notes": data["notes"],
            "follow_up": data["follow_up"],
        }

    @transaction.atomic
    def save(self, request: HttpRequest) -> Intervention:
        persons = list(self.found_persons)
        for alias in self.new_aliases:
            person = Person(alias=alias, created_by=request.user)
            teams = list(request.user.teams.all())  # type: ignore[union-attr]
            if len(teams) == 1:
                person.team = teams[0]
            person.save()
            audit.record(request, audit.Action.CREATE, person)
            persons.append(person)
        data = self.cleaned_data
        if self.instance is None:
            return do_create_intervention(
                request,
                data=self._scalars(),
                persons=persons,
                workers=data["workers"],
                types=data["types"],
                problems=data["problems"],
            )
        return self._update(request, persons)

    def _update(self, request: HttpRequest, persons: list[Person]) -> Intervention:
        instance = self.instance
        assert instance is not None
        changed = [
            name for name, value in self._scalars().items() if getattr(instance, name) != value
        ]
        for name, value in self._scalars().items():
            setattr(instance, name, value)
        instance.save()
        relations = {
            "persons": persons,
            "workers": list(self.cleaned_data["workers"]),
            "types": list(self.cleaned_data["types"]),
            "problems": list(self.cleaned_data["problems"]),
        }
        for name, objects in relations.items():
            manager = getattr(instance, name)
            if {o.pk for o in manager.all()} != {o.pk for o in objects}:
                manager.set(objects)
                changed.append(name)
        audit.record(request, audit.Action.CHANGE, instance, fields=changed)
        return instance


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "alias",
            "first_name",
            "last_name",
            "gender",
            "age_group",
            "birth_year",
            "language",
            "municipality",
            "immigration_status",
            "country_of_origin",
            "income_source",
            "education_level",
            "newcomer",
            "team",
        ]
        widgets = {
            "newcomer": forms.NullBooleanSelect,
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "alias": _("Many people are known by a nickname only: that is enough."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, vocabulary in PERSON_VOCABULARIES.items():
            current = getattr(self.instance, f"{name}_id", None)
            self.fields[name].queryset = terms_of(vocabulary, [current])  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        names = ("alias", "first_name", "last_name")
        if not any(cleaned.get(name) for name in names):
            self.add_error("alias", _("Give at least an alias or a name."))
        return cleaned


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["purpose", "given_on", "ends_on", "notes"]
        widgets = {
            "given_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }


class ConsentWithdrawalForm(forms.ModelForm):
    """The day the person withdrew a consent (Law 25: a consent can be withdrawn at any time)."""

    class Meta:
        model = Consent
        fields = ["withdrawn_on"]
        widgets = {"withdrawn_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].required = True
        if not self.initial.get("withdrawn_on"):
            self.initial["withdrawn_on"] = timezone.localdate()

    def clean_withdrawn_on(self) -> Any:
        day = self.cleaned_data["withdrawn_on"]
        if day and day < self.instance.given_on:
            raise forms.ValidationError(_("A consent cannot be withdrawn before it was given."))
        return day


class ReferralForm(forms.ModelForm):
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=Referral.Direction.choices,
        initial=Referral.Direction.OUT,
        widget=forms.RadioSelect,
    )
    organization_name = forms.CharField(
        label=_("Organization"),
        max_length=250,
        help_text=_("Type a few letters to choose; a new name is added to the directory."),
        widget=forms.TextInput(attrs={"list": "organizations", "autocomplete": "off"}),
    )

    class Meta:
        model = Referral
        fields = ["direction", "date", "reason", "outcome", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["direction", "date", "organization_name", "reason", "outcome", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["organization_name"] = self.instance.organization.name
        widget = self.fields["organization_name"].widget
        widget.attrs["data-suggest"] = reverse("people:organization_suggestions")
        self.new_organization = False

    def clean_organization_name(self) -> str:
        return " ".join(self.cleaned_data["organization_name"].split())

    @transaction.atomic
    def save_for(self, request: HttpRequest, person: Person) -> Referral:
        name = self.cleaned_data["organization_name"]
        organization = Organization.objects.filter(name_key=match_key(name)).first()
        if organization is None:
            organization = Organization.objects.create(name=name)
            audit.record(request, audit.Action.CREATE, organization)
            self.new_organization = True
        referral = self.save(commit=False)
        referral.person = person
        referral.organization = organization
        referral.created_by = request.user
        referral.save()
        audit.record(request, audit.Action.CREATE, referral)
        return referral


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["outcome"]
