"""The species pages."""

import pytest
from django.urls import reverse

from programme.choices import ImplementationStatus
from programme.services import set_status
from species.choices import SpeciesScope
from tests.factories import (
    ActivityFactory,
    LandscapeFactory,
    ProgrammeFactory,
    RangeStateFactory,
    SpeciesFactory,
)
from tests.rangestates.factories import build_reported_programme

pytestmark = pytest.mark.django_db


def test_species_list_groups_by_scope_and_counts_activities(client):
    activity = ActivityFactory()
    argali = SpeciesFactory(slug="argali", common_name_en="Argali", scientific_name="Ovis ammon")
    SpeciesFactory(slug="urial", common_name_en="Urial", scope=SpeciesScope.SHARES_LANDSCAPE,
                   inclusion_criterion=None)  # fmt: skip
    activity.species.add(argali)
    response = client.get(reverse("species:list"))
    assert response.status_code == 200
    groups = dict((scope.value, items) for scope, items in response.context["groups"])
    assert [s.slug for s in groups["initiative"]] == ["argali"]
    assert [s.slug for s in groups["shares_landscape"]] == ["urial"]
    assert groups["initiative"][0].activity_count == 1
    assert 'href="/activities/?species=argali"' in response.text
    assert "Ovis ammon" in response.text


def test_species_page(client, secretariat):
    activity = ActivityFactory(text_en="Count the argali in the Altai.")
    set_status(activity, status=ImplementationStatus.ONGOING, by=secretariat)
    argali = SpeciesFactory(
        slug="argali", common_name_en="Argali", common_name_fr="Argali (mouflon)",
        other_names_en="Marco Polo sheep", scientific_name="Ovis ammon", cms_appendix="II",
        concerted_action=True,
    )  # fmt: skip
    mongolia = RangeStateFactory(iso_code="MN", name_en="Mongolia")
    china = RangeStateFactory(iso_code="CN", name_en="China")
    RangeStateFactory(iso_code="IN", name_en="India")  # not named with the argali
    altai = LandscapeFactory(slug="altai-sayan", name_en="Altai-Sayan")
    altai.range_states.add(china)
    activity.species.add(argali)
    activity.range_states.add(mongolia)
    activity.landscapes.add(altai)
    response = client.get(argali.get_absolute_url())
    assert response.status_code == 200
    for text in ("Argali", "Ovis ammon", "Marco Polo sheep", "Appendix II",
                 "Designated for concerted action",
                 "Listed in the CMS Appendices", "Count the argali in the Altai.",
                 "Ongoing (recurring)", "Altai-Sayan"):  # fmt: skip
        assert text in response.text, text
    # Range states named directly or through a landscape.
    assert [s.iso_code for s in response.context["range_states"]] == ["CN", "MN"]
    response = client.get(argali.get_absolute_url(), headers={"accept-language": "fr"})
    assert "Argali (mouflon)" in response.text


def test_species_without_activities_explains_itself(client):
    ProgrammeFactory()
    species = SpeciesFactory()
    response = client.get(species.get_absolute_url())
    assert "No activity of the programme names this species." in response.text
    assert "No country is named with this species in the programme." in response.text


def test_unknown_species_is_404(client):
    ProgrammeFactory()
    assert client.get(reverse("species:detail", args=["unicorn"])).status_code == 404


@pytest.mark.parametrize("size", [1, 4])
def test_species_pages_query_count(client, django_assert_num_queries, secretariat, size):
    build_reported_programme(size, secretariat=secretariat)
    # 1 programme, 2 species with their number of activities
    with django_assert_num_queries(2):
        assert client.get(reverse("species:list")).status_code == 200
    # 1 species, 2 programme, 3 activities with issue, objective and status, 4-8 their
    # species, range states, landscapes, responsibilities and actors, 9 range states,
    # 10 landscapes
    with django_assert_num_queries(10):
        response = client.get(reverse("species:detail", args=["argali"]))
    assert len(response.context["activities"]) == 4 * size
