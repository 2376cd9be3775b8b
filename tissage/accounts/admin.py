from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from tissage.accounts.models import ApiToken, OrganizationProfile, Team, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "teams"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Identity"), {"fields": ("first_name", "last_name", "email", "language")}),
        (_("Access"), {"fields": ("role", "teams", "is_active", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "role", "password1", "password2")}),
    )
    filter_horizontal = ["teams"]


admin.site.register(Team)
admin.site.register(OrganizationProfile)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created", "last_used"]
    readonly_fields = ["created", "last_used"]

    def has_add_permission(self, request: object) -> bool:
        return False  # a token is issued from the user's preferences, where its key is shown once


# Two-factor devices are set up by each user on their own page (/compte/double-authentification/);
# django-otp's admin pages (QR code views of any device) are not offered.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
