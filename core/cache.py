"""The Redis cache backend (django-redis's), that lets the portal carry on from the database
while Redis cannot be reached.

django-redis rather than Django's built-in backend: Django's makes a new redis-py client (with
its table of some 170 reply callbacks) for every cache call, two per API request, where
django-redis keeps one client per server; a request answered 304 spends a tenth less time
(docs/performance.md).

The cache is an accelerator, never the record (sessions are kept in the database too, sign-in
lockouts live there, answers are built from it). While Redis refuses or does not answer, a
read is a miss, a write is skipped, a counter counts nothing, and the pages and the API
answer from the database. After a failure Redis is left alone for `RETRY_SECONDS` (a stopped
server costs one refused connection per process and interval, not one per cache call). A
write that could not be made leaves a stale entry behind in Redis (a session that was signed
out, a data version that was to change): its key is remembered and deleted first thing when
Redis answers again, so nothing outdated comes back with it.

Only the backend's public operations are used (each one calls the library's own and catches
what says "Redis cannot be reached"; with IGNORE_EXCEPTIONS off, its default, the library
raises redis-py's own errors)."""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django_redis.cache import RedisCache as LibraryRedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("core.cache")

#: What says "Redis cannot be reached" (a refused connection, a server that does not answer).
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
#: How long Redis is left alone after a failure (seconds).
RETRY_SECONDS = 5
#: The most keys remembered for deletion; past it, the whole cache is emptied once Redis is
#: back (it only holds copies: sessions are in the database too).
MAX_STALE = 50_000


class RedisCache(LibraryRedisCache):
    """django-redis's cache; see the module's docstring for what it does while Redis is away."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._stale = set()  # {(key, version)} to delete once Redis answers again

    # --- the outage -----------------------------------------------------------------------

    def _failed(self, exc, keys=(), version=None) -> None:
        with self._lock:
            first = not self._down_until
            self._down_until = time.monotonic() + RETRY_SECONDS
            self._stale.update((key, version) for key in keys)
        if first:
            logger.warning("Redis cannot be reached (%s): answering from the database", exc)

    def _available(self) -> bool:
        """Whether to try Redis now; once an outage is over, the stale keys go first."""
        if not self._down_until:
            return True
        if self._down_until > time.monotonic():
            return False
        with self._lock:
            stale, self._stale = self._stale, set()
        try:
            if len(stale) > MAX_STALE:
                super().clear()
            elif stale:
                by_version = {}
                for key, version in stale:
                    by_version.setdefault(version, []).append(key)
                for version, keys in by_version.items():
                    super().delete_many(keys, version=version)
            else:
                super().has_key("cami:ping")
        except UNREACHABLE as exc:
            self._failed(exc)
            with self._lock:
                self._stale |= stale
            return False
        self._down_until = 0.0
        logger.warning("Redis answers again")
        return True

    def _read(self, default, method, *args):
        if not self._available():
            return default
        try:
            return getattr(super(), method)(*args)
        except UNREACHABLE as exc:
            self._failed(exc)
            return default

    def _write(self, keys, version, default, method, *args):
        """A write; when it cannot be made, `keys` may hold an outdated value: they are
        deleted once Redis answers again."""
        if not self._available():
            with self._lock:
                self._stale.update((key, version) for key in keys)
            return default
        try:
            return getattr(super(), method)(*args)
        except UNREACHABLE as exc:
            self._failed(exc, keys, version)
            return default

    # --- the cache's operations -----------------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._read(default, "get", key, default, version)

    def get_many(self, keys, version=None):
        return self._read({}, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._read(False, "has_key", key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write([key], version, False, "add", key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._write([key], version, None, "set", key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write(list(data), version, list(data), "set_many", data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write([], version, False, "touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._write([key], version, False, "delete", key, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self._write(keys, version, None, "delete_many", keys, version)

    def incr(self, key, delta=1, version=None):
        return self._read(0, "incr", key, delta, version)  # nothing counted while away

    def clear(self):
        return self._write([], None, False, "clear")
