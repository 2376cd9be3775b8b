from django.contrib import admin

from tissage.directory.models import Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "alternate_name", "website"]
    search_fields = ["name", "alternate_name"]
