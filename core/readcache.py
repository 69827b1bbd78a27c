"""Cached public reads: rendered pages and API answers kept in the shared cache (Redis in
production), served again until the data behind them changes.

Correctness comes first, speed second:

- Every cached answer records the *versions* it was built with: the public version for what
  everyone sees, plus the user's own version for answers that depend on who asks (a focal
  point's drafts); it is served only while they are current. Saving anything the public sees
  (the programme, statuses, accepted reports, cycles, focal points...) gives the public
  version a new value; saving a report gives its author's version a new value. A hit costs
  one round trip to the cache: the versions and the entry are read together.
- Versions change through model signals (`connect_signals`), right away and again when the
  transaction commits, so a reader that built an answer from data not yet committed never
  keeps it. Bulk writes that send no signals (the programme loader, the benchmark's data
  generator, a restore) call `invalidate_public()` themselves.
- Only anonymous visitors get cached pages (a signed-in person's pages show their name and
  links); a page's CSRF token is never shared: it is stored as a placeholder and each visitor
  gets their own. API answers are cached for everyone but the secretariat's reviewers, per
  user where the answer depends on the user.
- Entries live at most `READ_CACHE_SECONDS` (an invalidation lost to a cache outage heals by
  itself); if the cache cannot be reached, answers are built as if nothing were cached.

`READ_CACHE=0` in the environment turns all of it off."""

import hashlib
import logging
import re
import threading
import uuid
from functools import partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

logger = logging.getLogger("core.readcache")

PUBLIC = "read-version:public"
CSRF_PLACEHOLDER = b"__cami_csrf_token__"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')


def enabled() -> bool:
    return getattr(settings, "READ_CACHE", True)


def timeout() -> int:
    return getattr(settings, "READ_CACHE_SECONDS", 300)


def user_version_key(user_id) -> str:
    return f"read-version:user:{user_id}"


# --- versions -------------------------------------------------------------------------------


_deferred = threading.local()  # {depth, keys} of the `deferred()` blocks being run


def _bump(keys) -> None:
    try:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)
    except Exception:  # the cache is down: entries expire within READ_CACHE_SECONDS
        logger.exception("Could not invalidate the cached reads %s", sorted(keys))


def invalidate(*keys) -> None:
    """New values for the given versions, now and again when the transaction commits."""
    keys = set(keys)
    if not keys:
        return
    if getattr(_deferred, "depth", 0):
        _deferred.keys |= keys
        return
    _bump(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(partial(_bump, keys), robust=True)


def invalidate_public() -> None:
    invalidate(PUBLIC)


class deferred:
    """`with deferred():` collects the invalidations of a bulk write and makes them once at
    the end (a restore saves thousands of records)."""

    def __enter__(self):
        if not getattr(_deferred, "depth", 0):
            _deferred.depth, _deferred.keys = 0, set()
        _deferred.depth += 1
        return self

    def __exit__(self, *exc):
        _deferred.depth -= 1
        if not _deferred.depth:
            keys, _deferred.keys = _deferred.keys, set()
            invalidate(*keys)
        return False


def version_keys(user_id=None) -> list[str]:
    return [PUBLIC] if user_id is None else [PUBLIC, user_version_key(user_id)]


def current_versions(user_id=None) -> list[str]:
    """The public version (and the user's), created when missing."""
    keys = version_keys(user_id)
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key)
    return [str(found[key]) for key in keys]


def make_key(kind: str, parts) -> str:
    digest = hashlib.md5("\x1f".join(map(str, parts)).encode(), usedforsecurity=False)
    return f"read:{kind}:{digest.hexdigest()}"


def lookup(key: str, user_id=None):
    """(versions, entry): the current versions and the entry stored under `key` if it was
    built with them, else None; one round trip to the cache when the versions exist."""
    keys = version_keys(user_id)
    found = cache.get_many([*keys, key])
    if any(k not in found for k in keys):
        return current_versions(user_id), None
    versions = [str(found[k]) for k in keys]
    entry = found.get(key)
    if entry is None or entry.get("versions") != versions:
        return versions, None
    return versions, entry


def store(key: str, versions, **data) -> None:
    """Keep `data` under `key`, valid while the versions stay those it was built with."""
    try:
        cache.set(key, {"versions": versions, **data}, timeout())
    except Exception:
        logger.exception("A read could not be cached")


# --- what a save invalidates ----------------------------------------------------------------


#: {app label: rule}: a rule takes a saved or deleted instance of the app and returns the
#: versions the change makes stale. Each app's rule is registered by the roof
#: (cami_portal/apps.py); an app without a rule changes nothing that is cached.
_rules = {}


def register(app_label: str, rule) -> None:
    _rules[app_label] = rule


def public(instance) -> set[str]:
    """The rule of an app whose every record shows on public pages or in the public API."""
    return {PUBLIC}


def keys_for(instance) -> set[str]:
    """The versions a change to `instance` makes stale."""
    meta = instance._meta
    app_label, model = meta.app_label, meta.model_name
    if app_label == "auth":
        # Focal points are named on public pages; rights decide what the API shows.
        return {PUBLIC} | ({user_version_key(instance.pk)} if model == "user" else set())
    rule = _rules.get(app_label)
    return set() if rule is None else set(rule(instance))


def _on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if (
        sender._meta.label_lower == "auth.user"
        and update_fields
        and set(update_fields) <= {"last_login"}
    ):
        return  # signing in changes nothing anyone else sees
    if raw:
        # Loading fixtures or a backup: every key holds the public version, so changing it
        # makes every cached answer stale, per-user ones included.
        invalidate(PUBLIC)
        return
    _changed(instance)


def _changed(instance) -> None:
    if getattr(_deferred, "depth", 0):
        invalidate(PUBLIC)  # as for raw saves
        return
    try:
        keys = keys_for(instance)
    except Exception:  # a related row already gone (a cascade), or not loaded yet
        keys = {PUBLIC}
    invalidate(*keys)


def _on_delete(sender, instance, **kwargs):
    _changed(instance)


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        _changed(instance)


def connect_signals() -> None:
    post_save.connect(_on_save, dispatch_uid="cami_readcache_save")
    post_delete.connect(_on_delete, dispatch_uid="cami_readcache_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="cami_readcache_m2m")


# --- pages ----------------------------------------------------------------------------------

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


def cache_public_page(view):
    """Keep the view's successful answers to anonymous visitors until the public data
    changes."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not page_is_cacheable(request):
            return view(request, *args, **kwargs)
        key = make_key("page", [request.get_host(), request.get_full_path(), get_language()])
        try:
            versions, entry = lookup(key)
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
        if response.status_code == 200 and not response.streaming and not response.cookies:
            body = _CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\3", response.content)
            headers = {name: response.headers[name] for name in PAGE_HEADERS if name in response}
            store(key, versions, headers=headers, body=body)
        return response

    return wrapped
