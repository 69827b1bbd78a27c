"""No Russian page of the public site shows an English country or species name: the
Russian public pages are crawled and their visible text (not URLs, attributes or the
species' scientific Latin names) searched for the English name of every range state and
species."""

import html as htmllib
import re
from urllib.parse import quote

import pytest

from rangestates.models import Landscape, RangeState
from species.models import Species

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]

HIDDEN = re.compile(r"<(script|style|svg|template)\b.*?</\1>|<!--.*?-->", re.S | re.I)


def visible_text(page):
    text = HIDDEN.sub(" ", page)
    text = re.sub(r"<[^>]+>", " ", text)
    text = htmllib.unescape(text)
    return re.sub(r"https?://\S+", " ", text)


def russian_pages():
    urls = ["/", "/activities/", "/matrix/", "/species/", "/range-states/", "/actors/",
            f"/search/?q={quote('Монголия')}", f"/search/?q={quote('Кыргызстан')}"]  # fmt: skip
    urls += [s.get_absolute_url() for s in Species.objects.order_by("slug")]
    urls += [s.get_absolute_url() for s in RangeState.objects.order_by("iso_code")]
    urls += [landscape.get_absolute_url() for landscape in Landscape.objects.order_by("slug")]
    return urls


def english_names():
    names = set()
    for state in RangeState.objects.all():
        names.add(state.name_en)
    for species in Species.objects.all():
        names.add(species.common_name_en)
    scientific = {s.scientific_name for s in Species.objects.all() if s.scientific_name}
    # A name that is also a word of a scientific name (e.g. "Saiga") is Latin there.
    return sorted(n for n in names if n and n not in scientific), scientific


def test_no_russian_page_shows_an_english_country_or_species_name(client):
    names, scientific = english_names()
    assert len(names) > 20
    patterns = {name: re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", re.I)
                for name in names}  # fmt: skip
    found = []
    for url in russian_pages():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        for latin in sorted(scientific, key=len, reverse=True):
            text = text.replace(latin, " ")
        for name, pattern in patterns.items():
            match = pattern.search(text)
            if match:
                found.append((url, name, text[max(0, match.start() - 60) : match.end() + 60]))
    assert not found, "\n".join(map(repr, found[:40]))
