"""An actor's full name and kind: on its page, in the list of actors, in the API, and in
the shipped fixture for every actor the programme names by an acronym."""


import pytest
from django.urls import reverse

from programme.choices import ActorKind
from programme.models import Actor
from tests.factories import ActorFactory, ProgrammeFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cms(db):
    programme = ProgrammeFactory()
    actor = ActorFactory(
        slug="cms",
        name_en="CMS",
        name_ru="КМВ",
        full_name_en="Convention on the Conservation of Migratory Species of Wild Animals (CMS)",
        full_name_fr="Convention sur la conservation des espèces migratrices (CMS)",
        full_name_ru="Конвенция о сохранении мигрирующих видов диких животных (КМВ)",
        kind=ActorKind.CONVENTION,
    )
    ResponsibilityFactory(actor=actor, activity__issue__objective__programme=programme)
    return actor


def test_actor_page_shows_full_name_and_kind(client, cms):
    page = client.get(reverse("programme:actor", args=["cms"])).text
    assert "Convention on the Conservation of Migratory Species of Wild Animals (CMS)" in page
    assert '<dd class="actor-kind">Convention or agreement</dd>' in page


def test_actor_page_in_russian(client, cms):
    page = client.get(reverse("programme:actor", args=["cms"]), HTTP_ACCEPT_LANGUAGE="ru").text
    assert "Конвенция о сохранении мигрирующих видов диких животных (КМВ)" in page
    assert "Полное название" in page


def test_actor_list_shows_full_names_beside_short_ones(client, cms):
    ActorFactory(slug="herders", name_en="Herders", kind=ActorKind.COMMUNITY)
    page = client.get(reverse("programme:actors")).text
    assert "— Convention on the Conservation of Migratory Species" in page
    assert "Herders</a> <span" in page  # no full name: nothing repeated


def test_api_actor_has_full_name_and_kind(client, cms):
    data = client.get("/api/v1/actors/cms/").json()
    assert data["full_name"].startswith("Convention on the Conservation of Migratory Species")
    assert (data["kind"], data["kind_label"]) == ("convention", "Convention or agreement")




@pytest.mark.parametrize("size", [1, 6])
def test_actor_pages_query_counts_do_not_grow(client, django_assert_num_queries, size):
    programme = ProgrammeFactory()
    counted = ActorFactory(slug="counted-actor", full_name_en="Counted actor")
    ResponsibilityFactory(actor=counted, activity__issue__objective__programme=programme)
    for index in range(size):
        actor = ActorFactory(slug=f"other-{index}", full_name_en=f"Full name {index}")
        ResponsibilityFactory(actor=actor, activity__issue__objective__programme=programme)
        ResponsibilityFactory(actor=counted, activity__issue__objective__programme=programme)
    # 1 the programme, 2 the actors with their number of activities
    with django_assert_num_queries(2):
        response = client.get(reverse("programme:actors"))
    assert len(response.context["actors"]) == Actor.objects.count()
    # 1 the actor, 2 the programme, 3 its responsibilities with their activities
    with django_assert_num_queries(3):
        response = client.get(reverse("programme:actor", args=["counted-actor"]))
    assert len(response.context["responsibilities"]) == size + 1
