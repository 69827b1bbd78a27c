"""Lists of activities show their short titles; an activity's page keeps the full text."""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    ActivityFactory,
    ActorFactory,
    IssueFactory,
    LandscapeFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    RangeStateFactory,
    ResponsibilityFactory,
    SpeciesFactory,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "Assess the feasibility of reintroduction in the Alai valley, taking into account every "
    "condition that the range states have described in their national reports."
)


@pytest.fixture
def titled(db):
    """An activity with a short title, linked to everything that lists activities, and one
    without (a successor programme's, say)."""
    issue = IssueFactory(objective=ObjectiveFactory(programme=ProgrammeFactory(), number=2))
    titled = ActivityFactory(
        issue=issue,
        text_en=TEXT,
        short_title_en="Kulan reintroduction in the Alai valley",
        short_title_ru="Реинтродукция кулана в Алайской долине",
    )
    untitled = ActivityFactory(issue=issue, text_en="Count the argali. " * 10)
    kg = RangeStateFactory(iso_code="KG", name_en="Kyrgyzstan")
    kulan = SpeciesFactory(slug="asiatic-wild-ass", common_name_en="Asiatic wild ass")
    alai = LandscapeFactory(slug="alai", name_en="Alai")
    actor = ActorFactory(slug="ngos", name_en="NGOs")
    for activity in (titled, untitled):
        activity.range_states.add(kg)
        activity.species.add(kulan)
        activity.landscapes.add(alai)
        ResponsibilityFactory(activity=activity, actor=actor)
    return titled, untitled


LISTS = [
    reverse("programme:activities"),
    reverse("programme:search") + "?q=kyrgyzstan",  # both activities are linked to it
    reverse("programme:matrix"),
    "/species/asiatic-wild-ass/",
    "/range-states/KG/",
    "/range-states/landscapes/alai/",
    "/actors/ngos/",
]


@pytest.mark.parametrize("url", LISTS)
def test_lists_show_the_short_title_not_the_text(client, titled, url):
    activity, untitled = titled
    page = re.sub(r"</?mark>", "", client.get(url).text)  # the search highlights words
    assert "Kulan reintroduction in the Alai valley" in page
    if "search" not in url:  # the search shows, under the title, the text around the word
        assert TEXT[:60] not in page
    # An activity without a short title shows its text, cut short.
    assert untitled.short_text[:40] in page


def test_the_short_title_in_each_language(client, titled):
    page = client.get(reverse("programme:activities"), HTTP_ACCEPT_LANGUAGE="ru").text
    assert "Реинтродукция кулана в Алайской долине" in page
    # No French title: the English one stands in.
    page = client.get(reverse("programme:activities"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "Kulan reintroduction in the Alai valley" in page


def test_an_activitys_page_keeps_the_full_text(client, titled):
    activity, _untitled = titled
    page = client.get(activity.get_absolute_url()).text
    assert TEXT in page


def test_search_finds_words_of_the_short_title(client, titled):
    activity, _untitled = titled
    found = client.get(reverse("programme:search"), {"q": "kulan"}).context["activities"]
    assert list(found) == [activity]
