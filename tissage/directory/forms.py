"""Staff forms of the directory: organization, service, location and their parts."""

from typing import Any

from django import forms
from django.db import models
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from tissage.directory import gazetteer, languages
from tissage.directory.models import (
    LOCAL,
    AreaScope,
    Attribute,
    LinkEntity,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    TaxonomyTerm,
    Weekday,
)
from tissage.directory.textsearch import token

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})
ALERT_FIELDS = ["alert", "alert_en", "alert_start", "alert_end"]


def _formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Form fields of the models; a web address typed without its scheme gets https."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def _small_textareas(form: forms.ModelForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs.setdefault("rows", 3)


class Grouped:
    """Forms whose fields show in fieldsets, French and English side by side."""

    fieldsets: tuple[tuple[Any, tuple[str, ...]], ...] = ()

    def grouped(self) -> list[tuple[Any, list[Any]]]:
        form: Any = self
        return [
            (legend, [form[name] for name in names if name in form.fields])
            for legend, names in self.fieldsets
        ]


class AlertDatesMixin:
    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        start, end = data.get("alert_start"), data.get("alert_end")
        if start and end and end < start:
            self.add_error("alert_end", _("The end comes before the start."))  # type: ignore[attr-defined]
        return data  # type: ignore[no-any-return]


class OrganizationForm(Grouped, AlertDatesMixin, forms.ModelForm):
    fieldsets = (
        (_("Name"), ("name", "name_en", "alternate_name", "alternate_name_en")),
        (_("Description"), ("description", "description_en")),
        (_("Contact"), ("email", "website")),
        (_("Legal"), ("legal_status", "tax_id", "year_incorporated")),
        (_("Public site"), ("public", "alert", "alert_en", "alert_start", "alert_end")),
    )

    class Meta:
        model = Organization
        formfield_callback = _formfield
        fields = [
            "name", "name_en", "alternate_name", "alternate_name_en", "description",
            "description_en", "email", "website", "legal_status", "tax_id", "year_incorporated",
            "public", *ALERT_FIELDS,
        ]  # fmt: skip
        widgets = {"alert_start": DATE, "alert_end": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _small_textareas(self)


class ServiceForm(Grouped, AlertDatesMixin, forms.ModelForm):
    fieldsets = (
        (_("Name"), ("name", "name_en", "alternate_name", "alternate_name_en")),
        (_("Description"), ("description", "description_en")),
        (_("Categories and search"), ("categories", "hints")),
        (_("Where and in which languages"), ("locations", "language_codes")),
        (
            _("Who and how"),
            (
                "eligibility_description",
                "eligibility_description_en",
                "minimum_age",
                "maximum_age",
                "application_process",
                "application_process_en",
                "fees_description",
                "fees_description_en",
                "wait_time",
                "wait_time_en",
                "interpretation_services",
                "interpretation_services_en",
            ),
        ),
        (_("Contact"), ("url", "email")),
        (
            _("Status and public site"),
            ("status", "assured_date", "public", "alert", "alert_en", "alert_start", "alert_end"),
        ),
    )

    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    locations = forms.ModelMultipleChoiceField(
        label=_("Offered at"),
        queryset=Location.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language_codes = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=languages.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hints = forms.CharField(
        label=_("Search hints"),
        required=False,
        help_text=_("Other words people type for this service, separated by commas."),
    )

    class Meta:
        model = Service
        formfield_callback = _formfield
        fields = [
            "name", "name_en", "alternate_name", "alternate_name_en", "description",
            "description_en", "status", "url", "email", "eligibility_description",
            "eligibility_description_en", "minimum_age", "maximum_age", "application_process",
            "application_process_en", "fees_description", "fees_description_en", "wait_time",
            "wait_time_en", "interpretation_services", "interpretation_services_en",
            "assured_date", "public", *ALERT_FIELDS,
        ]  # fmt: skip
        widgets = {"alert_start": DATE, "alert_end": DATE, "assured_date": DATE}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _small_textareas(self)
        self.organization = organization
        terms = TaxonomyTerm.objects.active().select_related("taxonomy")
        self.fields["categories"].queryset = terms.order_by("taxonomy__code", "name")
        self.fields["categories"].label_from_instance = _term_label
        self.fields["locations"].queryset = organization.locations.all()
        if self.instance.pk:
            self.initial["categories"] = current_terms(self.instance)
            self.initial["locations"] = list(self.instance.locations.all())
            self.initial["language_codes"] = list(
                self.instance.languages.values_list("code", flat=True)
            )
            self.initial["hints"] = ", ".join(self.instance.hints.values_list("text", flat=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and high < low:
            self.add_error("maximum_age", _("The maximum age is below the minimum age."))
        return data

    def hint_list(self) -> list[str]:
        words = (word.strip() for word in self.cleaned_data.get("hints", "").split(","))
        return list(dict.fromkeys(word for word in words if word))


def _term_label(term: TaxonomyTerm) -> str:
    prefix = "" if term.taxonomy.code != LOCAL else "★ "
    return f"{prefix}{term.tr('name')} ({term.code})"


def current_terms(service: Service) -> list[TaxonomyTerm]:
    ids = Attribute.objects.filter(link_entity=LinkEntity.SERVICE, link_id=service.id).values(
        "taxonomy_term_id"
    )
    return list(TaxonomyTerm.objects.filter(id__in=ids).select_related("taxonomy"))


class LocationForm(Grouped, forms.ModelForm):
    fieldsets = (
        (_("Name"), ("name", "name_en", "location_type", "url")),
        (
            _("Address"),
            (
                "address_1",
                "address_2",
                "city",
                "postal_code",
                "latitude",
                "longitude",
                "confidential_address",
            ),
        ),
        (
            _("Getting there"),
            (
                "description",
                "description_en",
                "transportation",
                "transportation_en",
                "accessibility",
                "accessibility_en",
            ),
        ),
    )

    address_1 = forms.CharField(label=_("Address"), max_length=250, required=False)
    address_2 = forms.CharField(label=_("Address (continued)"), max_length=250, required=False)
    city = forms.CharField(
        label=_("Municipality"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"list": "municipalities", "autocomplete": "off"}),
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    accessibility = forms.CharField(label=_("Accessibility"), required=False, widget=SHORT_TEXT)
    accessibility_en = forms.CharField(
        label=_("Accessibility (English)"), required=False, widget=SHORT_TEXT
    )

    class Meta:
        model = Location
        formfield_callback = _formfield
        fields = [
            "name", "name_en", "location_type", "description", "description_en",
            "transportation", "transportation_en", "latitude", "longitude", "url",
            "confidential_address",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _small_textareas(self)
        if self.instance.pk:
            address = self.instance.main_address
            if address is not None:
                for name in ("address_1", "address_2", "city", "postal_code"):
                    self.initial[name] = getattr(address, name)
            access = self.instance.accessibility.first()
            if access is not None:
                self.initial["accessibility"] = access.description
                self.initial["accessibility_en"] = access.description_en

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("address_1") and not data.get("city"):
            self.add_error("city", _("Give the municipality of the address."))
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            self.add_error("longitude", _("Give both the latitude and the longitude, or neither."))
        if lat is not None and not -90 <= lat <= 90:
            self.add_error("latitude", _("A latitude lies between -90 and 90."))
        if lon is not None and not -180 <= lon <= 180:
            self.add_error("longitude", _("A longitude lies between -180 and 180."))
        return data


class PhoneForm(forms.ModelForm):
    class Meta:
        model = Phone
        fields = ["number", "extension", "type", "description", "description_en"]


class ScheduleForm(forms.ModelForm):
    """One row of hours: days with hours (every week), dates with hours (special hours), or
    dates ticked closed (a closure)."""

    days = forms.MultipleChoiceField(
        label=_("Days"),
        choices=Weekday.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Schedule
        fields = [
            "opens_at", "closes_at", "valid_from", "valid_to", "closed", "description",
            "description_en",
        ]  # fmt: skip
        widgets = {
            "opens_at": TIME,
            "closes_at": TIME,
            "valid_from": DATE,
            "valid_to": DATE,
            "description": forms.TextInput,
            "description_en": forms.TextInput,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["days"] = self.instance.days

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        days, closed = data.get("days") or [], data.get("closed")
        opens, closes = data.get("opens_at"), data.get("closes_at")
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end comes before the start."))
        if closed:
            if not start:
                self.add_error("valid_from", _("A closure needs its first date."))
            return data
        if (opens is None) != (closes is None):
            self.add_error("closes_at", _("Give the opening and the closing time."))
        elif opens is not None and not days and not start:
            self.add_error("days", _("Choose the days, or the dates of these special hours."))
        return data

    def save(self, commit: bool = True) -> Schedule:
        schedule = super().save(commit=False)
        days = self.cleaned_data.get("days") or []
        order = [code for code, _label in Weekday.choices]
        schedule.byday = ",".join(sorted(days, key=order.index))
        schedule.freq = "WEEKLY" if days and not schedule.closed else ""
        if schedule.closed:
            schedule.opens_at = schedule.closes_at = None
            schedule.valid_to = schedule.valid_to or schedule.valid_from
        if commit:
            schedule.save()
        return schedule


class ServiceAreaForm(forms.ModelForm):
    place = forms.CharField(
        label=_("Place"),
        max_length=150,
        required=False,
        help_text=_("Municipality, MRC or region number; empty for all of Québec."),
    )

    class Meta:
        model = ServiceArea
        fields = ["scope", "description", "description_en"]
        widgets = {"description": forms.TextInput, "description_en": forms.TextInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["place"] = self.instance.name or self.instance.place_code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        scope, place = data.get("scope"), (data.get("place") or "").strip()
        self.place_code, self.place_name = "", place
        if scope == AreaScope.PROVINCE:
            self.place_code, self.place_name = "QC", "Québec"
        elif scope == AreaScope.MUNICIPALITY:
            found = gazetteer.find(place)
            if found is None:
                self.add_error("place", _("This municipality is not in the gazetteer."))
            else:
                self.place_code, self.place_name = found.key, found.name
        elif scope == AreaScope.MRC:
            mrc = gazetteer.find_mrc(place)
            self.place_code = token(mrc[0]) if mrc else token(place)
            self.place_name = f"MRC {mrc[0] if mrc else place}"
            if not self.place_code:
                self.add_error("place", _("Give the name of the MRC."))
        elif scope == AreaScope.REGION:
            if not place.isdigit() or not 1 <= int(place) <= 17:
                self.add_error("place", _("Give the region's number, from 1 to 17."))
            else:
                self.place_code = place.zfill(2)
        return data

    def save(self, commit: bool = True) -> ServiceArea:
        area = super().save(commit=False)
        area.place_code = self.place_code
        area.name = self.place_name
        if commit:
            area.save()
        return area


def phone_formset(parent: type, fk_name: str) -> Any:
    return inlineformset_factory(
        parent, Phone, form=PhoneForm, fk_name=fk_name, extra=1, can_delete=True
    )


OrganizationPhones = phone_formset(Organization, "organization")
ServicePhones = phone_formset(Service, "service")
LocationPhones = phone_formset(Location, "location")
ServiceSchedules = inlineformset_factory(
    Service, Schedule, form=ScheduleForm, fk_name="service", extra=1, can_delete=True
)
LocationSchedules = inlineformset_factory(
    Location, Schedule, form=ScheduleForm, fk_name="location", extra=1, can_delete=True
)
ServiceAreas = inlineformset_factory(
    Service, ServiceArea, form=ServiceAreaForm, extra=1, can_delete=True
)


class TermForm(Grouped, forms.ModelForm):
    fieldsets = (
        (_("Category"), ("name", "name_en", "description", "description_en", "parent", "active")),
        (_("Search hints"), ("hints",)),
    )

    hints = forms.CharField(
        label=_("Search hints"),
        required=False,
        widget=SHORT_TEXT,
        help_text=_("Lay words and synonyms people type for this category, separated by commas."),
    )

    class Meta:
        model = TaxonomyTerm
        fields = ["name", "name_en", "description", "description_en", "parent", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _small_textareas(self)
        self.fields["parent"].queryset = TaxonomyTerm.objects.active().order_by("name")
        self.fields["parent"].label_from_instance = _term_label
        if self.instance.pk:
            self.initial["hints"] = ", ".join(self.instance.hints.values_list("text", flat=True))
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )

    def hint_list(self) -> list[str]:
        words = (word.strip() for word in self.cleaned_data.get("hints", "").split(","))
        return list(dict.fromkeys(word for word in words if word))


class StaffSearchForm(forms.Form):
    q = forms.CharField(label=_("Keywords"), required=False)
    near = forms.CharField(
        label=_("Near"),
        required=False,
        widget=forms.TextInput(attrs={"list": "municipalities", "autocomplete": "off"}),
    )
    hidden = forms.BooleanField(label=_("Hidden records only"), required=False)
