"""Redis down (core/cache.py): with REDIS_URL pointing at a Redis that is stopped, every page
and API read still answers from the database, signing in and out works, writes are saved,
and nothing outdated comes back with Redis."""

import uuid

import fakeredis
import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client

from core import cache as portal_cache
from reporting.choices import ReportState
from tests import fake_redis

from .conftest import PDF, api, redis_at

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def test_the_admin_answers_with_redis_stopped(portal, redis_stopped):
    client = portal.client("secretariat")
    for url in ("/admin/", "/admin/reporting/report/", "/admin/reporting/focalpoint/"):
        assert client.get(url).status_code == 200, url


def test_readyz_says_degraded_but_ready_with_redis_stopped(client, redis_stopped):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == "ok" and body["checks"]["cache"] != "ok"


def test_sign_in_writes_and_sign_out_with_redis_stopped(portal, redis_stopped):
    client = Client()
    response = client.post("/accounts/login/", {"username": "kyra", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/reporting/mine/").status_code == 200
    draft = portal.reports["kg_draft"]
    page = client.get(draft.get_edit_url())
    assert page.status_code == 200
    saved = client.post(
        draft.get_edit_url(),
        {"status": "in_progress", "progress": "Saved while Redis was away.",
         "version": draft.version, "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0",
         "action": "submit"},
    )  # fmt: skip
    assert saved.status_code == 302, saved.content
    draft.refresh_from_db()
    assert draft.progress == "Saved while Redis was away."
    assert draft.state == ReportState.SUBMITTED
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.exists()  # signed out on the server
    assert client.get("/reporting/mine/").status_code == 302  # to the login


def test_a_wrong_password_is_still_counted_with_redis_stopped(client, portal, redis_stopped):
    """Sign-in lockouts live in the database: Redis away does not lift them."""
    for _ in range(5):
        client.post("/accounts/login/", {"username": "kyra", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "kyra", "password": PASSWORD})
    assert response.status_code == 429


@pytest.fixture
def flaky_redis(settings, monkeypatch):
    """A Redis (fakeredis) that can be stopped and started: `server.connected`."""
    server = fakeredis.FakeServer()
    monkeypatch.setattr(fake_redis, "SERVER", server)
    monkeypatch.setattr(portal_cache, "RETRY_SECONDS", 0)
    # A name of its own: django-redis keeps one connection pool per address in the process.
    redis_at(
        settings,
        f"redis://flaky-{uuid.uuid4().hex}:6379/0",
        CONNECTION_POOL_CLASS="tests.fake_redis.Pool",
    )
    return server


def test_nothing_outdated_comes_back_with_redis(portal, flaky_redis):
    """A change saved while Redis is away makes the cached answers stale once it is back,
    and a session signed out meanwhile stays signed out."""
    reader = api(portal, "anonymous")
    report = portal.reports["kg_submitted"]
    signed_in = portal.client("kg")
    assert signed_in.get("/reporting/mine/").status_code == 200  # the session, cached
    assert report.pk not in [r["id"] for r in reader.get("/api/v1/reports/").json()["results"]]

    flaky_redis.connected = False
    secretariat = portal.client("secretariat")
    response = secretariat.post(
        f"/reporting/reports/{report.pk}/review/", {"action": "accept", "comment": "Fine."}
    )
    assert response.status_code == 302
    assert signed_in.post("/accounts/logout/").status_code == 302
    session_cookie = signed_in.cookies

    flaky_redis.connected = True
    caches["default"].get("anything")  # the first call after the outage tidies up
    public = reader.get("/api/v1/reports/").json()["results"]
    assert report.pk in [r["id"] for r in public]  # not the answer cached before
    replay = Client()
    replay.cookies = session_cookie
    assert replay.get("/reporting/mine/").status_code == 302  # signed out stays signed out


def test_documents_still_upload_with_redis_stopped(portal, redis_stopped):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = portal.client("kg")
    draft = portal.reports["kg_draft"]
    response = client.post(
        draft.get_edit_url(),
        {"status": "in_progress", "progress": "With a document.", "version": draft.version,
         "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0", "action": "save",
         "new_attachments": SimpleUploadedFile("more.pdf", PDF, content_type="application/pdf")},
    )  # fmt: skip
    assert response.status_code == 302, response.content
    assert draft.attachments.count() == 2


def test_after_a_long_outage_the_whole_cache_is_emptied(flaky_redis, monkeypatch):
    """Too many keys to remember: the cache (copies only) is emptied when Redis is back."""
    monkeypatch.setattr(portal_cache, "MAX_STALE", 1)
    backend = caches["default"]
    backend.set("kept-before", "old")
    flaky_redis.connected = False
    backend.set("a", 1)
    backend.set("b", 2)
    assert backend.get("kept-before") is None  # a miss while Redis is away
    flaky_redis.connected = True
    assert backend.get("kept-before") is None  # emptied, not the value from before
    backend.set("c", 3)
    assert backend.get("c") == 3
