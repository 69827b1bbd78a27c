"""The statuses per range state as their own list (JSON and CSV, lossless), the portal's rule of
what concerns a range state (`?concerns=`), and one filter convention everywhere."""

import csv
import io

import pytest

from reporting import services
from tests.factories import ActivityFactory, IssueFactory, LandscapeFactory, ObjectiveFactory

from .conftest import LIST

pytestmark = pytest.mark.django_db

STATUSES = "/api/v1/range-state-statuses/"


@pytest.fixture
def accepted(submitted, secretariat_user):
    return services.accept(submitted, by=secretariat_user, expected_version=submitted.version)


def test_the_statuses_per_range_state_list_in_json_and_csv(api, accepted, activity):
    response = api.get(STATUSES)
    assert response.status_code == 200, response.content
    [row] = response.json()["results"]
    assert row["activity"] == activity.code and row["range_state"] == "KG"
    assert row["status"] == "in_progress" and row["status_label"] == "In progress"
    assert row["as_of"] == accepted.cycle.period_end.isoformat()
    assert row["report"].endswith(f"/api/v1/reports/{accepted.pk}/")
    body = b"".join(api.get(f"{STATUSES}?format=csv").streaming_content).decode()
    table = list(csv.DictReader(io.StringIO(body)))
    assert [(r["activity"], r["range_state"], r["status"], r["as_of"]) for r in table] == [
        (activity.code, "KG", "in_progress", row["as_of"])
    ]
    assert table[0]["report"] == row["report"]


@pytest.mark.parametrize(
    "query, found",
    [
        ("range_state=kg", 1),
        ("range_state=KG&range_state=TJ", 1),
        ("range_state=TJ", 0),
        ("status=completed", 0),
        ("activity=1.1.1", 1),
    ],
)
def test_the_statuses_filter(api, accepted, query, found):
    assert api.get(f"{STATUSES}?{query}").json()["count"] == found


@pytest.mark.parametrize("extra", [0, 6])
def test_the_statuses_list_costs_the_same_at_two_sizes(
    api, accepted, activity, extra, django_assert_num_queries
):
    from rangestates.models import RangeState
    from reporting.models import RangeStateActivityStatus
    from tests.factories import RangeStateFactory

    for number in range(extra):
        RangeStateActivityStatus.objects.create(
            activity=activity,
            range_state=RangeStateFactory(iso_code="Z" + "ABCDEF"[number]),
            status="completed",
            as_of=accepted.cycle.period_end,
        )
    assert RangeState.objects.count() == 2 + extra
    with django_assert_num_queries(3):  # the programme, the count, the page (joined)
        assert api.get(STATUSES).json()["count"] == 1 + extra


def test_unknown_codes_are_400_everywhere(api, accepted):
    for url in (
        f"{STATUSES}?range_state=XX",
        f"{LIST}?range_state=XX",
        "/api/v1/activities/?range_state=XX",
        "/api/v1/activities/?objective=9",
        "/api/v1/activities/?concerns=XX",
    ):
        response = api.get(url)
        assert response.status_code == 400, url
    # The refusal says what is unknown, not that a number is malformed.
    errors = api.get("/api/v1/activities/?objective=9").json()["errors"]
    assert errors["objective"] == ["There is no objective 9."]


def test_reports_take_several_range_states_in_any_case(api, accepted):
    assert api.get(f"{LIST}?range_state=kg&range_state=TJ").json()["count"] == 1
    assert api.get(f"{LIST}?species=SNOW-LEOPARD").json()["count"] == 0


def test_concerns_follows_the_rule_of_my_reporting(api, programme, state, other_state):
    from tests.factories import SpeciesFactory

    issue = IssueFactory(objective=ObjectiveFactory(programme=programme, number=2))
    linked = ActivityFactory(issue=issue, code="2.1.1")
    linked.range_states.add(state)
    altai = LandscapeFactory(slug="altai")
    altai.range_states.add(state)
    by_landscape = ActivityFactory(issue=issue, code="2.1.2")
    by_landscape.landscapes.add(altai)
    ActivityFactory(issue=issue, code="2.1.3")  # nothing geographic: every state's
    elsewhere = ActivityFactory(issue=issue, code="2.1.4")
    elsewhere.range_states.add(other_state)
    saiga = SpeciesFactory(slug="saiga")
    only_species = ActivityFactory(issue=issue, code="2.1.5")
    only_species.species.add(saiga)

    def codes(query):
        response = api.get(f"/api/v1/activities/?{query}")
        assert response.status_code == 200, response.content
        return [a["code"] for a in response.json()["results"]]

    assert codes("range_state=KG") == ["2.1.1"]
    from programme.models import Activity
    from reporting.querysets import activities_in_scope

    rule = [a.code for a in activities_in_scope(Activity.objects.all(), range_state=state)]
    assert codes("concerns=kg") == rule
    assert "2.1.2" in rule and "2.1.3" in rule and "2.1.4" not in rule
    assert codes("concerns=KG&concerns=TJ") == sorted(set(rule) | {"2.1.4"})
