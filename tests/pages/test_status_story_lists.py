"""One status story beyond the activity page: the home page, the activity browser (filterable by
what the range states report, with the API), and the matrix show the secretariat's overall
status and, beside it, the range states' picture, with the same sentence on how they relate."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from programme.choices import ImplementationStatus
from programme.services import set_status
from reporting.public import country_pictures, programme_country_picture
from tests.factories import (
    ActivityFactory,
    IssueFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    RangeStateFactory,
)
from tests.rangestates.factories import ReportingCycleFactory, build_reported_programme, report

pytestmark = pytest.mark.django_db

SENTENCE = "The secretariat's status is its overall reading of the activity"
ONGOING, COMPLETED, DELAYED = (
    ImplementationStatus.ONGOING,
    ImplementationStatus.COMPLETED,
    ImplementationStatus.DELAYED,
)


@pytest.fixture
def story(secretariat):
    """Three activities: 1.1.1 reported ongoing by Kyrgyzstan and Mongolia and completed by
    Kazakhstan (the secretariat says delayed); 1.1.2 reported delayed by Mongolia; 1.1.3
    reported by no one."""
    programme = ProgrammeFactory()
    issue = IssueFactory(objective=ObjectiveFactory(programme=programme, number=1), code="1.1")
    first, second, third = (ActivityFactory(issue=issue, code=f"1.1.{n}") for n in (1, 2, 3))
    kyrgyzstan = RangeStateFactory(iso_code="KG", name_en="Kyrgyzstan", name_ru="Кыргызстан")
    mongolia = RangeStateFactory(iso_code="MN", name_en="Mongolia", name_ru="Монголия")
    kazakhstan = RangeStateFactory(iso_code="KZ", name_en="Kazakhstan", name_ru="Казахстан")
    old, new = (
        ReportingCycleFactory(
            programme=programme,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
        )
        for year in (2022, 2024)
    )
    report(activity=first, cycle=old, range_state=kyrgyzstan, status=ONGOING)
    report(activity=first, cycle=new, range_state=mongolia, status=ONGOING)
    report(activity=first, cycle=old, range_state=kazakhstan, status=COMPLETED)
    report(activity=second, cycle=old, range_state=mongolia, status=DELAYED)
    set_status(first, status=DELAYED, by=secretariat)
    return {"programme": programme, "activities": (first, second, third)}


def counts(picture):
    return [(value, count) for value, _label, count in picture["counts"]]


# --- The one rule ------------------------------------------------------------------------------


def test_pictures_of_many_activities_in_one_query(story, django_assert_num_queries):
    first, second, third = story["activities"]
    with django_assert_num_queries(1):
        pictures = country_pictures([first, second, third])
    assert counts(pictures[first.pk]) == [("ongoing", 2), ("completed", 1)]
    assert pictures[first.pk]["total"] == 3
    assert pictures[first.pk]["latest"] == datetime.date(2024, 12, 31)
    assert counts(pictures[second.pk]) == [("delayed", 1)]
    assert third.pk not in pictures
    assert country_pictures([]) == {}


def test_the_programmes_picture(story, django_assert_num_queries):
    with django_assert_num_queries(1):
        picture = programme_country_picture(story["programme"])
    assert counts(picture) == [("ongoing", 2), ("completed", 1), ("delayed", 1)]
    assert (picture["total"], picture["activities"], picture["range_states"]) == (4, 2, 3)
    assert picture["latest"] == datetime.date(2024, 12, 31)


# --- Home page ---------------------------------------------------------------------------------


def test_home_shows_both_pictures_and_the_sentence(client, story):
    response = client.get("/")
    page = response.text
    glance = page[page.index('id="glance-title"') : page.index('id="objectives-title"')]
    assert "Activities by status" in glance and "From the range states' reports" in glance
    assert "Activities reported on: 2 of 3" in glance
    assert "Range states reporting: 3 of 3" in glance
    assert "Latest report as of 31 December 2024" in glance
    assert "one per activity: 4 in all." in glance
    assert SENTENCE in glance
    shares = {share.value: share.count for share in response.context["country_shares"]}
    assert shares["ongoing"] == 2 and shares["completed"] == 1 and shares["delayed"] == 1
    assert "/activities/?country_status=ongoing" in glance
    # The secretariat's side still counts the activities by its own status.
    status = {share.value: share.count for share in response.context["status_shares"]}
    assert status["delayed"] == 1 and status["not_started"] == 2


def test_home_without_country_reports_says_so(client):
    ActivityFactory()
    page = client.get("/").text
    assert "No range state has reported on an activity in an accepted report yet." in page


def test_home_in_russian(client, story):
    page = client.get("/", headers={"accept-language": "ru"}).text
    assert "По отчётам государств ареала" in page
    assert "Мероприятия, по которым есть отчёты: 2 из 3" in page
    assert "Статус секретариата" in page


# --- Activity browser and its filter -------------------------------------------------------------


def test_browser_rows_show_the_range_states_picture(client, story):
    first, second, third = story["activities"]
    response = client.get(reverse("programme:activities"))
    rows = {activity.code: activity.country_picture for activity in response.context["activities"]}
    assert counts(rows["1.1.1"]) == [("ongoing", 2), ("completed", 1)]
    assert counts(rows["1.1.3"]) == []
    page = response.text
    assert "Reported by range states" in page and "Overall status" in page
    assert 'Ongoing (recurring): <span class="picture-count">2</span>' in page
    assert SENTENCE in page


@pytest.mark.parametrize(
    "values, expected",
    [
        (["ongoing"], ["1.1.1"]),
        (["delayed"], ["1.1.2"]),
        (["completed", "delayed"], ["1.1.1", "1.1.2"]),
        (["none"], ["1.1.3"]),
        (["none", "delayed"], ["1.1.2", "1.1.3"]),
        (["suspended"], []),
    ],
)
def test_browser_filters_by_what_the_range_states_report(client, story, values, expected):
    response = client.get(reverse("programme:activities"), {"country_status": values})
    assert response.status_code == 200
    assert [a.code for a in response.context["activities"]] == expected
    assert response.context["filtered"]


def test_the_filter_is_a_chip_and_a_check_box(client, story):
    response = client.get(reverse("programme:activities"), {"country_status": "ongoing"})
    chips = [(chip.label, chip.value) for chip in response.context["chips"]]
    assert ("Status reported by a range state", "Ongoing (recurring)") in chips
    assert 'name="country_status" value="none"' in response.text
    assert "No range state has reported yet" in response.text


def test_the_secretariats_status_and_the_countries_are_two_filters(client, story):
    # 1.1.1: the secretariat says delayed, Mongolia does not; 1.1.2 the other way round.
    response = client.get(reverse("programme:activities"), {"status": "delayed"})
    assert [a.code for a in response.context["activities"]] == ["1.1.1"]
    response = client.get(
        reverse("programme:activities"), {"status": "delayed", "country_status": "delayed"}
    )
    assert [a.code for a in response.context["activities"]] == []


def test_an_unknown_country_status_is_refused(client, story):
    response = client.get(reverse("programme:activities"), {"country_status": "finished"})
    assert response.status_code == 400
    response = client.get(reverse("programme:programme_csv"), {"country_status": "finished"})
    assert response.status_code == 400


@pytest.mark.parametrize("size", [1, 4])
def test_filtered_browser_query_count_does_not_grow(
    client, django_assert_num_queries, secretariat, size
):
    build_reported_programme(size, secretariat=secretariat)
    # 1 the programmes, 2-3 issues and objectives (menus), 4-7 actor, species, range state
    # and landscape choices, 8 activities with issue, objective and status (the filter is a
    # subquery; none of their linked records), 9 the range states' picture of each
    with django_assert_num_queries(9):
        response = client.get(reverse("programme:activities"), {"country_status": "in_progress"})
    assert response.status_code == 200
    assert len(response.context["activities"]) == 4 * size
    assert all(a.country_picture["total"] == 1 for a in response.context["activities"])


# --- The API shares the filter -------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, expected",
    [(["ongoing"], ["1.1.1"]), (["none", "delayed"], ["1.1.2", "1.1.3"]), (["NONE"], None)],
)
def test_the_api_filters_the_same_way(story, values, expected):
    response = APIClient().get("/api/v1/activities/", {"country_status": values})
    if expected is None:
        assert response.status_code == 400
        assert "country_status" in response.json()["errors"]
        return
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == expected


@pytest.mark.parametrize("size", [2, 5])
def test_the_api_filter_query_count_does_not_grow(django_assert_num_queries, secretariat, size):
    build_reported_programme(size, secretariat=secretariat)
    api = APIClient()
    # 1 the programme, 2 count, 3 activities, 4-13 their related records, as without a filter
    # (tests/api/test_query_counts.py)
    with django_assert_num_queries(13):
        response = api.get("/api/v1/activities/", {"country_status": ["in_progress", "none"]})
    assert response.json()["count"] == 4 * size


def test_the_schema_documents_the_filter(client):
    schema = client.get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/activities/"]["get"]["parameters"]
    (parameter,) = [p for p in parameters if p["name"] == "country_status"]
    assert set(parameter["schema"]["items"]["enum"]) == {*ImplementationStatus.values, "none"}
    assert "at least one range state reports" in parameter["description"]
    assert parameter["explode"] is True


# --- Matrix --------------------------------------------------------------------------------------


def test_matrix_explains_and_filters(client, story):
    response = client.get(reverse("programme:matrix"), {"country_status": "completed"})
    assert [row.activity.code for row in response.context["rows"]] == ["1.1.1"]
    row = response.context["rows"][0]
    assert row.overall.status == "delayed"  # the secretariat's, beside the countries'
    assert [(state.iso_code, cell.status) for state, cell in row.reported] == [
        ("KZ", "completed"), ("KG", "ongoing"), ("MN", "ongoing"),
    ]  # fmt: skip
    assert SENTENCE in response.text


def test_matrix_on_a_phone_names_each_country(client, story):
    page = client.get(reverse("programme:matrix"), headers={"accept-language": "ru"}).text
    stacked = page[page.index('class="matrix-stacked"') :]
    assert "Секретариат КМВ" in stacked
    assert ">Кыргызстан</a></dt>" in stacked and ">Монголия</a></dt>" in stacked
    assert "Ни одно государство ареала ещё не отчиталось" in stacked  # 1.1.3


def test_matrix_scroll_box_keeps_its_hidden_labels():
    from django.conf import settings

    css = (settings.BASE_DIR / "static/css/portal.css").read_text()
    rule = css[css.index(".matrix-scroll {") :].split("}")[0]
    assert "position: relative" in rule and "overflow: auto" in rule


# --- Activity page: the status under the number on a phone ---------------------------------------


def test_activity_page_states_the_status_under_the_number(client, story):
    first = story["activities"][0]
    page = client.get(first.get_absolute_url()).text
    glance = page[page.index('class="status-glance') : page.index('class="activity-text"')]
    assert "status-delayed" in glance and "3 range states reported" in glance
    assert page.index('class="status-glance') < page.index('class="activity-text"')


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "no range state has reported on yet"), ("fr", "aucun État n’a encore fait rapport"),
     ("ru", "ни одно государство ещё не отчиталось")],
)
def test_the_api_guide_explains_the_filter(client, language, words):
    response = client.get("/api/", headers={"accept-language": language})
    assert response.status_code == 200
    text = response.content.decode()
    assert "country_status=in_progress&amp;country_status=none" in text
    assert words in text
