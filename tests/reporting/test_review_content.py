"""The implementation review's content, built once from a cycle's accepted reports: what it
holds, and its reads, which do not grow with the cycle."""

import pytest
from django.utils.translation import override

from programme.choices import ImplementationStatus
from reporting.choices import ReportState
from reporting.review_document.content import build_review, excerpt
from tests.factories import ActivityFactory, RangeStateFactory

from .factories import ReportFactory
from .review_helpers import EXCERPTS, accept_reports

pytestmark = pytest.mark.django_db


def _activities(content):
    return {
        activity["code"]: activity
        for objective in content["objectives"]
        for issue in objective["issues"]
        for activity in issue["activities"]
    }


def test_the_review_holds_every_accepted_report_and_nothing_else(world):
    accept_reports(world)
    content = build_review(world.cycle)
    activities = _activities(content)
    assert set(activities) == {a.code for a in world.activities.values()}
    kg = activities[world.activities["kg"].code]
    assert kg["title"] == world.activities["kg"].list_title
    assert kg["statuses"] == [{"iso": "KG", "country": "Kyrgyzstan", "status": "Completed"}]
    [quote] = kg["excerpts"]
    assert quote["subject"] == "Kyrgyzstan"
    assert quote["progress"] == EXCERPTS[("kg", "kg")]
    assert quote["obstacles"] == "Late funding."
    general = activities[world.activities["general"].code]
    assert [q["subject"] for q in general["excerpts"]] == ["Kyrgyzstan", "Tajikistan"]
    leopard = activities[world.activities["leopard"].code]
    assert leopard["excerpts"][0]["subject"] == "Snow leopard"
    # Drafts and submitted reports stay out.
    every_text = str(content)
    assert "Not yet public draft text." not in every_text
    assert "Submitted but not accepted text." not in every_text

    summary = content["summary"]
    assert summary["reports"] == 5
    assert summary["range_states_reported"] == 2
    assert summary["species_reported"] == 1
    assert summary["activities_reported"] == 4
    assert summary["activities"] == 6
    rates = {row["iso"]: row for row in content["annex"]["rates"]}
    assert rates["KG"]["reported"] == 2 and rates["KG"]["rate"] == 33
    assert rates["TJ"]["reported"] == 2
    assert len(content["annex"]["reports"]) == 5
    matrix = {row["code"]: row["codes"] for row in content["annex"]["matrix"]}
    assert matrix[world.activities["general"].code] == ["completed", "completed"]


def test_what_changed_since_the_previous_cycle(world, previous_cycle):
    world.report("kg", cycle=previous_cycle, state=ReportState.ACCEPTED,
                 status=ImplementationStatus.IN_PROGRESS)  # fmt: skip
    world.report("kg", state=ReportState.ACCEPTED, status=ImplementationStatus.COMPLETED)
    world.report("general", state=ReportState.ACCEPTED, status=ImplementationStatus.ONGOING)
    content = build_review(world.cycle)
    assert content["previous_cycle"] == previous_cycle.name
    assert content["changes"]["moved"] == [
        {
            "activity": world.activities["kg"].code,
            "country": "Kyrgyzstan",
            "before": "In progress",
            "after": "Completed",
        }
    ]
    assert content["changes"]["new"] == 1
    counts = {row["code"]: (row["before"], row["now"]) for row in content["changes"]["counts"]}
    assert counts["in_progress"] == (1, 0)
    assert counts["completed"] == (0, 1)


def test_the_review_speaks_the_active_language(world):
    accept_reports(world)
    with override("fr"):
        content = build_review(world.cycle)
    assert content["language"] == "fr"
    assert content["cycle"]["name"] == world.cycle.name_fr
    assert {row["name"] for row in content["annex"]["rates"]} == {"Kirghizistan", "Tadjikistan"}
    labels = {status["code"]: status["label"] for status in content["statuses"]}
    assert labels["not_started"] != "Not started"


def test_excerpts_are_cut_at_a_word():
    text = "word " * 200
    cut = excerpt(text, 50)
    assert len(cut) <= 50 and cut.endswith("…") and not cut[:-1].endswith(" ")
    assert excerpt("  short   text ") == "short text"


def _grow(world, states, per_activity):
    """More range states, activities and accepted reports."""
    more_states = [RangeStateFactory() for _ in range(states)]
    issue = world.activities["kg"].issue
    for _ in range(per_activity):
        activity = ActivityFactory(issue=issue)
        for state in [world.kg, world.tj, *more_states]:
            ReportFactory(cycle=world.cycle, activity=activity, range_state=state,
                          state=ReportState.ACCEPTED, author=world.kg_fp.user)  # fmt: skip


@pytest.mark.parametrize("size", [0, 1])
def test_the_reads_do_not_grow_with_the_cycle(world, previous_cycle, size,
                                               django_assert_num_queries):  # fmt: skip
    accept_reports(world)
    if size:
        _grow(world, states=4, per_activity=8)
    # 1 the cycle and programme, 2 the previous cycle, 3 objectives, 4 issues,
    # 5 activities with their statuses, 6 their actors, 7 range states,
    # 8 the accepted reports, 9 the previous cycle's statuses.
    with django_assert_num_queries(9):
        content = build_review(world.cycle)
    assert content["summary"]["reports"] == 5 + size * 8 * 6
