"""The two data versions (core/readcache.py): a draft saved, submitted or returned changes
what only its author and the secretariat see, so it changes the whole data version and leaves
the public one, the cached public pages and every public reader's ETag alone; an acceptance,
a reopening and any write outside the services' private blocks change both."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core import readcache
from programme.models import Activity
from reporting import services
from reporting.access import sees_unpublished_reports
from reporting.models import Report

from .conftest import PDF, REPORTS, accept_submitted_report, api

pytestmark = pytest.mark.django_db

# What the public reads, as a visitor and as a partner script.
PUBLIC_PAGES = ("/", "/activities/", "/range-states/", "/reporting/reports/", "/matrix/")
PUBLIC_API = (
    REPORTS,
    "/api/v1/activities/",
    "/api/v1/range-state-statuses/",
    "/api/v1/range-states/",
)
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
_NONCE = re.compile(r'nonce="[^"]+"')


def versions():
    return readcache.data_version(public=True), readcache.data_version(public=False)


def public_answers(portal):
    """Every public page (anonymous) and API list (anonymous and a partner), their bodies
    with the per-visitor tokens masked, and the partner's ETags."""
    answers = {}
    for path in PUBLIC_PAGES:
        body = Client().get(path).content.decode()
        answers[path] = _NONCE.sub("nonce", _CSRF.sub("csrf", body))
    for role in ("anonymous", "partner"):
        for path in PUBLIC_API:
            response = api(portal, role).get(path)
            answers[(role, path)] = (response.content, response.headers["ETag"])
    return answers


def private_writes(portal):
    """A focal point's day on their Kyrgyz reports, and the secretariat's return."""
    kg, draft = portal.users["kg"], portal.reports["kg_draft"]
    services.update_draft(
        draft, by=kg, data={"progress": "Patrols doubled."}, expected_version=None
    )
    services.add_attachment(
        draft, by=kg, upload=SimpleUploadedFile("patrols.pdf", PDF, content_type="application/pdf")
    )
    services.submit(Report.objects.get(pk=draft.pk), by=kg)
    services.return_report(
        Report.objects.get(pk=draft.pk), by=portal.users["secretariat"], comment="Figures?"
    )
    services.create_draft(
        portal.cycle, portal.activities["fresh"], by=kg, range_state=portal.kg, prefill=False
    )


def test_a_focal_points_day_leaves_the_public_version_and_every_public_answer(portal):
    before = public_answers(portal)
    public, whole = versions()
    private_writes(portal)
    assert readcache.data_version(public=True) == public
    assert readcache.data_version(public=False) != whole
    assert public_answers(portal) == before


def test_an_acceptance_and_a_reopening_change_both_versions(portal):
    public, whole = versions()
    accept_submitted_report(portal)
    accepted = versions()
    assert accepted[0] != public and accepted[1] != whole
    services.reopen(
        Report.objects.get(pk=portal.reports["kg_submitted"].pk),
        by=portal.users["secretariat"],
        comment="One figure is wrong.",
    )
    reopened = versions()
    assert reopened[0] != accepted[0] and reopened[1] != accepted[1]


def test_only_the_private_tables_stay_private_within_a_private_block(portal):
    public, _whole = versions()
    with readcache.private_writes():
        Report.objects.filter(pk=portal.reports["kg_draft"].pk).update(progress="Draft.")
    assert readcache.data_version(public=True) == public
    with readcache.private_writes():
        Activity.objects.filter(pk=portal.activities["fresh"].pk).update(short_title="Fresh")
    assert readcache.data_version(public=True) != public


def test_a_report_written_outside_the_services_changes_the_public_version(portal):
    public, _whole = versions()
    Report.objects.filter(pk=portal.reports["kg_draft"].pk).update(progress="Bulk.")
    assert readcache.data_version(public=True) != public


def test_a_partners_etag_outlives_a_draft_and_the_insiders_do_not(portal):
    etags = {role: api(portal, role).get(REPORTS).headers["ETag"] for role in portal.tokens}
    private_writes(portal)
    statuses = {
        role: api(portal, role).get(REPORTS, HTTP_IF_NONE_MATCH=etag).status_code
        for role, etag in etags.items()
    }
    # The partner sees nothing of it. Whoever may see an unpublished report reads the whole
    # version: the author, the secretariat, and the other focal points, who have drafts of
    # their own.
    assert statuses == {
        "partner": 304,
        "kg": 200,
        "secretariat": 200,
        "tj": 200,
        "species": 200,
    }


def test_who_sees_unpublished_reports(portal):
    users = portal.users
    assert sees_unpublished_reports(users["secretariat"])
    assert sees_unpublished_reports(users["kg"])  # the author of reports at every state
    assert not sees_unpublished_reports(users["partner"])
    Report.objects.filter(author=users["tj"]).delete()
    assert not sees_unpublished_reports(users["tj"])  # a focal point who wrote nothing yet
