"""The shipped fixture gives the full name of every actor the programme names by an acronym,
in English, French and Russian (a module of its own: the real programme it loads stays
loaded until the module ends)."""

import re

import pytest

from programme.models import Actor

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("real_programme")
def test_fixture_gives_the_full_name_of_every_acronym_in_three_languages():
    acronym = re.compile(r"\b[A-ZА-Я]{2,}")
    actors = list(Actor.objects.all())
    assert len(actors) == 36
    for actor in actors:
        if acronym.search(actor.name_en):
            for language in ("en", "fr", "ru"):
                full = getattr(actor, f"full_name_{language}")
                assert full, (actor.slug, language)
    assert Actor.objects.get(slug="iucn").full_name_fr == (
        "Union internationale pour la conservation de la nature (UICN)"
    )
