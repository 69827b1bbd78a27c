"""Every list of the API takes `?programme=`: the per-programme lists (objectives, issues,
activities, reporting cycles, reports) list a second programme's records only with its code,
and the lists of species, range states, landscapes and actors narrow to those of a programme,
their `activities_url` keeping it."""

import pytest

from programme.models import ProgrammeRangeState, ProgrammeSpecies
from rangestates.models import Landscape, RangeState
from species.models import Species
from tests.factories import (
    ActivityFactory,
    IssueFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    RangeStateFactory,
    ResponsibilityFactory,
    SpeciesFactory,
)
from tests.rangestates.factories import build_reported_programme, report

pytestmark = pytest.mark.django_db

NEXT = "test-next"


@pytest.fixture
def second(secretariat_user):
    build_reported_programme(1, secretariat=secretariat_user)
    programme = ProgrammeFactory(code=NEXT, start_year=2021, end_year=2026, is_current=False)
    issue = IssueFactory(objective=ObjectiveFactory(programme=programme, number=7), code="7.9")
    activity = ActivityFactory(issue=issue, code="7.9.1", text_en="Next activity")
    ResponsibilityFactory(activity=activity, actor__slug="next-actor")
    bear = SpeciesFactory(slug="test-bear")
    activity.species.add(bear)
    ProgrammeSpecies.objects.create(programme=programme, species=bear, position=1)
    uzbekistan = RangeStateFactory(iso_code="UZ", name_en="Uzbekistan")
    ProgrammeRangeState.objects.create(programme=programme, range_state=uzbekistan)
    activity.range_states.add(uzbekistan)
    landscape = Landscape.objects.first()
    activity.landscapes.add(landscape)
    report(activity=activity, range_state=uzbekistan, progress="NEXT-REPORT")
    return programme


def listed(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize(
    "path, key, value",
    [
        ("/api/v1/activities/", "code", "7.9.1"),
        ("/api/v1/issues/", "code", "7.9"),
        ("/api/v1/objectives/", "number", 7),
    ],
)
def test_per_programme_lists(client, second, path, key, value):
    assert value not in [r[key] for r in listed(client, path)]
    assert [r[key] for r in listed(client, path, programme=NEXT)] == [value]
    assert client.get(path, {"programme": "nope"}).status_code == 400


def test_reporting_cycles_and_reports_of_a_programme(client, second):
    cycle = second.reporting_cycles.get()
    assert cycle.pk not in [c["id"] for c in listed(client, "/api/v1/reporting-cycles/")]
    assert [c["id"] for c in listed(client, "/api/v1/reporting-cycles/", programme=NEXT)] == [
        cycle.pk
    ]
    assert "NEXT-REPORT" not in str(listed(client, "/api/v1/reports/"))
    reports = listed(client, "/api/v1/reports/", programme=NEXT)
    assert [r["progress"] for r in reports] == ["NEXT-REPORT"]


@pytest.mark.parametrize(
    "path, key, value",
    [
        ("/api/v1/species/", "slug", "test-bear"),
        ("/api/v1/range-states/", "iso_code", "UZ"),
    ],
)
def test_what_a_programme_covers(client, second, path, key, value):
    assert value in [r[key] for r in listed(client, path)]
    mine = listed(client, path, programme=NEXT)
    assert [r[key] for r in mine] == [value]
    assert mine[0]["activities_url"].endswith(f"&programme={NEXT}")
    activities = client.get(mine[0]["activities_url"]).json()["results"]
    assert [a["code"] for a in activities] == ["7.9.1"]


def test_landscapes_and_actors_named_by_a_programme(client, second):
    landscapes = listed(client, "/api/v1/landscapes/", programme=NEXT)
    assert [r["slug"] for r in landscapes] == [Landscape.objects.first().slug]
    assert landscapes[0]["activities_url"].endswith(f"&programme={NEXT}")
    assert [r["slug"] for r in listed(client, "/api/v1/actors/", programme=NEXT)] == [
        "next-actor"
    ]
    assert "next-actor" in [r["slug"] for r in listed(client, "/api/v1/actors/")]
    assert Species.objects.count() > 1 and RangeState.objects.count() > 1
