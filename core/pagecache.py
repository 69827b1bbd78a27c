"""The one cache of answers: public pages for anonymous visitors, kept while the data
versions they were built with stand (core/readcache.py).

Only anonymous visitors get them (a signed-in person's pages show their name and links); a
page's CSRF token is never shared (it is stored as a placeholder and each visitor gets their
own). A page is built with the public data version, or, kept by scope (`scope=`), with the
base version and its scope's (`readcache.public_scope`): a review that publishes one report
leaves the pages of other activities and range states as they are. Entries live at most
`READ_CACHE_SECONDS`; `READ_CACHE=0` turns the cache off."""

import logging
import re
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from .readcache import (
    BASE,
    PUBLIC,
    enabled,
    flush,
    make_key,
    read_version,
    scope_key,
    timeout,
)

logger = logging.getLogger("core.readcache")

CSRF_PLACEHOLDER = b"__cami_csrf_token__"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')

#: Response headers a cached page keeps (the middleware adds the others on every answer).
PAGE_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


def page_is_cacheable(request) -> bool:
    """Anonymous visitors without a session or pending messages, reading."""
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _lookup(key, scope=None):
    """(data version, the page stored under `key` if it was built with it), in one round trip
    to the cache while the versions exist. A page kept by `scope` is built with the base
    version and its scope's, any other with the public version."""
    flush()  # this thread's own writes first
    names = [PUBLIC] if scope is None else [BASE, scope_key(scope)]
    found = cache.get_many([*names, key])
    versions = [read_version(name, found.get(name)) for name in names]  # created when missing
    if None in versions:
        return None, None  # the cache cannot say
    version = ".".join(versions)
    entry = found.get(key)
    if entry is None or entry.get("version") != version:
        return version, None
    return version, entry


def cache_public_page(view, *, scope=None):
    """Keep the view's successful answers to anonymous visitors until the data changes: any
    public write, or with `scope` (a function of the address's arguments naming the page's
    scope, see `public_scope`) a public write outside a scope or within this page's."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not page_is_cacheable(request):
            return view(request, *args, **kwargs)
        key = make_key("page", [request.get_host(), request.get_full_path(), get_language()])
        try:
            version, entry = _lookup(key, None if scope is None else scope(**kwargs))
        except Exception:
            logger.exception("The cached pages cannot be read")
            return view(request, *args, **kwargs)
        if entry is not None:
            body = entry["body"]
            if CSRF_PLACEHOLDER in body:
                body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
            response = HttpResponse(body)
            for name, value in entry["headers"].items():
                response.headers[name] = value
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if (
            version is not None
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            body = _CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\3", response.content)
            headers = {name: response.headers[name] for name in PAGE_HEADERS if name in response}
            try:
                cache.set(key, {"version": version, "headers": headers, "body": body}, timeout())
            except Exception:
                logger.exception("A page could not be cached")
        return response

    return wrapped
