"""Reading the programme through the API: addresses, contents, filters, errors, languages."""

import datetime

import pytest

from programme.choices import ImplementationStatus, Priority
from programme.models import Activity
from tests.factories import (
    ActivityFactory,
    ActivityStatusFactory,
    ActorFactory,
    IssueFactory,
    LandscapeFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    RangeStateFactory,
    ResponsibilityFactory,
    SpeciesFactory,
)

from .factories import build_programme

pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def codes(response):
    return [item["code"] for item in results(response)]


@pytest.fixture
def programme():
    return build_programme(3)


def test_api_root_lists_the_endpoints(api):
    body = api.get("/api/v1/").json()
    for name in (
        "programmes",
        "objectives",
        "issues",
        "activities",
        "actors",
        "species",
        "range-states",
        "landscapes",
        "reporting-cycles",
        "reports",
    ):
        assert body[name].endswith(f"/api/v1/{name}/")


def test_activity_by_code_has_everything(api, programme):
    response = api.get("/api/v1/activities/1.1.1/")
    assert response.status_code == 200
    activity = response.json()
    assert activity["code"] == "1.1.1"
    assert activity["programme"] == programme.code
    assert activity["objective"] == 1 and activity["issue"] == "1.1"
    assert (
        activity["url"] == f"http://testserver/api/v1/activities/1.1.1/?programme={programme.code}"
    )
    assert activity["web_url"].startswith("http://testserver/activities/1.1.1/")
    assert [s["letter"] for s in activity["subactivities"]] == ["a", "b"]
    assert [r["actor"]["slug"] for r in activity["responsibilities"]] == ["actor-1-1", "actor-1-2"]
    assert [s["slug"] for s in activity["species"]] == ["species-1"]
    assert [s["iso_code"] for s in activity["range_states"]] == ["QA"]
    assert [s["slug"] for s in activity["landscapes"]] == ["landscape-1"]
    assert activity["referenced_activities"] == ["1.1.1"]
    assert activity["referenced_issues"] == ["1.1"]
    assert activity["status"]["status"] == ImplementationStatus.IN_PROGRESS
    assert activity["status"]["status_label"] == "In progress"
    assert activity["status"]["version"] == 1
    [country] = activity["range_state_statuses"]
    assert country["range_state"]["iso_code"] == "QA"
    assert country["status"] == ImplementationStatus.COMPLETED
    assert country["report"].startswith("http://testserver/api/v1/reports/")


def test_activity_without_recorded_status_is_not_started(api):
    ActivityFactory(issue=IssueFactory(objective=ObjectiveFactory(number=1)))
    status = api.get("/api/v1/activities/1.1.1/").json()["status"]
    assert status == {
        "status": "not_started",
        "status_label": "Not started",
        "note": "",
        "status_date": None,
        "updated_at": None,
        "version": 0,
    }


def test_every_object_by_its_natural_key(api, programme):
    assert api.get("/api/v1/programmes/cami-2014-2020/").json()["is_current"] is True
    assert api.get("/api/v1/objectives/2/").json()["issues"][0]["code"] == "2.1"
    issue = api.get("/api/v1/issues/1.1/").json()
    assert [a["code"] for a in issue["activities"]] == ["1.1.1", "1.1.2"]
    assert api.get("/api/v1/actors/actor-1-1/").json()["slug"] == "actor-1-1"
    assert api.get("/api/v1/species/species-2/").json()["slug"] == "species-2"
    state = api.get("/api/v1/range-states/qa/").json()  # either case
    assert state["iso_code"] == "QA"
    assert [landscape["slug"] for landscape in state["landscapes"]] == ["landscape-1"]
    landscape = api.get("/api/v1/landscapes/landscape-1/").json()
    assert [s["iso_code"] for s in landscape["range_states"]] == ["QA"]
    assert (
        landscape["activities_url"] == "http://testserver/api/v1/activities/?landscape=landscape-1"
    )


def test_unknown_object_is_a_json_404_naming_it(api, programme):
    response = api.get("/api/v1/activities/9.9.9/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "not_found"
    assert "9.9.9" in body["detail"] and programme.code in body["detail"]
    assert api.get("/api/v1/objectives/not-a-number/").status_code == 404


def test_programme_parameter_picks_another_programme(api, programme):
    successor = ProgrammeFactory(
        code="cami-2021-2026", is_current=False, start_year=2021, end_year=2026
    )
    issue = IssueFactory(objective=ObjectiveFactory(programme=successor, number=1))
    ActivityFactory(issue=issue, text_en="Successor activity")
    ActivityFactory(issue=issue)
    # The current programme by default...
    assert api.get("/api/v1/activities/1.1.1/").json()["programme"] == programme.code
    # ...another one on request, for lists and objects.
    other = api.get("/api/v1/activities/1.1.1/?programme=cami-2021-2026").json()
    assert other["text"] == "Successor activity"
    assert codes(api.get("/api/v1/activities/?programme=cami-2021-2026")) == ["1.1.1", "1.1.2"]
    response = api.get("/api/v1/activities/?programme=nope")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["programme"]


def test_lists_without_a_programme_are_empty(api):
    assert results(api.get("/api/v1/activities/")) == []
    response = api.get("/api/v1/activities/1.1.1/")
    assert response.status_code == 404
    assert "No programme has been loaded yet" in response.json()["detail"]


def test_activities_in_natural_order(api):
    issue = IssueFactory(objective=ObjectiveFactory(number=1))
    for number in (10, 2, 1):
        ActivityFactory(issue=issue, code=f"1.1.{number}")
    assert codes(api.get("/api/v1/activities/")) == ["1.1.1", "1.1.2", "1.1.10"]
    assert codes(api.get("/api/v1/activities/?ordering=-code")) == ["1.1.10", "1.1.2", "1.1.1"]


class TestActivityFilters:
    @pytest.fixture
    def activities(self, db):
        programme = ProgrammeFactory()
        one = IssueFactory(objective=ObjectiveFactory(programme=programme, number=1))
        two = IssueFactory(objective=ObjectiveFactory(programme=programme, number=2))
        kg = RangeStateFactory(iso_code="KG")
        saiga = SpeciesFactory(slug="saiga")
        altai = LandscapeFactory(slug="altai")
        wcs = ActorFactory(slug="wcs")
        a = ActivityFactory(issue=one, priority=Priority.HIGH, text_en="Stop poaching of saiga")
        b = ActivityFactory(issue=one, priority=Priority.LOW, text_en="Fences and roads")
        c = ActivityFactory(issue=two, priority=Priority.MEDIUM, text_fr="Clôtures et routes")
        a.range_states.add(kg)
        b.species.add(saiga)
        c.landscapes.add(altai)
        ResponsibilityFactory(activity=c, actor=wcs, position=1)
        ActivityStatusFactory(activity=b, status=ImplementationStatus.COMPLETED)
        # Only b's representation changed since 2000 (`?updated_since=`).
        long_ago = datetime.datetime(1999, 12, 31, tzinfo=datetime.UTC)
        Activity.objects.filter(pk__in=[a.pk, c.pk]).update(changed_at=long_ago)
        return a, b, c

    @pytest.mark.parametrize(
        "query, expected",
        [
            ("objective=2", ["2.1.1"]),
            ("issue=1.1", ["1.1.1", "1.1.2"]),
            ("priority=high&priority=low", ["1.1.1", "1.1.2"]),
            ("status=completed", ["1.1.2"]),
            ("status=not_started", ["1.1.1", "2.1.1"]),
            ("actor=wcs", ["2.1.1"]),
            ("species=saiga", ["1.1.2"]),
            ("range_state=KG", ["1.1.1"]),
            ("landscape=altai", ["2.1.1"]),
            ("q=poaching", ["1.1.1"]),
            ("q=routes", ["2.1.1"]),  # the French text is searched too
            ("objective=1&priority=low", ["1.1.2"]),
            ("updated_since=2000-01-01T00:00:00Z", ["1.1.2"]),
            # Any offset Python reads, even one PostgreSQL refuses (beyond ±15:59).
            ("updated_since=2000-01-01T00:00:00%2B23:04", ["1.1.2"]),
            ("updated_since=2999-01-01T00:00:00-23:59", []),
            # By rank (high, high/medium, medium, medium/low, low), not by the codes' spelling.
            ("ordering=-priority,code", ["1.1.2", "2.1.1", "1.1.1"]),
            ("ordering=priority", ["1.1.1", "2.1.1", "1.1.2"]),
            ("ordering=-priority&ordering=code", ["1.1.2", "2.1.1", "1.1.1"]),
        ],
    )
    def test_filter_narrows_the_list(self, api, activities, query, expected):
        assert codes(api.get(f"/api/v1/activities/?{query}")) == expected

    @pytest.mark.parametrize(
        "query, parameter",
        [
            ("colour=red", "colour"),
            ("priority=urgent", "priority"),
            ("status=finished", "status"),
            ("objective=first", "objective"),
            ("objective=0", "objective"),
            ("issue=2", "issue"),
            ("species=unicorn", "species"),
            ("range_state=XX", "range_state"),
            ("updated_since=yesterday", "updated_since"),
            ("q=%20%20", "q"),
            ("priority=", "priority"),
            ("ordering=colour", "ordering"),
            ("objective=1&objective=2", "objective"),
            ("objective=9", "objective"),  # no such objective, as an unknown code
            ("page=0", "page"),
            ("page=two", "page"),
            ("page_size=501", "page_size"),
            ("page_size=0", "page_size"),
            ("lang=de", "lang"),
            ("format=xml", "format"),
        ],
    )
    def test_unknown_or_malformed_parameter_is_a_400_naming_it(
        self, api, activities, query, parameter
    ):
        response = api.get(f"/api/v1/activities/?{query}")
        assert response.status_code == 400, response.content
        body = response.json()
        assert list(body["errors"]) == [parameter]
        assert body["detail"].startswith(f"{parameter}: ")
        assert body["code"]


def test_unknown_parameter_on_an_object_is_a_400(api, programme):
    response = api.get("/api/v1/activities/1.1.1/?priority=high")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["priority"]


def test_pagination_and_its_cap(api):
    issue = IssueFactory(objective=ObjectiveFactory(number=1))
    ActivityFactory.create_batch(5, issue=issue)
    first = api.get("/api/v1/activities/?page_size=2").json()
    assert first["count"] == 5 and len(first["results"]) == 2
    assert "page=2" in first["next"] and "page_size=2" in first["next"]
    last = api.get("/api/v1/activities/?page_size=2&page=3").json()
    assert [a["code"] for a in last["results"]] == ["1.1.5"] and last["next"] is None
    assert api.get("/api/v1/activities/?page_size=2&page=4").status_code == 404
    assert api.get("/api/v1/activities/?page_size=500").status_code == 200


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"headers": {"accept-language": "fr"}},
        {"path_suffix": "?lang=fr"},
    ],
)
def test_content_in_french(api, programme, request_kwargs):
    path = "/api/v1/activities/1.1.1/" + request_kwargs.get("path_suffix", "")
    response = api.get(path, headers=request_kwargs.get("headers"))
    assert response["Content-Language"] == "fr"
    activity = response.json()
    assert activity["text"].startswith("Faire le travail de conservation")
    assert activity["responsibilities"][0]["actor"]["name"].startswith("Acteur")
    assert activity["species"][0]["common_name"].startswith("Espèce")


def test_lang_parameter_wins_over_the_header_and_russian_falls_back_to_english(api, programme):
    response = api.get("/api/v1/activities/1.1.1/?lang=ru", headers={"accept-language": "fr"})
    # Russian asked; the text, which has none, shown in English, and said so
    assert response["Content-Language"] == "ru, en"
    assert response.json()["text"].startswith("Do conservation work")  # no Russian text
    assert response.json()["fallback"]["text"] == "en"


def test_an_activity_has_its_short_title_in_the_language_asked(api, programme):
    Activity.objects.filter(code="1.1.1").update(
        short_title_en="Ranger training", short_title_ru="Обучение егерей"
    )
    assert api.get("/api/v1/activities/1.1.1/").json()["short_title"] == "Ranger training"
    russian = api.get("/api/v1/activities/1.1.1/?lang=ru").json()
    assert russian["short_title"] == "Обучение егерей"
    assert [a["short_title"] for a in results(api.get("/api/v1/activities/?lang=ru"))][:2] == [
        "Обучение егерей",
        "",  # none recorded: empty
    ]
