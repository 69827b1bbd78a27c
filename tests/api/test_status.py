"""Setting an activity's implementation status through the API: the secretariat only, with
If-Match, through programme.services.set_status (history, conflict check)."""

import pytest

from programme.models import ActivityStatus
from programme.services import set_status
from tests.factories import ActivityFactory, IssueFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db

PATH = "/api/v1/activities/1.1.1/status/"


@pytest.fixture
def activity():
    return ActivityFactory(issue=IssueFactory(objective=ObjectiveFactory(number=1)))


def etag_of(client, path=PATH, **headers):
    response = client.get(path, headers=headers or None)
    assert response.status_code == 200
    return response["ETag"]


def test_anyone_reads_the_status(api, activity):
    body = api.get(PATH).json()
    assert body["activity"] == "1.1.1"
    assert body["status"] == "not_started" and body["version"] == 0


def test_secretariat_sets_the_status(as_secretariat, activity, secretariat_user):
    etag = etag_of(as_secretariat)
    response = as_secretariat.patch(
        PATH,
        {"status": "in_progress", "note": "Surveys under way.", "status_date": "2026-01-15"},
        headers={"if-match": etag},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "in_progress" and body["version"] == 1
    assert body["note"] == "Surveys under way." and body["status_date"] == "2026-01-15"
    # The new ETag is the one a read gives, ready for the next change.
    assert response["ETag"] == etag_of(as_secretariat) != etag
    record = ActivityStatus.objects.get(activity=activity)
    assert record.updated_by == secretariat_user
    change = record.history.order_by("-history_date", "-history_id").first()
    assert change.history_user == secretariat_user and change.status == "in_progress"


def test_patch_keeps_the_note_and_put_replaces_it(as_secretariat, activity, secretariat_user):
    set_status(activity, status="in_progress", note="Kept", by=secretariat_user)
    response = as_secretariat.patch(
        PATH, {"status": "delayed"}, headers={"if-match": etag_of(as_secretariat)}
    )
    assert response.json()["note"] == "Kept"
    response = as_secretariat.put(
        PATH, {"status": "ongoing"}, headers={"if-match": response["ETag"]}
    )
    assert response.status_code == 200
    assert response.json()["note"] == "" and response.json()["status"] == "ongoing"
    response = as_secretariat.put(PATH, {"note": "no status"}, headers={"if-match": "*"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["status"]


def test_without_if_match_nothing_is_saved(as_secretariat, activity):
    response = as_secretariat.patch(PATH, {"status": "completed"})
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    assert not ActivityStatus.objects.exists()


def test_stale_if_match_is_refused(as_secretariat, activity, secretariat_user):
    etag = etag_of(as_secretariat)
    set_status(activity, status="delayed", by=secretariat_user)  # someone else, meanwhile
    response = as_secretariat.patch(PATH, {"status": "completed"}, headers={"if-match": etag})
    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    assert ActivityStatus.objects.get(activity=activity).status == "delayed"


def test_a_change_racing_past_the_if_match_check_is_refused(
    as_secretariat, activity, secretariat_user, monkeypatch
):
    """The service checks the version again under its lock: a change made between the
    If-Match check and the write is not overwritten."""
    from programme.api import views

    real_set_status = views.set_status

    def someone_else_first(*args, **kwargs):
        real_set_status(activity, status="suspended", by=secretariat_user)
        return real_set_status(*args, **kwargs)

    monkeypatch.setattr(views, "set_status", someone_else_first)
    response = as_secretariat.patch(
        PATH, {"status": "completed"}, headers={"if-match": etag_of(as_secretariat)}
    )
    assert response.status_code == 412
    assert "changed meanwhile" in response.json()["detail"]
    assert ActivityStatus.objects.get(activity=activity).status == "suspended"


def test_if_match_may_list_several_etags(as_secretariat, activity):
    etag = etag_of(as_secretariat)
    response = as_secretariat.patch(
        PATH, {"status": "completed"}, headers={"if-match": f'"older", {etag}'}
    )
    assert response.status_code == 200
    weak = as_secretariat.patch(
        PATH, {"status": "delayed"}, headers={"if-match": f"W/{response['ETag']}"}
    )
    assert weak.status_code == 412  # If-Match compares strong ETags only


@pytest.mark.parametrize(
    "client_fixture, expected",
    [
        ("api", 401),  # anonymous
        ("as_partner", 403),
        ("as_focal_point", 403),
        ("as_staff_outside_group", 403),
        ("as_secretariat", 200),
    ],
)
@pytest.mark.parametrize("method", ["put", "patch"])
def test_who_may_set_a_status(request, activity, client_fixture, expected, method):
    client = request.getfixturevalue(client_fixture)
    response = getattr(client, method)(PATH, {"status": "completed"}, headers={"if-match": "*"})
    assert response.status_code == expected, response.content
    saved = ActivityStatus.objects.filter(activity=activity, status="completed").exists()
    assert saved == (expected == 200)


def test_session_writes_need_the_csrf_token(activity, secretariat_user):
    from rest_framework.test import APIClient

    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(secretariat_user)
    response = browser.patch(PATH, {"status": "completed"}, headers={"if-match": "*"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    browser.get("/api/token/")  # a page with a form: sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    response = browser.patch(
        PATH, {"status": "completed"}, headers={"if-match": "*", "x-csrftoken": token}
    )
    assert response.status_code == 200


def test_invalid_body_is_a_400_naming_the_field(as_secretariat, activity):
    response = as_secretariat.patch(
        PATH, {"status": "finished", "status_date": "soon"}, headers={"if-match": "*"}
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"status", "status_date"}
    response = as_secretariat.patch(
        PATH, "not json", content_type="application/json", headers={"if-match": "*"}
    )
    assert response.status_code == 400
    response = as_secretariat.patch(
        PATH, "status=completed", content_type="text/plain", headers={"if-match": "*"}
    )
    assert response.status_code == 415


def test_programme_records_are_read_only(as_secretariat, activity):
    assert as_secretariat.patch("/api/v1/activities/1.1.1/", {"text": "x"}).status_code == 405
    assert as_secretariat.delete("/api/v1/activities/1.1.1/").status_code == 405
    assert as_secretariat.post("/api/v1/species/", {"slug": "x"}).status_code == 405
