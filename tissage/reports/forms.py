"""The forms of the report screens: choosing a report, texts, templates, manual figures, targets.

The helpers at the top name the periods and templates these forms offer."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tissage.accounts.models import OrganizationProfile
from tissage.reports import composer
from tissage.reports.models import ManualIndicator, ManualValue, ReportTemplate
from tissage.reports.periods import (
    Period,
    calendar_year,
    date_range,
    fiscal_year,
    fiscal_year_of,
    month,
    parse_period,
    quarter,
    semester,
)
from tissage.reports.quality import EARLIEST_PLAUSIBLE
from tissage.reports.registry import Measure, all_indicators, all_sources
from tissage.reports.templates_default import BUILTIN


def start_month() -> int:
    return OrganizationProfile.current().fiscal_year_start_month


def period_slug(period: Period) -> str:
    """How a period appears in a URL: 2023-24, 2023-24-S1, 2023-24-T3, 2023, 2024-05, or
    2023-04-01..2024-03-31; read back by `parse_period` with the organization's start month."""
    first = fiscal_year_of(period.start, period.start_month).start.year
    fiscal = f"{first}-{(first + 1) % 100:02d}"
    if period.kind == "fiscal_year":
        slug = str(first) if period.start_month == 1 else fiscal
    elif period.kind == "year":
        slug = str(period.start.year)
    elif period.kind in ("semester", "quarter"):
        slug = f"{fiscal}-{period.label[-2:]}"
    elif period.kind == "month":
        slug = period.start.strftime("%Y-%m")
    else:
        slug = ""
    if slug:
        # 2011-12 reads as December 2011: an ambiguous short form falls back on the dates.
        try:
            back = parse_period(slug, period.start_month)
        except ValueError:
            back = None
        if back is not None and (back.start, back.end) == (period.start, period.end):
            return slug
    return f"{period.start.isoformat()}..{period.end.isoformat()}"


def recognize(start: date, end: date, first_month: int | None = None) -> Period:
    """The named period these dates cover (a fiscal year, a quarter…), or a plain range."""
    first_month = first_month or start_month()
    try:
        year = fiscal_year_of(start, first_month)
        candidates = [
            year,
            calendar_year(start.year),
            month(start.year, start.month),
            *(semester(year, n) for n in (1, 2)),
            *(quarter(year, n) for n in (1, 2, 3, 4)),
        ]
    except ValueError:
        return date_range(start, end)
    for period in candidates:
        if (period.start, period.end) == (start, end):
            return period
    return date_range(start, end)


def records_span() -> tuple[date, date] | None:
    """The first and last dates of the records the reports count, if there are any."""
    firsts, lasts = [], []
    for source in all_sources():
        if "__" in source.date_path:
            continue  # reached through another source's records: already counted there
        found = source.model._default_manager.aggregate(
            first=Min(source.date_path), last=Max(source.date_path)
        )
        if found["first"] is not None:
            firsts.append(found["first"])
            lasts.append(found["last"])
    if not firsts:
        return None
    return min(firsts), max(lasts)


def fiscal_years_on_record(today: date) -> list[Period]:
    """Every fiscal year from the first record to the current one, newest first."""
    first_month = start_month()
    span = records_span()
    current = fiscal_year_of(today, first_month)
    # A date typed 1923 for 2023 must not offer a century of years (the quality panel lists it).
    first_day = max(span[0], EARLIEST_PLAUSIBLE) if span else today
    first = min(fiscal_year_of(first_day, first_month), current, key=lambda p: p.start)
    years = []
    year = current.start.year
    while year >= first.start.year and len(years) < 40:
        years.append(fiscal_year(year, first_month))
        year -= 1
    return years


def period_choices(today: date) -> list[tuple[str, list[tuple[str, str]]]]:
    """The periods a report can be opened for, grouped as the select shows them."""
    years = fiscal_years_on_record(today)
    calendar_years = sorted({p.start.year for p in years} | {p.end.year for p in years})
    calendar_years = [y for y in reversed(calendar_years) if y <= today.year]
    semesters = [semester(y, n) for y in years for n in (2, 1)]
    quarters = [quarter(y, n) for y in years for n in (4, 3, 2, 1)]
    # Months of this year, the last one, and the last with records (a report is due on it).
    recent = {*years[:2], default_period(today)}
    months = sorted(
        {m for y in recent for m in y.months() if m.start <= today}, key=lambda m: m.start
    )[::-1]
    named = [
        (_("Fiscal years"), years),
        (_("Calendar years"), [calendar_year(y) for y in calendar_years]),
        (_("Semesters"), [p for p in semesters if p.start <= today]),
        (_("Quarters"), [p for p in quarters if p.start <= today]),
        (_("Months"), months),
    ]
    return [(group, [(period_slug(p), p.label) for p in periods]) for group, periods in named]


def default_period(today: date) -> Period:
    """The last fiscal year with records: the one a report is most often made for."""
    span = records_span()
    last = min(span[1], today) if span else today
    return fiscal_year_of(last, start_month())


def template_choices() -> list[tuple[str, str]]:
    """Built-in templates first, then those the organization saved."""
    saved = list(ReportTemplate.objects.values_list("code", "name"))
    taken = {code for code, _name in saved}
    builtin = [(code, _(name)) for code, (name, _s) in BUILTIN.items() if code not in taken]
    return builtin + saved


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """A named period from the select, or any range given by its two dates."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        choices: list[Any] = [("", _("Choose a period"))]
        self.fields["period"].choices = choices + [
            (str(group), options) for group, options in period_choices(today)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start or end:
            if not (start and end):
                raise ValidationError(_("Give both dates of the range, or choose a period."))
            if end < start:
                raise ValidationError(_("The range ends before it starts."))
            data["chosen"] = recognize(start, end)
        elif data.get("period"):
            try:
                data["chosen"] = parse_period(data["period"], start_month())
            except ValueError as exc:
                raise ValidationError(str(exc)) from exc
        else:
            raise ValidationError(_("Choose a period, or give the dates of a range."))
        return data

    @property
    def chosen(self) -> Period:
        return self.cleaned_data["chosen"]


class OpenReportForm(PeriodForm):
    template = forms.ChoiceField(label=_("Report template"))

    field_order = ["template", "period", "start", "end"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = template_choices()


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Separate paragraphs with a blank line."),
        max_length=20_000,
    )


class DuplicateForm(forms.Form):
    source = forms.ChoiceField(label=_("Start from"))
    name = forms.CharField(label=_("Name of the new template"), max_length=150)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = template_choices()


class TemplateNameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)


def _indicator_choices(indicators: list[Any]) -> list[tuple[str, str]]:
    return [(ind.code, str(ind.label)) for ind in indicators]


class SectionForm(forms.Form):
    """One section of a template. Only the fields its kind uses are kept."""

    title_fr = forms.CharField(label=_("Title in French"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    text_fr = forms.CharField(
        label=_("Default text in French"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    text_en = forms.CharField(
        label=_("Default text in English"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    indicators = forms.MultipleChoiceField(
        label=_("Indicators"), widget=forms.CheckboxSelectMultiple, required=False
    )
    indicator = forms.ChoiceField(label=_("Indicator"))
    top = forms.IntegerField(
        label=_("Rows shown (the first ones)"),
        required=False,
        min_value=1,
        max_value=composer.MAX_TOP,
        help_text=_("Leave empty to show every row."),
    )
    years = forms.IntegerField(
        label=_("Earlier years shown"), min_value=1, max_value=composer.MAX_YEARS, initial=4
    )
    chart = forms.ChoiceField(label=_("Chart"), required=False)
    record = forms.MultipleChoiceField(
        label=_("Say when these figures reach a record"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    series = forms.MultipleChoiceField(
        label=_("Rises, falls and newcomers of these tables over years"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    averages = forms.MultipleChoiceField(
        label=_("Give these averages"), widget=forms.CheckboxSelectMultiple, required=False
    )
    leaders = forms.MultipleChoiceField(
        label=_("Name the first row of these rankings"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    manual = forms.MultipleChoiceField(
        label=_("Manual indicators"), widget=forms.CheckboxSelectMultiple, required=False
    )

    FIELDS = {
        "text": ("title_fr", "title_en", "text_fr", "text_en"),
        "figures": ("title_fr", "title_en", "indicators"),
        "table": ("title_fr", "title_en", "indicator", "top", "chart"),
        "series": ("title_fr", "title_en", "indicator", "years", "top", "chart"),
        "ranking": ("title_fr", "title_en", "indicator", "top"),
        "highlights": ("title_fr", "title_en", "record", "series", "averages", "leaders"),
        "manual": ("title_fr", "title_en", "manual"),
    }

    def __init__(self, *args: Any, kind: str, sections: list[dict[str, Any]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in list(self.fields):
            if name not in self.FIELDS[kind]:
                del self.fields[name]
        choices = _indicator_choices(composer.compatible_indicators(kind))
        if "indicator" in self.fields:
            self.fields["indicator"].choices = [("", _("Choose an indicator")), *choices]
        if "indicators" in self.fields:
            self.fields["indicators"].choices = choices
        if "chart" in self.fields:
            charts = composer.CHARTS if kind == "table" else {"": composer.CHARTS[""]}
            if kind == "series":
                # The builder draws a table over years as bars grouped by year, whatever kind.
                charts = {**charts, "barh": _("Bars, one per year")}
            self.fields["chart"].choices = list(charts.items())
        if kind == "highlights":
            totals = composer.compatible_indicators("figures")
            self.fields["record"].choices = _indicator_choices(
                [i for i in totals if i.measure != Measure.PER_PERSON]
            )
            self.fields["averages"].choices = _indicator_choices(
                [i for i in all_indicators() if i.measure == Measure.PER_PERSON]
            )
            self.fields["leaders"].choices = _indicator_choices(
                composer.compatible_indicators("ranking")
            )
            self.fields["series"].choices = [
                (s["key"], composer.localized(s.get("title")) or composer.describe(s))
                for s in sections
                if s.get("kind") == "series"
            ]
        if kind == "manual":
            self.fields["manual"].choices = [
                (m.code, str(m)) for m in ManualIndicator.objects.all()
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.kind == "text" and not (data.get("title_fr") or data.get("title_en")):
            raise ValidationError(_("A text section needs a title, in French or in English."))
        if self.kind == "figures" and not data.get("indicators"):
            self.add_error("indicators", _("Choose at least one indicator."))
        if self.kind == "manual" and not data.get("manual"):
            self.add_error("manual", _("Choose at least one manual indicator."))
        if self.kind == "highlights" and not any(
            data.get(name) for name in ("record", "series", "averages", "leaders")
        ):
            raise ValidationError(_("Choose at least one kind of highlight."))
        return data


class KindForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of section"), choices=list(composer.KINDS.items()))


class ManualIndicatorForm(forms.ModelForm):
    class Meta:
        model = ManualIndicator
        fields = ["code", "label_fr", "label_en", "definition"]
        help_texts = {
            "code": _("Letters, digits and dashes; it cannot change once saved."),
            "definition": _("Where the figure comes from and what it counts."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if code in composer.RESERVED:  # /indicateurs-manuels/nouveau/ is the creation page
            raise ValidationError(_("This code is reserved; choose another one."))
        return code


class ManualValueForm(forms.ModelForm):
    class Meta:
        model = ManualValue
        fields = ["period_start", "period_end", "value"]
        widgets = {"period_start": DATE, "period_end": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            raise ValidationError(_("The span ends before it starts."))
        return data


def target_choices() -> list[tuple[str, Any]]:
    declared = [(i.code, str(i.label)) for i in composer.compatible_indicators("figures")]
    manual = [(m.code, str(m)) for m in ManualIndicator.objects.all()]
    groups: list[tuple[str, Any]] = [(str(_("Indicators")), declared)]
    if manual:
        groups.append((str(_("Manual indicators")), manual))
    return groups


class TargetForm(PeriodForm):
    indicator = forms.ChoiceField(label=_("Indicator"))
    value = forms.DecimalField(label=_("Target"), min_value=0, max_digits=14, decimal_places=2)

    field_order = ["indicator", "period", "start", "end", "value"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", _("Choose an indicator")), *target_choices()]


__all__ = [
    "DuplicateForm",
    "KindForm",
    "ManualIndicatorForm",
    "ManualValueForm",
    "OpenReportForm",
    "PeriodForm",
    "SectionForm",
    "TargetForm",
    "TemplateNameForm",
    "TextForm",
]
