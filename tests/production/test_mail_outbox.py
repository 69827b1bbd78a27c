"""E-mail never in the request's way, never lost (core/outbox.py).

The mail server is real SMTP on 127.0.0.1 (tests/smtp.py): one that refuses the connection,
one that accepts it and never answers, one that closes it at once, and one that works. A
focal point's submission, the secretariat's return and a password reset answer at once
whichever it is; the e-mail waits in the outbox, is deferred with the reason when the worker
cannot send it, shows in the admin, and goes out when the server works again."""

import time
from io import StringIO

import pytest
from django.core.management import call_command
from mailer.models import PRIORITY_DEFERRED, RESULT_FAILURE, Message, MessageLog

from core import outbox
from reporting.choices import ReportState
from tests.mailbox import queued
from tests.smtp import SMTPServer, refusing_port

pytestmark = pytest.mark.django_db

#: The longest a request may take: well under the mail server's time-out below.
AT_ONCE = 3.0
EMAIL_TIMEOUT = 4


@pytest.fixture
def smtp(settings):
    """Point the outbox's worker at a mail server: `smtp(port)`."""

    def use(port):
        settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = EMAIL_TIMEOUT

    return use


@pytest.fixture(params=["refusing", "hanging", "closing"])
def broken_server(request, smtp):
    """A mail server that fails in one of three ways; yields its description."""
    if request.param == "refusing":
        smtp(refusing_port())
        yield request.param
        return
    with SMTPServer("hang" if request.param == "hanging" else "close") as server:
        smtp(server.port)
        yield request.param


def timed(action):
    started = time.monotonic()
    response = action()
    return response, time.monotonic() - started


def submit(portal):
    client = portal.client("kg")
    draft = portal.reports["kg_draft"]
    etag = client.get(f"/api/v1/reports/{draft.pk}/").headers["ETag"]
    return client.post(
        f"/api/v1/reports/{draft.pk}/submit/",
        {},
        content_type="application/json",
        headers={"If-Match": etag},
    )


def test_a_submission_and_a_return_answer_at_once_and_their_mail_is_kept(
    portal, broken_server, smtp
):
    response, took = timed(lambda: submit(portal))
    assert response.status_code == 200, response.content
    assert took < AT_ONCE, f"the submission waited {took:.1f} s for the mail server"
    returned = portal.reports["kg_submitted"]
    response, took = timed(
        lambda: portal.client("secretariat").post(
            f"/reporting/reports/{returned.pk}/review/",
            {"action": "return", "comment": "Give the figures."},
        )
    )
    assert response.status_code == 302
    assert took < AT_ONCE, f"the return waited {took:.1f} s for the mail server"
    returned.refresh_from_db()
    assert returned.state == ReportState.RETURNED
    # Both notifications wait in the outbox.
    subjects = [message.subject for message in queued()]
    assert len(subjects) == 2 and any("needs changes" in subject for subject in subjects)

    # The worker cannot send them: deferred with the reason, not dropped.
    started = time.monotonic()
    outbox.Worker().run_once()
    assert time.monotonic() - started < 2 * EMAIL_TIMEOUT + AT_ONCE
    assert Message.objects.deferred().count() == 2
    failures = MessageLog.objects.filter(result=RESULT_FAILURE)
    assert failures.count() == 2
    assert all(log.log_message for log in failures)

    # The mail server works again: the next retry sends them.
    with SMTPServer("accept") as server:
        smtp(server.port)
        outbox.Worker(retry_minutes=0).run_once()
    assert not Message.objects.exists()
    assert sorted(message["To"] for message in server.messages) == sorted(
        [portal.users["secretariat"].email, portal.users["kg"].email]
    )


def test_a_password_reset_answers_at_once_with_the_mail_server_away(client, portal, smtp):
    smtp(refusing_port())
    user = portal.users["kg"]
    response, took = timed(lambda: client.post("/accounts/password/reset/", {"email": user.email}))
    assert response.status_code == 302
    assert took < AT_ONCE
    [email] = queued()
    assert email.to == [user.email] and "/accounts/password/reset/" in email.body


def test_the_admin_shows_failed_mail_and_sends_it_again(admin_client, portal, smtp):
    smtp(refusing_port())
    submit(portal)
    outbox.Worker().run_once()
    [message] = Message.objects.all()
    assert message.priority == PRIORITY_DEFERRED

    page = admin_client.get(f"/admin/mailer/message/?priority__exact={PRIORITY_DEFERRED}")
    assert page.status_code == 200
    assert message.subject in page.text and portal.users["secretariat"].email in page.text
    log = admin_client.get(f"/admin/mailer/messagelog/?result__exact={RESULT_FAILURE}")
    assert log.status_code == 200
    assert "ConnectionRefusedError" in log.text and message.subject in log.text

    answer = admin_client.post(
        "/admin/mailer/message/",
        {"action": "send_again", "_selected_action": [message.pk]},
    )
    assert answer.status_code == 302
    message.refresh_from_db()
    assert message.priority != PRIORITY_DEFERRED  # the worker's next pass sends it


@pytest.mark.parametrize("role", ["secretariat", "kg", "anonymous"])
def test_only_administrators_see_the_outbox(portal, role):
    """It holds password links: not even the secretariat's staff may read it."""
    response = portal.client(role).get("/admin/mailer/message/")
    assert response.status_code in (302, 403)


def test_the_worker_command_sends_the_queue(portal, smtp):
    submit(portal)
    with SMTPServer("accept") as server:
        smtp(server.port)
        call_command("send_queued_mail", "--once", stdout=(out := StringIO()))
    assert len(server.messages) == 1
    assert "0 queued, 0 deferred." in out.getvalue()


def test_the_worker_outlives_a_database_outage(monkeypatch, caplog):
    from django.db import OperationalError

    def down():
        raise OperationalError("the database is away")

    monkeypatch.setattr(outbox, "send_queue", down)
    worker = outbox.Worker(interval=0)
    worker.run_once()  # logged, not raised
    assert "could not be sent" in caplog.text
