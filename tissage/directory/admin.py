"""Django's admin site for administrators: a raw view of the directory's records. Changes
made here skip the field history and the audit trail; the directory's own screens write both."""

from django.contrib import admin

from tissage.directory.models import (
    Feedback,
    Location,
    Metadata,
    Organization,
    SearchHint,
    Service,
    Taxonomy,
    TaxonomyTerm,
)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "alternate_name", "website", "public"]
    search_fields = ["name", "alternate_name"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "status", "public"]
    list_filter = ["status", "public"]
    search_fields = ["name", "organization__name"]
    raw_id_fields = ["organization", "program"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "location_type", "confidential_address"]
    list_filter = ["confidential_address", "location_type"]
    search_fields = ["name", "organization__name"]
    raw_id_fields = ["organization"]


@admin.register(Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "version"]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "taxonomy", "active"]
    list_filter = ["taxonomy", "active"]
    search_fields = ["code", "name", "name_en"]
    raw_id_fields = ["parent"]


@admin.register(SearchHint)
class SearchHintAdmin(admin.ModelAdmin):
    list_display = ["text", "term", "service"]
    search_fields = ["text"]
    raw_id_fields = ["term", "service"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["service", "created_at", "status"]
    list_filter = ["status"]
    raw_id_fields = ["service", "processed_by"]
    exclude = ["ip_hash"]


@admin.register(Metadata)
class MetadataAdmin(admin.ModelAdmin):
    list_display = ["last_action_date", "resource_type", "field_name", "updated_by"]
    list_filter = ["resource_type", "last_action_type"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
