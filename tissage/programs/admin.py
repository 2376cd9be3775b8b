from django.contrib import admin

from tissage.programs.models import (
    Agreement,
    Enrolment,
    Funder,
    HourBand,
    NeedsEvaluation,
    Program,
)


class HourBandInline(admin.TabularInline):
    model = HourBand
    extra = 0


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["name", "funder", "start", "end"]
    list_filter = ["funder"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "agreement", "counting_unit", "order", "active"]
    list_filter = ["agreement", "active"]
    inlines = [HourBandInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["person", "program", "start_date", "end_date", "status", "readmission"]
    list_filter = ["program", "status", "eligible", "readmission"]
    date_hierarchy = "start_date"
    raw_id_fields = ["person", "continues", "interventions"]


@admin.register(NeedsEvaluation)
class NeedsEvaluationAdmin(admin.ModelAdmin):
    list_display = ["date", "program", "person"]
    list_filter = ["program"]
    raw_id_fields = ["person"]
