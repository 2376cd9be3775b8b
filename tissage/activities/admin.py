from django.contrib import admin

from tissage.activities.models import (
    Activity,
    ActivityImport,
    Attendance,
    ChildrenPresent,
    Registration,
    Session,
)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "project", "capacity"]
    list_filter = ["kind"]
    search_fields = ["title", "project"]
    raw_id_fields = ["partners"]
    filter_horizontal = ["facilitators"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["person"]


class ChildrenInline(admin.TabularInline):
    model = ChildrenPresent
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["activity", "date", "participants", "eligible", "children"]
    date_hierarchy = "date"
    raw_id_fields = ["activity"]
    readonly_fields = ["participants", "eligible", "children"]
    inlines = [AttendanceInline, ChildrenInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["activity", "session", "person", "places", "status", "eligible", "date"]
    list_filter = ["status", "eligible"]
    raw_id_fields = ["activity", "session", "person"]


@admin.register(ActivityImport)
class ActivityImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "created_at", "created_by"]
    readonly_fields = ["file_name", "status", "summary", "created_at", "created_by"]
    exclude = ["data"]
