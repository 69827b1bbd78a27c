"""A query may mix languages: every word must be found, each in any of the three languages
("leopards Монголия" finds the activities about the snow leopard in Mongolia), on SQLite and on
PostgreSQL, on the pages and through the API's `q`."""

import pytest
from django.db import connection
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]


def codes(client, words, language="ru"):
    response = client.get(
        reverse("programme:search"), {"q": words}, headers={"accept-language": language}
    )
    assert response.status_code == 200
    return [a.code for a in response.context["activities"]]


def api_codes(client, words):
    body = client.get("/api/v1/activities/", {"q": words, "page_size": 200}).json()
    return {row["code"] for row in body["results"]}


def test_each_word_is_found_in_any_language(client):
    leopard, mongolia = set(codes(client, "leopards")), set(codes(client, "Монголия"))
    both = leopard & mongolia
    assert both and leopard - both  # the Russian word narrows the English one
    # an English word and a Russian word: each is found in its own language
    assert set(codes(client, "leopards Монголия")) == both
    assert set(codes(client, "Монголия leopards")) == both
    assert set(codes(client, "барсов Mongolia", "en")) == both
    assert api_codes(client, "leopards Монголия") == both
    # the words of the example: exactly the activities naming both
    saiga = set(codes(client, "saiga"))
    assert set(codes(client, "saiga Монголия")) == saiga & mongolia


def test_every_word_must_be_found(client):
    assert codes(client, "saiga qwertyzx") == []
    assert codes(client, "qwertyzx") == []


def test_a_stop_word_asks_nothing(client):
    assert set(codes(client, "the saiga", "en")) == set(codes(client, "saiga", "en"))


@pytest.mark.parametrize(
    ("language", "words", "same_as"),
    [("fr", "les braconnage", "braconnage"), ("ru", "и сайгаков", "сайгаков"),
     ("en", "poaching and the trade", "poaching trade")],
)
def test_stop_words_of_each_language_ask_nothing(client, language, words, same_as):
    expected = set(codes(client, same_as, language))
    assert expected
    assert set(codes(client, words, language)) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own stop words")
def test_the_stop_words_used_on_sqlite_are_postgresqls():
    from core import search

    with connection.cursor() as cursor:
        for language, config in search.CONFIGS.items():
            listed = sorted(search.stop_words(language))
            cursor.execute(
                "SELECT w FROM unnest(%s::text[]) AS w"
                " WHERE numnode(plainto_tsquery(%s::regconfig, w)) > 0",
                [listed, config],
            )
            assert cursor.fetchall() == [], config
