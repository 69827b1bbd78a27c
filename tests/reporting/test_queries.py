"""The number of queries of "My reporting", the batch page, the review queue and the public
list does not grow with the number of activities and reports."""

import pytest
from django.urls import reverse

from reporting.choices import ReportState
from reporting.models import Report, ReportTransition
from tests.factories import ActivityFactory, IssueFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


def grow(world, size):
    """`size` more activities of Kyrgyzstan, each with a report in a different state, plus as
    many submitted Tajik reports."""
    objective = ObjectiveFactory(programme=world.programme, number=3)
    issue = IssueFactory(objective=objective)
    states = [ReportState.ACCEPTED, ReportState.SUBMITTED, ReportState.DRAFT, ReportState.RETURNED]
    for index in range(size):
        activity = ActivityFactory(issue=issue)
        activity.range_states.set([world.kg, world.tj])
        world.activities[f"extra{index}"] = activity
        world.report(f"extra{index}", state=states[index % len(states)])
        world.report(
            f"extra{index}", by=world.tj_fp.user, range_state=world.tj, state=ReportState.SUBMITTED
        )


@pytest.mark.parametrize("size", [2, 12])
def test_my_reporting_query_count(client, world, django_assert_num_queries, size):
    grow(world, size)
    returned = world.report("kg", state=ReportState.RETURNED)
    ReportTransition.objects.create(
        report=returned, from_state="submitted", to_state="returned", comment="Add the dates."
    )
    client.force_login(world.kg_fp.user)
    # 1 session, 2 user, 3 focal point, 4 opened cycles, 5 the focal point's range states,
    # 6 its species, 7 activities matching the filters, 8 the reports of its subjects in the
    # cycle, 9 the activities of Kyrgyzstan, 10 the secretariat's comments on the reports
    # returned to me, 11 the objectives of the filter.
    with django_assert_num_queries(11):
        response = client.get(reverse("reporting:mine"), {"priority": "high"})
    assert response.status_code == 200
    assert response.context["sections"][0]["total"] == 4 + size
    assert len(response.context["attention"]["returned"]) == 1 + size // 4


@pytest.mark.parametrize("size", [2, 12])
def test_batch_page_query_count(client, world, django_assert_num_queries, size):
    grow(world, size)
    client.force_login(world.kg_fp.user)
    url = reverse("reporting:batch", args=[world.cycle.pk, "range-states", "KG"])
    # 1 session, 2 user, 3 cycle, 4 range state, 5 focal point, 6 is it theirs,
    # 7 activities of Kyrgyzstan, 8 their reports in the cycle.
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_review_queue_query_count(client, world, secretariat_user, django_assert_num_queries, size):
    grow(world, size)
    client.force_login(secretariat_user)
    # 1 session, 2 user, 3 permissions (user's and group's, core/permissions.py) for the
    # reviewer check, 4 counts by state (the paginator's count, of the submitted reports of
    # every cycle, is summed from them), 5 the open and newest cycles for the export links
    # (not every cycle), 6-8 cycles, range states and species for the filter's choices, 9 the
    # ids of the page's reports (sorted without their text), 10 these reports with their
    # cycle, activity, subject and author.
    with django_assert_num_queries(10):
        response = client.get(reverse("reporting:review"))
    assert response.status_code == 200
    submitted = Report.objects.filter(state=ReportState.SUBMITTED).count()
    assert len(response.context["page"].object_list) == submitted > size


@pytest.mark.parametrize("size", [2, 12])
def test_public_list_query_count(client, world, django_assert_num_queries, size):
    grow(world, size)
    assert Report.objects.accepted().exists()
    # 1 count for the paginator, 2 the ids of the page's reports (sorted without their
    # text), 3 these reports with what they show, 4-6 cycles, range states and species for
    # the filter's choices.
    with django_assert_num_queries(6):
        assert client.get(reverse("reporting:accepted")).status_code == 200
