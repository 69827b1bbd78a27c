"""The read shortcut and the rate limits on Redis (core/api/fastpath.py, throttles.py):
one round trip for a repeated read, each request counted once, and the same headers as the
answer the whole middleware stack gave.

Redis is played by fakeredis (tests/fake_redis.py): the same redis-py client, pipelines and
commands, no server needed."""

from unittest import mock

import fakeredis
import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from redis.client import Pipeline

from core.api import fastpath
from reporting import services
from tests import fake_redis

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"
ACTIVITIES = "/api/v1/activities/"
NOT_COMPARED = {"Date"}


@pytest.fixture(autouse=True)
def redis_cache(settings, monkeypatch):
    monkeypatch.setattr(fake_redis, "SERVER", fakeredis.FakeServer())
    monkeypatch.setattr(fastpath, "_token_users", {})
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "OPTIONS": {"pool_class": "tests.fake_redis.Pool"},
        }
    }
    settings.READ_CACHE = True


@pytest.fixture
def round_trips():
    """Counts the pipelines and single commands sent to Redis."""
    calls = []
    real_execute = Pipeline.execute
    real_command = Pipeline.__mro__[1].execute_command  # redis.Redis.execute_command

    def execute(self, *args, **kwargs):
        calls.append("pipeline")
        return real_execute(self, *args, **kwargs)

    def command(self, *args, **kwargs):
        calls.append(args[0])
        return real_command(self, *args, **kwargs)

    with (
        mock.patch.object(Pipeline, "execute", execute),
        mock.patch("redis.Redis.execute_command", command),
    ):
        yield calls


def view_not_reached():
    return mock.patch(
        "core.api.viewsets.ApiViewSet.initial", side_effect=AssertionError("view reached")
    )


def api(portal, role):
    if role == "anonymous":
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Token {portal.tokens[role]}")


def headers_of(response):
    return {k: v for k, v in response.headers.items() if k not in NOT_COMPARED}


@pytest.mark.parametrize("role", ["anonymous", "partner", "kg"])
@pytest.mark.parametrize("url", [REPORTS, ACTIVITIES])
def test_a_repeated_conditional_read_is_one_round_trip_and_no_query(
    portal, role, url, round_trips, django_assert_num_queries
):
    client = api(portal, role)
    etag = client.get(url).headers["ETag"]
    by_view = client.get(url, HTTP_IF_NONE_MATCH=etag)  # the view's 304 leaves an entry
    assert by_view.status_code == 304
    client.get(url, HTTP_IF_NONE_MATCH=etag)  # this process now knows the token's user
    round_trips.clear()
    with view_not_reached(), django_assert_num_queries(0):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert round_trips == ["pipeline"]
    assert headers_of(response) == headers_of(by_view)
    assert "Authorization" in response.headers["Vary"]
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert name in response.headers


@pytest.mark.parametrize("role", ["anonymous", "partner", "kg"])
def test_a_repeated_read_has_the_body_and_every_header_of_the_views_answer(portal, role):
    client = api(portal, role)
    built = client.get(REPORTS)
    with view_not_reached():
        again = client.get(REPORTS)
        not_modified = client.get(REPORTS, HTTP_IF_NONE_MATCH=built.headers["ETag"])
    assert again.status_code == 200
    assert again.content == built.content
    assert headers_of(again) == {**headers_of(built), "Content-Length": str(len(built.content))}
    # A 304 made from a 200 leaves out what describes the body.
    assert not_modified.status_code == 304
    assert "Content-Type" not in not_modified.headers
    assert not_modified.headers["ETag"] == built.headers["ETag"]
    assert (
        not_modified.headers["Content-Security-Policy"] == built.headers["Content-Security-Policy"]
    )


def test_each_request_is_counted_once_even_when_the_view_answers_it(
    portal, settings, throttle_clock
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/minute", "user": "4/minute"},
    }
    client = api(portal, "kg")
    etag = client.get(REPORTS).headers["ETag"]  # 1: the view
    assert client.get(REPORTS, HTTP_IF_NONE_MATCH=etag).status_code == 304  # 2: the view
    assert client.get(REPORTS, HTTP_IF_NONE_MATCH=etag).status_code == 304  # 3: the shortcut
    # 4: counted in the shortcut's round trip, then answered by the view (a draft changed):
    # the view uses that count instead of counting the request again.
    draft = portal.reports["kg_draft"]
    services.update_draft(
        draft, by=portal.users["kg"], data={"progress": "Newer."}, expected_version=draft.version
    )
    changed = client.get(REPORTS, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Newer." in changed.text
    refused = client.get(REPORTS, HTTP_IF_NONE_MATCH=changed.headers["ETag"])  # 5
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers


def test_anonymous_clients_are_counted_in_the_same_round_trip(
    portal, settings, round_trips, throttle_clock
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "100/minute"},
    }
    client = api(portal, "anonymous")
    etag = client.get(ACTIVITIES).headers["ETag"]
    client.get(ACTIVITIES, HTTP_IF_NONE_MATCH=etag)
    round_trips.clear()
    assert client.get(ACTIVITIES, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert round_trips == ["pipeline"]
    assert client.get(ACTIVITIES, HTTP_IF_NONE_MATCH=etag).status_code == 429


def test_a_revoked_token_is_refused_even_when_its_user_was_known(portal):
    client = api(portal, "partner")
    etag = client.get(REPORTS).headers["ETag"]
    client.get(REPORTS, HTTP_IF_NONE_MATCH=etag)
    assert client.get(REPORTS, HTTP_IF_NONE_MATCH=etag).status_code == 304
    portal.users["partner"].auth_token.delete()
    assert client.get(REPORTS, HTTP_IF_NONE_MATCH=etag).status_code == 401


@pytest.mark.parametrize(
    "spoil",
    [
        lambda response: response.set_cookie("sessionid", "abc"),
        lambda response: response.headers.__setitem__(
            "Content-Security-Policy", "style-src 'self' 'nonce-abc'"
        ),
        lambda response: setattr(response, "status_code", 404),
        lambda response: response.headers.__setitem__("ETag", '"another"'),
    ],
    ids=["sets a cookie", "CSP nonce", "not found", "another ETag"],
)
def test_answers_that_cannot_be_repeated_are_not_kept(spoil):
    request = RequestFactory().get(REPORTS)
    fastpath.store(
        request, authenticated_by_token=False, user_id=None, etag='"e"', last_modified=None,
        versions=["v"], full="read:full",
    )  # fmt: skip
    response = HttpResponse(b"{}", headers={"ETag": '"e"'})
    spoil(response)
    with mock.patch.object(cache, "set") as cache_set:
        fastpath.keep(request, response)
    assert not cache_set.called
    # The same answer unspoiled is kept.
    request = RequestFactory().get(REPORTS)
    fastpath.store(
        request, authenticated_by_token=False, user_id=None, etag='"e"', last_modified=None,
        versions=["v"], full="read:full",
    )  # fmt: skip
    with mock.patch.object(cache, "set") as cache_set:
        fastpath.keep(request, HttpResponse(b"{}", headers={"ETag": '"e"'}))
    assert cache_set.called


def test_the_shortcut_refuses_a_host_that_is_not_allowed(portal):
    client = api(portal, "anonymous")
    client.get(REPORTS)
    client.get(REPORTS)
    response = client.get(REPORTS, HTTP_HOST="evil.example")
    assert response.status_code == 400
