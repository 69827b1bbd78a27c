"""A partner's conditional read answered 304: the same headers as ever (ETag, Vary, CORS,
security headers, RateLimit-*), the parameters judged only when there are some, and every
address of the API still reaching its own endpoint whatever the order Django tries them in."""

import pytest
from django.urls import resolve

from core.api.viewsets import ApiViewSet

from .conftest import REPORTS, api

pytestmark = pytest.mark.django_db

ACTIVITIES = "/api/v1/activities/"
ORIGIN = "https://dashboard.example.org"

#: The headers of a 304 (beside the ETag and the rate limit), as they were before the API's
#: addresses were tried first and the parameters judged only when present.
EXPECTED = {
    REPORTS: {
        "Allow": "GET, POST, HEAD, OPTIONS",
        "Vary": "Accept, Authorization, Cookie, Accept-Language, origin",
    },
    ACTIVITIES: {"Allow": "GET, HEAD, OPTIONS", "Vary": "Accept, Accept-Language, origin"},
}
SECURITY = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Content-Language": "en",
    "Access-Control-Allow-Origin": "*",
}


@pytest.mark.parametrize("path", [REPORTS, ACTIVITIES])
def test_a_partners_304_carries_the_headers_it_always_did(portal, path):
    client = api(portal, "partner")
    first = client.get(path, HTTP_ORIGIN=ORIGIN)
    assert first.status_code == 200
    answer = client.get(path, HTTP_ORIGIN=ORIGIN, HTTP_IF_NONE_MATCH=first["ETag"])
    assert answer.status_code == 304
    assert answer.content == b""
    assert answer["ETag"] == first["ETag"]
    assert answer["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert {name: answer[name] for name in EXPECTED[path]} == EXPECTED[path]
    assert {name: answer[name] for name in SECURITY} == SECURITY
    assert answer["Access-Control-Expose-Headers"] == first["Access-Control-Expose-Headers"]
    assert int(answer["RateLimit-Remaining"]) == int(first["RateLimit-Remaining"]) - 1
    assert answer["RateLimit-Limit"] == first["RateLimit-Limit"]
    assert "Content-Type" not in answer and "Set-Cookie" not in answer
    assert set(answer.headers) == set(first.headers) - {"Content-Type"}


def test_a_read_without_parameters_does_not_list_the_parameters_allowed(portal, monkeypatch):
    def listed(self):
        raise AssertionError("the parameters allowed were listed")

    monkeypatch.setattr(ApiViewSet, "query_params_allowed", listed)
    client = api(portal, "partner")
    first = client.get(REPORTS)
    assert first.status_code == 200
    assert client.get(REPORTS, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with pytest.raises(AssertionError, match="listed"):
        client.get(f"{REPORTS}?nonsense=1")


def test_an_unknown_parameter_of_a_conditional_read_is_still_a_400(portal):
    client = api(portal, "partner")
    etag = client.get(REPORTS)["ETag"]
    refused = client.get(f"{REPORTS}?nonsense=1", HTTP_IF_NONE_MATCH=etag)
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert "nonsense" in refused.json()["errors"]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/", "api:guide"),
        ("/api/token/", "api:token"),
        ("/api/schema/", "api:schema"),
        ("/api/docs/", "api:docs"),
        ("/api/redoc/", "api:redoc"),
        ("/api/v1/", "api:api-root"),
        ("/api/v1/data-package.zip", "api:data-package-zip"),
        ("/api/v1/data-package.json", "api:data-package-json"),
        ("/api/v1/reports/", "api:report-list"),
        ("/api/v1/reports/12/", "api:report-detail"),
        ("/api/v1/reports/12/submit/", "api:report-submit"),
        ("/api/v1/activities/", "api:activity-list"),
        ("/api/v1/activities/2.3.15/", "api:activity-detail"),
        ("/api/v1/activities/2.3.15/status/", "api:activity-status"),
        ("/api/v1/range-states/", "api:range-state-list"),
        ("/healthz", "healthz"),
        ("/readyz", "readyz"),
        ("/i18n/setlang/", "set_language"),
        ("/admin/", "admin:index"),
        ("/", "programme:home"),
    ],
)
def test_each_address_reaches_its_own_view(path, name):
    assert resolve(path).view_name == name
