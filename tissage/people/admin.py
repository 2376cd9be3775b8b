from django.contrib import admin

from tissage.people.models import Consent, ImportProfile, Intervention, Person, Referral


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["code", "alias", "gender", "age_group", "municipality", "merged_into"]
    search_fields = ["code", "alias"]
    list_filter = ["gender", "age_group"]
    inlines = [ConsentInline]
    raw_id_fields = ["merged_into"]


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["date", "time", "place", "duration_minutes", "follow_up"]
    date_hierarchy = "date"
    raw_id_fields = ["persons"]
    filter_horizontal = ["types", "problems", "workers"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["date", "person", "direction", "organization", "outcome"]
    list_filter = ["direction", "outcome"]
    raw_id_fields = ["person", "organization"]


admin.site.register(ImportProfile)
