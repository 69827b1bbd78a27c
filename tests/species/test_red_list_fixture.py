"""The species fixture's Red List categories, names of today and links, against what the
data promise: a category or a stated reason, valid codes, well-formed addresses, the
taxonomic changes since the resolution, in the three languages."""

import datetime
import re
from urllib.parse import parse_qs, urlparse

import pytest

from species.choices import CmsAppendix, IucnCategory, SpeciesScope
from species.models import Species

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]

CODES = {value for value, _label in IucnCategory.choices if value}
LANGUAGES = ("en", "fr", "ru")


def species():
    return list(Species.objects.order_by("position"))


def test_all_nineteen_species_have_been_checked_on_a_stated_day():
    found = species()
    assert len(found) == 19
    for item in found:
        assert item.iucn_as_of is not None, item.slug
        assert datetime.date(2023, 12, 11) <= item.iucn_as_of <= datetime.date.today()


def test_every_species_has_a_category_or_says_why_not():
    for item in species():
        if item.iucn_category:
            assert item.iucn_category in CODES, item.slug
        else:
            for language in LANGUAGES:
                assert getattr(item, f"iucn_note_{language}").strip(), (item.slug, language)


def test_a_category_without_its_year_says_why():
    for item in species():
        if item.iucn_category and item.iucn_year is None:
            assert "year" in item.iucn_note_en, item.slug
        if item.iucn_year is not None:
            assert item.iucn_category, item.slug
            assert 2008 <= item.iucn_year <= item.iucn_as_of.year, item.slug


def test_red_list_addresses_are_well_formed_and_ids_never_half_given():
    for item in species():
        url = urlparse(item.iucn_url)
        assert (url.scheme, url.netloc) == ("https", "www.iucnredlist.org"), item.slug
        if item.iucn_assessment_id:
            # An assessment id only with the taxon it belongs to.
            assert item.iucn_taxon_id, item.slug
            assert re.fullmatch(r"/species/\d+/\d+", url.path), item.slug
            assert url.path == f"/species/{item.iucn_taxon_id}/{item.iucn_assessment_id}"
        else:
            assert url.path == "/search", item.slug
            query = parse_qs(url.query)
            assert query["searchType"] == ["species"]
            assert query["query"][0] in (item.current_scientific_name, item.scientific_name)
            assert re.fullmatch(r"[A-Z][a-z]+ [a-z]+( [a-z]+)?", query["query"][0]), item.slug


def test_cms_pages_for_the_listed_species():
    for item in species():
        if item.cms_slug:
            assert re.fullmatch(r"https://www\.cms\.int/en/species/[a-z]+(-[a-z]+){1,2}",
                                item.cms_url), item.slug  # fmt: skip
        if item.cms_appendix != CmsAppendix.NONE:
            assert item.cms_url, f"{item.slug} is listed by CMS but has no CMS page"
    assert Species.objects.get(slug="snow-leopard").cms_url == (
        "https://www.cms.int/en/species/uncia-uncia"
    )


@pytest.mark.parametrize(
    "slug, resolution, today",
    [
        ("snow-leopard", "Uncia uncia", "Panthera uncia"),
        ("bactrian-camel", "Camelus bactrianus", "Camelus ferus"),
        ("wild-yak", "Bos grunniens", "Bos mutus"),
        ("bukhara-deer", "Cervus elaphus yarkandensis", "Cervus hanglu bactrianus"),
        ("przewalskis-horse", "Equus caballus przewalskii", "Equus ferus przewalskii"),
        ("saiga", "Saiga tatarica and S. borealis mongolica", "Saiga tatarica"),
        ("urial", "", "Ovis vignei"),
    ],
)
def test_the_names_used_today_beside_the_resolutions(slug, resolution, today):
    item = Species.objects.get(slug=slug)
    assert item.scientific_name == resolution
    assert item.current_scientific_name == today
    for language in LANGUAGES:
        assert getattr(item, f"taxonomy_note_{language}").strip(), (slug, language)


def test_subspecies_that_the_red_list_assesses_apart_are_named():
    deer = Species.objects.get(slug="bukhara-deer")
    assert deer.iucn_category == ""  # the subspecies has no assessment of its own
    assert "Cervus elaphus bactrianus" in deer.taxonomy_note_en
    assert "Equus hemionus kulan" in Species.objects.get(slug="asiatic-wild-ass").iucn_note_en
    assert "venaticus" in Species.objects.get(slug="cheetah").iucn_note_en
    assert "mongolica" in Species.objects.get(slug="saiga").iucn_note_en


def test_notes_are_written_in_every_language_or_in_none():
    for item in species():
        for field in ("taxonomy_note", "iucn_note"):
            filled = [bool(getattr(item, f"{field}_{lang}").strip()) for lang in LANGUAGES]
            assert all(filled) or not any(filled), (item.slug, field)


def test_the_species_of_the_initiative_all_have_a_category_but_the_bukhara_deer():
    missing = [
        s.slug for s in species() if s.scope == SpeciesScope.INITIATIVE and not s.iucn_category
    ]
    assert missing == ["bukhara-deer"]
