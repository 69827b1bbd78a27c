"""Cached public reads (cami_portal/readcache.py): a repeated read skips the database, and
whatever changes the data shows at once; nobody gets an answer meant for someone else."""

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.request import Request

from cami_portal import readcache
from cami_portal.api.authentication import TokenAuthentication
from programme.choices import ImplementationStatus
from programme.services import set_status
from reporting import services
from reporting.choices import ReportState

from .conftest import body_of

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"
TOKEN_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def api(portal, role):
    """An API client as a partner script is: a token, no session."""
    if role == "anonymous":
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Token {portal.tokens[role]}")


def accept_submitted_report(portal):
    report = portal.reports["kg_submitted"]
    return services.accept(report, by=portal.users["secretariat"])


# --- pages ----------------------------------------------------------------------------------


def test_a_page_read_again_costs_no_query_and_shows_an_accepted_report_at_once(
    portal, django_assert_num_queries
):
    client = Client()
    page = reverse("rangestates:detail", args=["KG"])
    first = client.get(page)
    assert first.status_code == 200
    assert "SECRET-kg-submitted" not in first.text
    with django_assert_num_queries(0):
        again = client.get(page)
    assert again.status_code == 200
    assert again.content == first.content.replace(
        TOKEN_INPUT.search(first.text)[1].encode(), TOKEN_INPUT.search(again.text)[1].encode()
    )

    report_page = reverse("reporting:report", args=[portal.reports["kg_submitted"].pk])
    assert report_page not in client.get(reverse("reporting:accepted")).text

    accept_submitted_report(portal)

    after = client.get(page)
    assert "SECRET-kg-submitted" in after.text  # accepted: public now, and shown at once
    assert report_page in client.get(reverse("reporting:accepted")).text


def test_a_status_set_by_the_secretariat_shows_at_once_on_cached_pages(portal):
    client = Client()
    activity = portal.activities["fresh"]
    page = activity.get_absolute_url()
    assert "Completed" not in client.get(page).text
    set_status(
        activity,
        status=ImplementationStatus.COMPLETED,
        note="Done.",
        by=portal.users["secretariat"],
        expected_version=activity.status.version,
    )
    assert "Completed" in client.get(page).text


def test_every_visitor_of_a_cached_page_gets_their_own_csrf_token(portal):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for client in (first, second, first):
        response = client.get("/")
        assert readcache.CSRF_PLACEHOLDER.decode() not in response.text
        tokens.append(TOKEN_INPUT.search(response.text)[1])
    assert len(set(tokens)) == 3  # masked afresh for each answer
    # Each visitor's token goes with their own cookie: switching the language works.
    for client, token in ((first, tokens[2]), (second, tokens[1])):
        response = client.post(
            reverse("set_language"),
            {"language": "fr", "next": "/", "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302
    assert '<html lang="fr">' in first.get("/").text
    assert '<html lang="fr">' in second.get("/").text


def test_languages_are_cached_apart(portal):
    client = Client()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").text
    french = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").text
    assert '<html lang="en">' in english
    assert '<html lang="fr">' in french
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").text


def test_a_signed_in_focal_point_never_gets_the_anonymous_page_and_is_not_cached(portal):
    anonymous = Client().get("/")
    assert "My reporting" not in anonymous.text
    client = Client()
    client.force_login(portal.users["kg"])
    for _ in range(2):
        assert "My reporting" in client.get("/").text
    assert "My reporting" not in Client().get("/").text


def test_pages_are_served_when_the_cache_is_down(portal):
    client = Client()
    with mock.patch.object(cache, "get_many", side_effect=ConnectionError("cache down")):
        response = client.get(reverse("rangestates:detail", args=["KG"]))
        assert response.status_code == 200
        assert "Kyrgyzstan" in response.text
        assert client.get(REPORTS).status_code == 200


def test_read_cache_off_builds_every_answer(portal, settings):
    settings.READ_CACHE = False
    client = Client()
    client.get("/")
    with CapturedQueries() as queries:
        client.get("/")
    assert queries.count > 0


class CapturedQueries:
    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.context = CaptureQueriesContext(connection)
        self.context.__enter__()
        return self

    def __exit__(self, *exc):
        self.context.__exit__(*exc)
        self.count = len(self.context.captured_queries)


# --- API ------------------------------------------------------------------------------------


def test_an_api_read_again_and_a_304_cost_no_query_and_follow_changes(
    portal, django_assert_num_queries
):
    client = api(portal, "anonymous")
    first = client.get(REPORTS)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    with django_assert_num_queries(0):
        again = client.get(REPORTS)
    assert again.content == first.content
    assert again.headers["ETag"] == etag
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    with django_assert_num_queries(0):
        not_modified = client.get(REPORTS, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.headers["ETag"] == etag

    accept_submitted_report(portal)

    changed = client.get(REPORTS, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "SECRET-kg-submitted" in changed.text


def test_a_cached_object_keeps_its_etag_for_if_match(portal):
    """The ETag of a cached read is the one a write's If-Match is checked against."""
    client = api(portal, "kg")
    url = f"{REPORTS}{portal.reports['kg_draft'].pk}/"
    etag = client.get(url).headers["ETag"]
    assert client.get(url).headers["ETag"] == etag
    response = client.patch(
        url, {"progress": "New words."}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    fresh = client.get(url)
    assert "New words." in fresh.text
    assert fresh.headers["ETag"] == response.headers["ETag"]


def test_a_partner_script_reading_again_costs_no_query(portal, django_assert_num_queries):
    client = api(portal, "partner")
    client.get("/api/v1/activities/")
    with django_assert_num_queries(0):  # neither the answer nor the token
        assert client.get("/api/v1/activities/").status_code == 200


def test_a_revoked_token_is_refused_at_once(portal):
    client = api(portal, "partner")
    assert client.get(REPORTS).status_code == 200
    assert client.get(REPORTS).status_code == 200  # the token is in the cache now
    Token.objects.filter(key=portal.tokens["partner"]).delete()
    assert client.get(REPORTS).status_code == 401


def test_a_deactivated_users_token_is_refused_at_once(portal):
    client = api(portal, "kg")
    assert client.get(REPORTS).status_code == 200
    user = portal.users["kg"]
    user.is_active = False
    user.save()
    assert client.get(REPORTS).status_code == 401
    draft = portal.reports["kg_draft"]
    response = client.patch(
        f"{REPORTS}{draft.pk}/", {"progress": "x"}, content_type="application/json"
    )
    assert response.status_code == 401


def test_a_user_from_the_token_cache_is_never_saved_over_its_password(portal):
    user = portal.users["partner"]
    user.set_password("the-partners-long-password")
    user.save()
    client = api(portal, "partner")
    client.get(REPORTS)
    request = RequestFactory().get(REPORTS, HTTP_AUTHORIZATION=f"Token {portal.tokens['partner']}")
    cached_user, _token = TokenAuthentication().authenticate(Request(request))
    assert "password" in cached_user.get_deferred_fields()
    cached_user.first_name = "Pat"
    cached_user.save()
    user.refresh_from_db()
    assert user.first_name == "Pat"
    assert user.check_password("the-partners-long-password")


def test_a_focal_point_sees_their_own_draft_change_at_once_and_nobody_else_sees_it(portal):
    kg, tj, partner, anonymous = (api(portal, r) for r in ("kg", "tj", "partner", "anonymous"))
    for client in (kg, tj, partner, anonymous):
        client.get(REPORTS)  # every answer cached
    draft = portal.reports["kg_draft"]
    services.update_draft(
        draft,
        by=portal.users["kg"],
        data={"progress": "SECRET-kg-new-words"},
        expected_version=draft.version,
    )
    assert "SECRET-kg-new-words" in kg.get(REPORTS).text
    for client in (tj, partner, anonymous):
        text = body_of(client.get(REPORTS))
        assert "SECRET-kg" not in text
    assert "SECRET-tj-draft" in tj.get(REPORTS).text


def test_the_secretariat_reads_are_never_cached(portal):
    client = api(portal, "secretariat")
    client.get(REPORTS)
    with CapturedQueries() as queries:
        response = client.get(REPORTS)
    assert queries.count > 0
    assert "SECRET-species-draft" in response.text
    species_draft = portal.reports["species_draft"]
    services.update_draft(
        species_draft,
        by=portal.users["species"],
        data={"progress": "SECRET-species-second-words"},
        expected_version=species_draft.version,
    )
    assert "SECRET-species-second-words" in client.get(REPORTS).text


def test_a_reopened_report_leaves_the_cached_public_answers(portal):
    client = api(portal, "anonymous")
    accepted = portal.reports["kg_accepted"]
    assert "PUBLIC-kg-accepted" in client.get(REPORTS).text
    report_page = reverse("reporting:report", args=[accepted.pk])
    assert report_page in Client().get(reverse("reporting:accepted")).text
    services.reopen(accepted, by=portal.users["secretariat"], comment="Check the figures.")
    assert accepted.__class__.objects.get(pk=accepted.pk).state != ReportState.ACCEPTED
    assert "PUBLIC-kg-accepted" not in client.get(REPORTS).text
    assert report_page not in Client().get(reverse("reporting:accepted")).text


# --- invalidation ---------------------------------------------------------------------------


def test_a_change_invalidates_again_when_its_transaction_commits(
    portal, django_capture_on_commit_callbacks
):
    activity = portal.activities["fresh"]
    (before,) = readcache.current_versions()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        set_status(
            activity,
            status=ImplementationStatus.DELAYED,
            by=portal.users["secretariat"],
            expected_version=activity.status.version,
        )
    (during,) = readcache.current_versions()
    assert during != before  # at once...
    assert callbacks
    for callback in callbacks:
        callback()
    (after,) = readcache.current_versions()
    assert after != during  # ...and again at the commit


def test_a_draft_saved_changes_its_authors_version_only(portal):
    draft = portal.reports["kg_draft"]
    kg_user, tj_user = portal.users["kg"].pk, portal.users["tj"].pk
    public, kg, tj = readcache.current_versions(kg_user) + readcache.current_versions(tj_user)[1:]
    services.update_draft(
        draft, by=portal.users["kg"], data={"progress": "Again."}, expected_version=draft.version
    )
    assert readcache.current_versions(kg_user)[0] == public  # a draft is not public
    assert readcache.current_versions(kg_user)[1] != kg
    assert readcache.current_versions(tj_user)[1] == tj


def test_signing_in_changes_no_version(portal):
    (before,) = readcache.current_versions()
    client = Client()
    user = portal.users["partner"]
    user.set_password("a-long-password-for-pat")
    user.save()
    (before,) = readcache.current_versions()
    response = client.post(
        reverse("login"), {"username": "pat", "password": "a-long-password-for-pat"}
    )
    assert response.status_code == 302
    assert readcache.current_versions() == [before]


# --- conditional reads answered before the view (cami_portal/api/fastpath.py) ---------------


@pytest.fixture
def view_not_reached():
    """Fails a request that reaches an API view."""
    from cami_portal.api.viewsets import ApiViewSet

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
                "cami_portal.api.viewsets.ApiViewSet.initial",
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
        "cami_portal.api.viewsets.ApiViewSet.initial", side_effect=AssertionError("view reached")
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
                "cami_portal.api.viewsets.ApiViewSet.initial",
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
        "cami_portal.api.viewsets.ApiViewSet.initial", side_effect=AssertionError("view reached")
    ):
        with pytest.raises(AssertionError, match="view reached"):
            client.get(REPORTS)
    assert "SECRET-kg-submitted" in client.get(REPORTS).text
