from django.contrib import admin

from tissage.members.models import Category, Member, Membership, Payment


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "fee", "duration_months", "active"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["category", "start", "end", "fee", "renewal", "reminder_sent_at"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["__str__", "name", "kind", "listed_since", "listed_until"]
    list_filter = ["kind"]
    search_fields = ["name", "contact_name", "email"]
    raw_id_fields = ["organization"]
    inlines = [MembershipInline]


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["member", "category", "start", "end", "fee", "renewal"]
    list_filter = ["category", "renewal"]
    date_hierarchy = "start"
    raw_id_fields = ["member"]
    inlines = [PaymentInline]
