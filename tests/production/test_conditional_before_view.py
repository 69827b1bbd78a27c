"""Conditional API reads answered before the view (core/api/fastpath.py): a 304 or the
stored answer, only while every version it was built with is current."""

from unittest import mock

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from reporting import services

from .conftest import REPORTS, accept_submitted_report, api

pytestmark = pytest.mark.django_db

# --- conditional reads answered before the view (core/api/fastpath.py) ---------------


@pytest.fixture
def view_not_reached():
    """Fails a request that reaches an API view."""
    from core.api.viewsets import ApiViewSet

    with mock.patch.object(ApiViewSet, "initial", side_effect=AssertionError("view reached")):
        yield


def test_an_unchanged_conditional_read_is_answered_before_the_view(
    portal, django_assert_num_queries
):
    for role in ("anonymous", "partner", "kg"):
        client = api(portal, role)
        for url in (REPORTS, "/api/v1/activities/"):
            etag = client.get(url).headers["ETag"]
            # The view answers the first one (the answer may have been built for another
            # client: the activities are the same for everyone) and leaves a fast entry.
            assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
            with mock.patch(
                "core.api.viewsets.ApiViewSet.initial",
                side_effect=AssertionError("view reached"),
            ):
                with django_assert_num_queries(0):
                    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
            assert response.status_code == 304, (role, url)
            assert response.headers["ETag"] == etag
            assert "Authorization" in response.headers["Vary"]


def test_a_changed_answer_is_never_a_304(portal):
    client = api(portal, "kg")
    etag = client.get(REPORTS).headers["ETag"]
    draft = portal.reports["kg_draft"]
    services.update_draft(
        draft, by=portal.users["kg"], data={"progress": "Newer."}, expected_version=draft.version
    )
    response = client.get(REPORTS, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Newer." in response.text


def test_the_shortcut_needs_the_same_request_and_a_live_token(portal):
    client = api(portal, "partner")
    etag = client.get(REPORTS).headers["ETag"]
    with mock.patch(
        "core.api.viewsets.ApiViewSet.initial", side_effect=AssertionError("view reached")
    ):
        assert client.get(REPORTS, HTTP_IF_NONE_MATCH=etag).status_code == 304
        # Another language, another answer: the view decides.
        with pytest.raises(AssertionError, match="view reached"):
            client.get(REPORTS, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="fr")
        # Another client with the same ETag: the view decides.
        with pytest.raises(AssertionError, match="view reached"):
            api(portal, "tj").get(REPORTS, HTTP_IF_NONE_MATCH=etag)
        # A revoked token: the view decides (and refuses it).
        Token.objects.filter(key=portal.tokens["partner"]).delete()
        with pytest.raises(AssertionError, match="view reached"):
            client.get(REPORTS, HTTP_IF_NONE_MATCH=etag)
    assert client.get(REPORTS, HTTP_IF_NONE_MATCH=etag).status_code == 401


def test_a_signed_in_browser_session_never_takes_the_shortcut(portal, view_not_reached):
    client = Client()
    client.force_login(portal.users["partner"])
    with pytest.raises(AssertionError, match="view reached"):
        client.get(REPORTS, HTTP_IF_NONE_MATCH='"anything"')


def test_conditional_reads_count_against_the_rate_limit(portal, settings, throttle_clock):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute"},
    }
    client = api(portal, "anonymous")
    etag = client.get(REPORTS).headers["ETag"]
    assert [client.get(REPORTS, HTTP_IF_NONE_MATCH=etag).status_code for _ in range(3)] == [
        304,
        304,
        429,
    ]


def test_a_repeated_read_is_answered_before_the_view_with_the_same_answer(portal):
    for role in ("anonymous", "partner", "kg"):
        client = api(portal, role)
        for url in (REPORTS, "/api/v1/activities/?priority=high"):
            built = client.get(url)  # built by the view (or by the read cache)
            client.get(url)  # now with this client's fast entry
            with mock.patch(
                "core.api.viewsets.ApiViewSet.initial",
                side_effect=AssertionError("view reached"),
            ):
                again = client.get(url)
            assert again.status_code == 200, (role, url)
            assert again.content == built.content
            for name in ("ETag", "Content-Type", "X-Frame-Options", "Content-Security-Policy"):
                assert again.headers.get(name) == built.headers.get(name), (role, url, name)


def test_a_stale_repeated_read_goes_to_the_view(portal):
    client = api(portal, "anonymous")
    client.get(REPORTS)
    client.get(REPORTS)
    accept_submitted_report(portal)
    with mock.patch(
        "core.api.viewsets.ApiViewSet.initial", side_effect=AssertionError("view reached")
    ):
        with pytest.raises(AssertionError, match="view reached"):
            client.get(REPORTS)
    assert "SECRET-kg-submitted" in client.get(REPORTS).text
