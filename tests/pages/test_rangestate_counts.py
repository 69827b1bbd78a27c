"""The list of range states counts, for each country, the activities its own page lists as
naming it (directly or through one of its landscapes): the two never disagree."""

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, LandscapeFactory, RangeStateFactory

pytestmark = pytest.mark.django_db


def test_the_list_counts_what_the_country_page_lists(client):
    direct = ActivityFactory(text_en="Patrol the border.")
    programme, issue = direct.programme, direct.issue
    through_landscape = ActivityFactory(issue=issue, text_en="Connect the Gobi.")
    both = ActivityFactory(issue=issue, text_en="Count the gazelles.")
    ActivityFactory(issue=issue, text_en="Share data between states.")  # names no country
    mongolia = RangeStateFactory(iso_code="MN", name_en="Mongolia")
    china = RangeStateFactory(iso_code="CN", name_en="China")
    gobi = LandscapeFactory(slug="gobi", name_en="Gobi")
    gobi.range_states.set([mongolia, china])
    direct.range_states.add(mongolia)
    through_landscape.landscapes.add(gobi)
    both.range_states.add(mongolia)
    both.landscapes.add(gobi)
    assert programme.is_current

    listed = {
        s.iso_code: s.activity_count
        for s in client.get(reverse("rangestates:list")).context["states"]
    }
    for state in (mongolia, china):
        page = client.get(state.get_absolute_url()).context["activities"]
        assert listed[state.iso_code] == len(page)
    assert listed == {"MN": 3, "CN": 2}
