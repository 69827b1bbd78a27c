from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Species


@admin.register(Species)
class SpeciesAdmin(TranslationAdmin):
    list_display = (
        "common_name",
        "scientific_name",
        "cms_appendix",
        "concerted_action",
        "inclusion_criterion",
        "scope",
    )
    list_filter = ("scope", "cms_appendix", "concerted_action", "inclusion_criterion")
    search_fields = (
        "slug",
        "common_name_en",
        "common_name_fr",
        "common_name_ru",
        "scientific_name",
    )
    prepopulated_fields = {"slug": ("common_name_en",)}
