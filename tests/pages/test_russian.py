"""The public pages in Russian, with the real programme: its content is in Russian too, and
marked as our translation."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

from programme.models import Actor
from rangestates.models import Landscape, RangeState
from species.models import Species

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]

NOTE = "Перевод на русский язык выполнен порталом и не является официальным текстом."

PAGES = [
    "/",
    "/activities/",
    "/activities/2.3.9/",
    "/matrix/",
    "/species/",
    "/species/snow-leopard/",
    "/range-states/",
    "/range-states/KG/",
    "/range-states/landscapes/pamir/",
    "/actors/",
]


class VisibleText(HTMLParser):
    """The text a reader sees: no markup, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(response):
    parser = VisibleText()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def english_names():
    """Every range state's, species' and landscape's English name."""
    return {
        *RangeState.objects.values_list("name_en", flat=True),
        *Species.objects.values_list("common_name_en", flat=True),
        *Landscape.objects.values_list("name_en", flat=True),
    }


def kept_as_they_are():
    """Names the Russian keeps: Latin binomials and organisations' own names ("Iranian Cheetah
    Society"), which are not English names of a country or a species."""
    scientific = Species.objects.exclude(scientific_name="").values_list("scientific_name")
    own = [a.name_en for a in Actor.objects.all() if a.name_ru == a.name_en]
    return [name for (name,) in scientific] + own


def english_names_in(text):
    for name in kept_as_they_are():
        text = text.replace(name, " ")
    return sorted(
        name for name in english_names() if re.search(rf"\b{re.escape(name)}\b", text, re.I)
    )


@pytest.mark.parametrize("url", PAGES)
def test_a_russian_page_shows_no_english_country_or_species_name(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    text = visible_text(response)
    assert english_names_in(text) == []
    assert NOTE in text


def test_the_language_cookie_gives_the_russian_content_too(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    text = visible_text(client.get("/range-states/KG/"))
    assert "Кыргызстан" in text
    assert "Гиссаро-Алай" in text
    assert english_names_in(text) == []


def test_the_names_are_english_in_english_and_the_note_only_in_russian(client):
    text = visible_text(client.get("/range-states/KG/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Kyrgyzstan" in text
    assert "Кыргызстан" not in text
    assert NOTE not in text
    assert NOTE not in visible_text(client.get("/range-states/KG/", HTTP_ACCEPT_LANGUAGE="fr"))
