from django.contrib import admin

from tissage.vocabularies.models import Term, Vocabulary


class TermInline(admin.TabularInline):
    model = Term
    fk_name = "vocabulary"
    fields = ["code", "label_fr", "label_en", "order", "active", "merged_into"]
    extra = 0


@admin.register(Vocabulary)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["code", "label_fr", "label_en"]
    inlines = [TermInline]
