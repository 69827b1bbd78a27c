"""The home page, languages, error pages, and every page for anonymous visitors."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from programme.choices import ImplementationStatus, Priority
from programme.services import set_status
from reporting.choices import ReportState
from reporting.models import Report
from tests.rangestates.factories import build_reported_programme

from .conftest import PRIVATE, build_programme

pytestmark = pytest.mark.django_db


# --- Home ------------------------------------------------------------------------------------


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
    assert "<strong>12</strong> activities" in response.text
    assert "0 of 6 activities completed" in response.text


def test_home_progress_is_counted_by_status_and_priority(client, secretariat):
    programme = build_programme(2)
    first, second, third = programme.activities.order_by("sort_key")[:3]
    set_status(first, status=ImplementationStatus.COMPLETED, by=secretariat)
    set_status(second, status=ImplementationStatus.COMPLETED, by=secretariat)
    set_status(third, status=ImplementationStatus.DELAYED, by=secretariat)
    third.priority = Priority.LOW
    third.save()
    response = client.get("/")
    status_shares = {s.value: s.count for s in response.context["status_shares"]}
    assert status_shares[ImplementationStatus.COMPLETED] == 2
    assert status_shares[ImplementationStatus.DELAYED] == 1
    # No recorded status counts as not started.
    assert status_shares[ImplementationStatus.NOT_STARTED] == 5
    priority_shares = {s.value: s.count for s in response.context["priority_shares"]}
    assert priority_shares == {**dict.fromkeys(Priority.values, 0), "high": 7, "low": 1}
    objective_one = response.context["objectives"][0]
    assert objective_one.completed_count == 2 and objective_one.activity_count == 4
    assert "2 of 4 activities completed" in response.text
    # Each status links to the browser filtered by it.
    assert 'href="/activities/?status=completed"' in response.text


def test_home_lists_latest_accepted_reports_only(client, secretariat):
    build_reported_programme(1, secretariat=secretariat)
    response = client.get("/")
    reports = response.context["latest_reports"]
    states = Report.objects.filter(pk__in=[r.pk for r in reports]).values_list("state", flat=True)
    assert reports and set(states) == {ReportState.ACCEPTED}
    assert "Rangers trained in the field" in response.text
    for text in PRIVATE:
        assert text not in response.text


def test_home_without_reports_explains_itself(client):
    build_programme(1)
    response = client.get("/")
    assert "No national report has been accepted yet." in response.text


def test_home_map_links_every_state_and_says_how_much_it_reported(client, secretariat):
    build_reported_programme(1, secretariat=secretariat)
    response = client.get("/")
    tiles = {tile.state.iso_code: tile for tile in response.context["map"]}
    assert set(tiles) == {"MN", "KZ", "CN"}
    # Mongolia has an accepted report on each of the 4 activities; the draft (Kazakhstan)
    # and the returned report (China) do not count.
    assert tiles["MN"].state.reporting_level == "high"
    assert tiles["KZ"].state.reporting_level == "none"
    assert tiles["CN"].state.reporting_level == "none"
    assert 'href="/range-states/MN/"' in response.text
    # The level is written in words, not only in colour.
    assert "4 activities reported" in response.text
    assert "No report yet" in response.text
    assert "Reported on more than half of the activities" in response.text  # the legend


def test_home_map_draws_the_range_states_outlines(client, secretariat):
    """The implementation review's map joins the tiles: real outlines, coloured by the share
    reported on, each state linked to its page."""
    import xml.etree.ElementTree as ET

    from reporting.review_document.charts import RATE_BUCKETS

    build_reported_programme(1, secretariat=secretariat)
    response = client.get("/")
    svg = response.context["outline_map"]
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    fills = {p.get("data-iso"): p.get("fill") for p in root.iter(f"{ns}path") if p.get("data-iso")}
    assert set(fills) == {"MN", "KZ", "CN"}
    assert fills["MN"] == RATE_BUCKETS[0][1]  # every activity reported on
    assert fills["KZ"] == fills["CN"] == RATE_BUCKETS[3][1]  # nothing accepted
    links = {a.get("href") for a in root.iter(f"{ns}a")}
    assert links == {"/range-states/MN/", "/range-states/KZ/", "/range-states/CN/"}
    assert "Mongolia: 4 activities reported" in svg
    assert svg in response.text


@pytest.mark.parametrize("size", [1, 4])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, secretariat, size):
    build_reported_programme(size, secretariat=secretariat)
    # 1 current programme, 2 activities by status, 3 by objective and status, 4 objectives,
    # 5 their issues, 6 activities by priority, 7 species of the initiative, 8 range states,
    # 9 activities reported per range state, 10 number of activities, 11 the range states'
    # statuses by status, 12 the latest accepted reports' ids, 13 those reports, 14 the
    # programmes (the switcher)
    with django_assert_num_queries(14):
        assert client.get("/").status_code == 200


# --- Languages, errors, anonymous visitors -------------------------------------------------------


def test_home_in_french(client):
    build_programme(1)
    response = client.get("/", headers={"accept-language": "fr"})
    assert "Objectif 1 en français" in response.text
    assert "Des populations hors de danger" in response.text


def test_language_switch_changes_interface_and_content(client):
    build_programme(1)
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"}, follow=True)
    assert '<html lang="fr">' in response.text
    assert "Objectif 1 en français" in response.text  # content
    assert "Progrès en un coup d’œil" in response.text  # interface
    assert "Progress at a glance" not in response.text
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/"}, follow=True)
    assert '<html lang="ru">' in response.text
    assert "Ход выполнения в общих чертах" in response.text
    # Russian content is not written yet: it falls back to English.
    assert "Objective 1 in English" in response.text


def test_server_error_page_in_the_portal_design():
    request = RequestFactory().get("/")
    with translation.override("fr"):
        response = server_error(request)
    assert response.status_code == 500
    text = response.content.decode()
    assert "/static/css/portal" in text
    assert "Une erreur s’est produite de notre côté" in text


def test_not_found_page_offers_a_way_on(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'action="/search/"' in response.text


def test_pages_have_no_inline_script_or_style(client, secretariat):
    build_reported_programme(1, secretariat=secretariat)
    from programme.models import Activity

    for url in ("/", reverse("programme:activities"), reverse("programme:matrix"),
                Activity.objects.first().get_absolute_url(), "/range-states/MN/"):  # fmt: skip
        text = client.get(url).text
        assert "<script>" not in text and "style=" not in text and " onclick=" not in text, url
        assert "<style" not in text, url


# Last in the module: the real programme stays loaded until the module ends.
def test_every_page_renders_for_anonymous_visitors_with_the_real_programme(client, real_programme):
    from programme.models import Activity, Actor
    from rangestates.models import Landscape, RangeState
    from species.models import Species

    urls = [
        "/", reverse("programme:activities"), reverse("programme:matrix"),
        reverse("programme:actors"), reverse("species:list"), reverse("rangestates:list"),
        reverse("programme:search") + "?q=saiga", reverse("programme:programme_csv"),
        reverse("programme:matrix_csv"),
    ]  # fmt: skip
    urls += [a.get_absolute_url() for a in Activity.objects.all()]
    urls += [x.get_absolute_url() for x in Species.objects.all()]
    urls += [x.get_absolute_url() for x in RangeState.objects.all()]
    urls += [x.get_absolute_url() for x in Landscape.objects.all()]
    urls += [x.get_absolute_url() for x in Actor.objects.all()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    cache.clear()  # the pages above are cached; build them again to read their context
    home = client.get("/")
    assert "<strong>121</strong> activities" in home.text
    assert len(home.context["map"]) == 14
    assert len(client.get(reverse("programme:activities")).context["activities"]) == 121
