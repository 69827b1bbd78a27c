from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import (
    ApiUrlField,
    LabelField,
    ListUrlField,
    OptionalUrlField,
    WebUrlField,
)
from species.models import Species


class SpeciesBriefSerializer(serializers.ModelSerializer):
    """A species where another object names it."""

    url = ApiUrlField("api:species-detail", {"slug": "slug"})

    class Meta:
        model = Species
        fields = ["slug", "common_name", "scientific_name", "url"]


class SpeciesSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:species-detail", {"slug": "slug"})
    web_url = WebUrlField(help_text=_("The species' page in the portal."))
    cms_appendix_label = LabelField("cms_appendix")
    inclusion_criterion_label = LabelField("inclusion_criterion", allow_null=True)
    scope_label = LabelField("scope")
    iucn_category_label = LabelField("iucn_category")
    iucn_url = OptionalUrlField(
        read_only=True,
        help_text=_(
            "The species on the IUCN Red List: its assessment's page when the ids are known, "
            "a search of the Red List otherwise; null when the species has no name to search."
        ),
    )
    cms_url = OptionalUrlField(
        read_only=True, help_text=_("The species' page on the CMS website; null if none.")
    )
    activities_url = ListUrlField(
        "api:activity-list",
        "species",
        "slug",
        keep=("programme",),
        help_text=_("The activities of the current programme that name this species."),
    )

    class Meta:
        model = Species
        fields = [
            "slug",
            "url",
            "web_url",
            "common_name",
            "other_names",
            "scientific_name",
            "cms_appendix",
            "cms_appendix_label",
            "concerted_action",
            "inclusion_criterion",
            "inclusion_criterion_label",
            "scope",
            "scope_label",
            "position",
            "current_scientific_name",
            "taxonomy_note",
            "iucn_category",
            "iucn_category_label",
            "iucn_year",
            "iucn_as_of",
            "iucn_taxon_id",
            "iucn_assessment_id",
            "iucn_note",
            "iucn_url",
            "cms_url",
            "activities_url",
        ]
