"""What the organizational-life views share: the kind from the path, the span of a list."""

from datetime import date
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tissage.accounts.models import OrganizationProfile
from tissage.orglife.kinds import KINDS, Kind
from tissage.reports.periods import Period, fiscal_year_of

PER_PAGE = 50
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def kind_of(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError as exc:
        raise Http404 from exc


def current_year() -> Period:
    """The organization's fiscal year that holds today (a calendar year if it starts in
    January): the span the summary and the committees' meeting counts show by default."""
    start_month = OrganizationProfile.current().fiscal_year_start_month
    return fiscal_year_of(timezone.localdate(), start_month)


class SpanForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, Any]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if choices:
            self.fields["kind"].choices = [("", _("All")), *choices]
        else:
            del self.fields["kind"]

    def span(self, default: Period | None = None) -> tuple[date | None, date | None]:
        if not self.is_valid():
            return (default.start, default.end) if default else (None, None)
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        if default and not (start or end):
            return default.start, default.end
        return start, end


def paginate(request: HttpRequest, items: Any) -> tuple[Page, str]:
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
