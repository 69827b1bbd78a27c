"""Search across activities, species, range states, landscapes and actors."""

import pytest
from django.urls import reverse

from tests.factories import (
    ActivityFactory,
    ActorFactory,
    LandscapeFactory,
    ProgrammeFactory,
    RangeStateFactory,
    SpeciesFactory,
)
from tests.rangestates.factories import build_reported_programme

pytestmark = pytest.mark.django_db


# --- Search ------------------------------------------------------------------------------------


def test_search_across_activities_species_states_landscapes_actors(client):
    activity = ActivityFactory(text_en="Protect the Altai argali from poaching.")
    SpeciesFactory(slug="argali", common_name_en="Argali", common_name_fr="Argali")
    RangeStateFactory(iso_code="MN", name_en="Mongolia", name_fr="Mongolie")
    LandscapeFactory(slug="altai-sayan", name_en="Altai-Sayan")
    ActorFactory(slug="altai-project", name_en="Altai Project")
    response = client.get(reverse("programme:search"), {"q": "altai"})
    assert [a.code for a in response.context["activities"]] == [activity.code]
    assert [str(x) for x in response.context["landscapes"]] == ["Altai-Sayan"]
    assert [str(x) for x in response.context["actors"]] == ["Altai Project"]
    response = client.get(reverse("programme:search"), {"q": "argali"})
    assert [s.slug for s in response.context["species"]] == ["argali"]
    assert "2 results" in response.text


def test_search_in_the_current_language(client):
    ProgrammeFactory()
    RangeStateFactory(iso_code="MN", name_en="Mongolia", name_fr="Mongolie")
    response = client.get(
        reverse("programme:search"), {"q": "mongolie"}, headers={"accept-language": "fr"}
    )
    assert [s.iso_code for s in response.context["range_states"]] == ["MN"]
    assert "Mongolie" in response.text and "1 résultat" in response.text


def test_search_without_words_or_results_explains_itself(client):
    ProgrammeFactory()
    assert "Type a word or an activity number" in client.get(reverse("programme:search")).text
    response = client.get(reverse("programme:search"), {"q": "zebra"})
    assert "Nothing matches every word" in response.text


@pytest.mark.parametrize("size", [1, 4])
def test_search_query_count_does_not_grow(client, django_assert_num_queries, secretariat, size):
    build_reported_programme(size, secretariat=secretariat)
    # 1 programme, 2 the activities' search documents, 3 the activities, 4-8 their related
    # records; the search documents of 9 species, 10 range states, 11 landscapes, 12 actors,
    # 13 accepted reports (none matches: no query for the records)
    with django_assert_num_queries(13):
        response = client.get(reverse("programme:search"), {"q": "conservation"})
    assert len(response.context["activities"]) == 4 * size
