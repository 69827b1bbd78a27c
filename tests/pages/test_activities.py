"""The activity browser, the programme and matrix downloads, and an activity's page."""

import csv
import io

import pytest
from django.urls import reverse

from programme.choices import ImplementationStatus, Priority
from programme.services import set_status
from reporting.models import Report
from tests.factories import (
    ActivityFactory,
    ActorFactory,
    LandscapeFactory,
    ProgrammeFactory,
    RangeStateFactory,
    ResponsibilityFactory,
    SpeciesFactory,
    SubActivityFactory,
)
from tests.rangestates.factories import build_reported_programme

from .conftest import PRIVATE, build_programme

pytestmark = pytest.mark.django_db


# --- Programme browser -------------------------------------------------------------------------


def test_browser_shows_the_outline(client):
    build_programme(2)
    response = client.get(reverse("programme:activities"))
    assert response.status_code == 200
    assert "8 activities" in response.text
    assert 'id="objective-1"' in response.text and 'id="issue-1.1"' in response.text
    # Unfiltered, the issues start closed (an outline to expand).
    assert '<details class="outline-issue" id="issue-1.1">' in response.text


def test_browser_filters_narrow_the_list_and_stay_in_the_url(client):
    programme = build_programme(2)
    argali = SpeciesFactory(slug="argali", common_name_en="Argali")
    chosen = programme.activities.order_by("sort_key")[3]
    chosen.species.add(argali)
    url = reverse("programme:activities") + "?species=argali"
    response = client.get(url)
    assert [a.code for a in response.context["activities"]] == [chosen.code]
    assert "1 activity matches" in response.text
    # The form keeps the choice, filtered issues are open, the chip removes the filter.
    assert 'value="argali"' in response.text and "checked" in response.text
    assert f'<details class="outline-issue" id="issue-{chosen.issue.code}" open>' in response.text
    assert "Species: Argali" in response.text
    # Downloads and the matrix carry the same filter.
    assert 'href="/downloads/programme.csv?species=argali"' in response.text
    assert 'href="/matrix/?species=argali"' in response.text


def test_browser_combines_filters(client, secretariat):
    programme = build_programme(2)
    activities = list(programme.activities.order_by("sort_key"))
    set_status(activities[0], status=ImplementationStatus.COMPLETED, by=secretariat)
    set_status(activities[5], status=ImplementationStatus.COMPLETED, by=secretariat)
    activities[5].priority = Priority.LOW
    activities[5].save()
    url = reverse("programme:activities")
    response = client.get(url, {"status": "completed", "priority": "low"})
    assert [a.code for a in response.context["activities"]] == [activities[5].code]
    response = client.get(url, {"objective": "1", "status": "not_started"})
    assert {a.code for a in response.context["activities"]} == {a.code for a in activities[1:4]}
    response = client.get(url, {"issue": activities[5].issue.code})
    assert {a.issue_id for a in response.context["activities"]} == {activities[5].issue_id}


def test_browser_free_text_and_actor_range_state_landscape(client):
    programme = build_programme(1)
    activity = programme.activities.order_by("sort_key").last()
    activity.text_en = "Survey the saiga calving grounds."
    activity.save()
    actor = ActorFactory(slug="wwf", name_en="WWF")
    ResponsibilityFactory(activity=activity, actor=actor)
    state = RangeStateFactory(iso_code="KZ")
    landscape = LandscapeFactory(slug="ustyurt")
    activity.range_states.add(state)
    activity.landscapes.add(landscape)
    url = reverse("programme:activities")
    for query in ({"q": "saiga calving"}, {"actor": "wwf"}, {"range_state": "KZ"},
                  {"landscape": "ustyurt"}):  # fmt: skip
        response = client.get(url, query)
        assert [a.code for a in response.context["activities"]] == [activity.code], query


def test_browser_invalid_filter_says_so(client):
    build_programme(1)
    response = client.get(reverse("programme:activities"), {"species": "unicorn"})
    assert response.status_code == 400
    assert response.context["activities"] == []
    assert "Some filters are not valid" in response.text
    assert "Select a valid choice. unicorn is not one of the available choices." in response.text
    matrix = client.get(reverse("programme:matrix"), {"priority": "urgent"})
    assert matrix.status_code == 400
    assert "Some filters are not valid" in matrix.text and matrix.context["rows"] == []


@pytest.mark.parametrize("name", ["programme:programme_csv", "programme:matrix_csv"])
def test_download_with_an_invalid_filter_is_a_400_that_says_why(client, name):
    build_programme(1)
    response = client.get(reverse(name), {"status": "finished", "q": "rangers"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "The filter is invalid:" in response.text
    assert "Select a valid choice. finished is not one of the available choices." in response.text
    assert client.get(reverse(name), {"status": "completed"}).status_code == 200


def test_browser_no_match_explains_itself(client):
    build_programme(1)
    response = client.get(reverse("programme:activities"), {"q": "zebra"})
    assert "No activity matches these filters" in response.text


def test_browser_ordering_gives_a_flat_list(client):
    build_programme(1)
    response = client.get(reverse("programme:activities"), {"ordering": "-code"})
    codes = [a.code for a in response.context["activities"]]
    assert codes == sorted(codes, reverse=True)
    assert not response.context["grouped"]


@pytest.mark.parametrize("size", [1, 4])
def test_browser_query_count_does_not_grow(client, django_assert_num_queries, secretariat, size):
    build_reported_programme(size, secretariat=secretariat)
    # 1 the programmes (the one shown and the switcher's), 2 issues and 3 objectives (filter
    # menus), 4-7 actor, species, range state and landscape choices, 8 species value
    # checked, 9 activities with issue, objective and status (the browser shows none of their
    # linked records), 10 the range states' picture of each
    with django_assert_num_queries(10):
        response = client.get(reverse("programme:activities"), {"species": "argali"})
        assert response.status_code == 200
    assert len(response.context["activities"]) == 4 * size


# --- Downloads ---------------------------------------------------------------------------------


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_programme_csv_follows_the_filter(client, secretariat):
    programme = build_programme(1)
    activity = programme.activities.order_by("sort_key").first()
    set_status(activity, status=ImplementationStatus.COMPLETED, by=secretariat)
    rows = read_csv(client.get(reverse("programme:programme_csv")))
    assert rows[0][:3] == ["Number", "Objective", "Issue"]
    assert len(rows) == 1 + 4
    rows = read_csv(client.get(reverse("programme:programme_csv"), {"status": "completed"}))
    assert [row[0] for row in rows[1:]] == [activity.code]
    assert rows[1][8] == "Completed"


def test_programme_csv_has_sub_items_and_no_formulas(client):
    activity = ActivityFactory(text_en='=HYPERLINK("http://example.org")')
    SubActivityFactory(activity=activity, letter="a", position=1, text_en="Map the fences")
    SubActivityFactory(activity=activity, letter="b", position=2, text_en="Remove them")
    (header, row) = read_csv(client.get(reverse("programme:programme_csv")))
    assert row[header.index("Sub-items")] == "a) Map the fences; b) Remove them"
    assert row[header.index("Activity")] == '\'=HYPERLINK("http://example.org")'


def test_programme_csv_in_french(client):
    build_programme(1)
    response = client.get(reverse("programme:programme_csv"), headers={"accept-language": "fr"})
    rows = read_csv(response)
    assert rows[0][0] == "Numéro"
    assert rows[1][4].startswith("Faire le travail de conservation")


def test_matrix_csv_has_a_column_per_state(client, secretariat):
    build_reported_programme(1, secretariat=secretariat)
    rows = read_csv(client.get(reverse("programme:matrix_csv")))
    assert rows[0][3:] == ["China", "Kazakhstan", "Mongolia"]
    assert len(rows) == 1 + 4
    assert {row[5] for row in rows[1:]} == {"In progress"}  # Mongolia, accepted
    assert {row[3] for row in rows[1:]} == {""}  # China: only a returned report
    assert {row[4] for row in rows[1:]} == {""}  # Kazakhstan: only a draft


@pytest.mark.parametrize("size", [1, 4])
def test_downloads_query_count_does_not_grow(client, django_assert_num_queries, secretariat, size):
    build_reported_programme(size, secretariat=secretariat)
    # 1 programme, 2 activities, 3-7 their species, range states, landscapes,
    # responsibilities and actors, 8 their sub-items
    with django_assert_num_queries(8):
        assert client.get(reverse("programme:programme_csv")).status_code == 200
    # 1 programme, 2 activities (none of their linked records), 3 range states, 4 the
    # statuses accepted per country
    with django_assert_num_queries(4):
        assert client.get(reverse("programme:matrix_csv")).status_code == 200


# --- Activity page ---------------------------------------------------------------------------


def test_activity_page(client):
    activity = ActivityFactory(
        heading_en="Cheetah", text_en="Increase the number of protected areas."
    )
    SubActivityFactory(activity=activity, text_en="Map the fences", heading_en="Fences",
                       priority=Priority.LOW)  # fmt: skip
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
        "Increase the number of protected areas.", "Map the fences", "Fences", "Low",
        str(responsibility.actor), "proposed, to be confirmed", "Iran", "Cheetah",
        str(landscape), f"Activity {other.code}", activity.issue.title,
        activity.issue.objective.title,
    ):  # fmt: skip
        assert text in response.text, text
    # Cross-references work both ways.
    assert f"Activity {activity.code} refers to it" in client.get(other.get_absolute_url()).text


def test_activity_without_status_counts_as_not_started(client):
    activity = ActivityFactory()
    response = client.get(activity.get_absolute_url())
    assert "Not started" in response.text
    assert "No status has been recorded for this activity yet." in response.text


def test_activity_status_history_newest_first(client, secretariat):
    activity = ActivityFactory()
    set_status(activity, status=ImplementationStatus.IN_PROGRESS, by=secretariat,
               note="Work began with the rangers.")  # fmt: skip
    set_status(activity, status=ImplementationStatus.COMPLETED, by=secretariat,
               note="Training delivered in all provinces.")  # fmt: skip
    response = client.get(activity.get_absolute_url())
    history = response.context["status_history"]
    assert [entry.status for entry in history] == ["completed", "in_progress"]
    text = response.text
    assert text.index("Training delivered") < text.index("Work began with the rangers")
    # The public page does not name who changed it.
    assert "sasha" not in text


def test_the_empty_status_record_of_a_loaded_activity_is_not_history(client):
    from programme.models import ActivityStatus

    activity = ActivityFactory()
    ActivityStatus.objects.create(activity=activity)  # as load_programme creates it
    response = client.get(activity.get_absolute_url())
    assert response.context["status_history"] == []
    assert "No status has been recorded for this activity yet." in response.text


def test_activity_shows_accepted_reports_by_state_newest_first(client, secretariat):
    build_reported_programme(2, secretariat=secretariat)
    from programme.models import Activity

    activity = Activity.objects.order_by("sort_key").first()
    response = client.get(activity.get_absolute_url())
    groups = response.context["reports_by_state"]
    assert [str(g.subject) for g in groups] == ["Mongolia"]
    # The entries are rows (reporting/public_rows.py): the reports' cycles read here.
    reports = Report.objects.select_related("cycle").in_bulk([r.pk for r in groups[0].entries])
    ends = [reports[r.pk].cycle.period_end for r in groups[0].entries]
    assert ends == sorted(ends, reverse=True) and len(ends) == 2
    assert [s.range_state.iso_code for s in response.context["state_statuses"]] == ["MN"]
    for text in PRIVATE:
        assert text not in response.text
    assert "Delayed" not in response.text and "Suspended" not in response.text


def test_activity_without_reports_explains_itself(client):
    activity = ActivityFactory()
    response = client.get(activity.get_absolute_url())
    assert "No accepted report mentions this activity yet." in response.text
    assert "No country has reported on this activity in an accepted report yet." in response.text


def test_unknown_activity_is_404_in_the_portal_design(client):
    ProgrammeFactory()
    response = client.get("/activities/9.9.9/")
    assert response.status_code == 404
    assert "This page does not exist" in response.text
    assert "/static/css/portal" in response.text


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


@pytest.mark.parametrize("size", [1, 4])
def test_activity_query_count_does_not_grow(client, django_assert_num_queries, secretariat, size):
    build_reported_programme(size, secretariat=secretariat)
    from programme.models import Activity

    activity = Activity.objects.order_by("sort_key").first()
    for _ in range(size):  # a longer status history
        set_status(activity, status=ImplementationStatus.DELAYED, by=secretariat, note="x")
        set_status(activity, status=ImplementationStatus.IN_PROGRESS, by=secretariat)
    # 1 programme, 2 activity with issue, objective and status, 3-8 species, range states,
    # landscapes, responsibilities with their actors, referenced activities, referenced
    # issues, 9 sub-items, 10 status history, 11 referencing activities, 12 the newest
    # accepted reports' ids, 13 those reports, 14 statuses per country, 15 number of accepted
    # reports, 16-17 the activities of other programmes it continues and that continue it
    with django_assert_num_queries(17):
        response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    # The page shows the newest reports per country and links to all of them.
    groups = response.context["reports_by_state"]
    assert groups and all(len(group.entries) <= 3 for group in groups)
    shown = sum(len(group.entries) for group in groups)
    assert response.context["reports_total"] >= shown
    assert f"?activity={activity.code}" in response.text
