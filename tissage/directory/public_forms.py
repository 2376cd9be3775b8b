"""Forms of the public site: search, report a problem, send results by e-mail."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tissage.accounts.regions import Region
from tissage.directory import gazetteer, languages
from tissage.directory.models import OPEN_ELIGIBILITY, FeedbackKind, TaxonomyTerm
from tissage.directory.models.base import english_active
from tissage.directory.search import DEFAULT_RADIUS_KM, RADII_KM


def category_choices() -> list[tuple[str, Any]]:
    """The first two levels of Open Eligibility, grouped by top category, plus local terms.

    Only those two levels, as plain rows: every public search draws this list, and loading
    the whole taxonomy as objects (900 terms) cost more than the search itself."""
    english = english_active()
    rows = (
        TaxonomyTerm.objects.active()
        .filter(Q(parent__isnull=True) | Q(parent__parent__isnull=True))
        .values_list("id", "parent_id", "name", "name_en", "taxonomy__code")
    )
    terms = [
        (str(pk), parent, (name_en if english and name_en else name), taxonomy)
        for pk, parent, name, name_en, taxonomy in rows
    ]
    by_name = sorted(terms, key=lambda t: t[2])
    tops = [t for t in by_name if t[1] is None and t[3] == OPEN_ELIGIBILITY]
    choices: list[tuple[str, Any]] = [("", _("All categories"))]
    for pk, _parent, label, _taxonomy in tops:
        group = [(pk, _("All: %(name)s") % {"name": label})]
        group += [(str(t[0]), t[2]) for t in by_name if t[1] is not None and str(t[1]) == pk]
        choices.append((label, group))
    local = [(t[0], t[2]) for t in by_name if t[1] is None and t[3] != OPEN_ELIGIBILITY]
    if local:
        choices.append((str(_("Other categories")), local))
    return choices


def mrc_choices() -> list[tuple[str, str]]:
    return [("", _("All MRCs"))] + [(key, name) for key, (name, _r) in gazetteer.mrcs().items()]


def region_choices() -> list[tuple[str, Any]]:
    return [("", _("All regions")), *((code, label) for code, label in Region.choices)]


class PublicSearchForm(forms.Form):
    q = forms.CharField(
        label=_("What are you looking for?"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    near = forms.CharField(
        label=_("Near (municipality)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"list": "municipalities", "autocomplete": "off"}),
    )
    radius = forms.TypedChoiceField(
        label=_("Distance"),
        required=False,
        coerce=int,
        empty_value=DEFAULT_RADIUS_KM,
        choices=[(r, _("%(km)s km") % {"km": r}) for r in RADII_KM],
        initial=DEFAULT_RADIUS_KM,
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    municipality = forms.CharField(
        label=_("Municipality served"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"list": "municipalities", "autocomplete": "off"}),
    )
    mrc = forms.ChoiceField(label=_("MRC"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and not self.data.get("radius"):
            self.data = self.data.copy()
            self.data["radius"] = str(DEFAULT_RADIUS_KM)
        self.fields["category"].choices = category_choices()
        self.fields["mrc"].choices = mrc_choices()
        self.fields["region"].choices = region_choices()
        self.fields["language"].choices = [("", _("Any language")), *languages.choices()]

    def has_criteria(self) -> bool:
        data = self.cleaned_data
        names = ("q", "near", "category", "municipality", "mrc", "region", "language", "open_now")
        return any(data.get(name) for name in names)


class HoneypotMixin(forms.Form):
    # Hidden from people by CSS; robots fill every field they find.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class FeedbackForm(HoneypotMixin):
    kinds = forms.MultipleChoiceField(
        label=_("What is wrong?"),
        choices=FeedbackKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    comment = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What should we correct? Please do not write personal information."),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Only if you want an answer."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("kinds") and not (data.get("comment") or "").strip():
            raise forms.ValidationError(_("Tick what is wrong or describe it."))
        return data


class EmailResultsForm(HoneypotMixin):
    email = forms.EmailField(label=_("E-mail address"))
