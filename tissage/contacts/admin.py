from django.contrib import admin

from tissage.contacts.models import Contact, UnmetNeed


class UnmetNeedInline(admin.TabularInline):
    model = UnmetNeed
    extra = 0
    raw_id_fields = ["need"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["date", "time", "channel", "navigator", "newcomer", "transferred"]
    list_filter = ["date", "newcomer", "transferred"]
    raw_id_fields = ["needs", "referrals", "person"]
    inlines = [UnmetNeedInline]
