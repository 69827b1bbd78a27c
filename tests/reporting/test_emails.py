"""E-mails of the workflow and the reminder command."""

import datetime
import smtplib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core import outbox
from reporting import services
from reporting.choices import ReportState
from reporting.models import FocalPoint, Reminder
from tests.factories import UserFactory
from tests.mailbox import delivered, queued

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Runs `action` and what its transaction does on commit (the mail is queued before)."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def test_submission_notifies_the_secretariat_only(
    world, secretariat_user, staff_outside_group, on_commit
):
    UserFactory(username="former", is_staff=True, is_active=False, groups=["Secretariat"])
    UserFactory(username="nomail", is_staff=True, email="", groups=["Secretariat"])
    report = world.report("kg")
    on_commit(lambda: services.submit(report, by=world.kg_fp.user))
    assert len(delivered()) == 1
    message = delivered()[0]
    assert message.to == [secretariat_user.email]
    assert world.activities["kg"].code in message.subject and "Kyrgyzstan" in message.subject
    assert f"https://cami.example.org/reporting/reports/{report.pk}/" in message.body


def test_return_and_accept_notify_the_author_in_their_language(world, secretariat_user, on_commit):
    world.kg_fp.language = "fr"
    world.kg_fp.save()
    report = world.report("kg", state=ReportState.SUBMITTED)
    on_commit(lambda: services.return_report(report, by=secretariat_user, comment="Des chiffres ?"))
    returned = delivered()[-1]
    assert returned.to == [world.kg_fp.user.email]
    assert "Des chiffres ?" in returned.body
    assert f"/reporting/reports/{report.pk}/edit/" in returned.body
    assert "a renvoyé" in returned.body  # French
    report.refresh_from_db()
    on_commit(lambda: services.submit(report, by=world.kg_fp.user))
    on_commit(lambda: services.accept(report, by=secretariat_user))
    accepted = delivered()[-1]
    assert accepted.to == [world.kg_fp.user.email]
    assert "accepté" in accepted.subject
    assert len(delivered()) == 3  # returned, submitted (to the secretariat), accepted


def test_no_mail_when_nothing_is_committed(world, secretariat_user, on_commit):
    report = world.report("kg", status="")
    with pytest.raises(Exception):  # noqa: B017 - any refusal
        on_commit(lambda: services.submit(report, by=world.kg_fp.user))
    assert delivered() == []


def test_a_mail_server_failure_does_not_undo_the_review(
    world, secretariat_user, on_commit, monkeypatch
):
    def fail(*args, **kwargs):
        raise smtplib.SMTPException("down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", fail)
    report = world.report("kg", state=ReportState.SUBMITTED)
    on_commit(lambda: services.accept(report, by=secretariat_user))
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert delivered() == [] and len(queued()) == 1  # kept in the outbox, deferred
    monkeypatch.undo()
    outbox.retry_deferred()
    assert [message.to for message in delivered()] == [[world.kg_fp.user.email]]


# --- Reminders ----------------------------------------------------------------------------


@pytest.fixture
def due_in_14_days(world):
    world.cycle.deadline = timezone.localdate() + datetime.timedelta(days=14)
    world.cycle.save()
    return world.cycle


def reminders(*args):
    out = StringIO()
    call_command("send_reporting_reminders", *args, stdout=out)
    return out.getvalue()


def test_reminders_go_to_focal_points_with_reports_missing_only(world, due_in_14_days):
    # Kyrgyzstan: everything submitted or accepted -> no reminder.
    for name, state in [
        ("kg", ReportState.SUBMITTED), ("landscape", ReportState.ACCEPTED),
        ("general", ReportState.SUBMITTED), ("leopard", ReportState.ACCEPTED),
    ]:  # fmt: skip
        world.report(name, state=state)
    # Tajikistan: one draft, the rest not started -> reminded of all 4.
    world.report("tj", by=world.tj_fp.user, range_state=world.tj)
    # Snow leopard: one submitted, one returned -> reminded of 1.
    world.report(
        "leopard", by=world.species_fp.user, species=world.leopard, state=ReportState.SUBMITTED
    )
    world.report(
        "tj_leopard", by=world.species_fp.user, species=world.leopard, state=ReportState.RETURNED
    )
    # Inactive or without an address: not reminded.
    gone = FocalPoint.objects.create(user=UserFactory(username="gone", is_active=False))
    gone.range_states.set([world.tj])
    silent = FocalPoint.objects.create(user=UserFactory(username="silent", email=""))
    silent.range_states.set([world.tj])

    output = reminders("--days", "14")
    recipients = sorted(message.to[0] for message in delivered())
    assert recipients == [world.species_fp.user.email, world.tj_fp.user.email]
    by_recipient = {message.to[0]: message for message in delivered()}
    tj_mail = by_recipient[world.tj_fp.user.email]
    assert "4 reports are still missing" in tj_mail.body
    assert world.activities["tj"].code in tj_mail.body
    assert "14 days" in tj_mail.subject
    species_mail = by_recipient[world.species_fp.user.email]
    assert "One report is still missing" in species_mail.body
    assert world.activities["tj_leopard"].code in species_mail.body
    assert "2 reminder(s) sent." in output
    assert Reminder.objects.count() == 2


def test_reminders_are_sent_once_per_day_before(world, due_in_14_days):
    reminders("--days", "14")
    sent = len(delivered())
    assert sent == 3
    reminders("--days", "14")
    assert len(delivered()) == sent


def test_reminders_only_on_the_given_days(world, due_in_14_days):
    reminders("--days", "7", "--days", "3")
    assert delivered() == []
    reminders()  # default: 14 and 3 days
    assert len(delivered()) == 3


def test_reminders_dry_run_sends_nothing(world, due_in_14_days):
    output = reminders("--days", "14", "--dry-run")
    assert delivered() == [] and not Reminder.objects.exists()
    assert "Would remind" in output and "3 reminder(s) to send." in output


def test_reminders_skip_cycles_not_open(world, due_in_14_days):
    world.cycle.opens_on = timezone.localdate() + datetime.timedelta(days=1)
    world.cycle.save()
    reminders("--days", "14")
    assert delivered() == []


def test_reminders_refuse_negative_days(world):
    with pytest.raises(CommandError):
        reminders("--days", "-1")


def test_a_failed_reminder_is_tried_again(world, due_in_14_days, monkeypatch):
    def fail(*args, **kwargs):
        raise smtplib.SMTPException("down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", fail)
    with pytest.raises(smtplib.SMTPException):
        reminders("--days", "14")
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    reminders("--days", "14")
    assert len(delivered()) == 3
