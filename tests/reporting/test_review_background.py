"""A large cycle's review is made in the background (django-tasks, database backend): the
request shows the progress (202), the worker makes the file, the next request has it; a later
acceptance makes a new one."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from programme.choices import ImplementationStatus
from reporting import services
from reporting.choices import ReportState
from reporting.models import DraftReviewFile, Report

from .review_helpers import EXCERPTS, accept_reports, docx_text

pytestmark = pytest.mark.django_db(transaction=True)

LATER = "Accepted after the first file was made."


def _work():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_a_large_cycle_is_made_in_the_background(client, world, secretariat_user, settings):
    settings.REVIEW_BACKGROUND_FROM = 3
    accept_reports(world)
    client.force_login(secretariat_user)
    url = reverse("reporting:review_file", args=[world.cycle.pk, "docx"]) + "?lang=en"

    waiting = client.get(url)
    assert waiting.status_code == 202
    assert b'http-equiv="refresh"' in waiting.content and b"<progress" in waiting.content
    job = DraftReviewFile.objects.get()
    assert job.state == DraftReviewFile.State.QUEUED and job.progress == 0
    assert client.get(url).status_code == 202  # asked again: still the same file
    assert DraftReviewFile.objects.count() == 1

    _work()
    job.refresh_from_db()
    assert job.state == DraftReviewFile.State.READY and job.progress == 100
    ready = client.get(url)
    assert ready.status_code == 200
    assert EXCERPTS[("kg", "kg")] in docx_text(ready.content)

    # A later acceptance: the next request makes a new file, with the new report.
    Report.objects.filter(state=ReportState.SUBMITTED).update(
        progress=LATER, status=ImplementationStatus.ONGOING
    )
    report = Report.objects.get(state=ReportState.SUBMITTED)
    services.accept(report, by=secretariat_user, expected_version=report.version)
    assert client.get(url).status_code == 202
    _work()
    assert LATER in docx_text(client.get(url).content)
    assert DraftReviewFile.objects.count() == 1  # the out-of-date file was dropped


def test_the_background_file_is_refused_to_others(client, world, settings):
    settings.REVIEW_BACKGROUND_FROM = 1
    accept_reports(world)
    client.force_login(world.kg_fp.user)
    url = reverse("reporting:review_file", args=[world.cycle.pk, "pdf"])
    assert client.get(url).status_code == 403
    assert not DraftReviewFile.objects.exists()


def test_a_file_the_worker_never_starts_says_so(client, world, secretariat_user, settings):
    """Without a running worker the page does not reload for ever: after
    REVIEW_WORKER_WAIT_SECONDS it tells the secretariat the worker is not running."""
    settings.REVIEW_BACKGROUND_FROM = 1
    settings.REVIEW_WORKER_WAIT_SECONDS = 120
    accept_reports(world)
    client.force_login(secretariat_user)
    url = reverse("reporting:review_file", args=[world.cycle.pk, "pdf"]) + "?lang=en"

    first = client.get(url)
    assert first.status_code == 202 and b'http-equiv="refresh"' in first.content
    assert b"worker is probably not running" not in first.content
    job = DraftReviewFile.objects.get()
    DraftReviewFile.objects.filter(pk=job.pk).update(
        requested_at=job.requested_at - timedelta(seconds=121)
    )
    stalled = client.get(url)
    assert stalled.status_code == 202
    assert b"worker is probably not running" in stalled.content
    assert b'http-equiv="refresh"' not in stalled.content and b"<progress" not in stalled.content

    # Once the worker runs, the same address gives the file.
    _work()
    ready = client.get(url)
    assert ready.status_code == 200 and ready.content.startswith(b"%PDF")
