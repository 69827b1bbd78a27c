"""The public pages of the programme: home, browser, activity, actors, matrix, search,
downloads, error pages, languages and query counts."""

import csv
import io

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from core.roles import SECRETARIAT
from programme.choices import ImplementationStatus, Priority
from programme.services import set_status
from reporting.choices import ReportState
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
    SubActivityFactory,
    UserFactory,
)
from tests.rangestates.factories import build_reported_programme, report

pytestmark = pytest.mark.django_db

PRIVATE = ("DRAFT-TEXT", "RETURNED-TEXT")


@pytest.fixture
def secretariat(db):
    return UserFactory(username="sasha", is_staff=True, groups=[SECRETARIAT])


def build_programme(activities_per_issue):
    programme = ProgrammeFactory()
    for number in (1, 2):
        objective = ObjectiveFactory(programme=programme, number=number)
        for _ in range(2):
            issue = IssueFactory(objective=objective)
            for _ in range(activities_per_issue):
                ResponsibilityFactory(activity=ActivityFactory(issue=issue))
    return programme


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
    assert reports and all(r.state == ReportState.ACCEPTED for r in reports)
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


@pytest.mark.parametrize("size", [1, 4])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, secretariat, size):
    build_reported_programme(size, secretariat=secretariat)
    # 1 current programme, 2 activities by status, 3 by objective and status, 4 objectives,
    # 5 their issues, 6 activities by priority, 7 species of the initiative, 8 range states,
    # 9 activities reported per range state, 10 accepted reports per range state, 11 number
    # of activities, 12 latest accepted reports
    with django_assert_num_queries(12):
        assert client.get("/").status_code == 200


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
    # 1 programme, 2 issues and 3 objectives (filter menus), 4-7 actor, species, range
    # state and landscape choices, 8 species value checked, 9 activities with issue,
    # objective and status, 10-14 their species, range states, landscapes, responsibilities
    # and actors
    with django_assert_num_queries(14):
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
    # the same, 8 range states, 9 the statuses accepted per country
    with django_assert_num_queries(9):
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
    ends = [r.cycle.period_end for r in groups[0].entries]
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
    # 1 programme, 2 activity with issue, objective and status, 3-9 species, range states,
    # landscapes, responsibilities, actors, sub-items, referenced activities, 10 referenced
    # issues, 11 status history, 12 referencing activities, 13 accepted reports,
    # 14 statuses per country, 15 number of accepted reports
    with django_assert_num_queries(15):
        response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    # The page shows the newest reports per country and links to all of them.
    groups = response.context["reports_by_state"]
    assert groups and all(len(group.entries) <= 3 for group in groups)
    shown = sum(len(group.entries) for group in groups)
    assert response.context["reports_total"] >= shown
    assert f"?activity={activity.code}" in response.text


# --- Actors ------------------------------------------------------------------------------------


def test_actor_pages(client, secretariat):
    activity = ActivityFactory(text_en="Survey the argali.")
    responsibility = ResponsibilityFactory(activity=activity, qualifier_en="as a platform")
    set_status(activity, status=ImplementationStatus.ONGOING, by=secretariat)
    idle = ActorFactory(name_en="Idle Foundation")
    response = client.get(reverse("programme:actors"))
    assert str(responsibility.actor) in response.text and "Idle Foundation" in response.text
    response = client.get(responsibility.actor.get_absolute_url())
    assert activity.code in response.text and "as a platform" in response.text
    assert "Ongoing (recurring)" in response.text
    response = client.get(idle.get_absolute_url())
    assert "This actor is not responsible for any activity of this programme." in response.text


@pytest.mark.parametrize("size", [1, 4])
def test_actor_pages_query_count(client, django_assert_num_queries, secretariat, size):
    build_reported_programme(size, secretariat=secretariat)
    actor = ActorFactory(slug="busy")
    from programme.models import Activity

    for activity in Activity.objects.all():
        ResponsibilityFactory(activity=activity, actor=actor)
    # 1 programme, 2 actors with their number of activities
    with django_assert_num_queries(2):
        assert client.get(reverse("programme:actors")).status_code == 200
    # 1 actor, 2 programme, 3 responsibilities with activities and statuses
    with django_assert_num_queries(3):
        assert client.get(actor.get_absolute_url()).status_code == 200


# --- Implementation matrix ---------------------------------------------------------------------


def test_matrix_shows_accepted_status_per_country(client, secretariat):
    build_reported_programme(1, secretariat=secretariat)
    response = client.get(reverse("programme:matrix"))
    assert response.status_code == 200
    assert [s.iso_code for s in response.context["states"]] == ["CN", "KZ", "MN"]
    for row in response.context["rows"]:
        china, kazakhstan, mongolia = row.cells
        assert mongolia.status == ImplementationStatus.IN_PROGRESS
        assert china is None and kazakhstan is None  # returned, draft: not public
    # Colour and text: the cell carries the status in words for screen readers.
    assert '<span class="visually-hidden">In progress</span>' in response.text
    for private_status in ("delayed", "suspended"):  # the draft's and the returned report's
        assert f'<td class="cell-status status-{private_status}"' not in response.text


def test_matrix_follows_the_latest_accepted_report(client, secretariat):
    activity = ActivityFactory()
    state = RangeStateFactory(iso_code="TJ", name_en="Tajikistan")
    old = report(activity=activity, range_state=state, status=ImplementationStatus.DELAYED)
    report(
        activity=activity,
        range_state=state,
        status=ImplementationStatus.COMPLETED,
        cycle__period_start=old.cycle.period_start.replace(year=old.cycle.period_start.year + 1),
    )
    # A later draft changes nothing until it is accepted.
    report(activity=activity, range_state=state, state=ReportState.DRAFT,
           status=ImplementationStatus.CANCELLED,
           cycle__period_start=old.cycle.period_start.replace(year=2030))  # fmt: skip
    response = client.get(reverse("programme:matrix"))
    (row,) = response.context["rows"]
    assert row.cells[0].status == ImplementationStatus.COMPLETED


def test_matrix_filters_rows_and_columns(client, secretariat):
    build_reported_programme(1, secretariat=secretariat)
    response = client.get(reverse("programme:matrix"), {"range_state": "MN", "objective": "1"})
    assert [s.iso_code for s in response.context["states"]] == ["MN"]
    assert response.context["activity_count"] == 2
    assert "Range state: Mongolia" in response.text


def test_matrix_empty_states(client):
    ProgrammeFactory()
    response = client.get(reverse("programme:matrix"))
    assert "This programme has no activities yet." in response.text


@pytest.mark.parametrize("size", [1, 4])
def test_matrix_query_count_does_not_grow(client, django_assert_num_queries, secretariat, size):
    build_reported_programme(size, secretariat=secretariat)
    # 1 programme, 2 activities, 3-7 their related records, 8 range states, 9 accepted
    # statuses per country, 10 issues, 11 objectives, 12-15 actor, species, range state and
    # landscape choices
    with django_assert_num_queries(15):
        assert client.get(reverse("programme:matrix")).status_code == 200


# --- Search ------------------------------------------------------------------------------------


def test_search_across_activities_species_states_landscapes_actors(client):
    activity = ActivityFactory(text_en="Protect the Altai argali from poaching.")
    SpeciesFactory(slug="argali", common_name_en="Argali", common_name_fr="Argali")
    RangeStateFactory(iso_code="MN", name_en="Mongolia", name_fr="Mongolie")
    LandscapeFactory(slug="altai-sayan", name_en="Altai-Sayan")
    ActorFactory(slug="altai-project", name_en="Altai Project")
    response = client.get(reverse("programme:search"), {"q": "altai"})
    assert [a.code for a in response.context["activities"]] == [activity.code]
    assert [str(x) for x in response.context["landscapes"]] == ["Altai-Sayan"]
    assert [str(x) for x in response.context["actors"]] == ["Altai Project"]
    response = client.get(reverse("programme:search"), {"q": "argali"})
    assert [s.slug for s in response.context["species"]] == ["argali"]
    assert "2 results" in response.text


def test_search_in_the_current_language(client):
    ProgrammeFactory()
    RangeStateFactory(iso_code="MN", name_en="Mongolia", name_fr="Mongolie")
    response = client.get(
        reverse("programme:search"), {"q": "mongolie"}, headers={"accept-language": "fr"}
    )
    assert [s.iso_code for s in response.context["range_states"]] == ["MN"]
    assert "Mongolie" in response.text and "1 résultat" in response.text


def test_search_without_words_or_results_explains_itself(client):
    ProgrammeFactory()
    assert "Type a word or an activity number" in client.get(reverse("programme:search")).text
    response = client.get(reverse("programme:search"), {"q": "zebra"})
    assert "Nothing matches every word" in response.text


@pytest.mark.parametrize("size", [1, 4])
def test_search_query_count_does_not_grow(client, django_assert_num_queries, secretariat, size):
    build_reported_programme(size, secretariat=secretariat)
    # 1 programme, 2 activities, 3-7 their related records, 8 species, 9 range states,
    # 10 landscapes, 11 actors
    with django_assert_num_queries(11):
        response = client.get(reverse("programme:search"), {"q": "conservation"})
    assert len(response.context["activities"]) == 4 * size


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
