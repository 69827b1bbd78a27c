"""The rate limits on Redis (core/cache.py's `count_requests`, core/api/ratelimits.py): each
window counted by Redis itself, every throttle of a request and its data version in one round
trip, with the answers DRF's own code gives on any other cache."""

import hashlib
import random

import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import RequestFactory
from rest_framework.settings import api_settings

from core import cache as portal_cache
from core import readcache
from core.api.ratelimits import WINDOW, KeyedRateThrottle, judge, rate_limit_headers

from .conftest import REPORTS, api

pytestmark = pytest.mark.django_db

ACTIVITIES = "/api/v1/activities/"


@pytest.fixture
def rates(settings):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {**rest["DEFAULT_THROTTLE_RATES"], "anon": "3/minute",
                                      "user": "5/minute", "a": "3/minute", "b": "2/hour",
                                      "c": "4/minute", "none": None}  # fmt: skip
    settings.REST_FRAMEWORK = rest


@pytest.fixture
def commands(monkeypatch):
    """The names of the commands sent to Redis on a connection, in order (through a client, or
    on the connection the rate limits keep)."""
    sent = []
    send = redis.connection.AbstractConnection.send_command

    def counted(self, *args, **options):
        sent.append(str(args[0]).upper())
        return send(self, *args, **options)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_command", counted)
    return sent


def limits(response):
    return [response.headers.get(f"RateLimit-{name}") for name in ("Limit", "Remaining", "Reset")]


def keyed(scope, key="someone", backend=None):
    throttle = KeyedRateThrottle(scope, key)
    if backend is not None:
        throttle.cache = backend  # DRF's own way, on that cache
    return throttle


def outcome(throttle, request):
    allowed = throttle.allow_request(request, None)
    return allowed, (None if allowed else throttle.wait()), rate_limit_headers([throttle])


def test_a_304_is_one_round_trip_to_redis(portal, on_redis, commands):
    client = api(portal, "partner")
    etag = client.get(ACTIVITIES)["ETag"]
    client.get(ACTIVITIES, HTTP_IF_NONE_MATCH=etag)  # the script is known to Redis from now on
    commands.clear()
    answer = client.get(ACTIVITIES, HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 304
    assert commands == ["EVALSHA"]  # the rate limit counted and the data version read


def test_the_data_version_read_with_the_limits_is_the_current_one(portal, on_redis, commands):
    client = api(portal, "anonymous")
    first = client.get(ACTIVITIES)
    assert client.get(ACTIVITIES, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    readcache.invalidate_public()  # a write: a new data version
    commands.clear()
    changed = client.get(ACTIVITIES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert commands[0] == "EVALSHA" and "MGET" not in commands and "GET" not in commands


def test_a_missing_data_version_is_created_once(portal, on_redis):
    caches["default"].delete_many([readcache.PUBLIC, readcache.ALL])
    client = api(portal, "anonymous")
    first = client.get(ACTIVITIES)
    version = caches["default"].get(readcache.PUBLIC)
    assert version is not None
    assert client.get(ACTIVITIES, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert caches["default"].get(readcache.PUBLIC) == version


def test_two_throttles_and_the_data_version_in_one_round_trip(
    on_redis, rates, throttle_clock, commands
):
    request = RequestFactory().get("/")
    version = readcache.data_version()  # created (and the script not yet known)
    judge([keyed("a"), keyed("b")], request, None)
    commands.clear()
    throttles = [keyed("a"), keyed("b")]
    read, refused = judge(throttles, request, None, data_version=True)
    assert commands == ["EVALSHA"]
    assert read == version and refused == []
    assert [throttle.state() for throttle in throttles] == [(3, 1, 60), (2, 0, 3600)]
    throttle_clock.advance(10)
    throttles = [keyed("a"), keyed("b")]
    read, refused = judge(throttles, request, None, data_version=True)
    assert read == version
    assert refused == [3590.0]  # b refuses: its first request leaves the window in 3590 s
    # Refused by b, the request was still counted by a (as DRF's throttles each count it).
    assert [throttle.state() for throttle in throttles] == [(3, 0, 50), (2, 0, 3590)]


def test_counts_refusal_and_the_sliding_window(on_redis, rates, throttle_clock):
    request = RequestFactory().get("/")
    for remaining, reset in ((2, 60), (1, 50), (0, 40)):  # until the first request leaves
        throttle = keyed("a")
        assert throttle.allow_request(request, None)
        assert throttle.state() == (3, remaining, reset)
        throttle_clock.advance(10)
    refused = keyed("a")
    assert not refused.allow_request(request, None)  # at 30 s: three requests in the window
    assert refused.wait() == 30.0 and refused.state() == (3, 0, 30)
    throttle_clock.advance(29.5)
    assert not keyed("a").allow_request(request, None)
    throttle_clock.advance(0.5)  # 60 s after the first request: it leaves the window
    again = keyed("a")
    assert again.allow_request(request, None)
    assert again.state() == (3, 0, 10)  # the requests at 10 s, 20 s and now
    window = caches["default"].client.get_client()
    key = caches["default"].make_key(WINDOW + again.key)
    assert window.zcard(key) == 3  # the refused requests were not counted
    assert 59_000 < window.pttl(key) <= 60_000  # kept as long as its last request counts


def test_a_rate_left_out_counts_nothing(on_redis, rates, throttle_clock, commands):
    request = RequestFactory().get("/")
    throttle = keyed("none")
    assert throttle.allow_request(request, None) and not throttle.counted()
    assert commands == [] and rate_limit_headers([throttle]) == {}


def test_the_password_reset_limit_counts_on_redis(portal, on_redis, throttle_clock):
    request = RequestFactory().post("/")
    rate = api_settings.DEFAULT_THROTTLE_RATES["password_reset_address"]
    assert rate == "3/hour"
    for _ in range(3):
        assert keyed("password_reset_address", "digest").allow_request(request, None)
        throttle_clock.advance(1)
    refused = keyed("password_reset_address", "digest")
    assert not refused.allow_request(request, None)
    assert refused.wait() == 3597.0
    assert keyed("password_reset_address", "another").allow_request(request, None)


@pytest.mark.parametrize("seed", range(4))
def test_redis_answers_as_drf_does(on_redis, rates, throttle_clock, seed):
    """The same requests, counted by Redis and by DRF's code on another cache: the same
    answers (allowed, the wait, the headers) at every step, the window's edge included."""
    steps = random.Random(seed)
    request = RequestFactory().get("/")
    elsewhere = LocMemCache(f"drf-{seed}", {})
    for _ in range(60):
        throttle_clock.advance(steps.choice([0, 0, 0.1, 1.7, 5, 14.9, 15, 30, 60]))
        scope = steps.choice(["a", "c"])
        on_redis_answer = outcome(keyed(scope), request)
        assert on_redis_answer == outcome(keyed(scope, backend=elsewhere), request)


def test_with_redis_away_the_api_answers_and_nothing_is_counted(
    portal, on_redis, rates, throttle_clock, monkeypatch
):
    monkeypatch.setattr(portal_cache, "RETRY_SECONDS", 0)
    client = api(portal, "anonymous")
    assert limits(client.get(REPORTS)) == ["3", "2", "60"]
    on_redis.connected = False
    for _ in range(4):  # past the limit: nothing is counted while Redis is away
        answer = client.get(REPORTS)
        assert answer.status_code == 200 and limits(answer) == ["3", "2", "60"]
    # No data version: the ETag is the answer's own digest.
    assert answer["ETag"] == f'"{hashlib.md5(answer.content).hexdigest()}"'
    on_redis.connected = True
    throttle_clock.advance(1)
    assert limits(client.get(REPORTS)) == ["3", "1", "59"]  # the requests before the outage


def test_the_script_is_loaded_again_when_redis_lost_it(on_redis, rates, throttle_clock, commands):
    request = RequestFactory().get("/")
    assert keyed("a").allow_request(request, None)
    caches["default"].client.get_client().script_flush()  # a restarted Redis knows no script
    commands.clear()
    throttle = keyed("a")
    assert throttle.allow_request(request, None) and throttle.state() == (3, 1, 60)
    assert commands == ["EVALSHA", "SCRIPT LOAD", "EVALSHA"]


def test_the_counts_go_on_a_connection_the_thread_keeps(
    on_redis, rates, throttle_clock, monkeypatch
):
    request = RequestFactory().get("/")
    backend = caches["default"]
    assert keyed("a").allow_request(request, None)
    kept = backend._counting_connection()
    throttle = keyed("a")
    assert throttle.allow_request(request, None) and throttle.state() == (3, 1, 60)
    assert backend._counting_connection() is kept
    kept.disconnect()  # a connection lost (Redis restarted): connected again, counts on
    throttle = keyed("a")
    assert throttle.allow_request(request, None) and throttle.state() == (3, 0, 60)
    monkeypatch.setattr(portal_cache.os, "getpid", lambda: -1)  # a forked process: its own
    assert backend._counting_connection() is not kept
