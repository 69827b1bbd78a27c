"""The Red List category, the name of today and the links on a species' page and in the
API's species."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ProgrammeFactory, SpeciesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leopard(db):
    ProgrammeFactory()
    return SpeciesFactory(
        slug="snow-leopard",
        common_name_en="Snow leopard",
        scientific_name="Uncia uncia",
        current_scientific_name="Panthera uncia",
        taxonomy_note_en="Now in the genus Panthera.",
        taxonomy_note_fr="Aujourd’hui dans le genre Panthera.",
        cms_slug="uncia-uncia",
        iucn_category="VU",
        iucn_year=2017,
        iucn_taxon_id=22732,
        iucn_assessment_id=50664030,
        iucn_as_of=datetime.date(2026, 12, 6),
    )


def test_species_page_shows_category_year_date_names_and_links(client, leopard):
    page = client.get(reverse("species:detail", args=["snow-leopard"])).text
    assert "Uncia uncia" in page and "Panthera uncia" in page
    assert "Now in the genus Panthera." in page
    assert ">VU</abbr> Vulnerable" in page
    assert "(assessment published in 2017)" in page
    assert "As of 6 December 2026, from the IUCN Red List of Threatened Species." in page
    assert 'href="https://www.iucnredlist.org/species/22732/50664030"' in page
    assert 'href="https://www.cms.int/en/species/uncia-uncia"' in page


def test_species_page_in_french(client, leopard):
    with translation.override("fr"):
        url = reverse("species:detail", args=["snow-leopard"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").text
    assert "Vulnérable" in page
    assert "Aujourd’hui dans le genre Panthera." in page
    assert "Liste rouge" in page


def test_without_ids_the_page_links_a_search_and_says_why_no_category(client):
    ProgrammeFactory()
    SpeciesFactory(
        slug="bukhara-deer",
        common_name_en="Bukhara deer",
        scientific_name="Cervus elaphus yarkandensis",
        current_scientific_name="Cervus hanglu bactrianus",
        iucn_note_en="Not assessed on its own.",
    )
    page = client.get(reverse("species:detail", args=["bukhara-deer"])).text
    assert "No category given" in page
    assert "Not assessed on its own." in page
    assert (
        'href="https://www.iucnredlist.org/search?query=Cervus+hanglu+bactrianus&amp;'
        'searchType=species"' in page
    )
    assert "cms.int" not in page


def test_api_species_carries_the_red_list_and_links(client, leopard):
    data = client.get("/api/v1/species/snow-leopard/").json()
    assert data["scientific_name"] == "Uncia uncia"
    assert data["current_scientific_name"] == "Panthera uncia"
    assert data["iucn_category"] == "VU"
    assert data["iucn_category_label"] == "Vulnerable"
    assert data["iucn_year"] == 2017
    assert data["iucn_as_of"] == "2026-12-06"
    assert data["iucn_url"] == "https://www.iucnredlist.org/species/22732/50664030"
    assert data["cms_url"] == "https://www.cms.int/en/species/uncia-uncia"
    assert data["iucn_note"] == ""


def test_api_species_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    ProgrammeFactory()
    for index in range(3):
        SpeciesFactory(slug=f"s{index}", iucn_category="LC")
    with django_assert_max_num_queries(10) as small:
        client.get("/api/v1/species/?page_size=100")
    for index in range(3, 15):
        SpeciesFactory(slug=f"s{index}", iucn_category="EN", iucn_taxon_id=index)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/api/v1/species/?page_size=100")
    assert {row["iucn_category"] for row in response.json()["results"]} == {"LC", "EN"}


def test_api_addresses_a_species_lacks_are_null_not_empty(client):
    SpeciesFactory(slug="unnamed", scientific_name="", current_scientific_name="", cms_slug="")
    data = client.get("/api/v1/species/unnamed/").json()
    assert data["cms_url"] is None and data["iucn_url"] is None
    schema = client.get("/api/schema/?format=json").json()
    properties = schema["components"]["schemas"]["Species"]["properties"]
    assert properties["cms_url"]["nullable"] and properties["iucn_url"]["nullable"]
