from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import ApiUrlField, LabelField, ListUrlField, WebUrlField
from rangestates.models import Landscape, RangeState


class RangeStateBriefSerializer(serializers.ModelSerializer):
    """A range state where another object names it."""

    url = ApiUrlField("api:range-state-detail", {"iso_code": "iso_code"})

    class Meta:
        model = RangeState
        fields = ["iso_code", "name", "url"]


class LandscapeBriefSerializer(serializers.ModelSerializer):
    """A landscape where another object names it."""

    url = ApiUrlField("api:landscape-detail", {"slug": "slug"})

    class Meta:
        model = Landscape
        fields = ["slug", "name", "url"]


class RangeStateSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:range-state-detail", {"iso_code": "iso_code"})
    web_url = WebUrlField(help_text=_("The range state's page in the portal."))
    cms_party = serializers.BooleanField(
        allow_null=True, read_only=True, help_text=_("Party to CMS; null when not known.")
    )
    landscapes = LandscapeBriefSerializer(many=True, read_only=True)
    activities_url = ListUrlField(
        "api:activity-list",
        "range_state",
        "iso_code",
        keep=("programme",),
        help_text=_("The activities of the current programme that name this range state."),
    )

    class Meta:
        model = RangeState
        fields = [
            "iso_code",
            "url",
            "web_url",
            "name",
            "cms_party",
            "cms_party_since",
            "landscapes",
            "activities_url",
        ]


class LandscapeSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:landscape-detail", {"slug": "slug"})
    web_url = WebUrlField(help_text=_("The landscape's page in the portal."))
    kind_label = LabelField("kind")
    range_states = RangeStateBriefSerializer(many=True, read_only=True)
    activities_url = ListUrlField(
        "api:activity-list",
        "landscape",
        "slug",
        keep=("programme",),
        help_text=_("The activities of the current programme that name this landscape."),
    )

    class Meta:
        model = Landscape
        fields = [
            "slug",
            "url",
            "web_url",
            "name",
            "kind",
            "kind_label",
            "letter",
            "countries_note",
            "range_states",
            "position",
            "activities_url",
        ]
