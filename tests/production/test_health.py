"""The probes a load balancer uses, and the answer while the database is away."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from core import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forget_migrations_state():
    health._migrations_applied = False
    yield
    health._migrations_applied = False


def test_healthz_answers_without_the_database(client):
    with mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_checks_database_migrations_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
    }


DRIVER_ERROR = (
    'connection to server at "db-7.internal" (10.20.30.40), port 5433 failed: Connection '
    "refused\n\tIs the server running on that host and accepting TCP/IP connections?"
)


def test_readyz_is_503_without_the_database(client, caplog):
    with mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError(DRIVER_ERROR)
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "database unavailable"
    assert body["checks"]["migrations"] == "not checked: no database"
    # The driver's words (host, address, port) are for the log, on one line, not the answer.
    for detail in ("db-7.internal", "10.20.30.40", "5433", "refused"):
        assert detail not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "core.health"]
    assert "10.20.30.40" in record.getMessage() and "\n" not in record.getMessage()


def test_readyz_does_not_show_why_the_cache_failed(client):
    refused = ConnectionError("Error 111 connecting to 10.20.30.41:6379. Connection refused.")
    with mock.patch("django.core.cache.cache.set", side_effect=refused):
        response = client.get("/readyz")
    # Degraded, still serving from the database: named, without the driver's words.
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"] == "cache unavailable"
    assert "10.20.30.41" not in response.content.decode()


def test_readyz_is_503_with_a_migration_not_applied(client):
    class Pending:
        app_label, name = "reporting", "0099_future"

    with mock.patch(
        "django.db.migrations.executor.MigrationExecutor.migration_plan",
        return_value=[(Pending(), False)],
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == (
        "1 migration(s) not applied: reporting.0099_future"
    )


def test_readyz_is_degraded_but_ready_when_the_cache_fails(client):
    """The portal answers from the database without its cache (tests/production/
    test_redis_down.py): a load balancer must not take every server out for it."""
    with mock.patch("django.core.cache.cache.get", return_value=None):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert "cache" in response.json()["checks"]["cache"]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_probes_only_read(client, method):
    assert getattr(client, method)("/readyz").status_code == 405
    assert getattr(client, method)("/healthz").status_code == 405


def test_probes_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/activities/").status_code == 301


# --- a database outage --------------------------------------------------------------------


def _database_down():
    return mock.patch.object(
        BaseDatabaseWrapper,
        "ensure_connection",
        side_effect=OperationalError("connection to server at 127.0.0.1 failed: refused"),
    )


@pytest.fixture
def raising_client(client):
    client.raise_request_exception = False  # as in production: the handler answers
    return client


@pytest.mark.parametrize("path", ["/", "/activities/", "/reporting/reports/", "/range-states/"])
def test_pages_answer_503_with_a_page_while_the_database_is_down(raising_client, path):
    with _database_down():
        response = raising_client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert "The portal is briefly unavailable" in html
    assert "Nothing was saved by this request" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert "127.0.0.1" not in html  # nothing of the server's configuration


def test_a_write_during_the_outage_answers_503_and_saves_nothing(raising_client, portal):
    client = portal.client("kg")
    client.raise_request_exception = False
    report = portal.reports["kg_draft"]
    with _database_down():
        response = client.post(
            f"/reporting/reports/{report.pk}/edit/", {"progress": "changed", "version": 0}
        )
    assert response.status_code == 503
    report.refresh_from_db()
    assert "changed" not in report.progress


def test_an_api_write_whose_answer_cannot_be_read_back_is_rolled_back(portal):
    """The database fails after the save, while the answer is built: 503, and the save is
    undone, so that "nothing was saved by this request" is true."""
    from reporting.api.views import ReportViewSet

    client = portal.client("kg")
    client.raise_request_exception = False
    report = portal.reports["kg_draft"]
    url = f"/api/v1/reports/{report.pk}/"
    etag = client.get(url).headers["ETag"]
    with mock.patch.object(
        ReportViewSet, "_fresh", side_effect=OperationalError("server closed the connection")
    ):
        response = client.patch(
            url, {"progress": "changed"}, content_type="application/json", HTTP_IF_MATCH=etag
        )
    assert response.status_code == 503
    assert "Nothing was saved" in response.json()["detail"]
    report.refresh_from_db()
    assert "changed" not in report.progress
    # The same version of the report as before.
    assert client.get(url).headers["ETag"].split(".v")[1] == etag.split(".v")[1]


def test_api_answers_503_as_json_while_the_database_is_down(raising_client):
    with _database_down():
        response = raising_client.get("/api/v1/activities/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "briefly unavailable" in response.json()["detail"]


def test_other_errors_stay_500(raising_client):
    with mock.patch("pages.views.home.HomeView.get", side_effect=RuntimeError("bug")):
        response = raising_client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_portal_recovers_once_the_database_is_back(raising_client, portal):
    with _database_down():
        assert raising_client.get("/range-states/").status_code == 503
    assert raising_client.get("/range-states/").status_code == 200
    assert raising_client.get("/readyz").status_code == 200


def test_a_signed_in_page_answers_503_when_the_session_cannot_be_read(portal):
    client = portal.client("secretariat")
    client.raise_request_exception = False
    with _database_down():
        response = client.get("/admin/")
    assert response.status_code == 503
    assert "The portal is briefly unavailable" in response.content.decode()
