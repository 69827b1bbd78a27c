"""Every API answer says where the client stands with its rate limit (RateLimit-* fields),
and the limits are DRF's own throttles, counted per address for anonymous clients; the same
answers whether the cache is Redis (counted there) or not (counted by DRF)."""

import pytest

from .conftest import REPORTS, api

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def backend(request):
    """Every test on both ways of counting: DRF's (local memory, as the database cache) and
    Redis's own (core/cache.py's `count_requests`)."""
    if request.param == "redis":
        request.getfixturevalue("on_redis")
    return request.param


@pytest.fixture
def rates(settings):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {**rest["DEFAULT_THROTTLE_RATES"], "anon": "3/minute",
                                      "user": "5/minute"}  # fmt: skip
    settings.REST_FRAMEWORK = rest


def limits(response):
    return [response.headers.get(f"RateLimit-{name}") for name in ("Limit", "Remaining", "Reset")]


def test_every_answer_counts_down_and_a_refusal_says_when_to_come_back(
    portal, rates, throttle_clock
):
    client = api(portal, "anonymous")
    assert limits(client.get(REPORTS)) == ["3", "2", "60"]
    throttle_clock.advance(10)
    assert limits(client.get(f"{REPORTS}?nonsense=1")) == ["3", "1", "50"]  # a 400 too
    etag = client.get(REPORTS).headers["ETag"]
    refused = client.get(REPORTS, HTTP_IF_NONE_MATCH=etag)  # a 304 would be counted too
    assert refused.status_code == 429
    assert limits(refused) == ["3", "0", "50"]
    assert int(refused.headers["Retry-After"]) == 50
    throttle_clock.advance(51)  # the first request left the window
    answer = client.get(REPORTS, HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 304
    assert limits(answer) == ["3", "0", "9"]


def test_signed_in_clients_are_counted_per_user(portal, rates, throttle_clock):
    client = api(portal, "partner")
    assert limits(client.get(REPORTS)) == ["5", "4", "60"]
    assert limits(api(portal, "anonymous").get(REPORTS)) == ["3", "2", "60"]


def test_a_refused_write_is_counted_and_says_so(portal, rates, throttle_clock):
    response = api(portal, "anonymous").post(REPORTS, {}, content_type="application/json")
    assert response.status_code == 401
    assert limits(response) == ["3", "2", "60"]


def test_anonymous_clients_are_counted_by_address_behind_the_configured_proxies(
    portal, rates, settings, throttle_clock
):
    rest = dict(settings.REST_FRAMEWORK)
    rest["NUM_PROXIES"] = 1
    settings.REST_FRAMEWORK = rest
    client = api(portal, "anonymous")
    for _ in range(3):
        assert client.get(REPORTS, HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 200
    assert client.get(REPORTS, HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 429
    other = client.get(REPORTS, HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert other.status_code == 200 and limits(other)[1] == "2"
