"""Rate limits for anonymous clients (per address) and signed-in clients (per user): DRF's own
throttles (a sliding window: the time of each request of the window, kept in the shared
cache), with the rates read on each request so that a settings change takes effect at once.

- The anonymous client is its address by the portal's one rule (core/addresses.py): the
  `X-Forwarded-For` header is believed only behind `API_NUM_PROXIES` proxies.
- Every API answer says where the client stands (`RateLimit-Limit`, `RateLimit-Remaining`,
  `RateLimit-Reset`, the fields of the IETF draft "RateLimit header fields for HTTP"): the
  tightest of the limits that counted the request. A refused request is a 429 with
  `Retry-After`.
- While the cache cannot be reached nothing is counted (core/cache.py): the API answers.

`KeyedRateThrottle` counts the same way per key its caller gives (a client's address, an
e-mail address): the limits of forms outside the API, such as the password reset.

Where they are counted: on Redis (core/cache.py's `RedisCache`) each window is counted by
Redis itself, every throttle of a request and its data version in one round trip
(`RedisCache.count_requests`, whose docstring has the rules: DRF's window, the same answers);
on any other cache (local memory, the database) by DRF's code, the history read with the data
version and written back."""

import math
from array import array

from django.core.cache import cache, caches
from rest_framework import throttling
from rest_framework.settings import api_settings

from .. import readcache
from ..addresses import client_address
from ..cache import RedisCache

#: The prefix of a window's key on Redis (a sorted set, not DRF's history under its own key).
WINDOW = "window:"


def _redis(backend) -> RedisCache | None:
    """The cache `backend` (the default one's proxy resolved) if it counts windows itself."""
    if backend is cache:
        backend = caches["default"]
    return backend if isinstance(backend, RedisCache) else None


class _Window:
    """A throttle's window as Redis reports it, read as DRF's `wait()` reads a history: the
    number of requests in it (`len`) and the oldest one's time (`[-1]`)."""

    __slots__ = ("count", "oldest")

    def __init__(self, count, oldest):
        self.count, self.oldest = count, oldest

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        if index != -1 or not self.count:
            raise IndexError(index)
        return self.oldest


def _count_on_redis(backend, throttles, request, view, read=None):
    """Count the request in each throttle on Redis, and read the key `read`, in one round
    trip: (the value read, the throttles that refuse the request). While Redis cannot be
    reached nothing is counted and every throttle lets the request through, as DRF's does
    with an empty cache."""
    counting = []
    for throttle in throttles:
        throttle.key = throttle.cache_key(request, view)
        if throttle.key is not None:
            counting.append(throttle)
    if not counting and read is None:
        return None, []
    now = (counting[0] if counting else throttling.SimpleRateThrottle).timer()
    windows = [(WINDOW + t.key, t.num_requests, t.duration) for t in counting]
    answer = backend.count_requests(windows, now, read)
    value, counts = (None, [(0, None)] * len(counting)) if answer is None else answer
    refused = []
    for throttle, (before, oldest) in zip(counting, counts, strict=True):
        allowed = before < throttle.num_requests
        throttle.now = now
        throttle.history = _Window(before + allowed, oldest if before else now)
        if not allowed:
            refused.append(throttle)
    return value, refused


class _PortalThrottle:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        """The client's address: X-Forwarded-For is believed only behind the configured number
        of proxies (DRF's own rule trusts the header whenever NUM_PROXIES is not set)."""
        return client_address(request.META, api_settings.NUM_PROXIES or 0)

    def counted(self) -> bool:
        """Whether this throttle counted the last request it saw."""
        return self.rate is not None and getattr(self, "key", None) is not None

    def state(self):
        """(limit, remaining, seconds until a request leaves the window) after the last
        request this throttle counted."""
        remaining = max(self.num_requests - len(self.history), 0)
        oldest = self.history[-1] if self.history else self.now
        reset = max(math.ceil(oldest + self.duration - self.now), 0)
        return self.num_requests, remaining, reset

    def throttle_success(self):
        # The history as an array of floats, not a list: pickled as one block of bytes, which
        # a window of a thousand requests makes several times cheaper to read and write.
        if not isinstance(self.history, array):
            self.history = array("d", self.history)
        return super().throttle_success()

    def cache_key(self, request, view):
        """The key of the history this throttle counts the request in (None: not counted)."""
        return None if self.rate is None else self.get_cache_key(request, view)

    def allow_request(self, request, view, histories=None):
        """DRF's sliding window; `histories`: {cache key: history} read ahead (`judge`). On
        Redis, counted there (`_count_on_redis`)."""
        self.key = None
        backend = _redis(self.cache) if histories is None else None
        if backend is not None:
            return not _count_on_redis(backend, [self], request, view)[1]
        if histories is not None:
            self.cache = _ReadAhead(histories, self.cache)
        return super().allow_request(request, view)


class _ReadAhead:
    """The cache as a throttle sees it once its history was read with other keys: `get`
    answers from what was read, the rest goes to the cache."""

    def __init__(self, found, cache):
        self.found, self.cache = found, cache

    def get(self, key, default=None):
        value = self.found.get(key)
        return default if value is None else value[:]  # a copy, as a cache read gives

    def set(self, key, value, timeout=None):
        self.cache.set(key, value, timeout)


class AnonRateThrottle(_PortalThrottle, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_PortalThrottle, throttling.UserRateThrottle):
    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None  # anonymous clients are counted by AnonRateThrottle
        return super().get_cache_key(request, view)


class KeyedRateThrottle(_PortalThrottle, throttling.SimpleRateThrottle):
    """A limit per `key` (hash anything personal first), at the rate named `scope` in
    `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`; no rate there, no limit."""

    def __init__(self, scope: str, key: str):
        self.scope, self.ident = scope, key
        super().__init__()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}


def judge(throttles, request, view, *, data_version=False, public=True):
    """Count the request in each throttle: (the data version if asked for, public or whole,
    the waits of the throttles that refuse it). The histories are read together, with the
    data version (core/readcache.py) when asked for: one round trip to the cache, and one to
    write the history back; on Redis, one round trip in all."""
    backend = _redis(cache)
    if backend is not None:
        key = readcache.version_key(public) if data_version else None
        value, refused = _count_on_redis(backend, throttles, request, view, key)
        version = readcache.read_version(key, value) if data_version else None
        return version, [throttle.wait() for throttle in refused]
    keys = [key for key in (t.cache_key(request, view) for t in throttles) if key is not None]
    version, histories = None, None
    if data_version:
        version, histories = readcache.data_version_and(keys, public=public)
    elif len(keys) > 1:
        histories = cache.get_many(keys)
    refused = [t.wait() for t in throttles if not t.allow_request(request, view, histories)]
    return version, refused


def rate_limit_headers(throttles) -> dict[str, str]:
    """The RateLimit-* headers of an answer, from the throttles that counted its request (the
    one with the fewest requests left)."""
    states = [throttle.state() for throttle in throttles if throttle.counted()]
    if not states:
        return {}
    limit, remaining, reset = min(states, key=lambda state: (state[1], -state[2]))
    return {
        "RateLimit-Limit": str(limit),
        "RateLimit-Remaining": str(remaining),
        "RateLimit-Reset": str(reset),
    }
