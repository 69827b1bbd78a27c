import pytest
from django.urls import reverse

from tests.factories import (
    ActivityFactory,
    IssueFactory,
    LandscapeFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    RangeStateFactory,
    ResponsibilityFactory,
    SpeciesFactory,
    SubActivityFactory,
)

pytestmark = pytest.mark.django_db


def build_programme(activities_per_issue):
    programme = ProgrammeFactory()
    for number in (1, 2):
        objective = ObjectiveFactory(programme=programme, number=number)
        for _ in range(2):
            issue = IssueFactory(objective=objective)
            for _ in range(activities_per_issue):
                ResponsibilityFactory(activity=ActivityFactory(issue=issue))
    return programme


def test_home_without_programme_explains_itself(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No programme has been loaded yet" in response.text


def test_home_shows_vision_goal_objectives_and_counts(client):
    build_programme(3)
    response = client.get("/")
    assert response.status_code == 200
    assert "Safe and viable populations" in response.text
    assert "Objective 1 in English" in response.text
    assert "12 activities" in response.text
    assert "3 activities" in response.text


def test_home_in_french(client):
    build_programme(1)
    response = client.get("/", headers={"accept-language": "fr"})
    assert "Objectif 1 en français" in response.text
    assert "Des populations hors de danger" in response.text


def test_language_switch_changes_content(client):
    build_programme(1)
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"}, follow=True)
    assert "Objectif 1 en français" in response.text


@pytest.mark.parametrize("size", [1, 6])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, size):
    build_programme(size)
    # 1 current programme, 2 objectives with counts, 3 their issues with counts
    with django_assert_num_queries(3):
        assert client.get("/").status_code == 200


def test_activity_page(client):
    activity = ActivityFactory(
        heading_en="Cheetah", text_en="Increase the number of protected areas."
    )
    SubActivityFactory(activity=activity, text_en="Map the fences", heading_en="Fences")
    responsibility = ResponsibilityFactory(activity=activity, proposed=True)
    state = RangeStateFactory(iso_code="IR", name_en="Iran")
    species = SpeciesFactory(slug="cheetah", common_name_en="Cheetah")
    landscape = LandscapeFactory()
    other = ActivityFactory(issue=activity.issue)
    activity.range_states.add(state)
    activity.species.add(species)
    activity.landscapes.add(landscape)
    activity.referenced_activities.add(other)
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    for text in (
        "Increase the number of protected areas.", "Map the fences", "Fences",
        str(responsibility.actor), "proposed, to be confirmed", "Iran", "Cheetah",
        str(landscape), f"Activity {other.code}",
    ):  # fmt: skip
        assert text in response.text, text


def test_unknown_activity_is_404(client):
    ProgrammeFactory()
    assert client.get("/activities/9.9.9/").status_code == 404


def test_activity_of_another_programme(client):
    activity = ActivityFactory()
    successor = ProgrammeFactory(
        code="cami-2021-2026", is_current=False, start_year=2021, end_year=2026
    )
    assert client.get(activity.get_absolute_url() + "?programme=cami-2021-2026").status_code == 404
    assert (
        client.get(
            activity.get_absolute_url() + f"?programme={activity.programme.code}"
        ).status_code
        == 200
    )
    assert successor.activities.count() == 0


def test_detail_pages_of_actor_species_state_landscape(client):
    activity = ActivityFactory(text_en="Survey the argali.")
    responsibility = ResponsibilityFactory(activity=activity)
    species = SpeciesFactory()
    state = RangeStateFactory()
    landscape = LandscapeFactory()
    landscape.range_states.add(state)
    activity.species.add(species)
    activity.range_states.add(state)
    activity.landscapes.add(landscape)
    for url in (
        responsibility.actor.get_absolute_url(), species.get_absolute_url(),
        state.get_absolute_url(), landscape.get_absolute_url(),
    ):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        assert activity.code in response.text, url


def test_empty_states_explain_themselves(client):
    ProgrammeFactory()
    state = RangeStateFactory()
    response = client.get(state.get_absolute_url())
    assert "No activity of the programme names this country." in response.text
