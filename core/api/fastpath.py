"""Repeated API reads answered before the view: `304 Not Modified`, or the stored answer.

A partner script that polls mostly hears "nothing changed", or reads what it read before.
After an answer is built (and cached, core/readcache.py), the view also stores a small
*fast entry* under a key made of everything in the raw request the answer can depend on: the
path and query string, `Host`, the scheme, `Accept`, `Accept-Language`, the language cookie,
and the client (its API token, or "anonymous"). The entry holds the ETag, the versions the
answer was built with and where the whole answer is cached.

`ReadShortcutMiddleware`, first in the middleware, answers a later GET whose raw request gives
the same key, before any other middleware runs, when, and only when:

- the request would not be redirected to HTTPS and its `Host` is allowed;
- the client is anonymous (no session cookie, no Authorization header) or sends a token that
  is in the token cache (core/api/authentication.py: removed as soon as the token is
  revoked or its user changes) for an active user;
- the versions are still current (nothing the answer shows has changed since);
- the client's rate limit allows the request (it is counted as any other request);
- then: a 304 if `If-None-Match` holds the ETag, else the cached answer itself, the very one
  the view built for this client and request.

Anything else (a session, another kind of credentials, a miss, a stale version, a refused
rate limit, another precondition) goes on to the view as usual, which decides.

Being first, the shortcut's answers pass through no other middleware on their way out: the
entry therefore keeps the headers of the answer as it left the whole stack (security headers,
Content-Security-Policy, Vary, Content-Language...), recorded by the same middleware on the
way out of the view's answer, and the shortcut sends them again as they were. An answer that
sets a cookie or carries a per-request CSP nonce is never kept."""

import hashlib
import logging
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_vary_headers
from rest_framework.settings import api_settings

from .. import readcache
from ..cache import UNREACHABLE
from .authentication import cached_token_user_id, token_entry_key
from .throttles import COUNTED, add_count

logger = logging.getLogger("cami_portal.api")

PREFIX = "/api/"
VARY = ("Accept", "Accept-Language", "Authorization", "Cookie")


def _token_of(request):
    """("token", key), ("anonymous", None), or None when the request is neither."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    header = request.META.get("HTTP_AUTHORIZATION")
    if not header:
        return "anonymous", None
    parts = header.split()
    if len(parts) == 2 and parts[0] == "Token" and parts[1]:
        return "token", parts[1]
    return None


def fast_key(request, client) -> str | None:
    kind, token = client
    who = "anonymous" if kind == "anonymous" else hashlib.sha256(token.encode()).hexdigest()
    meta = request.META
    parts = [
        who,
        request.scheme,
        meta.get("HTTP_HOST", ""),
        request.path,
        meta.get("QUERY_STRING", ""),
        meta.get("HTTP_ACCEPT", ""),
        meta.get("HTTP_ACCEPT_LANGUAGE", ""),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
    ]
    return readcache.make_key("fast304", parts)


#: Headers of the answer the entry does not keep: the server sets them for each answer.
NOT_KEPT = {"content-length", "date", "server", "set-cookie"}
#: Headers of a 200 that describe its body, left out of a 304 made from it (RFC 9110, 15.4.5).
BODY_HEADERS = {"content-type", "content-disposition", "content-encoding"}


def store(request, *, authenticated_by_token, user_id, etag, last_modified, versions, full):
    """Called by the view after building (or reusing) an answer to a read: the entry is kept
    by the middleware once the answer has left the whole stack (`keep`)."""
    client = _token_of(request)
    if client is None or (client[0] == "token") != authenticated_by_token:
        return
    request._cami_fast_entry = {
        "etag": etag,
        "last_modified": last_modified,
        "keys": readcache.version_keys(user_id),
        "versions": versions,
        "full": full,  # the read cache's key of the whole answer
    }


def keep(request, response) -> None:
    """Keep the entry the view left for this request, with the headers its answer has now
    that every middleware has seen it."""
    entry = request.__dict__.pop("_cami_fast_entry", None)
    if (
        entry is None
        or response.status_code not in (200, 304)
        or response.streaming
        or response.cookies
        or "nonce-" in response.headers.get("Content-Security-Policy", "")
        or response.headers.get("ETag") != entry["etag"]
    ):
        return
    # The answer varies with the client too (its token), whatever the view said.
    patch_vary_headers(response, VARY)
    entry["status"] = response.status_code
    entry["headers"] = {
        name: value for name, value in response.headers.items() if name.lower() not in NOT_KEPT
    }
    try:
        cache.set(fast_key(request, _token_of(request)), entry, readcache.timeout())
    except Exception:
        logger.exception("A conditional read could not be cached")


class _TokenUser:
    """Who a token belonged to when last seen, enough to name its rate-limit counter."""

    is_authenticated = True

    def __init__(self, pk):
        self.pk = self.id = pk


#: {hash of a token: its user's id}, in this process: a token's key never moves to another
#: user, so this only says which counter and which version to read with the token's entry
#: (which alone says whether the token is still live).
_token_users: dict[str, int] = {}
_TOKEN_USERS_MAX = 10_000


def _counters(request, user):
    """[(key, ttl)] of the rate-limit counters this request is counted in."""
    shim = SimpleNamespace(user=user, META=request.META, headers=request.headers)
    counters = []
    for throttle_class in api_settings.DEFAULT_THROTTLE_CLASSES:
        throttle = throttle_class()
        key = getattr(throttle, "counter_key", None) and throttle.counter_key(shim)
        if key is None and not hasattr(throttle, "counter_key"):
            return None  # a throttle that is not a counter: counted by `_throttles_allow`
        if key is not None:
            counters.append((key, throttle.ttl))
    return counters


def _fetch(request, keys, counters):
    """The cache entries under `keys`, and the rate-limit counters counted, in one round trip
    to Redis; other caches, or no counters known yet: the entries only."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if counters is None or not isinstance(backend, DjangoRedisCache):
        return cache.get_many(keys)
    if hasattr(backend, "available") and not backend.available():
        return {}  # Redis is away: the view answers from the database (core/cache.py)
    made = [backend.make_and_validate_key(key) for key in keys]
    pipe = backend._cache.get_client(write=True).pipeline(transaction=False)
    pipe.mget(made)
    for key, ttl in counters:
        add_count(pipe, backend, key, ttl)
    try:
        replies = pipe.execute()
    except UNREACHABLE as exc:
        backend.failed(exc)
        return {}
    # Counted now: the throttles (here, or the view's) use these counts.
    counts = zip(counters, replies[2::2], strict=True)
    request.META[COUNTED] = {key: count for (key, _), count in counts}
    loads = backend._cache._serializer.loads
    values = zip(keys, replies[0], strict=True)
    return {key: loads(value) for key, value in values if value is not None}


def _throttles_allow(request, user) -> bool:
    shim = SimpleNamespace(user=user, META=request.META, headers=request.headers)
    for throttle_class in api_settings.DEFAULT_THROTTLE_CLASSES:
        if not throttle_class().allow_request(shim, None):
            return False
    return True


def answer(request):
    """The answer to `request` from the cache (a 304, or the stored 200), or None to let the
    view answer.

    On Redis, one round trip when the client was seen before by this process: the entry, the
    versions, the token's entry and the rate-limit counters together."""
    client = _client(request)
    if client is None:
        return None
    key = fast_key(request, client)
    wanted = [key, readcache.PUBLIC]
    user = AnonymousUser()
    user_id = None
    if client[0] == "token":
        token_key = token_entry_key(client[1])
        wanted.append(token_key)
        user_id = _token_users.get(token_key)
        if user_id is None:
            counters = None  # counted once the token's user is known
        else:
            wanted.append(readcache.user_version_key(user_id))
            counters = _counters(request, _TokenUser(user_id))
    else:
        counters = _counters(request, user)
    found = _fetch(request, wanted, counters)
    entry = found.get(key)
    if entry is None or "headers" not in entry:
        return None
    if client[0] == "token":
        token_user_id = cached_token_user_id(found.get(token_key))
        if token_user_id is None:
            return None  # not cached, revoked or inactive: the view decides
        if user_id != token_user_id:
            if user_id is not None:
                return None  # counted for another user: the view counts this one
            if len(_token_users) >= _TOKEN_USERS_MAX:
                _token_users.clear()
            _token_users[token_key] = user_id = token_user_id
        user = _TokenUser(user_id)
    current = {k: found[k] for k in entry["keys"] if k in found}
    missing = [k for k in entry["keys"] if k not in current]
    not_modified = _not_modified(request, entry)
    if not_modified is None:
        return None  # a failed precondition: the view says so
    if not not_modified and entry["status"] != 200:
        return None  # kept from a 304: the view builds the 200 once, and keeps it
    full = None
    if not not_modified or missing:
        more = cache.get_many(missing + ([] if not_modified else [entry["full"]]))
        current.update({k: more[k] for k in missing if k in more})
        full = more.get(entry["full"])
    if [str(current.get(k)) for k in entry["keys"]] != entry["versions"]:
        return None
    if not not_modified and (
        full is None
        or full.get("versions") != entry["versions"]
        or full["headers"].get("ETag") != entry["etag"]
    ):
        return None
    if not _throttles_allow(request, user):
        return None  # the view answers 429
    return _replay(entry, full, not_modified)


def _client(request):
    """Who asks (see `_token_of`), for a read this shortcut may answer; else None."""
    if (
        request.method not in ("GET", "HEAD")
        or not request.path.startswith(PREFIX)
        or not readcache.enabled()
        or (settings.SECURE_SSL_REDIRECT and not request.is_secure())
    ):
        return None
    client = _token_of(request)
    if client is None:
        return None
    try:
        request.get_host()  # raises for a host that is not allowed
    except DisallowedHost:
        return None
    return client


def _replay(entry, full, not_modified):
    """The stored answer again: a 304 with the headers it may carry, or the whole 200."""
    if not_modified:
        response = HttpResponseNotModified()
        for name, value in entry["headers"].items():
            if entry["status"] == 304 or name.lower() not in BODY_HEADERS:
                response.headers[name] = value
        return response
    response = HttpResponse(full["body"])
    for name, value in entry["headers"].items():
        response.headers[name] = value
    response.headers["Content-Length"] = str(len(full["body"]))
    return response


def _not_modified(request, entry):
    """True for a 304, False for the whole answer, None for another answer (a failed
    precondition) that the view gives."""
    meta = request.META
    if "HTTP_IF_MATCH" in meta or "HTTP_IF_UNMODIFIED_SINCE" in meta:
        conditional = get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"]
        )
        if conditional is None:
            return False
        return True if conditional.status_code == 304 else None
    if_none_match = meta.get("HTTP_IF_NONE_MATCH")
    if if_none_match is None:
        if "HTTP_IF_MODIFIED_SINCE" not in meta:
            return False
    elif if_none_match == entry["etag"]:  # the common case: the client's one ETag
        return True
    conditional = get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["last_modified"]
    )
    return conditional is not None


class ReadShortcutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = answer(request)
        except Exception:
            logger.exception("The conditional read shortcut failed; the view answers")
            response = None
        if response is not None:
            return response
        response = self.get_response(request)
        keep(request, response)
        return response
