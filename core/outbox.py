"""The outbox: every e-mail the portal sends waits in the database until a worker sends it.

`EMAIL_BACKEND` is django-mailer's database backend, so that sending an e-mail anywhere (the
reporting workflow's notifications, invitations, reminders, Django's password resets) only
adds a row to its queue, in the transaction of the change it reports: the mail is kept
exactly when the change is, and no request ever waits for a mail server.

`manage.py send_queued_mail` (a `Worker`) sends the queue through `MAILER_EMAIL_BACKEND`
(SMTP, or the console in development). A message that cannot be sent, whatever the error (a
refused connection, a server that never answers within `EMAIL_TIMEOUT`, a refused
recipient), is *deferred*: kept, logged with the reason, shown in the admin (*Outbox*, *Mail
log*), and put back in the queue every `MAIL_RETRY_MINUTES` until it goes. Nothing is ever
dropped; the admin's "Send again now" puts a deferred message back in the queue at once."""

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections
from mailer import engine
from mailer.models import RESULT_FAILURE, Message, MessageLog

logger = logging.getLogger("core.outbox")


def defer_on_error(connection, message, exc):
    """django-mailer's error handler (`MAILER_ERROR_HANDLER`): any failure defers the message
    (its own handler gives up the whole run on an error it does not know, such as a server
    that closes the connection, and would then stop at the same message on every run).

    The failure is logged with the message (the admin shows to whom and what), and the
    Message-ID the attempt gave it is kept, so that every attempt of one message has the same
    one. Returns (connection, outcome) as django-mailer expects: no connection, so that the
    next message opens a new one."""
    email = message.email
    if email is not None:
        engine.ensure_message_id(email)
        message.email = email
    message.defer()
    MessageLog.objects.create(
        message_data=message.message_data,
        message_id=email.extra_headers.get("Message-ID") if email is not None else None,
        when_added=message.when_added,
        priority=message.priority,
        result=RESULT_FAILURE,
        log_message=f"{type(exc).__name__}: {exc}",
    )
    logger.warning("E-mail %s deferred: %s: %s", message.pk, type(exc).__name__, exc)
    return None, "deferred"


def retry_deferred() -> int:
    """Put the deferred messages back in the queue; how many."""
    return Message.objects.retry_deferred()


def send_queue() -> None:
    """One pass through the queue (deferred messages are not tried)."""
    engine.send_all()


def queue_counts() -> dict:
    return {
        "queued": Message.objects.non_deferred().count(),
        "deferred": Message.objects.deferred().count(),
    }


class Worker:
    """Sends the queue every `interval` seconds and retries deferred mail every
    `retry_minutes`, until `stop()`. A failing pass (the database away) is logged and
    tried again at the next interval: the worker outlives any outage."""

    def __init__(self, *, interval=10.0, retry_minutes=None):
        self.interval = interval
        minutes = settings.MAIL_RETRY_MINUTES if retry_minutes is None else retry_minutes
        self.retry_seconds = minutes * 60
        self._stop = threading.Event()
        self._last_retry = None

    def stop(self, *args) -> None:
        self._stop.set()

    def run_once(self) -> None:
        now = time.monotonic()
        try:
            if self._last_retry is None or now - self._last_retry >= self.retry_seconds:
                retried = retry_deferred()
                self._last_retry = now
                if retried:
                    logger.info("%d deferred e-mail(s) back in the queue", retried)
            send_queue()
        except Exception:  # noqa: BLE001 - the worker carries on
            logger.exception("The outbox could not be sent; trying again shortly")

    def run(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            close_old_connections()  # a connection lost in an outage is opened again
            self._stop.wait(self.interval)
