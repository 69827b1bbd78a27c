"""The implementation matrix and the actors' pages."""

import pytest
from django.urls import reverse

from programme.choices import ImplementationStatus
from programme.services import set_status
from reporting.choices import ReportState
from tests.factories import (
    ActivityFactory,
    ActorFactory,
    ProgrammeFactory,
    RangeStateFactory,
    ResponsibilityFactory,
)
from tests.rangestates.factories import build_reported_programme, report

pytestmark = pytest.mark.django_db


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
    # 1 programme, 2 activities (none of their linked records), 3 range states, 4 accepted
    # statuses per country, 5 the crosswalk (none here), 6 issues, 7 objectives, 8-11 actor,
    # species, range state and landscape choices
    with django_assert_num_queries(11):
        assert client.get(reverse("programme:matrix")).status_code == 200


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
