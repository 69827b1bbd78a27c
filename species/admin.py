from django.contrib import admin

from core.admin import HistoryTranslationAdmin, SecretariatImportExportMixin

from .models import Species
from .resources import SpeciesResource


@admin.register(Species)
class SpeciesAdmin(SecretariatImportExportMixin, HistoryTranslationAdmin):
    resource_classes = [SpeciesResource]
    list_display = (
        "common_name", "scientific_name", "current_scientific_name", "iucn_category",
        "cms_appendix", "concerted_action", "inclusion_criterion", "scope",
    )  # fmt: skip
    list_filter = (
        "scope", "cms_appendix", "iucn_category", "concerted_action", "inclusion_criterion",
    )  # fmt: skip
    search_fields = (
        "slug", "common_name_en", "common_name_fr", "common_name_ru", "scientific_name",
    )  # fmt: skip
    prepopulated_fields = {"slug": ("common_name_en",)}
