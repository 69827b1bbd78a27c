from django.contrib import admin

from core.admin import HistoryTranslationAdmin, SecretariatImportExportMixin

from .models import Landscape, RangeState
from .resources import RangeStateResource


@admin.register(RangeState)
class RangeStateAdmin(SecretariatImportExportMixin, HistoryTranslationAdmin):
    resource_classes = [RangeStateResource]
    list_display = ("name", "iso_code", "cms_party", "cms_party_since")
    list_filter = ("cms_party",)
    search_fields = ("iso_code", "name_en", "name_fr", "name_ru")


@admin.register(Landscape)
class LandscapeAdmin(HistoryTranslationAdmin):
    list_display = ("name", "letter", "kind", "countries")
    list_filter = ("kind", "range_states")
    search_fields = ("slug", "name_en", "name_fr", "name_ru")
    filter_horizontal = ("range_states",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("range_states")

    @admin.display(description="countries")
    def countries(self, obj):
        return ", ".join(state.iso_code for state in obj.range_states.all())
