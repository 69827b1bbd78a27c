"""`updated_since` means "the representation changed since", on every list that has it; reports
have `updated_since`, `accepted_since` and `ordering`; an activity's status history."""

import datetime

import pytest
from django.utils import timezone

from programme.models import Activity
from programme.services import set_status
from reporting import services
from tests.reporting.factories import ReportFactory

from .conftest import LIST

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)


def since(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def activity_codes(response):
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["results"]]


def report_ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_accepting_a_report_lists_its_activity_as_changed(
    api, submitted, activity, secretariat_user
):
    Activity.objects.update(changed_at=LONG_AGO)
    detail = f"/api/v1/activities/{activity.code}/"
    before = api.get(detail)
    t0 = timezone.now()
    assert activity_codes(api.get(f"/api/v1/activities/?updated_since={since(t0)}")) == []

    services.accept(submitted, by=secretariat_user, expected_version=submitted.version)

    after = api.get(detail)
    assert after["ETag"] != before["ETag"]
    assert [s["status"] for s in after.json()["range_state_statuses"]] == ["in_progress"]
    changed = api.get(f"/api/v1/activities/?updated_since={since(t0)}")
    assert activity_codes(changed) == [activity.code]


def test_reopening_an_accepted_report_lists_its_activity_as_changed(
    api, submitted, activity, secretariat_user
):
    accepted = services.accept(submitted, by=secretariat_user, expected_version=submitted.version)
    Activity.objects.update(changed_at=LONG_AGO)
    t0 = timezone.now()
    services.reopen(accepted, by=secretariat_user, expected_version=accepted.version)
    assert api.get(f"/api/v1/activities/{activity.code}/").json()["range_state_statuses"] == []
    assert activity_codes(api.get(f"/api/v1/activities/?updated_since={since(t0)}")) == [
        activity.code
    ]


def test_a_status_change_lists_the_activity_as_changed(api, activity, secretariat_user):
    Activity.objects.update(changed_at=LONG_AGO)
    t0 = timezone.now()
    set_status(activity, status="in_progress", by=secretariat_user)
    listed = api.get(f"/api/v1/activities/?updated_since={since(t0)}&ordering=-updated")
    assert activity_codes(listed) == [activity.code]


def test_reports_filter_by_change_and_acceptance(
    api,
    as_secretariat,
    secretariat_user,
    submitted,
    cycle,
    activity,
    other_state,
    other_focal_point,
    snow_leopard,
    species_focal_point,
):
    older = ReportFactory(
        cycle=cycle,
        activity=activity,
        range_state=other_state,
        author=other_focal_point,
        state="accepted",
        accepted_at=LONG_AGO,
    )
    type(older).objects.filter(pk=older.pk).update(updated_at=LONG_AGO)
    t0 = timezone.now()
    assert report_ids(as_secretariat.get(f"{LIST}?updated_since={since(t0)}")) == []
    accepted = services.accept(submitted, by=secretariat_user)
    assert report_ids(as_secretariat.get(f"{LIST}?updated_since={since(t0)}")) == [accepted.pk]
    assert report_ids(api.get(f"{LIST}?accepted_since={since(t0)}")) == [accepted.pk]
    # In the natural order (activity, then KG before TJ).
    assert report_ids(api.get(f"{LIST}?accepted_since=2000-01-01T00:00:00Z")) == [
        accepted.pk,
        older.pk,
    ]
    assert report_ids(api.get(f"{LIST}?ordering=-accepted_at")) == [accepted.pk, older.pk]
    assert report_ids(api.get(f"{LIST}?ordering=accepted_at")) == [older.pk, accepted.pk]
    assert report_ids(api.get(f"{LIST}?ordering=-updated_at")) == [accepted.pk, older.pk]
    # A draft has no acceptance: last when newest acceptance first, on every database.
    draft = ReportFactory(
        cycle=cycle,
        activity=activity,
        range_state=None,
        species=snow_leopard,
        author=species_focal_point,
    )
    both = as_secretariat.get(f"{LIST}?ordering=-accepted_at&ordering=updated_at")
    assert report_ids(both) == [accepted.pk, older.pk, draft.pk]


def test_the_status_history_endpoint_shows_what_the_page_shows(api, activity, secretariat_user):
    url = f"/api/v1/activities/{activity.code}/history/"
    assert api.get(url).json() == []
    set_status(activity, status="in_progress", note="Started", by=secretariat_user)
    set_status(activity, status="completed", by=secretariat_user, note="Done")
    response = api.get(url)
    assert response.status_code == 200, response.content
    assert [(c["status"], c["note"]) for c in response.json()] == [
        ("completed", "Done"),
        ("in_progress", "Started"),
    ]
    assert response.json()[0]["status_label"] == "Completed"
    page = api.get(f"/activities/{activity.code}/")
    assert [entry.status for entry in page.context["status_history"]] == [
        "completed",
        "in_progress",
    ]
    assert api.get("/api/v1/activities/9.9.9/history/").status_code == 404


@pytest.mark.parametrize(
    "endpoint",
    [
        "programmes",
        "objectives",
        "issues",
        "actors",
        "species",
        "range-states",
        "landscapes",
        "reporting-cycles",
    ],
)
def test_a_list_without_a_change_time_refuses_updated_since_and_says_what_to_do(api, endpoint):
    """No list answers `updated_since` as if nothing changed: where there is no change time,
    the answer is a 400 pointing to the ETag and the data package."""
    response = api.get(f"/api/v1/{endpoint}/", {"updated_since": since(LONG_AGO)})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    (message,) = response.json()["errors"]["updated_since"]
    assert "If-None-Match" in message and "/api/v1/data-package.json" in message
    # The way it points to works: the same list read again with its ETag is a 304.
    first = api.get(f"/api/v1/{endpoint}/")
    assert first.status_code == 200
    assert api.get(f"/api/v1/{endpoint}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.parametrize("endpoint", ["activities", "reports", "range-state-statuses"])
def test_the_lists_with_a_change_time_take_updated_since(api, endpoint):
    response = api.get(f"/api/v1/{endpoint}/", {"updated_since": since(LONG_AGO)})
    assert response.status_code == 200, response.content
