"""A double click on Submit, on the site and through the API: the second request is answered
as the first was (the same submission), or refused with "already submitted" (409), never
with "nothing was saved" or a 403 for a report the author just submitted."""

import threading

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from reporting import services
from reporting.choices import ReportState
from reporting.forms import ReportForm
from reporting.models import Report
from tests.api.factories import token_for
from tests.mailbox import delivered

from .conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world):
    """A draft of the Kyrgyz focal point, complete enough to be submitted."""
    return world.report("kg", status="ongoing", progress="Patrols doubled.")


def submissions(report):
    return report.transitions.filter(to_state=ReportState.SUBMITTED).count()


def clicked(draft):
    """What the report form sends when Submit is clicked on `draft`."""
    return form_data(
        version=str(draft.version), status="ongoing", progress="Patrols doubled.", action="submit"
    )


# --- the rule ------------------------------------------------------------------------------


def test_the_same_submission_twice_answers_as_the_first(
    world, draft, secretariat_user, django_capture_on_commit_callbacks
):
    author, version = world.kg_fp.user, draft.version
    read_by_the_second = Report.objects.get(pk=draft.pk)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.submit(draft, by=author, expected_version=version)
        second = services.submit(read_by_the_second, by=author, expected_version=version)
    assert (second.state, second.version) == (ReportState.SUBMITTED, first.version)
    assert submissions(draft) == 1
    assert len(delivered()) == 1  # the secretariat hears of it once


def test_a_submission_of_a_report_submitted_since_is_refused_as_such(world, draft):
    first = services.submit(draft, by=world.kg_fp.user, expected_version=draft.version)
    with pytest.raises(services.AlreadySubmitted) as caught:
        services.submit(first, by=world.kg_fp.user, expected_version=first.version)
    assert "was already submitted to the secretariat" in caught.value.messages[0]
    assert submissions(draft) == 1


# --- the site ------------------------------------------------------------------------------


def test_a_second_click_after_the_first_was_answered(client, world, draft):
    client.force_login(world.kg_fp.user)
    data = clicked(draft)
    assert client.post(draft.get_edit_url(), data).status_code == 302
    second = client.post(draft.get_edit_url(), data)
    assert second.status_code == 409
    assert "was already submitted to the secretariat" in second.text
    assert "Nothing was saved" not in second.text
    assert submissions(draft) == 1


def test_a_second_click_that_read_the_draft_before_the_first_saved(
    client, world, draft, monkeypatch
):
    client.force_login(world.kg_fp.user)
    real = ReportForm.clean_new_attachments

    def first_click_lands_meanwhile(form):
        # The second request has read the draft and checks what was sent: the first one's
        # save and submission are done meanwhile, in their own transaction.
        monkeypatch.setattr(ReportForm, "clean_new_attachments", real)
        first = Client()
        first.force_login(world.kg_fp.user)
        assert first.post(draft.get_edit_url(), clicked(draft)).status_code == 302
        return real(form)

    monkeypatch.setattr(ReportForm, "clean_new_attachments", first_click_lands_meanwhile)
    response = client.post(draft.get_edit_url(), clicked(draft))
    assert response.status_code == 409
    assert "was already submitted to the secretariat" in response.text
    assert "Nothing was saved" not in response.text
    assert submissions(draft) == 1


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_on_postgresql(world, draft, monkeypatch):
    """Two requests at once, each in its own connection: both read the draft before either
    writes. The second waits for the first's save and submission, then is told."""
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks (SQLite lets one writer in at a time)")
    barrier = threading.Barrier(2, timeout=30)
    real = services.update_draft

    def both_read_then_write(report, **kwargs):
        barrier.wait()
        return real(report, **kwargs)

    monkeypatch.setattr(services, "update_draft", both_read_then_write)
    answers = []

    def click():
        try:
            client = Client()
            client.force_login(world.kg_fp.user)
            answers.append(client.post(draft.get_edit_url(), clicked(draft)))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answer.status_code for answer in answers) == [302, 409]
    assert all("Nothing was saved" not in answer.content.decode() for answer in answers)
    assert submissions(draft) == 1


# --- the API -------------------------------------------------------------------------------


@pytest.fixture
def api(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(world.kg_fp.user)}")
    return client


def submit_url(report):
    return f"/api/v1/reports/{report.pk}/submit/"


def test_api_second_request_after_the_first_was_answered(api, draft):
    etag = api.get(f"/api/v1/reports/{draft.pk}/")["ETag"]
    assert api.post(submit_url(draft), headers={"If-Match": etag}).status_code == 200
    second = api.post(submit_url(draft), headers={"If-Match": etag})
    assert second.status_code == 409
    assert "was already submitted to the secretariat" in second.json()["detail"]
    assert submissions(draft) == 1


def test_api_second_request_sent_with_the_first(api, world, draft, monkeypatch):
    etag = api.get(f"/api/v1/reports/{draft.pk}/")["ETag"]
    real = services.submit

    def first_request_lands_first(report, **kwargs):
        monkeypatch.setattr(services, "submit", real)
        real(Report.objects.get(pk=report.pk), **kwargs)  # the first request
        return real(report, **kwargs)  # the second, which read the same draft

    monkeypatch.setattr(services, "submit", first_request_lands_first)
    response = api.post(submit_url(draft), headers={"If-Match": etag})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == ReportState.SUBMITTED
    assert response.json()["version"] == draft.version + 1
    assert submissions(draft) == 1
