"""Django's built-in Redis cache backend, with one client object per connection pool, that
lets the portal carry on from the database while Redis cannot be reached.

One client per pool: the built-in client builds a new `redis.Redis` object for every cache
operation (its constructor fills a table of some 200 response callbacks each time), which
costs more than the round trip to Redis itself on a cached read. The client object is
thread-safe and holds no connection of its own (the pool does, and the pool reconnects after
a fork), so one per pool is enough.

Redis down: the cache is an accelerator, never the record (sessions are kept in the database
too, sign-in lockouts live there, reads are built from it). While Redis refuses or does not
answer, a read is a miss, a write is skipped, a counter counts nothing, and the pages and the
API answer from the database. After a failure Redis is left alone for `RETRY_SECONDS` (a
stopped server costs one refused connection per process and interval, not one per cache
call). A write that could not be made leaves a stale entry behind in Redis (a session that
was signed out, a version that was to be bumped): its key is remembered and deleted first
thing when Redis answers again, so nothing outdated comes back with it."""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
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


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class _Outage:
    """Whether Redis is being left alone, and the keys to delete once it answers again."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.stale = set()

    def failed(self, exc, keys=()):
        with self.lock:
            first = not self.down_until
            self.down_until = time.monotonic() + RETRY_SECONDS
            self.stale.update(keys)
        if first:
            logger.warning("Redis cannot be reached (%s): answering from the database", exc)

    def remember(self, keys):
        with self.lock:
            self.stale.update(keys)

    def waiting(self) -> bool:
        return self.down_until > time.monotonic()


class RedisCache(DjangoRedisCache):
    """Django's Redis cache; see the module's docstring for what it does while Redis is away.

    `available()` says whether to try Redis now: code that talks to Redis directly (pipelines
    of the rate limits and the read shortcut) asks it first and calls `failed(exc)` when
    Redis did not answer."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingClient
        self._outage = _Outage()

    # --- the outage -----------------------------------------------------------------------

    def available(self) -> bool:
        outage = self._outage
        if outage.waiting():
            return False
        if outage.down_until:  # the interval is over: is Redis back?
            try:
                if len(outage.stale) > MAX_STALE:
                    self._cache.clear()
                    outage.stale = set()
                elif outage.stale:
                    with outage.lock:
                        stale, outage.stale = outage.stale, set()
                    try:
                        self._cache.delete_many(list(stale))
                    except BaseException:
                        with outage.lock:
                            outage.stale |= stale
                        raise
                else:
                    self._cache.get_client().ping()
            except UNREACHABLE as exc:
                outage.failed(exc)
                return False
            outage.down_until = 0.0
            logger.warning("Redis answers again")
        return True

    def failed(self, exc, keys=()) -> None:
        self._outage.failed(exc, keys)

    def _made_keys(self, keys, version=None):
        return [self.make_and_validate_key(key, version=version) for key in keys]

    def _read(self, default, method, *args, **kwargs):
        if not self.available():
            return default
        try:
            return getattr(super(), method)(*args, **kwargs)
        except UNREACHABLE as exc:
            self.failed(exc)
            return default

    def _write(self, keys, version, default, method, *args):
        """A write; when it cannot be made, `keys` may hold an outdated value: they are
        deleted once Redis answers again."""
        if not self.available():
            self._outage.remember(self._made_keys(keys, version))
            return default
        try:
            return getattr(super(), method)(*args)
        except UNREACHABLE as exc:
            self.failed(exc, self._made_keys(keys, version))
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
        if not self.available():
            return 0  # nothing counted while Redis is away
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as exc:
            self.failed(exc)
            return 0

    def clear(self):
        return self._write([], None, False, "clear")
