"""Import and export of the range states for the secretariat (core/resources.py says how
rows match and when the wording changes)."""

from import_export import resources

from core.resources import LANGUAGES, NoCreateMixin, WordingMixin

from .models import RangeState


class RangeStateResource(WordingMixin, NoCreateMixin, resources.ModelResource):
    wording_fields = ("name",)
    not_found_message = "No range state with this ISO code."

    class Meta:
        model = RangeState
        import_id_fields = ("iso_code",)
        fields = (
            "iso_code", *(f"name_{lang}" for lang in LANGUAGES), "cms_party", "cms_party_since",
        )  # fmt: skip
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
