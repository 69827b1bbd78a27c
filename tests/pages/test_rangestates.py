"""The range state and landscape pages: reporting, focal points, statuses per country."""

import pytest
from django.urls import reverse

from programme.choices import ImplementationStatus
from reporting.choices import ReportState
from tests.factories import (
    ActivityFactory,
    LandscapeFactory,
    ProgrammeFactory,
    RangeStateFactory,
    ResponsibilityFactory,
    SpeciesFactory,
)
from tests.rangestates.factories import FocalPointFactory, build_reported_programme, report

from .conftest import PRIVATE

pytestmark = pytest.mark.django_db


def test_range_state_list_with_map_and_landscapes(client, secretariat):
    build_reported_programme(1, secretariat=secretariat)
    response = client.get(reverse("rangestates:list"))
    assert response.status_code == 200
    states = {s.iso_code: s for s in response.context["states"]}
    assert states["MN"].accepted_report_count == 4
    assert states["MN"].reported_activity_count == 4
    assert states["KZ"].accepted_report_count == 0  # a draft only
    assert states["CN"].accepted_report_count == 0  # a returned report only
    assert states["MN"].activity_count == 4
    assert len(response.context["map"]) == 3
    assert "Altai-Sayan" in response.text
    assert 'href="/range-states/landscapes/altai-sayan/"' in response.text


def test_range_state_page(client, secretariat):
    build_reported_programme(1, secretariat=secretariat)
    response = client.get(reverse("rangestates:detail", args=["mn"]))  # any case
    assert response.status_code == 200
    text = response.text
    for expected in ("Mongolia", "Party to CMS", "Argali", "Altai-Sayan",
                     "Rangers trained in the field"):  # fmt: skip
        assert expected in text, expected
    # The status reported for this country, beside the secretariat's.
    assert {a.state_status for a in response.context["activities"]} == {"in_progress"}
    for private in PRIVATE:
        assert private not in text


def test_range_state_page_shows_focal_points_names_and_roles_only(client, secretariat):
    build_reported_programme(1, secretariat=secretariat)
    text = client.get(reverse("rangestates:detail", args=["MN"])).text
    assert "Bolormaa Tseren" in text
    assert "National focal point, Ministry of Environment" in text
    assert "b.tseren@example.mn" not in text and "@" not in text.split("<main")[1]


def test_inactive_focal_point_is_not_shown(client):
    ProgrammeFactory()
    state = RangeStateFactory(iso_code="TJ")
    focal_point = FocalPointFactory(range_states=[state])
    focal_point.user.is_active = False
    focal_point.user.save()
    text = client.get(state.get_absolute_url()).text
    assert "Bolormaa Tseren" not in text
    assert "No focal point has been designated yet." in text


def test_drafts_and_returned_reports_never_reach_the_country_page(client):
    activity = ActivityFactory()
    state = RangeStateFactory(iso_code="KG", name_en="Kyrgyzstan")
    activity.range_states.add(state)
    for state_name in (ReportState.DRAFT, ReportState.SUBMITTED, ReportState.RETURNED):
        report(activity=activity, range_state=state, state=state_name,
               status=ImplementationStatus.CANCELLED, progress=f"{state_name}-SECRET")  # fmt: skip
    response = client.get(state.get_absolute_url())
    assert "SECRET" not in response.text
    assert "No report accepted yet for this country." in response.text
    assert response.context["activities"][0].state_status is None
    assert "No accepted report" in response.text


def test_activities_for_every_range_state_are_listed_apart(client):
    named = ActivityFactory(text_en="Fence the Ustyurt.")
    general = ActivityFactory(issue=named.issue, text_en="Share data between states.")
    state = RangeStateFactory(iso_code="UZ", name_en="Uzbekistan")
    other = RangeStateFactory(iso_code="TM", name_en="Turkmenistan")
    elsewhere = ActivityFactory(issue=named.issue, text_en="Only in Turkmenistan.")
    named.range_states.add(state)
    elsewhere.range_states.add(other)
    report(activity=general, range_state=state, status=ImplementationStatus.COMPLETED)
    response = client.get(state.get_absolute_url())
    assert [a.code for a in response.context["activities"]] == [named.code]
    assert [a.code for a in response.context["general_activities"]] == [general.code]
    assert response.context["general_activities"][0].state_status == "completed"
    assert "Only in Turkmenistan." not in response.text


def test_range_state_species_come_from_its_activities_and_landscapes(client):
    activity = ActivityFactory()
    state = RangeStateFactory(iso_code="NP", name_en="Nepal")
    landscape = LandscapeFactory(slug="central-himalaya")
    landscape.range_states.add(state)
    snow_leopard = SpeciesFactory(slug="snow-leopard", common_name_en="Snow leopard")
    SpeciesFactory(slug="saiga", common_name_en="Saiga")
    activity.landscapes.add(landscape)
    activity.species.add(snow_leopard)
    response = client.get(state.get_absolute_url())
    assert [str(s) for s in response.context["species_list"]] == ["Snow leopard"]
    assert [s.get_absolute_url() for s in response.context["species_list"]] == [
        snow_leopard.get_absolute_url()
    ]


def test_range_state_empty_states(client):
    ProgrammeFactory()
    state = RangeStateFactory()
    text = client.get(state.get_absolute_url()).text
    assert "No activity of the programme names this country." in text
    assert "No report accepted yet for this country." in text
    assert "No focal point has been designated yet." in text


def test_unknown_range_state_is_404(client):
    ProgrammeFactory()
    assert client.get("/range-states/ZZ/").status_code == 404


def test_landscape_page(client):
    activity = ActivityFactory(text_en="Survey the snow leopard.")
    state = RangeStateFactory(iso_code="KG", name_en="Kyrgyzstan")
    landscape = LandscapeFactory(slug="inner-tien-shan", name_en="Inner Tien Shan")
    landscape.range_states.add(state)
    species = SpeciesFactory(slug="snow-leopard", common_name_en="Snow leopard")
    activity.landscapes.add(landscape)
    activity.species.add(species)
    response = client.get(landscape.get_absolute_url())
    assert response.status_code == 200
    for text in ("Inner Tien Shan", "Kyrgyzstan", "Snow leopard", "Survey the snow leopard."):
        assert text in response.text, text
    empty = LandscapeFactory(slug="nowhere")
    assert (
        "No activity of the programme names this landscape."
        in client.get(empty.get_absolute_url()).text
    )


@pytest.mark.parametrize("size", [1, 4])
def test_range_state_pages_query_count(client, django_assert_num_queries, secretariat, size):
    build_reported_programme(size, secretariat=secretariat)
    # 1 programme, 2 range states with their activities counted, 3 activities reported per
    # range state, 4 accepted reports per range state, 5 number of activities, 6 landscapes,
    # 7 their range states
    with django_assert_num_queries(7):
        assert client.get(reverse("rangestates:list")).status_code == 200
    # Activities naming no country (they concern every range state) have their own list.
    from programme.models import Issue

    for issue in Issue.objects.all():
        ResponsibilityFactory(activity=ActivityFactory(issue=issue))
    # 1 range state, 2 programme, 3 the activities naming it and those for every state, in
    # one query (none of their linked records), 4 the programme's issues, 5 statuses reported
    # for it, 6 the newest accepted reports'
    # ids, 7 those reports, 8 focal points, 9 number of accepted reports, 10 species,
    # 11 landscapes
    with django_assert_num_queries(11):
        response = client.get(reverse("rangestates:detail", args=["MN"]))
    assert response.context["reports_total"] == 4 * size * size  # activities x cycles
    assert len(response.context["reports"]) == min(4 * size * size, 30)
    # 1 landscape, 2 programme, 3 activities, 4-8 their related records, 9 range states,
    # 10 species
    with django_assert_num_queries(10):
        assert client.get(reverse("rangestates:landscape", args=["altai-sayan"])).status_code == 200


def test_signed_in_secretariat_still_sees_only_accepted_reports_on_public_pages(
    client, secretariat
):
    # The secretariat may read drafts in the reporting pages; the public pages stay public.
    build_reported_programme(1, secretariat=secretariat)
    client.force_login(secretariat)
    for url in ("/", "/range-states/KZ/", "/range-states/CN/", reverse("programme:matrix")):
        text = client.get(url).text
        for private in PRIVATE:
            assert private not in text, url
    assert "No report accepted yet for this country." in client.get("/range-states/KZ/").text


@pytest.mark.parametrize(
    ("user_fixture", "sees_administration"),
    [(None, False), ("plain_user", False), ("staff_outside_group", True), ("secretariat", True)],
)
def test_administration_link_only_for_staff(client, request, user_fixture, sees_administration):
    ProgrammeFactory()
    if user_fixture:
        client.force_login(request.getfixturevalue(user_fixture))
    text = client.get("/").text
    assert (reverse("admin:index") in text) is sees_administration
