"""The e-mail the portal sent, as its recipients get it: what the outbox's worker delivers
(core/outbox.py). Tests send through the outbox like production; the worker's transport is
Django's in-memory one (tests/conftest.py), so `delivered()` is `mail.outbox` after a pass."""

from django.core import mail

from core import outbox


def delivered():
    """Runs the outbox's worker once and returns every e-mail delivered so far."""
    outbox.send_queue()
    return mail.outbox


def queued():
    """The e-mail waiting in the outbox (not yet delivered, deferred included)."""
    from mailer.models import Message

    return [message.email for message in Message.objects.order_by("pk")]
