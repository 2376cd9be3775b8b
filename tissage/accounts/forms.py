from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tissage.accounts.models import OrganizationProfile, User


class OrganizationProfileForm(forms.ModelForm):
    class Meta:
        model = OrganizationProfile
        fields = [
            "name",
            "region",
            "fiscal_year_start_month",
            "languages",
            "logo",
            "privacy_officer",
            "privacy_officer_email",
        ]


class PreferencesForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Interface language"), choices=settings.LANGUAGES)

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “monthly export script”."),
    )
