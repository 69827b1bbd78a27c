"""Repeated API reads answered before the view: `304 Not Modified`, or the stored answer.

A partner script that polls mostly hears "nothing changed", or reads what it read before.
After an answer is built (and cached, cami_portal/readcache.py), the view also stores a small
*fast entry* under a key made of everything in the raw request the answer can depend on: the
path and query string, `Host`, the scheme, `Accept`, `Accept-Language`, the language cookie,
and the client (its API token, or "anonymous"). The entry holds the ETag, the versions the
answer was built with and where the whole answer is cached.

`ReadShortcutMiddleware`, last in the middleware (so every header the others add is there),
answers a later GET whose raw request gives the same key when, and only when:

- the client is anonymous (no session cookie, no Authorization header) or sends a token that
  is in the token cache (cami_portal/api/authentication.py: removed as soon as the token is
  revoked or its user changes) for an active user;
- the versions are still current (nothing the answer shows has changed since);
- the client's rate limit allows the request (it is counted as any other request);
- then: a 304 if `If-None-Match` holds the ETag, else the cached answer itself, the very one
  the view built for this client and request.

Anything else (a session, another kind of credentials, a miss, a stale version, a refused
rate limit, another precondition) goes on to the view as usual, which decides."""

import hashlib
import logging
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from rest_framework.settings import api_settings

from .. import readcache
from .authentication import cached_token_user, token_entry_key

logger = logging.getLogger("cami_portal.api")

PREFIX = "/api/"
VARY = "Accept, Accept-Language, Authorization, Cookie"


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


def store(request, *, authenticated_by_token, user_id, etag, last_modified, versions, full):
    """Called by the view after building (or reusing) an answer to a read."""
    client = _token_of(request)
    if client is None or (client[0] == "token") != authenticated_by_token:
        return
    keys = readcache.version_keys(user_id)
    entry = {
        "etag": etag,
        "last_modified": last_modified,
        "keys": keys,
        "versions": versions,
        "full": full,  # the read cache's key of the whole answer
    }
    try:
        cache.set(fast_key(request, client), entry, readcache.timeout())
    except Exception:
        logger.exception("A conditional read could not be cached")


def _throttles_allow(request, user) -> bool:
    shim = SimpleNamespace(user=user, META=request.META, headers=request.headers)
    for throttle_class in api_settings.DEFAULT_THROTTLE_CLASSES:
        if not throttle_class().allow_request(shim, None):
            return False
    return True


def answer(request):
    """The answer to `request` from the cache (a 304, or the stored 200), or None to let the
    view answer."""
    if (
        request.method not in ("GET", "HEAD")
        or not request.path.startswith(PREFIX)
        or not readcache.enabled()
    ):
        return None
    client = _token_of(request)
    if client is None:
        return None
    key = fast_key(request, client)
    wanted = [key, readcache.PUBLIC]
    if client[0] == "token":
        wanted.append(token_entry_key(client[1]))
    found = cache.get_many(wanted)
    entry = found.get(key)
    if entry is None:
        return None
    user = AnonymousUser()
    if client[0] == "token":
        user = cached_token_user(found.get(token_entry_key(client[1])))
        if user is None or not user.is_active:
            return None
    current = {k: found[k] for k in entry["keys"] if k in found}
    missing = [k for k in entry["keys"] if k not in current]
    not_modified = None
    if "HTTP_IF_NONE_MATCH" in request.META:
        not_modified = get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"]
        )
        if not_modified is not None and not_modified.status_code != 304:
            return None  # a failed precondition: the view says so
    full = None
    if not_modified is None or missing:
        more = cache.get_many(missing + ([] if not_modified is not None else [entry["full"]]))
        current.update({k: more[k] for k in missing if k in more})
        full = more.get(entry["full"])
    if [str(current.get(k)) for k in entry["keys"]] != entry["versions"]:
        return None
    if not_modified is None and (
        full is None
        or full.get("versions") != entry["versions"]
        or full["headers"].get("ETag") != entry["etag"]
    ):
        return None
    if not _throttles_allow(request, user):
        return None  # the view answers 429
    if not_modified is not None:
        response = not_modified
        response.headers["ETag"] = entry["etag"]
    else:
        response = HttpResponse(full["body"])
        for name, value in full["headers"].items():
            response.headers[name] = value
    response.headers["Vary"] = VARY
    return response


class ReadShortcutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = answer(request)
        except Exception:
            logger.exception("The conditional read shortcut failed; the view answers")
            response = None
        return response if response is not None else self.get_response(request)
