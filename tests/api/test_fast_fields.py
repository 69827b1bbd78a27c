"""The fields that build the API's answers faster give what the plain ones gave: a choice's
label as `get_<field>_display()` says it in each language, an address as `reverse()`."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from core.api.serializers import fast_reverse
from programme.api.serializers import ActivitySerializer
from rangestates.api.serializers import LandscapeSerializer
from species.api.serializers import SpeciesSerializer

from .factories import build_programme

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_labels_are_those_of_get_display_in_every_language(language):
    programme = build_programme(2)
    activity = programme.activities.first()
    landscape = activity.landscapes.first()
    species = activity.species.first()
    with translation.override(language):
        data = ActivitySerializer(activity).data
        assert data["priority_label"] == activity.get_priority_display()
        assert data["status"]["status_label"] == activity.status.get_status_display()
        assert data["subactivities"][0]["priority_label"] == (
            activity.subactivities.first().get_priority_display()
        )
        assert LandscapeSerializer(landscape).data["kind_label"] == landscape.get_kind_display()
        species_data = SpeciesSerializer(species).data
        assert species_data["scope_label"] == species.get_scope_display()
        assert species_data["cms_appendix_label"] == species.get_cms_appendix_display()
        assert species_data["inclusion_criterion_label"] == (
            species.get_inclusion_criterion_display()
        )


@pytest.mark.parametrize(
    ("view_name", "kwargs"),
    [
        ("api:activity-detail", {"code": "2.3.15"}),
        ("api:activity-status", {"code": "1.1.1"}),
        ("api:species-detail", {"slug": "snow-leopard"}),
        ("api:report-detail", {"pk": 17}),
        ("api:actor-detail", {"slug": "ngo's & “partners” é"}),
    ],
)
def test_addresses_are_those_of_reverse(view_name, kwargs):
    assert fast_reverse(view_name, kwargs) == reverse(view_name, kwargs=kwargs)
    assert fast_reverse(view_name, kwargs) == reverse(view_name, kwargs=kwargs)  # from the table


def test_a_slash_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        fast_reverse("api:actor-detail", {"slug": "a/b"})
