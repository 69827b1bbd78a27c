"""Cached public pages (core/pagecache.py): a repeated read skips the database, and
whatever changes the data shows at once; nobody gets a page meant for someone else."""

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from core import pagecache
from programme.choices import ImplementationStatus
from programme.services import set_status

from .conftest import REPORTS, accept_submitted_report

pytestmark = pytest.mark.django_db

TOKEN_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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
        assert pagecache.CSRF_PLACEHOLDER.decode() not in response.text
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


def test_a_reopened_report_leaves_the_cached_public_page(portal):
    from reporting import services
    from reporting.choices import ReportState

    accepted = portal.reports["kg_accepted"]
    report_page = reverse("reporting:report", args=[accepted.pk])
    assert report_page in Client().get(reverse("reporting:accepted")).text
    services.reopen(accepted, by=portal.users["secretariat"], comment="Check the figures.")
    assert accepted.__class__.objects.get(pk=accepted.pk).state != ReportState.ACCEPTED
    assert report_page not in Client().get(reverse("reporting:accepted")).text
