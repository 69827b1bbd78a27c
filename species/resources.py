"""Import and export of the species for the secretariat (core/resources.py says how rows
match and when the wording changes)."""

from import_export import resources

from core.resources import LANGUAGES, NoCreateMixin, WordingMixin

from .models import Species


class SpeciesResource(WordingMixin, NoCreateMixin, resources.ModelResource):
    wording_fields = ("common_name", "other_names", "taxonomy_note", "iucn_note")
    not_found_message = "No species with this identifier."

    class Meta:
        model = Species
        import_id_fields = ("slug",)
        fields = (
            "slug",
            *(f"common_name_{lang}" for lang in LANGUAGES),
            *(f"other_names_{lang}" for lang in LANGUAGES),
            "scientific_name", "cms_appendix", "concerted_action", "inclusion_criterion", "scope",
            # the name used today and the Red List data (docs: README, "Species")
            "current_scientific_name", *(f"taxonomy_note_{lang}" for lang in LANGUAGES),
            "cms_slug", "iucn_category", "iucn_year", "iucn_taxon_id", "iucn_assessment_id",
            "iucn_as_of", *(f"iucn_note_{lang}" for lang in LANGUAGES),
        )  # fmt: skip
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
