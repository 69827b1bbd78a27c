"""Token authentication whose reads skip the database when the token was seen recently.

A partner script sends its token with every request; looking it up is a database query per
request, often the only one a cached read needs (core/readcache.py). Here a read (GET,
HEAD, OPTIONS) finds the token's user in the shared cache instead: the user's fields without
the password (loaded from the database on demand, like `defer("password")`), so a user object
built from the cache is never saved over its password. Writes always go to the database.

Revoking a token, deactivating its user or changing the user in any way removes the entry at
once (and again when the transaction commits); entries also expire after
`TOKEN_CACHE_SECONDS`."""

import functools
import hashlib
import logging
from functools import partial

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

logger = logging.getLogger("cami_portal.api")

TOKEN_CACHE_SECONDS = 300
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def token_entry_key(token_key: str) -> str:
    return "api-token:" + hashlib.sha256(token_key.encode()).hexdigest()


@functools.cache
def _user_fields():
    return tuple(f.attname for f in get_user_model()._meta.concrete_fields if f.name != "password")


def cached_token_user(values):
    """The user of a token cache entry (its password deferred), or None (also for an entry
    written by a version of the portal whose user had other fields)."""
    fields = _user_fields()
    if values is None or len(values) != len(fields):
        return None
    return get_user_model().from_db(DEFAULT_DB_ALIAS, fields, values)


def cached_token_user_id(values):
    """The id of the active user of a token cache entry, or None: what `cached_token_user`
    says, without building the user."""
    fields = _user_fields()
    if values is None or len(values) != len(fields):
        return None
    entry = dict(zip(fields, values, strict=True))
    return entry["id"] if entry["is_active"] else None


#: Schemes clients send by habit that the portal does not take: refused with a 401 naming
#: `Token`, rather than read as no credentials at all (an anonymous answer).
OTHER_SCHEMES = {b"bearer", b"jwt", b"api-key", b"apikey"}


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        self.safe = request.method in SAFE_METHODS
        scheme = authentication.get_authorization_header(request).split(maxsplit=1)[:1]
        if scheme and scheme[0].lower() in OTHER_SCHEMES:
            raise exceptions.AuthenticationFailed(
                _(
                    "The scheme of this Authorization header is not used here: send "
                    "“Authorization: Token <key>”."
                ),
                code="wrong_scheme",
            )
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        if not self.safe:
            return super().authenticate_credentials(key)
        try:
            values = cache.get(token_entry_key(key))
        except Exception:
            logger.exception("The cached tokens cannot be read")
            return super().authenticate_credentials(key)
        if values is None:
            user, token = super().authenticate_credentials(key)  # raises for a bad token
            try:
                fields = _user_fields()
                values = [getattr(user, name) for name in fields]
                cache.set(token_entry_key(key), values, TOKEN_CACHE_SECONDS)
            except Exception:
                logger.exception("A token could not be cached")
            return user, token
        user = cached_token_user(values)
        if user is None:  # written before the user model changed
            return super().authenticate_credentials(key)
        if not user.is_active:  # an entry is removed when the user changes; belt and braces
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token = Token(key=key, user=user)
        token._state.adding, token._state.db = False, DEFAULT_DB_ALIAS
        return user, token


def _forget(keys) -> None:
    try:
        cache.delete_many([token_entry_key(key) for key in keys])
    except Exception:
        logger.exception("Cached tokens could not be removed")


def forget_tokens(keys) -> None:
    keys = [key for key in keys if key]
    if not keys:
        return
    _forget(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(partial(_forget, keys), robust=True)


def _token_changed(sender, instance, **kwargs):
    forget_tokens([instance.key])


def _user_changed(sender, instance, **kwargs):
    if kwargs.get("update_fields") and set(kwargs["update_fields"]) <= {"last_login"}:
        return
    forget_tokens(list(Token.objects.filter(user_id=instance.pk).values_list("key", flat=True)))


def connect_signals() -> None:
    post_save.connect(_token_changed, sender=Token, dispatch_uid="cami_token_saved")
    post_delete.connect(_token_changed, sender=Token, dispatch_uid="cami_token_deleted")
    user = get_user_model()
    post_save.connect(_user_changed, sender=user, dispatch_uid="cami_token_user_saved")
    post_delete.connect(_user_changed, sender=user, dispatch_uid="cami_token_user_deleted")
