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
raises redis-py's own errors).

`count_requests` is the one operation of the portal's own: the rate limits' sliding windows
(core/api/ratelimits.py) counted, and one key read with them (the data version), in a single
command (a Lua script, which Redis runs whole, without another client's command in between).
Its rules:

- a window is a sorted set of the times of the requests it counted (the score; the member is
  the time with a random suffix, so that two requests at the same time are two members);
- the times at or before `now - seconds` leave it (DRF's rule: a request counts for `seconds`
  after it was made), then the request is added when fewer than `limit` remain: a refused
  request is not counted; the set expires `seconds` after the last request it counted;
- the answer gives, per window, the requests it held before this one and the oldest one's
  time (exactly as stored: Redis writes scores with 17 digits), and the value read (decoded
  as every value of the cache);
- while Redis cannot be reached nothing is counted, nothing is read (None), as for `incr`;
- it is sent on a connection each thread keeps for it (`_counting_connection`), retried as
  redis-py retries a command."""

import hashlib
import logging
import os
import random
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django_redis.cache import RedisCache as LibraryRedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("core.cache")

#: What says "Redis cannot be reached" (a refused connection, a server that does not answer).
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
#: How long Redis is left alone after a failure (seconds).
RETRY_SECONDS = 5
#: The most keys remembered for deletion; past it, the whole cache is emptied once Redis is
#: back (it only holds copies: sessions are in the database too).
MAX_STALE = 50_000

#: `count_requests`'s script. KEYS: the key read, then one sorted set per window. ARGV: read it
#: ("1") or not, the time, the member's suffix, then per window its limit, the time at or
#: before which requests leave it, and its expiry in milliseconds. Answers the value read
#: (nil when missing or not read), then per window its count before this request and its
#: oldest score (nil when empty).
COUNT_REQUESTS = """
local answer = {false}
if ARGV[1] == '1' then answer[1] = redis.call('GET', KEYS[1]) end
local member = ARGV[2] .. ':' .. ARGV[3]
for i = 2, #KEYS do
  local key, at = KEYS[i], 4 + (i - 2) * 3
  redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[at + 1])
  local count = redis.call('ZCARD', key)
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2] or false
  if count < tonumber(ARGV[at]) then
    redis.call('ZADD', key, ARGV[2], member)
    redis.call('PEXPIRE', key, ARGV[at + 2])
  end
  answer[#answer + 1] = count
  answer[#answer + 1] = oldest
end
return answer
"""
COUNT_REQUESTS_SHA = hashlib.sha1(COUNT_REQUESTS.encode(), usedforsecurity=False).hexdigest()


class RedisCache(LibraryRedisCache):
    """django-redis's cache; see the module's docstring for what it does while Redis is away."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._stale = set()  # {(key, version)} to delete once Redis answers again
        self._counting = threading.local()  # `_counting_connection`

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

    # --- the rate limits' windows (see the module's docstring) ------------------------------

    def count_requests(self, windows, now: float, read: str | None = None):
        """Count a request made at `now` in each window [(key, limit, seconds)] and read the key
        `read`, in one round trip: (the value read or None, [(the window's requests before
        this one, the oldest one's time or None)]), or None while Redis cannot be reached."""
        if not self._available():
            return None
        keys = [self.make_key(read or "")] + [self.make_key(key) for key, _l, _s in windows]
        args = ["1" if read else "0", repr(now), f"{random.getrandbits(64):016x}"]
        for _key, limit, seconds in windows:
            args += [limit, repr(now - seconds), int(seconds * 1000)]
        try:
            connection = self._counting_connection()
            # Retried as redis-py retries a command (the connection's own policy).
            answer = connection.retry.call_with_retry(
                lambda: self._run_count_script(connection, keys, args),
                lambda _error: connection.disconnect(),
            )
        except UNREACHABLE as exc:
            self._failed(exc)
            return None
        value = None if answer[0] is None else self.client.decode(answer[0])
        counts = answer[1::2]
        oldest = [None if time_ is None else float(time_) for time_ in answer[2::2]]
        return value, list(zip(counts, oldest, strict=True))

    def _counting_connection(self):
        """This thread's connection for `count_requests`, to the server the cache writes to:
        made by that server's connection pool, and kept by the thread (made again in a forked
        process) rather than taken from the pool and given back at each request, which cost
        redis-py more than sending the command and reading its answer."""
        held = getattr(self._counting, "held", None)
        if held is None or held[0] != os.getpid():
            pool = self.client.get_client(write=True).connection_pool
            held = self._counting.held = (os.getpid(), pool.make_connection())
        return held[1]

    @staticmethod
    def _run_count_script(connection, keys, args):
        """COUNT_REQUESTS run by its digest, and loaded first where Redis does not know it (a
        restarted server), as redis-py's `Script` does."""
        command = ("EVALSHA", COUNT_REQUESTS_SHA, len(keys), *keys, *args)
        connection.send_command(*command)
        try:
            return connection.read_response()
        except NoScriptError:
            connection.send_command("SCRIPT LOAD", COUNT_REQUESTS)
            connection.read_response()
            connection.send_command(*command)
            return connection.read_response()
