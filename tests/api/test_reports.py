"""Reports through the API: public when accepted, focal points' own drafts, the secretariat's
review; every refusal per role. The rules are reporting.services'; these tests check that the
API reaches them and answers with the right status."""

import datetime

import pytest
from django.utils import timezone

from reporting.choices import ReportState
from reporting.models import RangeStateActivityStatus, Report
from tests.reporting.factories import ReportFactory, ReportingCycleFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/reports/"


@pytest.fixture
def draft(cycle, activity, state, focal_point):
    return ReportFactory(cycle=cycle, activity=activity, range_state=state, author=focal_point)


@pytest.fixture
def submitted(draft):
    Report.objects.filter(pk=draft.pk).update(
        state=ReportState.SUBMITTED, submitted_at=timezone.now()
    )
    draft.refresh_from_db()
    return draft


@pytest.fixture
def accepted(cycle, activity, other_state, other_focal_point):
    return ReportFactory(
        cycle=cycle,
        activity=activity,
        range_state=other_state,
        author=other_focal_point,
        state=ReportState.ACCEPTED,
    )


def path(report, action=""):
    return f"{LIST}{report.pk}/" + (f"{action}/" if action else "")


def etag(client, report):
    response = client.get(path(report))
    assert response.status_code == 200, response.content
    return response["ETag"]


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


# --- Reading ------------------------------------------------------------------------------


def test_anonymous_and_partner_read_accepted_reports_only(api, as_partner, draft, accepted):
    for client in (api, as_partner):
        assert ids(client.get(LIST)) == [accepted.pk]
        body = client.get(path(accepted)).json()
        assert body["state"] == "accepted"
        assert body["range_state"]["iso_code"] == "TJ" and body["species"] is None
        assert body["activity"]["code"] == "1.1.1"
        assert body["transitions"] == []  # the review's comments are not public
        assert client.get(path(draft)).status_code == 404


def test_focal_point_sees_own_drafts_not_others(
    as_focal_point, as_other_focal_point, draft, accepted
):
    assert sorted(ids(as_focal_point.get(LIST))) == sorted([draft.pk, accepted.pk])
    assert as_focal_point.get(path(draft)).status_code == 200
    # Someone else's draft does not exist for them: 404, not 403.
    assert ids(as_other_focal_point.get(LIST)) == [accepted.pk]
    assert as_other_focal_point.get(path(draft)).status_code == 404
    for method, action in (("patch", ""), ("put", ""), ("post", "submit")):
        response = getattr(as_other_focal_point, method)(
            path(draft, action), {"progress": "Mine now"}, headers={"if-match": "*"}
        )
        assert response.status_code == 404


def test_secretariat_sees_everything(as_secretariat, draft, accepted):
    assert sorted(ids(as_secretariat.get(LIST))) == sorted([draft.pk, accepted.pk])
    assert ids(as_secretariat.get(LIST + "?state=draft")) == [draft.pk]


def test_reports_are_filtered(api, accepted, cycle, programme):
    other_cycle = ReportingCycleFactory(programme=programme)
    assert ids(api.get(f"{LIST}?cycle={cycle.pk}")) == [accepted.pk]
    assert ids(api.get(f"{LIST}?cycle={other_cycle.pk}")) == []
    assert ids(api.get(f"{LIST}?range_state=TJ&activity=1.1.1&status=in_progress")) == [accepted.pk]
    assert ids(api.get(f"{LIST}?range_state=KG")) == []
    for query, parameter in (
        ("cycle=999999", "cycle"),
        ("activity=1.1", "activity"),
        ("status=finished", "status"),
        ("author=me", "author"),
    ):
        response = api.get(f"{LIST}?{query}")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == [parameter]


def test_reporting_cycles_are_public(api, cycle, programme):
    closed = ReportingCycleFactory(
        programme=programme,
        opens_on=datetime.date(2018, 1, 1),
        deadline=datetime.date(2018, 3, 31),
    )
    body = api.get(f"/api/v1/reporting-cycles/{cycle.pk}/").json()
    assert body["accepts_submissions"] is True
    assert body["reports_url"].endswith(f"/api/v1/reports/?cycle={cycle.pk}")
    assert ids(api.get("/api/v1/reporting-cycles/?open=true")) == [cycle.pk]
    assert ids(api.get("/api/v1/reporting-cycles/?open=false")) == [closed.pk]


# --- Focal points write their own drafts --------------------------------------------------


def test_focal_point_creates_edits_and_submits(as_focal_point, focal_point, cycle, activity):
    response = as_focal_point.post(
        LIST,
        {
            "cycle": cycle.pk,
            "activity": "1.1.1",
            "range_state": "KG",
            "status": "in_progress",
            "progress": "Two patrols a month.",
            "links": [{"url": "https://example.org/report.pdf", "title": "Survey"}],
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert response["Location"] == created["url"]
    assert response["ETag"]
    assert created["state"] == "draft" and created["range_state"]["iso_code"] == "KG"
    assert created["links"] == [{"url": "https://example.org/report.pdf", "title": "Survey"}]
    assert created["transitions"][0]["to_state"] == "draft"  # the author sees them
    report = Report.objects.get(pk=created["id"])
    assert report.author == focal_point

    response = as_focal_point.patch(
        path(report), {"results": "Fewer snares found."}, headers={"if-match": response["ETag"]}
    )
    assert response.status_code == 200, response.content
    assert response.json()["results"] == "Fewer snares found."
    assert response.json()["progress"] == "Two patrols a month."  # PATCH keeps the rest
    assert len(response.json()["links"]) == 1

    response = as_focal_point.post(path(report, "submit"), headers={"if-match": response["ETag"]})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "submitted"
    # Submitted: no longer theirs to change (a refusal by state, saying why).
    response = as_focal_point.patch(
        path(report), {"results": "More"}, headers={"if-match": response["ETag"]}
    )
    assert response.status_code == 409
    assert "already submitted" in response.json()["detail"]


def test_put_replaces_the_content(as_focal_point, draft):
    response = as_focal_point.put(
        path(draft), {"status": "delayed"}, headers={"if-match": etag(as_focal_point, draft)}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "delayed" and body["progress"] == "" and body["links"] == []


def test_create_starts_from_the_last_accepted_report(
    as_focal_point, programme, cycle, activity, state, focal_point
):
    earlier = ReportingCycleFactory(
        programme=programme,
        period_start=datetime.date(2014, 1, 1),
        period_end=datetime.date(2016, 12, 31),
    )
    ReportFactory(
        cycle=earlier,
        activity=activity,
        range_state=state,
        author=focal_point,
        state=ReportState.ACCEPTED,
        progress="What we did before.",
    )
    response = as_focal_point.post(
        LIST, {"cycle": cycle.pk, "activity": "1.1.1", "range_state": "KG"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["progress"] == "What we did before."


def test_species_focal_point_reports_for_their_species_only(
    as_species_focal_point, cycle, activity
):
    for_species = {"cycle": cycle.pk, "activity": "1.1.1", "species": "snow-leopard"}
    assert as_species_focal_point.post(LIST, for_species).status_code == 201
    for_state = {"cycle": cycle.pk, "activity": "1.1.1", "range_state": "KG"}
    assert as_species_focal_point.post(LIST, for_state).status_code == 403


@pytest.mark.parametrize(
    "client_fixture, expected",
    [
        ("api", 401),
        ("as_partner", 403),
        ("as_other_focal_point", 403),  # a focal point of another state
        ("as_secretariat", 403),  # the secretariat reviews, it does not write reports
        ("as_focal_point", 201),
    ],
)
def test_who_may_start_a_report_for_a_state(request, cycle, activity, client_fixture, expected):
    client = request.getfixturevalue(client_fixture)
    response = client.post(LIST, {"cycle": cycle.pk, "activity": "1.1.1", "range_state": "KG"})
    assert response.status_code == expected, response.content
    assert Report.objects.filter(range_state__iso_code="KG").exists() == (expected == 201)


def test_create_refusals(as_focal_point, cycle, activity, draft):
    both = {"cycle": cycle.pk, "activity": "1.1.1", "range_state": "KG", "species": "snow-leopard"}
    response = as_focal_point.post(LIST, both)
    assert response.status_code == 400 and "either" in response.json()["detail"]
    unknown = {"cycle": cycle.pk, "activity": "9.9.9", "range_state": "KG"}
    assert list(as_focal_point.post(LIST, unknown).json()["errors"]) == ["activity"]
    duplicate = {"cycle": cycle.pk, "activity": "1.1.1", "range_state": "KG"}
    response = as_focal_point.post(LIST, duplicate)
    assert response.status_code == 409
    assert Report.objects.count() == 1


def test_writes_need_if_match(as_focal_point, draft, focal_point):
    response = as_focal_point.patch(path(draft), {"progress": "New"})
    assert response.status_code == 428
    stale = etag(as_focal_point, draft)
    Report.objects.filter(pk=draft.pk).update(progress="Changed elsewhere", version=5)
    response = as_focal_point.patch(path(draft), {"progress": "New"}, headers={"if-match": stale})
    assert response.status_code == 412
    assert (
        as_focal_point.post(path(draft, "submit"), headers={"if-match": stale}).status_code == 412
    )
    draft.refresh_from_db()
    assert draft.progress == "Changed elsewhere" and draft.state == ReportState.DRAFT


def test_submission_needs_its_fields_and_the_deadline(as_focal_point, draft, cycle):
    Report.objects.filter(pk=draft.pk).update(status="", progress="")
    response = as_focal_point.post(path(draft, "submit"), headers={"if-match": "*"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"status", "progress"}
    Report.objects.filter(pk=draft.pk).update(status="ongoing", progress="Done")
    cycle.deadline = timezone.localdate() - datetime.timedelta(days=1)
    cycle.opens_on = cycle.deadline - datetime.timedelta(days=30)
    cycle.save()
    response = as_focal_point.post(path(draft, "submit"), headers={"if-match": "*"})
    assert response.status_code == 400
    assert "deadline" in response.json()["detail"]
    draft.refresh_from_db()
    assert draft.state == ReportState.DRAFT


# --- The secretariat reviews ----------------------------------------------------------------


def test_secretariat_accepts_and_the_country_status_follows(as_secretariat, api, submitted):
    response = as_secretariat.post(
        path(submitted, "accept"),
        {"comment": "Thank you."},
        headers={"if-match": etag(as_secretariat, submitted)},
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "accepted"
    status = RangeStateActivityStatus.objects.get(activity=submitted.activity)
    assert status.status == submitted.status and status.report == submitted
    # Now public, and shown on the activity with the status in the country.
    assert api.get(path(submitted)).status_code == 200
    activity = api.get("/api/v1/activities/1.1.1/").json()
    [country] = activity["range_state_statuses"]
    assert country["range_state"]["iso_code"] == "KG"
    assert country["report"].endswith(path(submitted))


def test_secretariat_returns_with_a_comment_then_the_author_resubmits(
    as_secretariat, as_focal_point, submitted
):
    response = as_secretariat.post(path(submitted, "return"), {}, headers={"if-match": "*"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["comment"]
    response = as_secretariat.post(
        path(submitted, "return"), {"comment": "Add the figures."}, headers={"if-match": "*"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "returned"
    mine = as_focal_point.get(path(submitted)).json()
    assert mine["transitions"][-1]["comment"] == "Add the figures."
    response = as_focal_point.patch(
        path(submitted),
        {"results": "12 snares"},
        headers={"if-match": etag(as_focal_point, submitted)},
    )
    assert response.json()["state"] == "draft"
    response = as_focal_point.post(
        path(submitted, "submit"), headers={"if-match": response["ETag"]}
    )
    assert response.json()["state"] == "submitted"


@pytest.mark.parametrize(
    "client_fixture, expected",
    [
        ("api", 401),
        ("as_partner", 403),
        ("as_focal_point", 403),  # the author cannot accept their own report
        ("as_staff_outside_group", 403),
        ("as_secretariat", 200),
    ],
)
@pytest.mark.parametrize("action", ["accept", "return"])
def test_who_may_review(request, submitted, client_fixture, expected, action):
    client = request.getfixturevalue(client_fixture)
    response = client.post(
        path(submitted, action), {"comment": "Checked."}, headers={"if-match": "*"}
    )
    assert response.status_code == expected, response.content
    submitted.refresh_from_db()
    assert (submitted.state != ReportState.SUBMITTED) == (expected == 200)


def test_only_a_submitted_report_can_be_reviewed(as_secretariat, draft):
    response = as_secretariat.post(path(draft, "accept"), headers={"if-match": "*"})
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_state"
    draft.refresh_from_db()
    assert draft.state == ReportState.DRAFT


def test_review_of_a_report_changed_meanwhile_is_refused(as_secretariat, submitted):
    read = etag(as_secretariat, submitted)
    Report.objects.filter(pk=submitted.pk).update(progress="Edited again", version=3)
    response = as_secretariat.post(path(submitted, "accept"), headers={"if-match": read})
    assert response.status_code == 412
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED


@pytest.mark.parametrize(
    "client_fixture, expected",
    [
        ("api", 401),
        ("as_partner", 404),  # someone else's draft does not exist for them
        ("as_other_focal_point", 404),
        ("as_species_focal_point", 404),
        ("as_secretariat", 403),  # sees it, but the content is the author's
        ("as_focal_point", 200),
    ],
)
@pytest.mark.parametrize("method, action", [("patch", ""), ("put", ""), ("post", "submit")])
def test_who_may_change_or_submit_a_draft(request, draft, client_fixture, expected, method, action):
    client = request.getfixturevalue(client_fixture)
    response = getattr(client, method)(
        path(draft, action), {"status": "ongoing", "progress": "Updated"}, headers={"if-match": "*"}
    )
    assert response.status_code == expected, response.content
    draft.refresh_from_db()
    changed = draft.version > 0 or draft.state != ReportState.DRAFT
    assert changed == (expected == 200)


def test_a_document_id_past_the_databases_integers_is_a_404(api):
    response = api.get("/api/v1/reports/29749558290308734976/attachments/9081726354/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
