"""A dashboard on another origin reads the public API and its schema (django-cors-headers):
`Access-Control-Allow-Origin: *`, no credentials, ETag/Retry-After/Content-Language exposed;
writes and token-bearing requests are not let through."""

import pytest

from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

ORIGIN = "https://dashboard.example.org"


@pytest.mark.parametrize("url", ["/api/v1/activities/", "/api/v1/", "/api/schema/"])
def test_anonymous_reads_are_open_to_every_origin(client, url):
    ActivityFactory()
    response = client.get(url, headers={"origin": ORIGIN})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    exposed = {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "retry-after", "content-language"} <= exposed


def test_a_preflight_for_a_read_is_answered(client):
    response = client.options(
        "/api/v1/activities/",
        headers={
            "origin": ORIGIN,
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


@pytest.mark.parametrize(
    "method, headers",
    [("POST", ""), ("PATCH", "content-type"), ("GET", "authorization")],
)
def test_a_preflight_for_a_write_or_a_token_is_not_let_through(client, method, headers):
    response = client.options(
        "/api/v1/reports/",
        headers={
            "origin": ORIGIN,
            "access-control-request-method": method,
            "access-control-request-headers": headers,
        },
    )
    allowed_headers = response.headers.get("Access-Control-Allow-Headers", "")
    allowed = method in response.headers.get("Access-Control-Allow-Methods", "") and (
        headers in allowed_headers.split(", ")
    )
    assert not allowed or "Access-Control-Allow-Origin" not in response


def test_a_write_is_not_readable_from_another_origin(client):
    response = client.post("/api/v1/reports/", {}, headers={"origin": ORIGIN})
    assert response.status_code in (401, 403)
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("url", ["/", "/activities/", "/api/", "/admin/login/"])
def test_the_pages_are_not_opened(client, url):
    response = client.get(url, headers={"origin": ORIGIN})
    assert "Access-Control-Allow-Origin" not in response
