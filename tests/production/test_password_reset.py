"""The "forgotten password" form, probed as an attacker would: its answer must not tell
whether an address has an account (the same work either way, judged by what is done, not by
milliseconds), and it cannot be repeated without limit (per address and per client)."""

from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.mailbox import queued

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"


def ask(client, email, ip="10.0.0.1"):
    """Ask for a link for `email`; (answer, templates rendered, SELECTs run, links made)."""
    with (
        CaptureQueriesContext(connection) as queries,
        mock.patch.object(
            default_token_generator, "make_token", wraps=default_token_generator.make_token
        ) as make_token,
    ):
        response = client.post(RESET, {"email": email}, REMOTE_ADDR=ip)
    selects = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    return response, [t.name for t in response.templates], len(selects), make_token.call_count


def test_an_address_without_an_account_costs_the_same_work(portal):
    known = portal.users["kg"].email
    assert known
    answer, templates, selects, tokens = ask(Client(), known)
    assert len(queued()) == 1  # handed to the mail: the outbox queues it
    other, other_templates, other_selects, other_tokens = ask(Client(), "nobody@example.org")
    assert len(queued()) == 1  # nothing for an address without an account...
    # ...but the same work to get there, and the same answer.
    assert other_templates == templates
    assert "registration/password_reset_email.txt" in templates
    assert (other_selects, other_tokens) == (selects, tokens) == (selects, 1)
    assert (other.status_code, other["Location"]) == (answer.status_code, answer["Location"])


def test_requests_for_one_address_are_limited(portal):
    email = portal.users["kg"].email
    for n in range(3):  # three links an hour, from anywhere
        assert ask(Client(), email, ip=f"10.0.0.{n}")[0].status_code == 302
    refused = ask(Client(), email.upper(), ip="10.0.0.9")[0]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3601
    assert "Too many requests for a new password" in refused.text
    assert len(queued()) == 3
    # An address without an account is limited alike: the answer tells nothing.
    for _ in range(3):
        assert ask(Client(), "nobody@example.org")[0].status_code == 302
    assert ask(Client(), "nobody@example.org")[0].status_code == 429


def test_requests_from_one_client_are_limited(portal, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "password_reset_client": "4/hour",
        },
    }
    client = Client()
    answers = [ask(client, f"someone-{n}@example.org")[0].status_code for n in range(5)]
    assert answers == [302, 302, 302, 302, 429]
    # Another client is not held back by this one.
    assert ask(Client(), "someone-else@example.org", ip="10.0.0.2")[0].status_code == 302
