"""The matrix shows, under an activity that continues activities of an earlier programme
(the crosswalk), the earlier activities' statuses per range state, with a query count that
does not grow with the data."""

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, IssueFactory, ObjectiveFactory, ProgrammeFactory
from tests.rangestates.factories import build_reported_programme

pytestmark = pytest.mark.django_db

NEXT = "test-next"


def build_successor(first, size):
    """A programme (not current) whose activities each continue one of `first`'s."""
    second = ProgrammeFactory(code=NEXT, start_year=2021, end_year=2026, is_current=False)
    issue = IssueFactory(objective=ObjectiveFactory(programme=second, number=1))
    earlier = list(first.activities.order_by("sort_key"))
    for index, old in enumerate(earlier[: size * 2], start=1):
        new = ActivityFactory(issue=issue, code=f"{issue.code}.{index}")
        new.continues.add(old)
    return second, earlier


def test_the_matrix_shows_the_earlier_statuses_beside(client, secretariat_user):
    first = build_reported_programme(1, secretariat=secretariat_user)
    second, earlier = build_successor(first, 1)
    html = client.get(reverse("programme:matrix"), {"programme": NEXT}).text
    old = earlier[0]
    label = f"continues {old.code} ({first.period})"
    assert label in html
    row = html.split(label)[1].split("</tr>")[0]
    # Mongolia's accepted status of the earlier activity, in its column.
    status = old.country_statuses.get(range_state__iso_code="MN").status
    assert f'class="cell-status status-{status}"' in row
    assert f'href="/activities/{old.code}/?programme={first.code}"' in html
    # The earlier programme's own matrix has no such rows.
    assert "matrix-earlier" not in client.get(reverse("programme:matrix")).text


@pytest.mark.parametrize("size", [1, 3])
def test_matrix_with_a_crosswalk_query_count_does_not_grow(
    client, django_assert_num_queries, secretariat_user, size
):
    first = build_reported_programme(size, secretariat=secretariat_user)
    build_successor(first, size)
    # 1 programmes, 2 activities (none of their linked records), 3 range states, 4 accepted
    # statuses per country, 5 the crosswalk with the earlier activities and programmes, 6
    # their statuses per country, 7 issues, 8 objectives, 9-12 actor, species, range state
    # and landscape choices
    with django_assert_num_queries(12):
        response = client.get(reverse("programme:matrix"), {"programme": NEXT})
    assert response.text.count('class="matrix-earlier"') == size * 2


def test_the_activity_page_shows_the_earlier_statuses(client, secretariat_user):
    first = build_reported_programme(1, secretariat=secretariat_user)
    second, earlier = build_successor(first, 1)
    new = second.activities.order_by("sort_key").first()
    html = client.get(f"/activities/{new.code}/", {"programme": NEXT}).text
    old = earlier[0]
    item = html.split(f"continues {old.code} ({first.period})")[1].split("</li>")[0]
    status = old.country_statuses.get(range_state__iso_code="MN").status
    assert '<abbr title="Mongolia">MN</abbr>' in item
    assert f'class="status-badge status-{status}"' in item
