"""Django's PostgreSQL backend, whose health check asks the server only when the connection
may have been lost.

With `CONN_HEALTH_CHECKS`, Django checks a kept connection before the first query of each
request with `SELECT 1`: one more round trip to the server for every request, as many as the
query the request came for. A connection the server ended (a restart, `pg_terminate_backend`,
a crashed server process) has something to read on its socket while no query runs: the
server's notice, or the end of the stream; a sound idle connection has nothing. So the socket
is looked at first, without waiting: the driver's connection open and nothing to read, the
connection is sound; anything else, Django's own check runs (`SELECT 1`; on failure the
connection is closed and the next query opens a new one)."""

import select

from django.db.backends.postgresql import base


def quiet(connection) -> bool:
    """Whether the driver's connection is open with nothing to read on its socket."""
    try:
        if connection.closed:
            return False
        readable, _writable, _failed = select.select([connection.fileno()], [], [], 0)
    except (OSError, ValueError, base.Database.Error):
        return False
    return not readable


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and quiet(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
