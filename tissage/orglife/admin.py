from django.contrib import admin

from tissage.orglife.models import (
    Committee,
    MediaAppearance,
    Meeting,
    Partnership,
    Representation,
    SupportSession,
    Training,
)


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "provider", "hours"]
    date_hierarchy = "date"
    filter_horizontal = ["attendees"]


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["date", "notes"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "joined_on", "left_on"]
    list_filter = ["kind"]
    inlines = [MeetingInline]
    filter_horizontal = ["representatives"]


@admin.register(Representation)
class RepresentationAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "title", "organizer"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "start", "end"]
    list_filter = ["kind"]
    raw_id_fields = ["organization"]


@admin.register(MediaAppearance)
class MediaAppearanceAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "outlet", "topic"]
    list_filter = ["kind"]


@admin.register(SupportSession)
class SupportSessionAdmin(admin.ModelAdmin):
    list_display = ["date", "kind"]
    list_filter = ["kind"]
    date_hierarchy = "date"
