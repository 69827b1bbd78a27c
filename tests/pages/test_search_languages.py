"""The search understands each language: words are found whatever their inflection, in the
shipped programme, on SQLite (Snowball stems) and on PostgreSQL (its full-text search)."""

import pytest
from django.urls import reverse

from core.models import SearchDocument
from programme.models import Activity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]

POACHING = {"1.1.1", "1.1.6", "1.1.8", "2.4.4"}
PASTURES = {"1.2.1", "1.2.6", "1.2.10"}

# (language of the page, words typed, activities that must be found). The texts hold other
# forms than the one typed: "pasture"/"pastures", "браконьерством"/"браконьерства",
# "сайгак"/"сайгаку", "Монголия", "снежного барса"/"снежному барсу", "pâturages".
WORDS = [
    ("en", "pasture", PASTURES),
    ("en", "pastures", PASTURES),
    ("en", "poaching", POACHING),
    ("en", "poached", POACHING),
    ("fr", "braconnage", POACHING),
    # other words of the same family than the texts' ("braconnage", "poaching",
    # «браконьерство»), which the stemmers keep apart
    ("fr", "braconniers", POACHING),
    ("fr", "braconnier", POACHING),
    ("en", "poachers", POACHING),
    ("ru", "браконьеры", POACHING),
    ("ru", "браконьеров", POACHING),
    ("fr", "pâturage", {"1.2.1", "1.2.2", "1.2.6", "1.2.8", "1.2.10"}),
    ("fr", "pâturages", {"1.2.1", "1.2.2", "1.2.6", "1.2.8", "1.2.10"}),
    ("ru", "браконьерство", POACHING),
    ("ru", "браконьерством", POACHING),
    ("ru", "сайгаков", {"2.3.6", "2.3.7", "2.3.8", "3.1.5"}),
    ("ru", "сайгак", {"2.3.6", "2.3.7", "2.3.8", "3.1.5"}),
    ("ru", "Монголии", {"2.1.1"}),
    ("ru", "пастбищами", {"1.2.1", "1.2.2", "1.2.6", "1.2.10"}),
    ("ru", "снежных барсов", {"2.1.1", "4.1.2"}),
]


def found_codes(client, language, words):
    response = client.get(
        reverse("programme:search"), {"q": words}, headers={"accept-language": language}
    )
    assert response.status_code == 200
    return [a.code for a in response.context["activities"]], response


@pytest.mark.parametrize(("language", "words", "expected"), WORDS)
def test_words_are_found_whatever_their_inflection(client, language, words, expected):
    codes, _ = found_codes(client, language, words)
    assert expected <= set(codes), f"{words!r} misses {sorted(expected - set(codes))}"


def test_activities_linked_to_a_species_or_country_are_found_by_its_name(client):
    saiga_linked = set(
        Activity.objects.filter(species__slug="saiga").values_list("code", flat=True)
    )
    mongolia_linked = set(
        Activity.objects.filter(range_states__iso_code="MN").values_list("code", flat=True)
    )
    assert saiga_linked and mongolia_linked
    assert saiga_linked <= set(found_codes(client, "ru", "сайгаков")[0])
    assert mongolia_linked <= set(found_codes(client, "ru", "Монголии")[0])
    assert mongolia_linked <= set(found_codes(client, "fr", "Mongolie")[0])


@pytest.mark.parametrize(
    ("language", "words", "section", "expected"),
    [
        ("ru", "сайгаков", "species", "saiga"),
        ("ru", "ирбиса", "species", "snow-leopard"),
        ("ru", "Монголии", "range_states", "MN"),
        ("ru", "Кыргызстана", "range_states", "KG"),
        ("fr", "Mongolie", "range_states", "MN"),
        ("en", "snow leopards", "species", "snow-leopard"),
    ],
)
def test_species_and_countries_are_found_in_every_language(
    client, language, words, section, expected
):
    response = found_codes(client, language, words)[1]
    keys = [getattr(r, "slug", None) or r.iso_code for r in response.context[section]]
    assert expected in keys


def test_a_word_of_the_same_family_ranks_after_the_word_itself():
    from core import search

    ranks = dict((pk, rank) for pk, _, rank in search.match("activity", "braconnage"))
    family_ranks = dict((pk, rank) for pk, _, rank in search.match("activity", "braconniers"))
    assert set(ranks) <= set(family_ranks)
    # on SQLite a family's word counts half; PostgreSQL's rank counts only the word itself
    assert all(family_ranks[pk] < ranks[pk] for pk in ranks)


@pytest.mark.parametrize(
    ("first", "second"),
    [("способ", "способствовать"), ("species", "special"), ("conservation", "conseil"),
     ("community", "communication")],
)
def test_words_of_different_families_stay_apart(first, second):
    from core import search

    for language in search.LANGUAGES:
        assert search.family(search.stem(first, language), language) != search.family(
            search.stem(second, language), language
        )


def test_nothing_found_for_an_unrelated_word(client):
    assert found_codes(client, "ru", "жираф")[0] == []


def test_a_number_finds_that_activity_and_those_under_it(client):
    assert found_codes(client, "en", "2.3.15")[0] == ["2.3.15"]
    codes = found_codes(client, "en", "1.2")[0]
    assert codes and all(code.startswith("1.2.") for code in codes)


def test_the_api_q_parameter_uses_the_same_search(client):
    response = client.get("/api/v1/activities/", {"q": "сайгаков", "lang": "ru"})
    assert response.status_code == 200
    page_codes = found_codes(client, "ru", "сайгаков")[0]
    api_codes = [a["code"] for a in response.json()["results"]]
    assert api_codes == page_codes[: len(api_codes)]


def test_the_documents_cover_every_activity():
    documents = SearchDocument.objects.filter(kind="activity").count()
    assert documents == Activity.objects.count() == 121
