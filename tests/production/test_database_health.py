"""A kept PostgreSQL connection is checked before each request's first query without a round
trip while its socket is quiet, and with Django's `SELECT 1` once the server ended it: the
request then runs on a new connection (core/postgresql/base.py)."""

import time
from unittest import mock

import pytest
from django.db import connection, connections

from core.postgresql.base import quiet

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
]


@pytest.fixture
def kept():
    """A connection of its own, kept between requests as CONN_MAX_AGE keeps them."""
    other = connections.create_connection("default")
    assert other.health_check_enabled is False and other.settings_dict["CONN_HEALTH_CHECKS"]
    other.ensure_connection()
    yield other
    other.close()


def next_request(wrapper):
    """What Django does for a connection between two requests, then the request's query."""
    wrapper.close_if_unusable_or_obsolete()
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_a_sound_connection_is_not_asked_select_1(kept):
    first = next_request(kept)
    with mock.patch.object(kept, "is_usable", wraps=kept.is_usable) as asked:
        assert next_request(kept) == first
        assert next_request(kept) == first
    asked.assert_not_called()


def test_a_connection_the_server_ended_is_replaced_before_the_query(kept):
    ended = next_request(kept)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [ended])
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and kept.connection.closed == 0:
        if not quiet(kept.connection):
            break
        time.sleep(0.01)
    with mock.patch.object(kept, "is_usable", wraps=kept.is_usable) as asked:
        assert next_request(kept) != ended  # no error: a new connection answered
    asked.assert_called_once()
