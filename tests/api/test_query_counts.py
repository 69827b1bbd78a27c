"""Every list endpoint runs the same number of queries whatever the data size and the page
size (measured at two of each)."""

import pytest

from tests.reporting.factories import ReportingCycleFactory

from .conftest import client_with_token
from .factories import build_programme

pytestmark = pytest.mark.django_db

# Queries of an anonymous request, per endpoint, with what each one reads.
EXPECTED = {
    "programmes": [
        "count",
        "programmes",
        "their objectives",
        "their species with their scope",
        "their range states",
    ],
    "objectives": [
        "the current programme",
        "count",
        "objectives",
        "their issues",
    ],
    "issues": [
        "the current programme",
        "count",
        "issues with their objective",
        "their activities",
    ],
    "activities": [
        "the current programme",
        "count",
        # Plain rows (programme/api/builders.py), a query per relation.
        "activities with issue, objective, programme and status",
        "sub-items",
        "responsibilities with their actors",
        "species",
        "range states",
        "landscapes",
        "cross-referenced activities",
        "cross-referenced issues",
        "activities of earlier programmes it continues",
        "activities of later programmes continuing it",
        "statuses per range state, with range state and report",
    ],
    "actors": ["count", "actors"],
    "species": ["count", "species"],
    "range-states": ["count", "range states", "their landscapes"],
    "landscapes": ["count", "landscapes", "their range states"],
    "reporting-cycles": ["the current programme", "count", "cycles with their programme"],
    "reports": [
        "the current programme",
        "count",
        # Sorted without their text across four joins, then read for the page alone.
        "ids of the page's reports",
        "reports with cycle, activity, programme, range state, species (plain rows)",
        "links",
        "attachments",
        # No transitions: an anonymous reader sees none, so they are not read.
    ],
}


def build(size):
    programme = build_programme(size)
    for _ in range(size):
        ReportingCycleFactory(programme=programme)
    return programme


@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
@pytest.mark.parametrize("size, page_size", [(2, 50), (6, 50), (6, 1)])
def test_list_query_count_is_constant(api, django_assert_num_queries, endpoint, size, page_size):
    build(size)
    with django_assert_num_queries(len(EXPECTED[endpoint])):
        response = api.get(f"/api/v1/{endpoint}/?page_size={page_size}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


@pytest.mark.parametrize("size", [2, 6])
def test_reports_query_count_signed_in(django_assert_num_queries, secretariat_user, size):
    build(size)
    client = client_with_token(secretariat_user)
    with django_assert_num_queries(
        # the token and its user, the user's permissions and their groups' permissions; the
        # reports' transitions, which the secretariat sees
        3 + len(EXPECTED["reports"]) + 1
    ):
        response = client.get("/api/v1/reports/")
    assert response.json()["count"] == size


@pytest.mark.parametrize("size", [2, 6])
def test_activity_detail_query_count_is_constant(api, django_assert_num_queries, size):
    programme = build(size)
    code = programme.activities.order_by("sort_key").last().code
    # The current programme, the activity's row, then one query per relation as in the list.
    with django_assert_num_queries(len(EXPECTED["activities"]) - 1):
        response = api.get(f"/api/v1/activities/{code}/")
    assert response.status_code == 200
    assert response.json()["code"] == code
