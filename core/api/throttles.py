"""Rate limits for anonymous clients (per IP address) and signed-in clients (per user).

A refused request is a 429 with `Retry-After`. The rates come from
`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]` (environment: API_THROTTLE_ANON, API_THROTTLE_USER),
read on each request so that a settings change takes effect without re-importing.

Requests are counted in fixed windows (a minute for "N/minute"): one counter per client and
window in the shared cache, incremented atomically. DRF's own throttles keep the time of
every request of the window in one cache entry, read and written whole on each request, so
that a busy client's every request costs more the more it has sent; a counter costs the same
for the first request and the thousandth. A client may send up to twice the rate across the
boundary of two windows, the usual price of fixed windows.

`KeyedRateThrottle` counts the same way per key its caller gives (a client's address, an
e-mail address): the limits of forms outside the API, such as the password reset.

A request is counted once: a count already made for it (by the read shortcut, in the same
round trip to Redis as its other reads, core/api/fastpath.py) is recorded in
`request.META[COUNTED]` and used again by the view's throttles."""

import time

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from rest_framework import throttling
from rest_framework.settings import api_settings

from ..addresses import client_address
from ..cache import UNREACHABLE

#: request.META key: {counter key: count} of the counts already made for this request.
COUNTED = "cami.throttle_counts"


def add_count(pipe, backend, key, ttl) -> None:
    """Queue "count one more request in `key`" on a Redis pipeline (two replies, the second
    is the count)."""
    key = backend.make_and_validate_key(key)
    pipe.set(key, 0, ex=ttl, nx=True)
    pipe.incr(key)


class _CountingThrottle:
    timer = time.time

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        """The client's address: X-Forwarded-For is believed only behind the configured number
        of proxies (DRF's own rule trusts the header whenever NUM_PROXIES is not set)."""
        return client_address(request.META, api_settings.NUM_PROXIES or 0)

    def counter_key(self, request, view=None):
        """This request's counter (the client's, in the current window), or None when the
        throttle does not apply to it."""
        if self.rate is None:
            return None
        ident = self.get_cache_key(request, view)
        if ident is None:
            return None
        self.now = self.timer()
        start = int(self.now // self.duration) * self.duration
        self.window_end = start + self.duration
        return f"{ident}:{start}"

    @property
    def ttl(self):
        return self.duration + 1

    def allow_request(self, request, view):
        key = self.counter_key(request, view)
        if key is None:
            return True
        counted = request.META.get(COUNTED) or {}
        count = counted[key] if key in counted else self.count(key)
        return count <= self.num_requests

    def count(self, key) -> int:
        """Add this request to the window's counter; the count so far."""
        ttl = self.ttl
        backend = caches[DEFAULT_CACHE_ALIAS]  # self.cache is a proxy to it
        if isinstance(backend, DjangoRedisCache):  # one round trip
            if hasattr(backend, "available") and not backend.available():
                return 0  # Redis is away: nothing is counted (core/cache.py)
            try:
                pipe = backend._cache.get_client(write=True).pipeline(transaction=False)
                add_count(pipe, backend, key, ttl)
                return pipe.execute()[1]
            except UNREACHABLE as exc:
                backend.failed(exc)
                return 0
        try:
            return self.cache.incr(key)
        except ValueError:  # the window's first request
            if self.cache.add(key, 1, ttl):
                return 1
            return self.cache.incr(key)  # another worker counted it first

    def wait(self):
        return max(self.window_end - self.now, 1)


class AnonRateThrottle(_CountingThrottle, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_CountingThrottle, throttling.UserRateThrottle):
    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None  # anonymous clients are counted by AnonRateThrottle
        return super().get_cache_key(request, view)


class KeyedRateThrottle(_CountingThrottle, throttling.SimpleRateThrottle):
    """A limit per `key` (hash anything personal first), at the rate named `scope` in
    `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`; no rate there, no limit."""

    def __init__(self, scope: str, key: str):
        self.scope, self.key = scope, key
        super().__init__()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.key}
