"""Every answer under /api/ is JSON: RFC 9457 problem details with the portal's `code` and
`errors`; writes without the trailing slash are never redirected; a wrong-state transition is
409 `wrong_state`."""

import pytest
from django.test import Client

from reporting.choices import ReportState
from reporting.models import Report

from .conftest import LIST, path

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def assert_problem(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM), response["Content-Type"]
    body = response.json()
    assert body["type"] == "about:blank"
    assert body["status"] == status and body["title"] and body["detail"]
    assert body["code"] == code, body
    return body


@pytest.mark.parametrize("url", ["/api/v1/nothing/", "/api/nothing", "/api/v1/activities/9/x/"])
def test_an_address_that_is_no_endpoint_is_a_json_404(client, url):
    assert_problem(client.get(url), 404, "not_found")


def test_drf_errors_are_problem_details_keeping_code_and_errors(api, programme):
    body = assert_problem(api.get("/api/v1/activities/?colour=red"), 400, "invalid")
    assert list(body["errors"]) == ["colour"]
    assert_problem(api.get("/api/v1/activities/9.9.9/"), 404, "not_found")
    assert_problem(api.post(LIST, {}), 401, "not_authenticated")
    # Asked as CSV, the error is still problem+json.
    assert_problem(api.get("/api/v1/activities/?colour=red&format=csv"), 400, "invalid")


def test_a_server_error_is_a_json_500(monkeypatch, programme):
    from programme.api import views

    def broken(self, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.ActorViewSet, "list", broken)
    client = Client(raise_request_exception=False)
    body = assert_problem(client.get("/api/v1/actors/"), 500, "error")
    assert "boom" not in body["detail"]


def test_the_schema_documents_problem_details(client):
    schema = client.get("/api/schema/?format=json").json()
    error = schema["paths"]["/api/v1/activities/"]["get"]["responses"]["400"]["content"]
    assert list(error) == [PROBLEM]
    fields = schema["components"]["schemas"]["Error"]["properties"]
    assert {"type", "title", "status", "detail", "code", "errors"} <= set(fields)


# --- Trailing slash -------------------------------------------------------------------------


def test_a_write_without_the_trailing_slash_reaches_the_endpoint(as_focal_point, cycle, activity):
    response = as_focal_point.post(
        LIST.rstrip("/"), {"cycle": cycle.pk, "activity": activity.code, "range_state": "KG"}
    )
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    etag = as_focal_point.get(path(report))["ETag"]
    response = as_focal_point.patch(
        path(report).rstrip("/"), {"progress": "Patrols"}, headers={"if-match": etag}
    )
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.progress == "Patrols"


@pytest.mark.parametrize("debug", [False, True])
def test_no_write_is_redirected(settings, as_partner, debug):
    settings.DEBUG = debug
    response = as_partner.post("/api/v1/reports", {})
    assert response.status_code == 400  # reached the endpoint: the fields are missing
    assert "Location" not in response


def test_a_read_without_the_trailing_slash_is_answered(api, programme):
    assert api.get("/api/v1/actors").status_code == 200


# --- Wrong state ----------------------------------------------------------------------------


def test_a_wrong_state_transition_is_409_with_its_own_code(
    as_focal_point, as_secretariat, submitted
):
    assert_problem(
        as_focal_point.post(path(submitted, "submit"), headers={"if-match": "*"}),
        409,
        "wrong_state",
    )
    assert_problem(
        as_focal_point.patch(path(submitted), {"progress": "x"}, headers={"if-match": "*"}),
        409,
        "wrong_state",
    )
    Report.objects.filter(pk=submitted.pk).update(state=ReportState.DRAFT)
    assert_problem(
        as_secretariat.post(path(submitted, "accept"), headers={"if-match": "*"}),
        409,
        "wrong_state",
    )


def test_the_schema_documents_409_on_state_changes(client):
    schema = client.get("/api/schema/?format=json").json()
    for action in ("submit", "accept", "return"):
        responses = schema["paths"][f"/api/v1/reports/{{id}}/{action}/"]["post"]["responses"]
        assert "409" in responses, action


@pytest.mark.parametrize(
    ("language", "translated"),
    [("en", "Every error"), ("fr", "Toute erreur"), ("ru", "Любая ошибка")],
)
def test_the_schema_and_the_guide_describe_problem_details_and_rate_limit_headers(
    client, language, translated
):
    """What the schema's introduction and /api/ say of errors is what the answers are."""
    schema = client.get("/api/schema/", {"format": "json", "lang": language}).json()
    introduction = schema["info"]["description"]
    assert translated in introduction
    for word in ["application/problem+json", "`type`", "`title`", "`status`", "`detail`"]:
        assert word in introduction
    for word in ["`code`", "`errors`", "RateLimit-Limit", "RateLimit-Remaining"]:
        assert word in introduction
    assert "RateLimit-Reset" in introduction and "/api/v2/" in introduction
    assert "Errors are JSON" not in introduction
    guide = client.get("/api/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "application/problem+json" in guide and "RateLimit-Remaining" in guide
    assert "/api/v1/data-package.json" in guide  # the lists without updated_since say where
    # The answers are as described.
    answer = client.get("/api/v1/activities/", {"priority": "urgent"})
    assert_problem(answer, 400, answer.json()["code"])
    assert {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(answer.headers)
